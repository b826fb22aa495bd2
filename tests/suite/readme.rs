//! The README is documentation people follow: its headings must not skip a
//! level (an accessibility rule), the commands it gives must exist, and its
//! examples and key tables must match what planpress reads.

use std::path::Path;

use planpress::diagnostics::SourceFile;
use planpress::load::raw::{
    NestedItem, RawAccessibility, RawAction, RawColumn, RawComparison, RawDeadline, RawKnownIssue,
    RawKpi, RawNavItem, RawPlan, RawPriorityMeta, RawSectionMeta, RawSiteConfig, RawTerms,
    RawVersion, SameAs,
};

use crate::support::ROOT;

#[test]
fn readme_headings_do_not_skip_levels() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let mut in_code = false;
    let mut previous = 0;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        }
        if in_code {
            continue;
        }
        let level = line.chars().take_while(|c| *c == '#').count();
        if level > 0 && line[level..].starts_with(' ') {
            assert!(level <= previous + 1, "heading skips a level: {line}");
            previous = level;
        }
    }
    assert!(previous > 0, "README has headings");
}

#[test]
fn readme_commands_exist() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    assert!(readme.contains("cargo run --release -- build"));
    // `cargo run` without `--bin` needs to know which of the two binaries
    // (planpress, planpress-bench) the README's commands mean.
    let manifest = std::fs::read_to_string(Path::new(ROOT).join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("default-run = \"planpress\""),
        "`cargo run` must run planpress"
    );
    assert!(readme.contains("scripts/test-all"));
    assert!(Path::new(ROOT).join("scripts/test-all").exists());
    assert!(readme.contains("scripts/test-browser"));
    assert!(Path::new(ROOT).join("scripts/test-browser").exists());
    assert!(readme.contains("scripts/bench"));
    assert!(Path::new(ROOT).join("scripts/bench").exists());
    let ci = std::fs::read_to_string(Path::new(ROOT).join(".ci/run")).unwrap();
    assert!(
        ci.contains("scripts/test-all"),
        ".ci/run runs the README's test command"
    );
}

// The README's examples and key tables, checked against the source format
// (`planpress::load::raw`), so the documentation of each file cannot drift
// from what planpress reads.

/// The README's text.
fn readme() -> String {
    std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap()
}

/// One fenced code block: its language, its text, and the line it starts on.
struct Block {
    lang: String,
    text: String,
    line: usize,
}

fn blocks(readme: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in readme.lines().enumerate() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(lang)) => {
                open = Some(Block {
                    lang: lang.trim().to_string(),
                    text: String::new(),
                    line: i + 1,
                })
            }
            (Some(_), Some(_)) => out.push(open.take().unwrap()),
            (Some(b), None) => {
                b.text.push_str(line);
                b.text.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "a code block is never closed");
    out
}

/// The source files the README documents: the marker that starts each of
/// their examples (the first line of a YAML block, or of a Markdown
/// example's front matter), and the README heading their key table is under.
const FILES: [(&str, &str); 6] = [
    ("# site.yaml", "### `site.yaml`"),
    ("# plan.yaml", "### `plan.yaml`"),
    (
        "# section front matter",
        "### Sections, commitments and pages",
    ),
    (
        "# priority.md front matter",
        "### `priorities/<id>/priority.md`",
    ),
    ("# actions.yaml", "### `priorities/<id>/actions.yaml`"),
    ("# kpis.yaml", "### `kpis.yaml`"),
];

/// YAML blocks that are not a whole file, by their first line, and why.
const NOT_WHOLE_FILES: [(&str, &str); 2] = [
    (
        "comparisons:",
        "a part of site.yaml, shown where comparisons are explained; the whole file's example is checked",
    ),
    (
        "# import mapping (--map)",
        "not a content file: the importer's mapping file, which import::the_readmes_mapping_example_is_read gives the binary",
    ),
];

/// Parses `text` as the file `marker` names; the error, if any, as text.
fn parse_as(marker: &str, text: &str) -> Result<(), String> {
    fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<(), String> {
        let file = SourceFile::new("README.md", text);
        let parsed = planpress::load::yaml::parse::<T>(&file, 0, text, "entry");
        if parsed.is_ok() {
            Ok(())
        } else {
            Err(format!("{:?}", parsed.err()))
        }
    }
    match marker {
        "# site.yaml" => parse::<RawSiteConfig>(text),
        "# plan.yaml" => parse::<RawPlan>(text),
        "# section front matter" => parse::<RawSectionMeta>(text),
        "# priority.md front matter" => parse::<RawPriorityMeta>(text),
        "# actions.yaml" => parse::<Vec<RawAction>>(text),
        "# kpis.yaml" => parse::<Vec<RawKpi>>(text),
        other => Err(format!("`{other}` names no source file")),
    }
}

/// The example a block holds: its marker and its YAML, or why it holds none.
fn example(block: &Block) -> Result<Option<(String, String)>, String> {
    let yaml = match block.lang.as_str() {
        "yaml" => block.text.clone(),
        "markdown" => match planpress::load::front_matter::split(&block.text) {
            Ok(split) => split.yaml.to_string(),
            Err(_) => return Ok(None),
        },
        _ => return Ok(None),
    };
    let first = yaml.lines().next().unwrap_or_default().trim_end();
    if FILES.iter().any(|(marker, _)| *marker == first) {
        return Ok(Some((first.to_string(), yaml)));
    }
    if block.lang == "yaml" && NOT_WHOLE_FILES.iter().any(|(line, _)| *line == first) {
        return Ok(None);
    }
    Err(format!(
        "README.md:{}: a {} example starts `{first}`: start it with one of {:?} (or list it in NOT_WHOLE_FILES with a reason)",
        block.line,
        block.lang,
        FILES.map(|(m, _)| m)
    ))
}

#[test]
fn readme_examples_parse_as_the_files_they_show() {
    let readme = readme();
    let mut problems = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for block in blocks(&readme) {
        match example(&block) {
            Ok(Some((marker, yaml))) => {
                if let Err(e) = parse_as(&marker, &yaml) {
                    problems.push(format!(
                        "README.md:{}: the `{marker}` example does not parse: {e}",
                        block.line
                    ));
                }
                seen.push(marker);
            }
            Ok(None) => {}
            Err(e) => problems.push(e),
        }
    }
    for (marker, _) in FILES {
        if !seen.iter().any(|s| s == marker) {
            problems.push(format!("README.md has no `{marker}` example"));
        }
    }
    for (first, reason) in NOT_WHOLE_FILES {
        let found = blocks(&readme)
            .iter()
            .any(|b| b.lang == "yaml" && b.text.lines().next() == Some(first));
        if !found {
            problems.push(format!(
                "NOT_WHOLE_FILES lists `{first}` ({reason}), but no YAML block starts so"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every key each file takes, as its README table names it: `a.b` for a key
/// inside `a`, `a[].b` for a key of each entry of the list `a`. Listed by
/// hand, and checked against the raw structs' own fields below.
const KEYS: [(&str, &[&str]); 6] = [
    (
        "# site.yaml",
        &[
            "title",
            "organisation",
            "base_url",
            "language",
            "description",
            "theme",
            "allow_raw_html",
            "accessibility",
            "accessibility.contact_email",
            "accessibility.contact_phone",
            "accessibility.response_days",
            "accessibility.compliance",
            "accessibility.prepared",
            "accessibility.last_reviewed",
            "accessibility.last_tested",
            "accessibility.tested_by",
            "accessibility.known_issues",
            "accessibility.known_issues[].description",
            "accessibility.known_issues[].criterion",
            "accessibility.known_issues[].fix_by",
            "accessibility.disproportionate_burden",
            "accessibility.out_of_scope",
            "accessibility.alternative_formats",
            "accessibility.improvements",
            "navigation",
            "navigation[].title",
            "navigation[].url",
            "comparisons",
            "comparisons[].plan",
            "comparisons[].from",
            "comparisons[].to",
        ],
    ),
    (
        "# plan.yaml",
        &[
            "title",
            "strapline",
            "period",
            "period.start",
            "period.end",
            "organisation",
            "owner",
            "summary",
            "version",
            "version.label",
            "version.status",
            "version.published",
            "version.based_on",
            "version.change_note",
            "version.notice",
            "commitments_intro",
            "priorities_intro",
            "terms",
            "terms.priority",
            "terms.priorities",
            "terms.action",
            "terms.actions",
            "terms.actions_by_deadline",
            "terms.action_plan",
            "terms.commitments",
            "terms.kpis",
            "terms.leads",
            "terms.indicator",
            "terms.baseline",
            "terms.target",
            "terms.actuals",
            "columns",
            "columns[].key",
            "columns[].heading",
            "contents",
        ],
    ),
    (
        "# section front matter",
        &["title", "weight", "summary", "slug", "lang"],
    ),
    (
        "# priority.md front matter",
        &[
            "number",
            "title",
            "short_title",
            "leads",
            "summary",
            "goals",
            "key_actions",
            "key_indicators",
            "headline_indicator",
            "funding",
            "supporting_documents",
        ],
    ),
    (
        "# actions.yaml",
        &[
            "id",
            "number",
            "action",
            "indicators",
            "metrics",
            "officers",
            "cells",
            "cells.<key>",
            "text",
            "items",
            "same_as",
            "deadlines",
            "deadlines[].label",
            "deadlines[].due",
            "deadlines[].when",
        ],
    ),
    (
        "# kpis.yaml",
        &[
            "id",
            "indicator",
            "service_area",
            "unit",
            "direction",
            "baseline",
            "baseline.value",
            "baseline.period",
            "target",
            "target.value",
            "target.by",
            "actuals",
            "actuals[].value",
            "actuals[].period",
            "source",
            "priority",
            "notes",
        ],
    ),
];

/// The keys a derived `Deserialize` struct takes, as serde knows them.
fn fields<T: serde::de::DeserializeOwned>() -> &'static [&'static str] {
    use serde::de::{self, Visitor};
    struct Collect<'a>(&'a mut &'static [&'static str]);
    impl<'de> de::Deserializer<'de> for Collect<'_> {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(de::Error::custom("fields collected"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }
    let mut out: &'static [&'static str] = &[];
    let _ = T::deserialize(Collect(&mut out));
    assert!(
        !out.is_empty(),
        "{} has no fields",
        std::any::type_name::<T>()
    );
    out
}

#[test]
fn readme_key_lists_hold_every_key_of_the_raw_structs() {
    // (file, where the struct sits in it, its fields). The mappings read
    // by hand (a period's dates, a measure's value and period, a target's
    // value and by) are private to `raw` and listed in KEYS only.
    let structs: [(&str, &str, &[&str]); 16] = [
        ("# site.yaml", "", fields::<RawSiteConfig>()),
        (
            "# site.yaml",
            "accessibility.",
            fields::<RawAccessibility>(),
        ),
        (
            "# site.yaml",
            "accessibility.known_issues[].",
            fields::<RawKnownIssue>(),
        ),
        ("# site.yaml", "navigation[].", fields::<RawNavItem>()),
        ("# site.yaml", "comparisons[].", fields::<RawComparison>()),
        ("# plan.yaml", "", fields::<RawPlan>()),
        ("# plan.yaml", "version.", fields::<RawVersion>()),
        ("# plan.yaml", "terms.", fields::<RawTerms>()),
        ("# plan.yaml", "columns[].", fields::<RawColumn>()),
        ("# section front matter", "", fields::<RawSectionMeta>()),
        (
            "# priority.md front matter",
            "",
            fields::<RawPriorityMeta>(),
        ),
        ("# actions.yaml", "", fields::<RawAction>()),
        ("# actions.yaml", "deadlines[].", fields::<RawDeadline>()),
        ("# actions.yaml", "", fields::<SameAs>()),
        ("# actions.yaml", "", fields::<NestedItem>()),
        ("# kpis.yaml", "", fields::<RawKpi>()),
    ];
    let mut missing = Vec::new();
    for (file, prefix, fields) in structs {
        let keys = KEYS.iter().find(|(f, _)| *f == file).unwrap().1;
        for field in fields {
            let key = format!("{prefix}{field}");
            if !keys.contains(&key.as_str()) {
                missing.push(format!("{file}: `{key}`"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "keys planpress reads that KEYS (and so the README) does not list:\n{}",
        missing.join("\n")
    );
}

/// The README's text under `heading`, to the next heading of its level or
/// above (outside code blocks, whose lines may start with `#` too).
fn section<'a>(readme: &'a str, heading: &str) -> &'a str {
    let start = readme
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("README.md has no heading {heading}"))
        + heading.len()
        + 2;
    let rest = &readme[start..];
    let mut in_code = false;
    let mut end = 0;
    for line in rest.split_inclusive('\n') {
        if line.starts_with("```") {
            in_code = !in_code;
        }
        if !in_code && (line.starts_with("## ") || line.starts_with("### ")) {
            break;
        }
        end += line.len();
    }
    &rest[..end]
}

/// The first cell of each row of the tables in `text`, when it is one
/// backticked key: the keys a key table documents.
fn table_keys(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once("` |").map(|(key, _)| key))
        .collect()
}

#[test]
fn readme_documents_every_key_of_every_file() {
    let readme = readme();
    let mut problems = Vec::new();
    for (marker, heading) in FILES {
        let documented = table_keys(section(&readme, heading));
        let keys = KEYS.iter().find(|(f, _)| *f == marker).unwrap().1;
        for key in keys {
            if !documented.contains(key) {
                problems.push(format!("{heading}: no table row for `{key}`"));
            }
        }
        for key in &documented {
            if !keys.contains(key) {
                problems.push(format!(
                    "{heading}: the table documents `{key}`, which KEYS does not list for {marker}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The README's examples of `marker`, in order.
fn examples_of(readme: &str, marker: &str) -> Vec<String> {
    blocks(readme)
        .iter()
        .filter_map(|b| example(b).ok().flatten())
        .filter(|(m, _)| m == marker)
        .map(|(_, yaml)| yaml)
        .collect()
}

/// The examples together make a site that builds: one plan whose final
/// version is the first `plan.yaml` example, based on the second, with the
/// section, priority, actions and KPIs examples. The test adds only what they
/// name: a foreword, a commitment and the supporting document.
#[test]
fn readme_examples_make_a_site_that_builds() {
    let readme = readme();
    let one = |marker: &str, nth: usize| examples_of(&readme, marker)[nth].clone();
    let front = |yaml: String, body: &str| format!("---\n{yaml}---\n\n{body}\n");
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("content/plans/education-2026-2029");
    let files = [
        ("content/site.yaml".to_string(), one("# site.yaml", 0)),
        (
            "content/pages/good-to-great-policy.md".to_string(),
            "---\ntitle: Good to Great Schools Policy\n---\n\nThe policy.\n".to_string(),
        ),
        ("2026-final/plan.yaml".to_string(), one("# plan.yaml", 0)),
        (
            "2025-consultation/plan.yaml".to_string(),
            one("# plan.yaml", 1),
        ),
        (
            "2026-final/sections/foreword.md".to_string(),
            "---\ntitle: Foreword\nweight: 10\n---\n\nOur foreword.\n".to_string(),
        ),
        (
            "2026-final/sections/background.md".to_string(),
            front(one("# section front matter", 0), "Why we need this plan."),
        ),
        (
            "2026-final/commitments/health.md".to_string(),
            "---\ntitle: Health and wellbeing\n---\n\nOur commitment.\n".to_string(),
        ),
        (
            "2026-final/priorities/send/priority.md".to_string(),
            front(one("# priority.md front matter", 0), "More about SEND."),
        ),
        (
            "2026-final/priorities/send/actions.yaml".to_string(),
            one("# actions.yaml", 0),
        ),
        ("2026-final/kpis.yaml".to_string(), one("# kpis.yaml", 0)),
    ];
    for (rel, text) in files {
        let path = match rel.strip_prefix("content/") {
            Some(_) => dir.path().join(&rel),
            None => plan.join(&rel),
        };
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let built = crate::support::run_in(dir.path(), &["build", "--no-minify", "--quiet"]);
    assert_eq!(
        built.code, 0,
        "the README's examples do not build:\n{}",
        built.stderr
    );
    let page = |rel: &str| {
        std::fs::read_to_string(dir.path().join("public/education-2026-2029").join(rel))
            .unwrap_or_else(|e| panic!("{rel}: {e}"))
    };
    let priority = page("priorities/send/index.html");
    for shown in [
        "Strategic aim 1",
        "Delivery plan",
        "Key strategic area",
        "Key indicators of success",
        "Exemplar evidence",
        "rowspan=\"2\"",
    ] {
        assert!(priority.contains(shown), "the priority page lacks {shown}");
    }
    // `columns` leaves out the metrics column, so no table has it.
    assert!(!priority.contains("Performance metrics"));
    // The contents list follows `contents:` in plan.yaml.
    let nav = &priority[priority
        .find("class=\"plan-nav\"")
        .expect("a contents list")..];
    let order: Vec<usize> = [
        "Foreword",
        "Background",
        "Our overarching commitments",
        "Strategic aim 1",
    ]
    .iter()
    .map(|t| {
        nav.find(&format!(">{t}"))
            .unwrap_or_else(|| panic!("no {t} link"))
    })
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "contents out of order: {order:?}"
    );
    let kpis = page("kpis/index.html");
    assert!(kpis.contains("Performance touchstone") && kpis.contains("Results so far"));
    assert!(kpis.contains("Target not met"));
    let overview = page("index.html");
    assert!(overview.contains("2026/27 to 2028/29") && overview.contains("Our strategic aims"));
}
