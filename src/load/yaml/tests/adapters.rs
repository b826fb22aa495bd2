//! The typed adapters: kinds as data, and the same readings as serde_yaml alone.

use super::*;

/// The first problem as the adapters give it: its kind and whether it came
/// as data (with the path of its value) or from serde_yaml's words.
fn first_problem<T: DeserializeOwned + std::fmt::Debug>(text: &str) -> (Kind, Option<String>) {
    let p = super::attempt::<T>(text).unwrap_err();
    (p.kind, p.node)
}

// What `Deserialize` impls report arrives as data, with the value's path;
// what serde_yaml decides itself (a scalar that is not a number) is read
// from its words.
#[test]
fn kinds_from_deserialize_impls_come_as_data() {
    let (kind, node) = first_problem::<Doc>("title: a\ntitel: b\n");
    assert_eq!(
        kind,
        Kind::UnknownField {
            field: "titel".into(),
            expected: vec!["title".into(), "weight".into()]
        }
    );
    assert_eq!(node.as_deref(), Some(""));
    let (kind, node) = first_problem::<Doc>("weight: 3\n");
    assert_eq!(kind, Kind::MissingField("title".into()));
    assert!(node.is_some());
    let (kind, node) = first_problem::<Doc>("title: a\ntitle: b\n");
    assert_eq!(kind, Kind::DuplicateField("title".into()));
    assert!(node.is_some());
    // A visitor of ours refusing a mapping where a label goes.
    let text = "- id: a\n  number: {a: 1}\n  action: x\n";
    let (kind, node) = first_problem::<Vec<crate::load::raw::RawAction>>(text);
    assert!(
        matches!(
            kind,
            Kind::InvalidType {
                found: Got::Other(Described::Mapping),
                ..
            }
        ),
        "{kind:?}"
    );
    assert_eq!(node.as_deref(), Some("[0].number"));
    let text = "- id: a\n  value: 1\n  deadlines:\n    - due: \"31/13/2027\"\n";
    let (kind, node) = first_problem::<Vec<Entry>>(text);
    assert!(matches!(kind, Kind::Custom(ref m) if m.starts_with("`31/13/2027` is not a date")));
    assert_eq!(node.as_deref(), Some("[0].deadlines[0].due"));
    // serde_yaml's own checks of a scalar for a number.
    let (kind, node) = first_problem::<Vec<Entry>>("- id: a\n  value: 1\n  count: -3\n");
    assert_eq!(
        kind,
        Kind::InvalidType {
            found: Got::Scalar("-3".into()),
            expected: "u32".into()
        }
    );
    assert_eq!(node, None);
    let (kind, node) = first_problem::<Vec<Entry>>("- id: a\n  value: lots\n");
    assert_eq!(
        kind,
        Kind::InvalidType {
            found: Got::Scalar("lots".into()),
            expected: "f64".into()
        }
    );
    assert_eq!(node, None);
}

// A refused date is found by its path, not by its text, which the label
// before it holds too; in quotes, it is shown inside them, as before.
#[test]
fn a_refused_date_is_shown_at_its_own_key() {
    let text = "\
- id: a
  value: 1
  deadlines:
    - label: 31/13/2027 review
      due: \"31/13/2027\"   # 31/13/2027
";
    let all = errors::<Vec<Entry>>(text, 0);
    let loc = all[0].location.as_ref().unwrap();
    assert_eq!((loc.line(), loc.column()), (5, 13));
    assert_eq!(&text[loc.span.clone()], "31/13/2027");
}

// A key given twice in a flow mapping is found at its second place.
#[test]
fn a_key_given_twice_in_a_flow_mapping_is_shown_at_the_second() {
    let text = "- {id: a, value: 1, value: 2}\n";
    let all = errors::<Vec<Entry>>(text, 0);
    let loc = all[0].location.as_ref().unwrap();
    assert_eq!(
        all[0].message,
        "the key `value` is given twice in the 1st KPI (`a`)"
    );
    assert_eq!((loc.line(), loc.column()), (1, 21));
}

/// Every YAML text of the example site and the fixtures, with the raw type
/// its file is read as.
fn every_yaml_file() -> Vec<(std::path::PathBuf, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for top in ["content", "tests/fixtures"] {
        for entry in walkdir::WalkDir::new(root.join(top)) {
            let path = entry.unwrap().into_path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if name.ends_with(".yaml") {
                out.push((path, text));
            } else if name.ends_with(".md") && path.components().any(|c| c.as_os_str() == "content")
            {
                if let Ok(split) = crate::load::front_matter::split(&text) {
                    let yaml = split.yaml.to_string();
                    out.push((path, yaml));
                }
            }
        }
    }
    assert!(out.len() > 50, "found {} files", out.len());
    out
}

/// Both readings of `text` as a `T`: equal values, or the same error.
fn same_reading<T: DeserializeOwned + std::fmt::Debug>(text: &str) -> Result<(), String> {
    let alone = super::serde_yaml_alone::<T>(text);
    let adapted = super::attempt::<T>(text).map_err(|p| format!("{p:?}"));
    match (&alone, &adapted) {
        (Ok(a), Ok(b)) if format!("{a:?}") == format!("{b:?}") => Ok(()),
        (Err(_), Err(_)) => Ok(()),
        _ => Err(format!(
            "serde_yaml alone: {alone:?}\nthrough the adapters: {adapted:?}"
        )),
    }
}

// The adapters only pass calls on: every file reads the same through them,
// as YAML in general (serde_yaml's `Value`) and as the raw type it is.
#[test]
fn every_file_reads_the_same_through_the_adapters() {
    use crate::load::raw::{
        RawAction, RawKpi, RawPlan, RawPriorityMeta, RawSectionMeta, RawSiteConfig,
    };
    for (path, text) in every_yaml_file() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let typed = match name.as_str() {
            "site.yaml" => same_reading::<RawSiteConfig>(&text),
            "plan.yaml" => same_reading::<RawPlan>(&text),
            "actions.yaml" => same_reading::<Vec<RawAction>>(&text),
            "kpis.yaml" => same_reading::<Vec<RawKpi>>(&text),
            "priority.md" => same_reading::<RawPriorityMeta>(&text),
            n if n.ends_with(".md") => same_reading::<RawSectionMeta>(&text),
            _ => Ok(()),
        };
        let general = same_reading::<serde_yaml::Value>(&text);
        for result in [typed, general] {
            if let Err(e) = result {
                panic!("{}:\n{e}", path.display());
            }
        }
    }
}

// serde_yaml's YAML 1.1 habits and YAML's own forms read as they did.
#[test]
fn yaml_forms_read_the_same_through_the_adapters() {
    let text = "\
yes: yes
no: no
on: off
y: n
float: 1.5
octal: 010
hex: 0x1F
exp: 1e3
inf: .inf
date: 2026-07-31
time: 2026-07-31T10:00:00Z
null: ~
empty:
quoted: \"010\"
tagged: !!str 123
custom: !thing { a: 1 }
anchor: &a [1, 2]
alias: *a
base: &b { x: 1 }
merged:
  <<: *b
  y: 2
folded: >
  two
  lines
literal: |
  kept
";
    same_reading::<serde_yaml::Value>(text).unwrap();
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Strings {
        yes: String,
        no: String,
        on: String,
        float: String,
        octal: String,
        date: String,
        null: Option<String>,
        empty: Option<String>,
        tagged: String,
        alias: Vec<u8>,
    }
    let strings = "yes: yes\nno: no\non: off\nfloat: 1.50\noctal: 010\ndate: 2026-07-31\nnull: ~\nempty:\ntagged: !!str 123\nalias: [1]\n";
    same_reading::<Strings>(strings).unwrap();
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Numbers {
        a: f64,
        b: i64,
        c: u32,
        d: bool,
        e: Option<f64>,
    }
    for text in [
        "a: 1.5\nb: 010\nc: 7\nd: true\ne: ~\n",
        "a: .nan\nb: -0x10\nc: 0o17\nd: false\ne: 3\n",
        "a: yes\nb: 1\nc: 1\nd: true\n",
        "a: 1\nb: 1.0\nc: 1\nd: yes\n",
        "a: 1\nb: 1\nc: -1\nd: true\n",
    ] {
        same_reading::<Numbers>(text).unwrap();
    }
    let crate_types = "\
- id: a
  number: 1.10
  action: x
  indicators: one
  metrics: [a, {text: b, items: [c]}]
  officers: { same_as: z }
  deadlines:
    - due: 2026/27
    - when: later
  cells:
    custom: ~
";
    same_reading::<Vec<crate::load::raw::RawAction>>(crate_types).unwrap();
}

// The path serde_yaml puts before our words: none at the top of the file.
#[test]
fn the_path_of_our_errors_is_the_one_serde_yaml_gives() {
    let ours = "`31/13/2027` is not a date planpress can read: there is no month 13";
    assert_eq!(
        path_before(
            &format!(".[2].deadlines[0]: {ours} at line 9 column 7"),
            ours
        )
        .as_deref(),
        Some(".[2].deadlines[0]")
    );
    assert_eq!(
        path_before(&format!("{ours} at line 1 column 1"), ours),
        None
    );
    assert_eq!(
        path_before("missing field `title`", "missing field `title`"),
        None
    );
}
