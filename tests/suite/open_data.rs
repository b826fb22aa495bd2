//! Open data: `actions.csv`, `kpis.csv` and `plan.json` of every version
//! hold what the sources say, parse back with a CSV library, and validate
//! against the published JSON Schema; each overview links them with the
//! size of the bytes written.

use std::path::{Path, PathBuf};

use planpress::model::{Action, Kpi, ListItem, Plan, PlanVersion};
use planpress::site::{Mode, Site};
use serde_json::Value;

use crate::support::{fixtures, run_in, SiteTest, ROOT};

/// Every site the tests build: the example, and each fixture site but the
/// broken cases.
pub(crate) fn every_site() -> Vec<PathBuf> {
    let mut sites = vec![PathBuf::from(ROOT)];
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("content/site.yaml").is_file())
        .collect();
    dirs.sort();
    sites.extend(dirs);
    sites
}

/// Builds the site at `root` (with drafts, so every version is built) into
/// a new folder, and loads its model.
pub(crate) fn build_and_load(root: &Path, drafts: bool) -> (tempfile::TempDir, Site) {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec!["build", "--quiet", "--out", out.path().to_str().unwrap()];
    if drafts {
        args.push("--drafts");
    }
    let run = run_in(root, &args);
    assert_eq!(run.code, 0, "{}: {}", root.display(), run.stderr);
    let mode = Mode {
        drafts,
        ..Mode::default()
    };
    let site = Site::load(root, mode).unwrap_or_else(|_| panic!("{} loads", root.display()));
    (out, site)
}

/// A list cell as README documents it: an item a line, the items under it
/// on the lines after it, `- ` after two spaces for each level below the first.
fn joined(items: &[ListItem], depth: usize, lines: &mut Vec<String>) {
    for item in items {
        let prefix = if depth == 0 {
            String::new()
        } else {
            format!("{}- ", "  ".repeat(depth - 1))
        };
        lines.push(format!("{prefix}{}", item.text()));
        joined(item.children(), depth + 1, lines);
    }
}

fn cell(items: &[ListItem]) -> String {
    let mut lines = Vec::new();
    joined(items, 0, &mut lines);
    lines.join("\n")
}

/// The row README documents for an action.
fn expected_action_row(v: &PlanVersion, p: usize, a: &Action) -> Vec<String> {
    let priority = &v.priorities[p];
    let mut row = vec![
        v.plan_id.clone(),
        v.id.clone(),
        priority.id.clone(),
        priority.number.clone().unwrap_or_default(),
        priority.title.clone(),
        a.id.clone(),
        a.number.clone().unwrap_or_default(),
    ];
    for column in &v.columns {
        row.push(match column.key.as_str() {
            "action" => a.text.clone(),
            "deadlines" => {
                let lines: Vec<String> = a
                    .deadlines
                    .iter()
                    .map(|d| {
                        let when = d.due.source_form();
                        d.label
                            .as_ref()
                            .map_or(when.clone(), |l| format!("{l}: {when}"))
                    })
                    .collect();
                lines.join("\n")
            }
            key => cell(a.items(key, &priority.actions)),
        });
    }
    row
}

fn version<'a>(site: &'a Site, plan: &str, version: &str) -> (&'a Plan, &'a PlanVersion) {
    let plan = site.content.plans.iter().find(|p| p.id == plan).unwrap();
    let v = plan.versions.iter().find(|v| v.id == version).unwrap();
    (plan, v)
}

/// The records of a CSV file, the header first, as a CSV library reads them.
fn records(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// The actions of the 2026 plan's `actions.yaml` files, counted in the
/// sources themselves: one `- id:` a row.
fn source_action_ids(version_dir: &Path) -> Vec<String> {
    let mut ids = Vec::new();
    for entry in walkdir::WalkDir::new(version_dir.join("priorities")).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_name() == "actions.yaml" {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            ids.extend(
                text.lines()
                    .filter_map(|l| l.strip_prefix("- id: "))
                    .map(|id| id.trim().to_string()),
            );
        }
    }
    ids
}

#[test]
fn actions_csv_of_the_2026_plan_parses_back_to_its_30_actions() {
    let (out, site) = build_and_load(Path::new(ROOT), false);
    let (_, v) = version(&site, "education-2026-2029", "2026-final");
    let dir = out.path().join("education-2026-2029/versions/2026-final");
    let bytes = std::fs::read(dir.join("actions.csv")).unwrap();
    let rows = records(&bytes);
    let mut header = vec![
        "plan_id",
        "version_id",
        "priority_id",
        "priority_number",
        "priority_title",
        "action_id",
        "action_number",
    ];
    header.extend(v.columns.iter().map(|c| c.key.as_str()));
    assert_eq!(rows[0], header);
    let body = &rows[1..];
    assert_eq!(body.len(), 30);

    // The rows are the sources' rows: the same ids as the YAML files hold.
    let mut from_sources =
        source_action_ids(&Path::new(ROOT).join("content/plans/education-2026-2029/2026-final"));
    let mut in_csv: Vec<String> = body.iter().map(|r| r[5].clone()).collect();
    from_sources.sort();
    in_csv.sort();
    assert_eq!(in_csv, from_sources);

    let mut n = 0;
    for (p, priority) in v.priorities.iter().enumerate() {
        for a in &priority.actions {
            assert_eq!(body[n], expected_action_row(v, p, a), "row of {}", a.id);
            n += 1;
        }
    }
    // Lists, nested items and shared cells are there, joined as documented.
    assert!(body.iter().any(|r| r.iter().any(|c| c.contains('\n'))));
    // RFC 4180: every record ends with CRLF.
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.ends_with("\r\n"));
    assert_eq!(text.matches("\r\n").count(), 31);
    // The plan's address has the current version's, byte for byte.
    let plain = std::fs::read(out.path().join("education-2026-2029/actions.csv")).unwrap();
    assert_eq!(plain, bytes);
}

#[test]
fn shared_and_nested_cells_are_resolved_in_actions_csv() {
    let mut checked = (false, false);
    for root in every_site() {
        check_actions_csv(&root, &mut checked);
    }
    assert_eq!(
        checked,
        (true, true),
        "the sites have shared and nested cells"
    );
}

/// Checks every actions.csv of the site at `root`, and notes whether it met
/// (shared cells, nested items).
fn check_actions_csv(root: &Path, checked: &mut (bool, bool)) {
    let (out, site) = build_and_load(root, true);
    for plan in site.content.plans.iter() {
        for v in plan.versions.iter().filter(|v| v.action_count() > 0) {
            let path = out
                .path()
                .join(format!("{}/versions/{}/actions.csv", plan.id, v.id));
            let rows = records(&std::fs::read(path).unwrap());
            let mut n = 1;
            for (p, priority) in v.priorities.iter().enumerate() {
                for a in &priority.actions {
                    assert_eq!(rows[n], expected_action_row(v, p, a), "row of {}", a.id);
                    let cells = a.cells.iter();
                    checked.0 |= cells
                        .clone()
                        .any(|(_, c)| matches!(c, planpress::model::Cell::SameAs(_)));
                    checked.1 |= cells.clone().any(|(k, _)| {
                        a.items(k, &priority.actions)
                            .iter()
                            .any(|i| !i.children().is_empty())
                    });
                    n += 1;
                }
            }
            assert_eq!(rows.len(), n);
        }
    }
}

/// The row README documents for a KPI, with `results` pairs of result columns.
fn expected_kpi_row(v: &PlanVersion, k: &Kpi, results: usize) -> Vec<String> {
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    let amount = |a: &planpress::model::Amount| match a {
        planpress::model::Amount::Number(n) => n.to_string(),
        planpress::model::Amount::Words(w) => w.clone(),
    };
    let mut row = vec![
        v.plan_id.clone(),
        v.id.clone(),
        k.id.clone(),
        s(&k.service_area),
        k.indicator.clone(),
        s(&k.unit),
        match k.direction {
            Some(planpress::model::Direction::HigherIsBetter) => "higher_is_better".into(),
            Some(planpress::model::Direction::LowerIsBetter) => "lower_is_better".into(),
            None => String::new(),
        },
        k.baseline
            .as_ref()
            .map(|b| amount(&b.value))
            .unwrap_or_default(),
        k.baseline
            .as_ref()
            .and_then(|b| b.period.clone())
            .unwrap_or_default(),
        k.target
            .as_ref()
            .map(|t| amount(&t.value))
            .unwrap_or_default(),
        k.target
            .as_ref()
            .and_then(|t| t.by.map(|by| by.source_form()))
            .unwrap_or_default(),
    ];
    for i in 0..results {
        let m = k.actuals.get(i);
        row.push(m.map(|m| amount(&m.value)).unwrap_or_default());
        row.push(m.and_then(|m| m.period.clone()).unwrap_or_default());
    }
    row.extend([s(&k.source), s(&k.priority), s(&k.notes)]);
    row
}

#[test]
fn kpis_csv_keeps_every_field_of_every_kpi() {
    let mut notes = 0;
    for root in every_site() {
        let (out, site) = build_and_load(&root, true);
        for plan in site.content.plans.iter() {
            for v in &plan.versions {
                let path = out
                    .path()
                    .join(format!("{}/versions/{}/kpis.csv", plan.id, v.id));
                if v.kpis.is_empty() {
                    assert!(
                        !path.exists(),
                        "{}: a version without KPIs has no kpis.csv",
                        path.display()
                    );
                    continue;
                }
                let rows = records(&std::fs::read(&path).unwrap());
                let results = v.kpis.iter().map(|k| k.actuals.len()).max().unwrap();
                let mut header: Vec<String> = "plan_id version_id kpi_id service_area indicator unit direction baseline baseline_period target target_by"
                    .split(' ')
                    .map(String::from)
                    .collect();
                for n in 1..=results {
                    header.push(format!("actual_{n}"));
                    header.push(format!("actual_{n}_period"));
                }
                header.extend(["source", "priority_id", "notes"].map(String::from));
                assert_eq!(rows[0], header, "{}", path.display());
                assert_eq!(rows.len(), v.kpis.len() + 1);
                for (row, k) in rows[1..].iter().zip(&v.kpis) {
                    assert_eq!(*row, expected_kpi_row(v, k, results), "{}", k.id);
                    notes += usize::from(k.notes.is_some());
                }
            }
        }
    }
    assert!(notes > 0, "some KPI has notes");
}

/// The schema as the repository has it, checked against draft 2020-12.
fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(Path::new(ROOT).join("schema/plan.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::meta::validate(&schema).expect("the schema is a valid draft 2020-12 schema");
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

/// What is wrong with `doc`, in the validator's words.
fn problems(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn every_plan_json_validates_against_the_published_schema() {
    let validator = validator();
    let schema_text =
        std::fs::read_to_string(Path::new(ROOT).join("schema/plan.schema.json")).unwrap();
    let mut checked = 0;
    for root in every_site() {
        let (out, site) = build_and_load(&root, true);
        let published =
            std::fs::read_to_string(out.path().join("assets/plan.schema.json")).unwrap();
        assert_eq!(
            published, schema_text,
            "the site publishes the schema as it is"
        );
        for plan in site.content.plans.iter() {
            for v in &plan.versions {
                let path = out
                    .path()
                    .join(format!("{}/versions/{}/plan.json", plan.id, v.id));
                let doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
                let wrong = problems(&validator, &doc);
                assert!(
                    wrong.is_empty(),
                    "{}:\n{}",
                    path.display(),
                    wrong.join("\n")
                );
                let config = &site.content.config;
                assert_eq!(
                    doc["$schema"],
                    format!("{}/assets/plan.schema.json", config.base_url)
                );
                check_against_model(&doc, v);
                checked += 1;
            }
            let latest = plan.latest();
            let plain = std::fs::read(out.path().join(format!("{}/plan.json", plan.id))).unwrap();
            let permanent = std::fs::read(
                out.path()
                    .join(format!("{}/versions/{}/plan.json", plan.id, latest.id)),
            )
            .unwrap();
            assert_eq!(
                plain, permanent,
                "the plan's address has the current version's"
            );
        }
    }
    assert!(checked >= 10, "{checked} versions");
}

/// The ids and columns of plan.json are the version's.
fn check_against_model(doc: &Value, v: &PlanVersion) {
    assert_eq!(doc["plan"], v.plan_id.as_str());
    assert_eq!(doc["version"], v.id.as_str());
    assert_eq!(doc["title"], v.title.as_str());
    let columns: Vec<(String, String)> = v
        .columns
        .iter()
        .map(|c| (c.key.clone(), c.heading.clone()))
        .collect();
    let in_doc: Vec<(String, String)> = doc["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["key"].as_str().unwrap().into(),
                c["heading"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(in_doc, columns);
    let ids = |key: &str| -> Vec<String> {
        doc[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_string())
            .collect()
    };
    let sections: Vec<String> = v.sections.iter().map(|s| s.id.clone()).collect();
    assert_eq!(ids("sections"), sections);
    let kpis: Vec<String> = v.kpis.iter().map(|k| k.id.clone()).collect();
    assert_eq!(ids("kpis"), kpis);
    for (p, priority) in v.priorities.iter().enumerate() {
        let actions = doc["priorities"][p]["actions"].as_array().unwrap();
        assert_eq!(actions.len(), priority.actions.len());
        for (json, a) in actions.iter().zip(&priority.actions) {
            assert_eq!(json["id"], a.id.as_str());
            assert_eq!(json["text"], a.text.as_str());
            for (key, _) in &a.cells {
                let items = serde_json::to_value(a.items(key, &priority.actions)).unwrap();
                assert_eq!(json["cells"][key]["items"], items, "{} {key}", a.id);
            }
        }
    }
}

/// A change that breaks a plan.json.
type Break = fn(&mut Value);

#[test]
fn the_schema_test_fails_on_a_plan_json_that_breaks_the_schema() {
    let validator = validator();
    let site = SiteTest::fixture("full");
    let out = site.run(&["build", "--quiet"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = site.read("public/better-schools/plan.json");
    let good: Value = serde_json::from_str(&text).unwrap();
    assert!(problems(&validator, &good).is_empty());
    // Each break, of the kinds a change to the generator could make.
    let breaks: [(&str, Break); 6] = [
        ("a required field gone", |d| {
            d.as_object_mut().unwrap().remove("title");
        }),
        ("an unknown status", |d| d["status"] = "published".into()),
        ("a field the schema does not know", |d| {
            d["extra"] = 1.into()
        }),
        ("a date in another form", |d| {
            d["published"] = "01/07/2027".into()
        }),
        ("a cell item that is a number", |d| {
            let action = &mut d["priorities"][0]["actions"][0];
            let key = action["cells"]
                .as_object()
                .unwrap()
                .keys()
                .next()
                .unwrap()
                .clone();
            action["cells"][key]["items"][0] = 3.into();
        }),
        ("an id with capitals", |d| {
            d["kpis"][0]["id"] = "Reading".into()
        }),
    ];
    for (what, break_it) in breaks {
        let mut doc = good.clone();
        break_it(&mut doc);
        assert!(
            !problems(&validator, &doc).is_empty(),
            "{what} passes the schema"
        );
    }
}

#[test]
fn each_overview_links_its_data_with_the_sizes_written() {
    let (out, site) = build_and_load(Path::new(ROOT), false);
    let mut links = 0;
    for plan in site.content.plans.iter() {
        let mut homes: Vec<String> = plan
            .versions
            .iter()
            .map(|v| format!("{}/versions/{}/", plan.id, v.id))
            .collect();
        homes.push(format!("{}/", plan.id));
        for home in homes {
            let html = std::fs::read_to_string(out.path().join(&home).join("index.html")).unwrap();
            assert!(html.contains("Download this plan's data"), "{home}");
            for name in ["actions.csv", "kpis.csv", "plan.json"] {
                let file = out.path().join(&home).join(name);
                let href = format!("href=\"/{home}{name}\"");
                if !file.exists() {
                    assert!(!html.contains(&href), "{home} links a file it has not");
                    continue;
                }
                let bytes = std::fs::metadata(&file).unwrap().len() as f64;
                let size = format!("{:.1} KB", (bytes / 102.4).ceil().max(1.0) / 10.0);
                let at = html
                    .find(&href)
                    .unwrap_or_else(|| panic!("{home} links {name}"));
                let after = &html[at..];
                let after = &after[after.find("</a>").unwrap() + "</a>".len()..];
                let format = if name.ends_with(".csv") {
                    "CSV"
                } else {
                    "JSON"
                };
                assert!(
                    after
                        .trim_start()
                        .starts_with(&format!("({format}, {size})")),
                    "{home}{name} is {size}"
                );
                links += 1;
            }
        }
    }
    assert!(links >= 9);
}
