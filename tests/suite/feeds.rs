//! Atom feeds: every feed parses back with an Atom reader and lists the
//! published versions the sources say, newest first, dated by them and not
//! by the build; every page links the feeds that exist.

use std::path::Path;

use atom_syndication::Feed;
use planpress::model::{Content, Plan, PlanVersion, Status};

use crate::open_data::{build_and_load, every_site};
use crate::support::{SiteTest, ROOT};

/// The versions that are in feeds: published, with a date.
fn published(plan: &Plan) -> Vec<&PlanVersion> {
    let versions = plan.versions.iter();
    versions
        .filter(|v| v.status != Status::Draft && v.published.is_some())
        .collect()
}

/// A path on the site as a full address.
fn absolute(content: &Content, path: &str) -> String {
    let c = &content.config;
    let host = c
        .base_url
        .trim_end_matches(c.base_path.trim_end_matches('/'));
    format!("{host}{path}")
}

fn read_feed(path: &Path) -> Feed {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Feed::read_from(std::io::BufReader::new(file))
        .unwrap_or_else(|e| panic!("{} is not Atom: {e}", path.display()))
}

/// What a feed's entries must be: (title, date, change note, page, comparison).
type Expected = (String, String, Option<String>, String, Option<String>);

fn expected_entries(content: &Content, out: &Path, plans: &[&Plan]) -> Vec<Expected> {
    let base = &content.config.base_path;
    let mut entries: Vec<(chrono::NaiveDate, String, String, Expected)> = Vec::new();
    for plan in plans {
        for v in published(plan) {
            let page = format!("{base}{}/versions/{}/", plan.id, v.id);
            let comparison = v.based_on.as_ref().and_then(|from| {
                let url = format!("{base}{}/compare/{from}-to-{}/", plan.id, v.id);
                let rel = url.trim_start_matches(base.as_str());
                out.join(rel)
                    .join("index.html")
                    .exists()
                    .then(|| absolute(content, &url))
            });
            let date = v.published.unwrap();
            let expected = (
                format!("{}: {}", v.title, v.label),
                format!("{date}T00:00:00+00:00"),
                v.change_note.clone(),
                absolute(content, &page),
                comparison,
            );
            entries.push((date, plan.id.clone(), v.id.clone(), expected));
        }
    }
    entries.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    entries.into_iter().map(|e| e.3).collect()
}

fn entries_of(feed: &Feed) -> Vec<Expected> {
    feed.entries()
        .iter()
        .map(|e| {
            let link = |rel: &str| {
                e.links()
                    .iter()
                    .find(|l| l.rel() == rel)
                    .map(|l| l.href().to_string())
            };
            assert_eq!(
                e.published().map(|d| d.to_rfc3339()),
                Some(e.updated().to_rfc3339())
            );
            assert_eq!(
                e.id(),
                link("alternate").unwrap(),
                "an entry's id is its page"
            );
            (
                e.title().as_str().to_string(),
                e.updated().to_rfc3339(),
                e.summary().map(|s| s.as_str().to_string()),
                link("alternate").unwrap(),
                link("related"),
            )
        })
        .collect()
}

/// Checks one feed file against what it must hold; `None` when it must not exist.
fn check_feed(path: &Path, expected: Vec<Expected>) {
    if expected.is_empty() {
        assert!(
            !path.exists(),
            "{} has no entry, so no feed",
            path.display()
        );
        return;
    }
    let feed = read_feed(path);
    // Dated by its newest entry, never by the build.
    assert_eq!(
        feed.updated().to_rfc3339(),
        expected[0].1,
        "{}",
        path.display()
    );
    assert_eq!(entries_of(&feed), expected, "{}", path.display());
    let own = feed.links().iter().find(|l| l.rel() == "self").unwrap();
    assert!(own
        .href()
        .ends_with(&format!("/{}", path.file_name().unwrap().to_str().unwrap())));
}

#[test]
fn every_feed_parses_as_atom_and_lists_the_published_versions() {
    let mut entries = 0;
    let mut comparisons = 0;
    for root in every_site() {
        for drafts in [false, true] {
            let (out, site) = build_and_load(&root, drafts);
            let content = &site.content;
            let plans: Vec<&Plan> = content.plans.iter().map(|p| &**p).collect();
            for plan in &plans {
                let expected = expected_entries(content, out.path(), &[plan]);
                entries += expected.len();
                comparisons += expected.iter().filter(|e| e.4.is_some()).count();
                check_feed(&out.path().join(&plan.id).join("feed.xml"), expected);
            }
            let all = expected_entries(content, out.path(), &plans);
            check_feed(&out.path().join("feed.xml"), all);
        }
    }
    assert!(entries >= 8, "{entries} entries");
    assert!(comparisons >= 2, "{comparisons} entries link a comparison");
}

#[test]
fn drafts_and_undated_versions_are_not_in_feeds() {
    let site = SiteTest::fixture("minimal");
    let plan = site.path().join("content/plans/our-plan");
    for (id, version) in [
        (
            "2027-draft",
            "  label: Draft\n  status: draft\n  published: 2027-03-01\n  based_on: 2026-final\n",
        ),
        ("2026-undated", "  label: Undated\n  status: consultation\n"),
    ] {
        crate::support::copy_tree(&plan.join("2026-final"), &plan.join(id));
        let yaml = plan.join(id).join("plan.yaml");
        let text = std::fs::read_to_string(&yaml).unwrap();
        let start = text.find("version:\n").unwrap() + "version:\n".len();
        let end = start + text[start..].find("  change_note").unwrap();
        std::fs::write(
            &yaml,
            format!("{}{version}{}", &text[..start], &text[end..]),
        )
        .unwrap();
    }
    let out = site.run(&["build", "--quiet", "--drafts"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(site
        .path()
        .join("public/our-plan/versions/2027-draft/index.html")
        .exists());
    let feed = read_feed(&site.path().join("public/our-plan/feed.xml"));
    let ids: Vec<&str> = feed.entries().iter().map(|e| e.id()).collect();
    assert_eq!(
        ids,
        ["https://plans.example.org/our-plan/versions/2026-final/"]
    );
    assert_eq!(feed.updated().to_rfc3339(), "2026-09-01T00:00:00+00:00");
}

/// The addresses of the Atom feeds a page's `<link rel="alternate">` elements
/// name, whatever the order or quoting of their attributes.
fn feed_links(html: &str) -> Vec<String> {
    let head = &html[..html.find("</head>").unwrap()];
    head.split("<link ")
        .skip(1)
        .map(|tag| tag[..tag.find('>').unwrap()].replace('"', ""))
        .filter(|tag| tag.contains("rel=alternate") && tag.contains("type=application/atom+xml"))
        .map(|tag| {
            let href = &tag[tag.find("href=").unwrap() + "href=".len()..];
            href.split(' ').next().unwrap().to_string()
        })
        .collect()
}

#[test]
fn every_page_links_the_feeds_that_exist() {
    let (out, site) = build_and_load(Path::new(ROOT), false);
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(out.path()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let rel = entry.path().strip_prefix(out.path()).unwrap();
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let links = feed_links(&html);
        assert!(
            links.contains(&"/feed.xml".to_string()),
            "{}",
            rel.display()
        );
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_str()
            .unwrap();
        for plan in site.content.plans.iter() {
            let has = !published(plan).is_empty();
            let own = links.contains(&format!("/{}/feed.xml", plan.id));
            assert_eq!(
                own,
                has && top == plan.id,
                "{}: feed of {}",
                rel.display(),
                plan.id
            );
        }
        pages += 1;
    }
    assert!(pages > 80);
    // Visibly on the plan's overview and its versions page.
    let plan = "hlt-improvement-plan-2019-2022";
    for page in [
        "index.html",
        "versions/index.html",
        "versions/2019-final/index.html",
    ] {
        let html = std::fs::read_to_string(out.path().join(plan).join(page)).unwrap();
        assert!(html.contains("Follow changes to this plan</a>"), "{page}");
    }
}

#[test]
fn a_static_file_cannot_take_a_feed_s_place() {
    let site = SiteTest::fixture("minimal");
    site.write("static/feed.xml", "<feed/>");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("a static file and a file the site makes would both be written to feed.xml"),
        "{}",
        out.stderr
    );
}
