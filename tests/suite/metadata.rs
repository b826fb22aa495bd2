//! Each page's head as built (minified, as it ships): description, canonical
//! address, the current version's address on older versions' pages, Open
//! Graph tags, and languages (`tests/fixtures/charts/`, with
//! a page and a section in Welsh and two versions).

use std::collections::BTreeMap;

use crate::support::{snapshot, SiteTest};

/// The attributes of one tag's text (`<meta content="a b" name=x>`).
fn attributes(tag: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut rest = tag
        .trim_start_matches(|c: char| c != ' ')
        .trim_end_matches('>');
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq].trim().to_string();
        let after = &rest[eq + 1..];
        let (value, next) = match after.strip_prefix('"') {
            Some(quoted) => {
                let end = quoted.find('"').unwrap();
                (&quoted[..end], &quoted[end + 1..])
            }
            None => {
                let end = after.find(' ').unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        out.insert(
            name,
            value
                .replace("&amp;", "&")
                .replace("&#x27;", "'")
                .replace("&#39;", "'"),
        );
        rest = next;
    }
    out
}

/// What one page's head says: `name`/`property` to content, `rel` to
/// href, `title` and `html lang`.
fn head(html: &str) -> BTreeMap<String, String> {
    let head = &html[..html.find("</head>").unwrap()];
    let mut out = BTreeMap::new();
    let at = head.find("<title>").unwrap() + "<title>".len();
    out.insert(
        "title".into(),
        head[at..at + head[at..].find('<').unwrap()].to_string(),
    );
    for piece in head.split('<').skip(1) {
        let tag = &piece[..piece.find('>').map_or(piece.len(), |e| e + 1)];
        let a = attributes(tag);
        if tag.starts_with("html ") {
            out.insert("html lang".into(), a["lang"].clone());
        } else if tag.starts_with("meta ") {
            if let Some(key) = a.get("property").or(a.get("name")) {
                out.insert(key.clone(), a.get("content").cloned().unwrap_or_default());
                if let Some(lang) = a.get("lang") {
                    out.insert(format!("{key} lang"), lang.clone());
                }
            }
        } else if tag.starts_with("link ")
            && a.get("rel")
                .is_some_and(|r| r != "stylesheet" && r != "icon")
        {
            out.insert(a["rel"].clone(), a["href"].clone());
        }
    }
    out
}

fn pages(site: &SiteTest) -> BTreeMap<String, BTreeMap<String, String>> {
    snapshot(&site.path().join("public"))
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "html"))
        .map(|(path, bytes)| {
            let html = String::from_utf8(bytes).unwrap();
            (path.display().to_string(), head(&html))
        })
        .collect()
}

fn built(fixture: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let site = SiteTest::fixture(fixture);
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    pages(&site)
}

const BASE: &str = "https://www.example.org/";
const PLAN_SUMMARY: &str =
    "How we will help adults in the borough gain the skills they need for work and life.";
const SITE: &str = "The council's plans for adult skills.";

#[test]
fn every_page_kind_has_its_description_canonical_address_and_open_graph_tags() {
    let pages = built("charts");
    // (page, description, canonical, latest-version)
    let expected: [(&str, &str, Option<&str>, Option<&str>); 17] = [
        ("index.html", SITE, Some(""), None),
        ("404.html", SITE, None, None),
        (
            "accessibility/index.html",
            SITE,
            Some("accessibility/"),
            None,
        ),
        ("about/index.html", SITE, Some("about/"), None),
        (
            "croeso/index.html",
            "Ein cynlluniau ar gyfer sgiliau oedolion.",
            Some("croeso/"),
            None,
        ),
        (
            "skills-plan/index.html",
            PLAN_SUMMARY,
            Some("skills-plan/"),
            None,
        ),
        (
            "skills-plan/introduction/index.html",
            "Why adult skills matter.",
            Some("skills-plan/introduction/"),
            None,
        ),
        (
            "skills-plan/cyflwyniad/index.html",
            PLAN_SUMMARY,
            Some("skills-plan/cyflwyniad/"),
            None,
        ),
        (
            "skills-plan/priorities/adult-skills/index.html",
            "More adults gain qualifications and digital skills.",
            Some("skills-plan/priorities/adult-skills/"),
            None,
        ),
        (
            "skills-plan/kpis/index.html",
            PLAN_SUMMARY,
            Some("skills-plan/kpis/"),
            None,
        ),
        (
            "skills-plan/versions/index.html",
            PLAN_SUMMARY,
            Some("skills-plan/versions/"),
            None,
        ),
        (
            "skills-plan/compare/2025-draft-to-2026-final/index.html",
            PLAN_SUMMARY,
            Some("skills-plan/compare/2025-draft-to-2026-final/"),
            None,
        ),
        // The current version's permanent copy: the plain address is canonical.
        (
            "skills-plan/versions/2026-final/index.html",
            PLAN_SUMMARY,
            Some("skills-plan/"),
            None,
        ),
        (
            "skills-plan/versions/2026-final/kpis/index.html",
            PLAN_SUMMARY,
            Some("skills-plan/kpis/"),
            None,
        ),
        // An older version: canonical itself, and the current version's page named.
        (
            "skills-plan/versions/2025-draft/index.html",
            SITE,
            Some("skills-plan/versions/2025-draft/"),
            Some("skills-plan/"),
        ),
        (
            "skills-plan/versions/2025-draft/introduction/index.html",
            SITE,
            Some("skills-plan/versions/2025-draft/introduction/"),
            Some("skills-plan/introduction/"),
        ),
        (
            "skills-plan/versions/2025-draft/priorities/adult-skills/index.html",
            "More adults gain qualifications and digital skills.",
            Some("skills-plan/versions/2025-draft/priorities/adult-skills/"),
            Some("skills-plan/priorities/adult-skills/"),
        ),
    ];
    for (page, description, canonical, latest) in expected {
        let head = pages.get(page).unwrap_or_else(|| panic!("{page} is built"));
        let get = |key: &str| head.get(key).map(String::as_str);
        assert_eq!(get("description"), Some(description), "{page}");
        assert_eq!(get("og:description"), Some(description), "{page}");
        let canonical = canonical.map(|c| format!("{BASE}{c}"));
        assert_eq!(get("canonical"), canonical.as_deref(), "{page}");
        assert_eq!(get("og:url"), canonical.as_deref(), "{page}");
        let latest = latest.map(|l| format!("{BASE}{l}"));
        assert_eq!(get("latest-version"), latest.as_deref(), "{page}");
    }
    for (page, head) in &pages {
        let get = |key: &str| head.get(key).map(String::as_str);
        assert_eq!(
            get("og:title"),
            get("title"),
            "{page}: og:title is the page's title"
        );
        assert_eq!(get("og:site_name"), Some("Skills plans"), "{page}");
        let home = page == "index.html";
        assert_eq!(
            get("og:type"),
            Some(if home { "website" } else { "article" }),
            "{page}"
        );
        assert_eq!(get("html lang"), Some("en-GB"), "{page}");
        let welsh = page.ends_with("croeso/index.html") || page.ends_with("cyflwyniad/index.html");
        assert_eq!(
            get("og:locale"),
            Some(if welsh { "cy" } else { "en_GB" }),
            "{page}"
        );
        // Only a page's own summary in Welsh is marked Welsh.
        let marked = page == "croeso/index.html";
        assert_eq!(get("description lang"), marked.then_some("cy"), "{page}");
        assert!(
            !head.keys().any(|k| k.starts_with("og:image")),
            "{page}: no image"
        );
    }
}

#[test]
fn a_site_without_any_description_has_none() {
    let pages = built("minimal");
    let accessibility = &pages["accessibility/index.html"];
    assert!(
        !accessibility.contains_key("description"),
        "{accessibility:?}"
    );
    assert!(!accessibility.contains_key("og:description"));
    let plan = &pages["our-plan/kpis/index.html"];
    assert_eq!(
        plan["description"],
        "What we will do for children and young people over the next three years."
    );
}

// No two pages claim one canonical address, except a page at the plain
// address and the current version's copy of it at its permanent address.
#[test]
fn canonical_addresses_are_unique_but_for_the_plain_and_permanent_pair() {
    for (fixture, current) in [
        ("charts", "skills-plan/versions/2026-final/"),
        ("minimal", "our-plan/versions/2026-final/"),
    ] {
        let pages = built(fixture);
        let mut claims: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (page, head) in &pages {
            if let Some(canonical) = head.get("canonical") {
                claims.entry(canonical).or_default().push(page);
            }
        }
        for (canonical, claimants) in claims {
            match claimants.as_slice() {
                [_] => {}
                [plain, permanent] => {
                    let plan = plain.split('/').next().unwrap();
                    let rest = &plain[plan.len() + 1..];
                    assert!(current.starts_with(plan), "{canonical}: {claimants:?}");
                    assert_eq!(*permanent, format!("{current}{rest}"), "{canonical}");
                }
                _ => panic!("{canonical} is claimed by {claimants:?}"),
            }
        }
    }
}

// A passage's language in raw HTML passes the sanitiser; a page's or
// section's `lang:` marks its content.
#[test]
fn passages_and_pages_in_another_language_are_marked() {
    let site = SiteTest::fixture("charts");
    assert_eq!(site.run(&["build", "--no-minify"]).code, 0);
    let about = site.read("public/about/index.html");
    assert!(
        about.contains("<span lang=\"cy\">Croeso i’n cynlluniau</span>"),
        "{about}"
    );
    assert!(about.contains("<div lang=\"en-GB\">\n<h1>About these plans</h1>"));
    let croeso = site.read("public/croeso/index.html");
    assert!(
        croeso.contains("<div lang=\"cy\">\n<h1>Croeso</h1>"),
        "{croeso}"
    );
    let section = site.read("public/skills-plan/cyflwyniad/index.html");
    assert!(
        section.contains("<div lang=\"cy\">\n<h1>Cyflwyniad</h1>"),
        "{section}"
    );

    site.write(
        "content/pages/croeso.md",
        "---\ntitle: Croeso\nlang: Welsh language\n---\n\nText.\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("`Welsh language` is not a language tag"),
        "{}",
        out.stderr
    );
}

// A site published under a path: absolute addresses keep the path once.
#[test]
fn canonical_addresses_keep_the_base_urls_path() {
    let site = SiteTest::fixture("charts");
    let config = site.read("content/site.yaml").replace(
        "base_url: https://www.example.org",
        "base_url: https://www.example.org/plans",
    );
    site.write("content/site.yaml", &config);
    assert_eq!(site.run(&["build"]).code, 0);
    let pages = pages(&site);
    let old = &pages["skills-plan/versions/2025-draft/index.html"];
    let base = "https://www.example.org/plans/skills-plan/";
    assert_eq!(old["canonical"], format!("{base}versions/2025-draft/"));
    assert_eq!(old["latest-version"], base);
}
