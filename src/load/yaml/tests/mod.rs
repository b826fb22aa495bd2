use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::recover::Blanked;
use super::typed::{Described, Got, Kind};
use super::wording::{classify, path_before, plain_type};
use super::*;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Doc {
    title: String,
    weight: Option<i32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Entry {
    id: String,
    value: f64,
    #[serde(default)]
    count: Option<u32>,
    #[serde(default)]
    deadlines: Vec<Deadline>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Deadline {
    #[serde(default)]
    label: Option<String>,
    due: crate::load::raw::DueValue,
}

fn errors<T: DeserializeOwned + std::fmt::Debug>(text: &str, start: usize) -> Vec<Diagnostic> {
    let file = SourceFile::new("page.md", text);
    parse::<T>(&file, start, &text[start..], "KPI").unwrap_err()
}

fn error_for(text: &str, start: usize) -> Diagnostic {
    let mut all = errors::<Doc>(text, start);
    assert_eq!(all.len(), 1, "{all:#?}");
    all.remove(0)
}

fn line(d: &Diagnostic) -> usize {
    d.location.as_ref().unwrap().line()
}

#[test]
fn unknown_key_points_at_key_and_suggests_the_closest() {
    let d = error_for("---\ntitle: a\ntitel: b\n---\n", 4);
    assert_eq!(d.code, Code::UnknownField);
    let loc = d.location.unwrap();
    assert_eq!((loc.line(), loc.column()), (3, 1));
    assert_eq!(d.hint.as_deref(), Some("did you mean `title`?"));
    assert_eq!(d.expected.as_deref(), Some("one of `title`, `weight`"));
}

#[test]
fn missing_field_is_named() {
    let d = error_for("weight: 3\n", 0);
    assert_eq!(d.code, Code::MissingField);
    assert_eq!(d.message, "missing key `title`");
}

#[test]
fn syntax_error_line_counts_from_top_of_file() {
    let d = error_for("---\ntitle: a\n\tweight: 2\n---\n", 4);
    assert_eq!(d.code, Code::YamlSyntax);
    assert!(d.location.unwrap().line() >= 2);
}

#[test]
fn wrong_type_says_what_was_expected_in_plain_words() {
    let d = error_for("title: a\nweight: heavy\n", 0);
    assert_eq!(d.code, Code::InvalidValue);
    assert_eq!(line(&d), 2);
    assert_eq!(d.message, "`weight`: `heavy` is not a whole number");
    assert_eq!(
        d.expected.as_deref(),
        Some("a whole number, such as 10 or -5")
    );
}

#[test]
fn did_you_mean_ignores_distant_words() {
    let keys = vec!["title".to_string(), "summary".to_string()];
    assert_eq!(did_you_mean("sumary", &keys), Some("summary"));
    assert_eq!(did_you_mean("colour", &keys), None);
}

#[test]
fn ordinals() {
    let words: Vec<String> = [1, 2, 3, 4, 10, 11, 12, 13, 21, 22, 23, 101, 111, 112, 113]
        .into_iter()
        .map(ordinal)
        .collect();
    assert_eq!(
        words,
        [
            "1st", "2nd", "3rd", "4th", "10th", "11th", "12th", "13th", "21st", "22nd", "23rd",
            "101st", "111th", "112th", "113th"
        ]
    );
}

#[test]
fn types_in_plain_words() {
    for (serde, short) in [
        ("f64", "a number"),
        ("u32", "a whole number"),
        ("i32", "a whole number"),
        ("a string", "text"),
        ("a sequence", "a list"),
        ("a map", "a mapping"),
        ("struct RawKpi", "a mapping"),
        ("a boolean", "true or false"),
    ] {
        assert_eq!(plain_type(serde).short, short, "{serde}");
    }
    assert_eq!(
        plain_type("a sequence").full,
        "a list (one `- item` per line)"
    );
    assert_eq!(
        plain_type("struct RawKpi").full,
        "a mapping (`key: value` lines)"
    );
}

/// Each message with the path and kind `classify` must read from it.
type Classified<'a> = Vec<(&'a str, Option<&'a str>, Kind)>;

fn assert_classified(cases: Classified) {
    for (message, path, kind) in cases {
        assert_eq!(
            classify(message),
            (path.map(str::to_string), kind),
            "{message}"
        );
    }
}

// The one reading of serde_yaml's words: each form of message it makes, as
// serde_yaml 0.9 writes it, path and position included.
#[test]
fn every_form_of_serde_yaml_type_message_is_classified() {
    let got = |s: &str| Got::Scalar(s.to_string());
    assert_classified(vec![
        (
            "[1].value: invalid type: string \"5% more\", expected f64 at line 5 column 10",
            Some("[1].value"),
            Kind::InvalidType {
                found: got("5% more"),
                expected: "f64".into(),
            },
        ),
        (
            "weight: invalid type: string \"say \\\"hi\\\"\", expected i32 at line 2 column 9",
            Some("weight"),
            Kind::InvalidType {
                found: got("say \"hi\""),
                expected: "i32".into(),
            },
        ),
        (
            "title: invalid type: sequence, expected a string at line 1 column 8",
            Some("title"),
            Kind::InvalidType {
                found: Got::Other(Described::List),
                expected: "a string".into(),
            },
        ),
        (
            "kpis: invalid type: map, expected a sequence at line 1 column 7",
            Some("kpis"),
            Kind::InvalidType {
                found: Got::Other(Described::Mapping),
                expected: "a sequence".into(),
            },
        ),
        (
            "title: invalid type: unit value, expected a string at line 1 column 7",
            Some("title"),
            Kind::InvalidType {
                found: Got::Empty,
                expected: "a string".into(),
            },
        ),
        (
            "count: invalid value: integer `-3`, expected u32 at line 13 column 10",
            Some("count"),
            Kind::InvalidValue {
                found: got("-3"),
                expected: "u32".into(),
            },
        ),
        (
            "days: invalid type: floating point `5.5`, expected u32 at line 1 column 7",
            Some("days"),
            Kind::InvalidType {
                found: got("5.5"),
                expected: "u32".into(),
            },
        ),
        (
            "flag: invalid value: string \"maybe\", expected a boolean at line 1 column 7",
            Some("flag"),
            Kind::InvalidValue {
                found: got("maybe"),
                expected: "a boolean".into(),
            },
        ),
    ]);
}

// The same for unknown, missing and duplicate keys, lengths, and syntax.
#[test]
fn every_form_of_serde_yaml_key_and_syntax_message_is_classified() {
    assert_classified(vec![
        (
            "pair: invalid length 3, expected sequence of 2 elements at line 1 column 7",
            Some("pair"),
            Kind::InvalidLength("invalid length 3, expected sequence of 2 elements".into()),
        ),
        (
            "[0]: unknown field `colour`, expected one of `id`, `value` at line 3 column 3",
            Some("[0]"),
            Kind::UnknownField {
                field: "colour".into(),
                expected: vec!["id".into(), "value".into()],
            },
        ),
        (
            "unknown field `x`, there are no fields at line 1 column 1",
            None,
            Kind::UnknownField {
                field: "x".into(),
                expected: vec![],
            },
        ),
        (
            "version.status: unknown variant `finall`, expected one of `draft`, `final` at line 9 column 11",
            Some("version.status"),
            Kind::UnknownVariant {
                variant: "finall".into(),
                expected: vec!["draft".into(), "final".into()],
            },
        ),
        (
            "missing field `title` at line 1 column 1",
            None,
            Kind::MissingField("title".into()),
        ),
        (
            "[1]: duplicate field `action` at line 3 column 3",
            Some("[1]"),
            Kind::DuplicateField("action".into()),
        ),
        (
            "[2].deadlines[0]: `31/13/2027` is not a date planpress can read: there is no month 13 at line 9 column 7",
            Some("[2].deadlines[0]"),
            Kind::Custom(
                "`31/13/2027` is not a date planpress can read: there is no month 13".into(),
            ),
        ),
        (
            "did not find expected key at line 10 column 10, while parsing a block mapping at line 1 column 1",
            None,
            Kind::Syntax("did not find expected key, while parsing a block mapping".into()),
        ),
        (
            "found character that cannot start any token at line 2 column 1, while scanning for the next token at line 2 column 1",
            None,
            Kind::Syntax(
                "found character that cannot start any token, while scanning for the next token"
                    .into(),
            ),
        ),
        (
            "recursion limit exceeded at line 1 column 130",
            None,
            Kind::Syntax("recursion limit exceeded".into()),
        ),
    ]);
}

const PROGRAMMER_WORDS: &[&str] = &[
    "f64",
    "u32",
    "i32",
    "struct",
    "a sequence",
    "a map ",
    "[0]",
    "[1]",
    "[2]",
    ".deadlines",
    "invalid type",
    "Raw",
];

fn assert_plain(d: &Diagnostic) {
    let all = format!(
        "{} {} {}",
        d.message,
        d.expected.as_deref().unwrap_or(""),
        d.hint.as_deref().unwrap_or("")
    );
    for word in PROGRAMMER_WORDS {
        assert!(!all.contains(word), "`{word}` in {all}");
    }
}

#[test]
fn every_problem_of_a_list_is_reported_with_its_entry() {
    let text = "\
- id: first
  value: 1
  colour: red
- id: second
  value: 5% more families
- id: third
  value: 3
  deadlines:
    - label: soon
      due: 31/13/2027
- id: fourth
  value: 4
  count: -3
";
    let all = errors::<Vec<Entry>>(text, 0);
    let messages: Vec<&str> = all.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "unknown key `colour` in the 1st KPI (`first`)",
            "the 2nd KPI (`second`), `value`: `5% more families` is not a number",
            "the 3rd KPI (`third`), deadline 1: `31/13/2027` is not a date planpress can read: there is no month 13; months run from 1 to 12",
            "the 4th KPI (`fourth`), `count`: `-3` is not a whole number",
        ],
        "{all:#?}"
    );
    assert_eq!(all.iter().map(line).collect::<Vec<_>>(), [3, 5, 10, 13]);
    let date = all[2].location.as_ref().unwrap();
    assert_eq!(date.column(), 12);
    assert_eq!(&text[date.span.clone()], "31/13/2027");
    assert_eq!(
        all[1].expected.as_deref(),
        Some("a number, such as 80 or 72.5")
    );
    for d in &all {
        assert_plain(d);
    }
}

#[test]
fn a_key_blanked_out_is_not_reported_missing() {
    // `value` is required: blanking the wrong one must not make it missing,
    // and blanking the only deadline's `due` must not make the list empty.
    let text = "\
- id: a
  value: lots
  deadlines:
    - due: someday
- id: b
";
    let all = errors::<Vec<Entry>>(text, 0);
    let messages: Vec<&str> = all.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages.len(), 3, "{all:#?}");
    assert!(
        messages[0].contains("`lots` is not a number"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("`someday` is not a date"),
        "{messages:?}"
    );
    assert_eq!(messages[2], "missing key `value` in the 2nd KPI (`b`)");
}

#[test]
fn a_misspelt_required_key_is_not_also_reported_missing() {
    let all = errors::<Doc>("titel: a\nweight: x\n", 0);
    let messages: Vec<&str> = all.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["unknown key `titel`", "`weight`: `x` is not a whole number"]
    );
}

#[test]
fn a_first_key_on_the_dash_line_can_be_blanked() {
    let text = "- idd: a\n  value: x\n  id: a\n";
    let all = errors::<Vec<Entry>>(text, 0);
    let messages: Vec<&str> = all.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "unknown key `idd` in the 1st KPI (`a`)",
            "the 1st KPI (`a`), `value`: `x` is not a number",
        ],
        "{all:#?}"
    );
}

#[test]
fn a_genuinely_missing_key_is_still_reported() {
    let all = errors::<Vec<Entry>>("- id: a\n  value: 1\n  deadlines:\n    - label: x\n", 0);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(
        all[0].message,
        "missing key `due` in the 1st KPI (`a`), deadline 1"
    );
    assert_eq!(line(&all[0]), 4);
}

#[test]
fn recovery_stops_at_the_bound() {
    let mut text = String::new();
    for i in 0..80 {
        text.push_str(&format!("- id: k{i}\n  value: x\n"));
    }
    assert_eq!(errors::<Vec<Entry>>(&text, 0).len(), MAX_PROBLEMS);
}

#[test]
fn blanking_keeps_lines_and_columns() {
    let mut blank = Blanked::new("a: 1\nb: é x\n  c: 2\nd: 3\n");
    assert!(blank.entry(8));
    assert_eq!(blank.text, "a: 1\n       \n      \nd: 3\n");
    assert_eq!(blank.keys[0].name, "b");
}

mod adapters;
