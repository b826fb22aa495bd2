//! Search: the index is written (and only searching loads it), and the A to
//! Z index of the search page links to exactly the items the sources hold,
//! computed here from the content model the library loads.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use planpress::site::{Mode, Site};

use crate::support::{run_in, SiteTest, ROOT};

/// The sites checked: the example site and the fixture with every feature.
fn sites() -> Vec<(String, std::path::PathBuf)> {
    let full = Path::new(ROOT).join("tests/fixtures/full");
    vec![
        ("example".into(), Path::new(ROOT).to_path_buf()),
        ("full".into(), full),
    ]
}

/// Builds the site at `root` into a new folder, with `extra` arguments.
fn build(root: &Path, extra: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec!["build", "--quiet", "--out", out.path().to_str().unwrap()];
    args.extend_from_slice(extra);
    let outcome = run_in(root, &args);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    out
}

/// The items of the plans' current versions, by address, with their names;
/// and the officers (action cells and priority leads), from the model.
struct Expected {
    items: BTreeMap<String, String>,
    officers: BTreeSet<String>,
    /// How many records the index may hold: the current versions' items,
    /// overviews and the standalone pages, up to every version's.
    records: std::ops::RangeInclusive<usize>,
}

fn expected(root: &Path) -> Expected {
    let site = Site::load(root, Mode::default()).unwrap_or_else(|r| panic!("{}", r.render()));
    let content = &site.content;
    let base = &content.config.base_path;
    let mut items = BTreeMap::new();
    let mut officers = BTreeSet::new();
    let count = |v: &planpress::model::PlanVersion| {
        1 + v.sections.len()
            + v.commitments.len()
            + v.priorities.len()
            + v.action_count()
            + v.kpis.len()
    };
    let (mut current, mut all) = (content.pages.len(), content.pages.len());
    for plan in &content.plans {
        current += count(plan.latest());
        all += plan.versions.iter().map(count).sum::<usize>();
        let v = plan.latest();
        let root = format!("{base}{}/", plan.id);
        for s in &v.sections {
            items.insert(format!("{root}{}/", s.id), s.title.clone());
        }
        for c in &v.commitments {
            items.insert(format!("{root}commitments/#{}", c.id), c.title.clone());
        }
        for p in &v.priorities {
            let url = format!("{root}priorities/{}/", p.id);
            officers.extend(p.leads.iter().cloned());
            for a in &p.actions {
                items.insert(format!("{url}#action-{}", a.id), a.id.clone());
                for item in a.items("officers", &p.actions) {
                    officers.insert(planpress::markdown::plain_text(item.text()));
                }
            }
            items.insert(url, p.title.clone());
        }
        for k in &v.kpis {
            items.insert(format!("{root}kpis/#kpi-{}", k.id), k.indicator.clone());
        }
    }
    Expected {
        items,
        officers,
        records: current..=all,
    }
}

/// Every value of `attr="..."` in `html`, in order.
fn attributes<'h>(html: &'h str, attr: &str) -> Vec<&'h str> {
    let open = format!("{attr}=\"");
    html.match_indices(&open)
        .map(|(at, _)| {
            let rest = &html[at + open.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

/// The A to Z part of the search page: its entries' links and officers.
fn a_to_z(page: &str) -> (Vec<String>, BTreeSet<String>) {
    let start = page.find("id=\"a-to-z\"").expect("an A to Z heading");
    let az = &page[start..page.rfind("</main>").unwrap()];
    let sections: Vec<&str> = az.split("<section class=\"az-letter\"").skip(1).collect();
    assert!(!sections.is_empty(), "the A to Z has letters");
    let mut top = Vec::new();
    let mut officers = BTreeSet::new();
    for section in sections {
        // Each entry is a top-level item of its letter's list.
        for entry in section.split("\n    <li>").skip(1) {
            if let Some(name) = entry.strip_prefix("<span class=\"az-name\">") {
                officers.insert(name[..name.find("</span>").unwrap()].replace("&amp;", "&"));
            } else {
                let href = attributes(entry, "href")[0];
                top.push(href.to_string());
            }
        }
    }
    (top, officers)
}

#[test]
fn the_a_to_z_links_to_exactly_the_items_of_the_current_versions() {
    for (name, root) in sites() {
        let want = expected(&root);
        let out = build(&root, &["--no-minify"]);
        let page = std::fs::read_to_string(out.path().join("search/index.html")).unwrap();
        let (links, officers) = a_to_z(&page);
        let listed: BTreeSet<&str> = links.iter().map(String::as_str).collect();
        assert_eq!(
            listed.len(),
            links.len(),
            "{name}: each item is listed once"
        );
        let items: BTreeSet<&str> = want.items.keys().map(String::as_str).collect();
        assert_eq!(
            listed, items,
            "{name}: the A to Z links every item, and nothing else"
        );
        assert_eq!(officers, want.officers, "{name}: the officers");
        // Every letter of the navigation has its heading.
        let az = &page[page.find("id=\"a-to-z\"").unwrap()..];
        let nav = &az[..az.find("</nav>").unwrap()];
        for target in attributes(nav, "href") {
            let id = target.trim_start_matches('#');
            assert!(
                page.contains(&format!("<h3 id=\"{id}\">")),
                "{name}: {target}"
            );
        }
        // Each linked page exists, with the row's id when it links a row.
        for link in &links {
            let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
            let file = out
                .path()
                .join(path.trim_start_matches('/'))
                .join("index.html");
            let html = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{link}: {e}"));
            if !fragment.is_empty() {
                assert!(
                    html.contains(&format!("id=\"{fragment}\"")),
                    "{name}: {link}"
                );
            }
        }
    }
}

#[test]
fn the_index_is_written_and_only_searching_loads_it() {
    for (name, root) in sites() {
        let want = expected(&root);
        let out = build(&root, &[]);
        let index = out.path().join("assets/search");
        for file in ["pagefind.js", "pagefind-worker.js", "pagefind-entry.json"] {
            assert!(index.join(file).is_file(), "{name}: {file}");
        }
        let entry = std::fs::read_to_string(index.join("pagefind-entry.json")).unwrap();
        let entry: serde_json::Value = serde_json::from_str(&entry).unwrap();
        let languages = entry["languages"].as_object().unwrap();
        assert_eq!(languages.len(), 1, "{name}: one language");
        let (language, meta) = languages.iter().next().unwrap();
        let records = meta["page_count"].as_u64().unwrap() as usize;
        assert!(
            want.records.contains(&records),
            "{name}: {records} records, one for each item of the current versions and each page, and the other versions' changed items: {:?}",
            want.records
        );
        if name == "example" {
            // The consultation draft of the 2026 plan differs from the final
            // plan in a few items only.
            assert!(records > *want.records.start() && records < *want.records.end());
        }
        assert!(index.join(format!("wasm.{language}.pagefind")).is_file());
        assert!(index
            .join(format!(
                "pagefind.{}.pf_meta",
                meta["hash"].as_str().unwrap()
            ))
            .is_file());
        for dir in ["index", "fragment", "filter"] {
            let files = std::fs::read_dir(index.join(dir)).unwrap().count();
            assert!(files > 0, "{name}: {dir}/");
        }
        // Pagefind's own interfaces are not shipped: the theme's script shows results.
        assert!(!index.join("pagefind-ui.js").exists());
        // A page not searching loads the theme's small script only; it
        // names Pagefind's for later.
        let home = std::fs::read_to_string(out.path().join("index.html")).unwrap();
        let scripts = attributes(&home, "src");
        assert!(
            scripts.iter().all(|s| s.ends_with("/search.js")),
            "{name}: {scripts:?}"
        );
        assert!(
            home.contains("data-pagefind=\"/assets/search/pagefind.js\"")
                || home.contains("data-pagefind=/assets/search/pagefind.js")
        );
    }
}

#[test]
fn without_search_there_is_no_index_and_the_a_to_z_stays() {
    let site = SiteTest::fixture("full");
    assert_eq!(site.run(&["build", "--no-search", "--no-minify"]).code, 0);
    assert!(!site.path().join("public/assets/search").exists());
    let home = site.read("public/index.html");
    assert!(!home.contains("search.js"), "no script to search with");
    assert!(home.contains("<form class=\"site-search\" role=\"search\""));
    let page = site.read("public/search/index.html");
    assert!(page.contains("id=\"a-to-z\""));
}

// Builds at once in one process (as the tests, or a program using planpress
// as a library, make them) each make their index: Pagefind's runtime must
// never be started inside another's on a shared worker thread.
#[test]
fn builds_at_the_same_time_each_make_their_index() {
    use planpress::serve::build_in_memory;
    use planpress::site::Changes;
    use planpress::validate::Options;
    let root = Path::new(ROOT);
    let builds: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(|| {
                    (0..3)
                        .map(|_| build_in_memory(root, Options::default(), None, Changes::Unknown))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let first = builds[0].as_ref().unwrap();
    let index_files = |b: &planpress::serve::Build| {
        b.files
            .keys()
            .filter(|k| k.starts_with("assets/search/"))
            .count()
    };
    assert!(index_files(first) > 3);
    for build in &builds {
        assert!(build.as_ref().unwrap().files == first.files);
    }
}
