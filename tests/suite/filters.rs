//! The pages of filtered actions list exactly the actions this test works
//! out from the plans' sources, as the README defines them: one page per
//! officer (an item of the `officers` column, a shared cell followed), one
//! per year a deadline ends in, and one of the actions whose every deadline
//! had passed on the build date (SOURCE_DATE_EPOCH), at the plan's plain
//! address only and not for a superseded plan. Rows are read back from the
//! built pages' row ids.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use planpress::model::{Cell, PlanVersion, Status};
use planpress::site::{Mode, Site};

use crate::support::{run_in, ROOT, SOURCE_DATE_EPOCH};

/// The day of [`SOURCE_DATE_EPOCH`].
const TODAY: (i32, u32, u32) = (2026, 11, 1);

type Ids = BTreeSet<String>;

/// The ids of the rows of the page at `path` under `out`, if it exists.
fn rows(out: &Path, path: &str) -> Option<Ids> {
    let html = std::fs::read_to_string(out.join(path).join("index.html")).ok()?;
    let ids = html.split("<tr id=").skip(1).map(|rest| {
        let rest = rest.trim_start_matches('"');
        let end = rest.find(['"', '>', ' ']).unwrap();
        rest[..end]
            .trim_start_matches("filtered-action-")
            .to_string()
    });
    Some(ids.collect())
}

/// Each officer's actions, by the officer's name as written.
fn officers(v: &PlanVersion) -> BTreeMap<String, Ids> {
    let mut out: BTreeMap<String, Ids> = BTreeMap::new();
    for p in &v.priorities {
        for a in &p.actions {
            let mut cell = a.cell("officers");
            while let Some(Cell::SameAs(id)) = cell {
                cell = p
                    .actions
                    .iter()
                    .find(|b| &b.id == id)
                    .unwrap()
                    .cell("officers");
            }
            if let Some(Cell::Items(items)) = cell {
                for item in items {
                    let name = item.text().trim().to_string();
                    out.entry(name).or_default().insert(a.id.clone());
                }
            }
        }
    }
    out
}

/// Each year some deadline ends in, with its actions.
fn years(v: &PlanVersion) -> BTreeMap<i32, Ids> {
    let mut out: BTreeMap<i32, Ids> = BTreeMap::new();
    for a in v.priorities.iter().flat_map(|p| &p.actions) {
        for end in a.deadlines.iter().filter_map(|d| d.due.ends()) {
            out.entry(end.year()).or_default().insert(a.id.clone());
        }
    }
    out
}

fn overdue(v: &PlanVersion, today: NaiveDate) -> Ids {
    let actions = v.priorities.iter().flat_map(|p| &p.actions);
    actions
        .filter(|a| !a.deadlines.is_empty())
        .filter(|a| {
            a.deadlines
                .iter()
                .all(|d| d.due.ends().is_some_and(|e| e < today))
        })
        .map(|a| a.id.clone())
        .collect()
}

/// The officers the page of all actions lists, by name, with the address
/// of each one's page where it links one.
fn officer_pages(out: &Path, actions: &str) -> BTreeMap<String, Option<String>> {
    let html = std::fs::read_to_string(out.join(actions).join("index.html")).unwrap();
    let list = html
        .split("data-filter=officer")
        .nth(1)
        .map_or("", |l| &l[..l.find("</ul>").unwrap()]);
    list.split("<li>")
        .skip(1)
        .map(|item| {
            let tag = &item[..item.find('>').unwrap()];
            let end = item.find("</a>").or_else(|| item.find("</span>")).unwrap();
            let name = &item[item.find('>').unwrap() + 1..end];
            let href = tag.split("href=").nth(1).map(|href| {
                let href = href.split(' ').next().unwrap().trim_matches('"');
                href.trim_start_matches('/').to_string()
            });
            (unescape(name), href)
        })
        .collect()
}

/// Text as Tera escapes it, back.
fn unescape(html: &str) -> String {
    let entities = [
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#x27;", "'"),
        ("&#x2F;", "/"),
    ];
    let text = entities
        .iter()
        .fold(html.to_string(), |t, (e, c)| t.replace(e, c));
    text.replace("&amp;", "&")
}

fn check_version(out: &Path, v: &PlanVersion, root: &str, today: NaiveDate, plain: bool) {
    let expected = officers(v);
    let pages = officer_pages(out, &format!("{root}actions"));
    assert_eq!(
        pages.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "{root}: the officers listed"
    );
    // Officers and years have pages of their own at the plan's address only.
    if !plain {
        assert!(pages.values().all(Option::is_none), "{root}: no links");
        assert_eq!(rows(out, &format!("{root}actions/officer")), None);
        for year in years(v).keys() {
            let page = format!("{root}actions/year/{year}");
            assert_eq!(rows(out, &page), None, "{page}: no such page");
        }
        assert_eq!(rows(out, &format!("{root}actions/overdue")), None);
        return;
    }
    let slugs: BTreeSet<&String> = pages.values().flatten().collect();
    assert_eq!(slugs.len(), pages.len(), "{root}: one page per officer");
    for (name, ids) in &expected {
        let page = pages[name].as_deref().unwrap();
        assert_eq!(rows(out, page).as_ref(), Some(ids), "{root}: {name}");
    }
    for (year, ids) in years(v) {
        let page = format!("{root}actions/year/{year}");
        assert_eq!(rows(out, &page).as_ref(), Some(&ids), "{page}");
    }
    let late = overdue(v, today);
    let page = format!("{root}actions/overdue");
    if plain && v.status != Status::Superseded && !late.is_empty() {
        assert_eq!(rows(out, &page), Some(late), "{page}");
    } else {
        assert_eq!(rows(out, &page), None, "{page}: no such page");
    }
}

#[test]
fn each_officer_and_year_page_lists_exactly_its_actions() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path();
    let built = run_in(Path::new(ROOT), &["build", "--out", out.to_str().unwrap()]);
    assert_eq!(SOURCE_DATE_EPOCH.parse::<i64>().unwrap() % 86400, 0);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let site = Site::load(Path::new(ROOT), Mode::default()).unwrap();
    let today = NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap();
    let mut officer_pages = 0;
    for plan in &site.content.plans {
        for v in &plan.versions {
            let root = format!("{}/versions/{}/", plan.id, v.id);
            check_version(out, v, &root, today, false);
        }
        check_version(out, plan.latest(), &format!("{}/", plan.id), today, true);
        officer_pages += officers(plan.latest()).len();
    }
    assert!(officer_pages > 20, "the example has officers");
    let plan = out.join("education-2026-2029/actions/overdue/index.html");
    let html = std::fs::read_to_string(plan).unwrap();
    assert!(html.contains("<time datetime=\"2026-11-01\">1 November 2026</time>"));
}
