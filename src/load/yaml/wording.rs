//! serde's words in plain words: the types it names and the paths it gives;
//! and the reading of serde_yaml's own messages: [`classify`] for its own
//! errors, [`path_before`] for the path it puts on ours.

use super::typed::{Described, Got, Kind};

/// `` `deadlines` `` with index 0 becomes "deadline 1".
pub(super) fn item_of(field: &str, index: usize) -> String {
    let name = field.trim_matches('`');
    match name.strip_suffix('s') {
        Some(single) if !single.ends_with('s') && !single.is_empty() => {
            format!("{} {}", single.replace('_', " "), index + 1)
        }
        _ => format!("`{name}` entry {}", index + 1),
    }
}

/// A type serde names (`f64`, `a sequence`, `struct RawKpi`), in words.
#[derive(Debug, PartialEq)]
pub(super) struct Wording {
    /// For the message: "a number".
    pub(super) short: String,
    /// For `expected:`: "a number, such as 80 or 72.5".
    pub(super) full: String,
    pub(super) hint: Option<&'static str>,
}

pub(super) fn plain_type(expected: &str) -> Wording {
    let words = |short: &str, full: &str, hint: Option<&'static str>| Wording {
        short: short.to_string(),
        full: full.to_string(),
        hint,
    };
    match expected {
        "f64" | "f32" => words(
            "a number",
            "a number, such as 80 or 72.5",
            Some("write the number alone, without units or words (a KPI's unit goes in `unit:`)"),
        ),
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => words(
            "a whole number",
            "a whole number, 0 or more, such as 3",
            Some("write digits only, without a decimal point"),
        ),
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => words(
            "a whole number",
            "a whole number, such as 10 or -5",
            Some("write digits only, without a decimal point"),
        ),
        "a boolean" => words("true or false", "true or false", Some("write `true` or `false`")),
        "a string" | "a borrowed string" | "string" | "a character" | "char" => words(
            "text",
            "text",
            Some("if this is meant as text, put it in quotes: text starting with `[`, `{`, `- ` or holding `: ` otherwise reads as a list or a mapping"),
        ),
        "a sequence" => words(
            "a list",
            "a list (one `- item` per line)",
            Some("write a list with one `- item` per line, indented under its key"),
        ),
        "a map" => words(
            "a mapping",
            "a mapping (`key: value` lines)",
            Some("write `key: value` lines, indented under its key"),
        ),
        e if e.starts_with("struct ") => words(
            "a mapping",
            "a mapping (`key: value` lines)",
            Some("write `key: value` lines, indented under its key"),
        ),
        e if e.starts_with("enum ") => words(
            "one of the words this key takes",
            "one of the words this key takes (the README lists them)",
            None,
        ),
        other => words(other, other, None),
    }
}

/// An error serde_yaml made itself, from its message: the YAML does not
/// read, or a value is not of the type serde_yaml was asked for (`invalid
/// type: string "x", expected f64`), as a [`Kind`], with the path the
/// message gives. This is the one place that reads serde_yaml's words:
/// errors made by `Deserialize` impls arrive as data (see `typed`). It
/// reads their forms too, so that one that came some other way is still
/// understood.
pub(super) fn classify(full: &str) -> (Option<String>, Kind) {
    let (path, text) = split_message(full);
    let path = path.map(str::to_string);
    let ticked = backticked(&text);
    let first = || ticked.first().cloned().unwrap_or_default();
    let rest = || ticked.iter().skip(1).cloned().collect::<Vec<_>>();
    let kind = if text.starts_with("unknown field") {
        Kind::UnknownField {
            field: first(),
            expected: rest(),
        }
    } else if text.starts_with("unknown variant") {
        Kind::UnknownVariant {
            variant: first(),
            expected: rest(),
        }
    } else if text.starts_with("missing field") {
        Kind::MissingField(first())
    } else if text.starts_with("duplicate field") {
        Kind::DuplicateField(first())
    } else if let Some((found, expected)) = type_error(&text, "invalid type: ") {
        Kind::InvalidType { found, expected }
    } else if let Some((found, expected)) = type_error(&text, "invalid value: ") {
        Kind::InvalidValue { found, expected }
    } else if text.starts_with("invalid length") {
        Kind::InvalidLength(text)
    } else if !ticked.is_empty() && text.starts_with('`') {
        Kind::Custom(text)
    } else {
        Kind::Syntax(text)
    };
    (path, kind)
}

/// The path serde_yaml's message `full` puts before our words `ours`
/// (`[2].deadlines[0]: ...`): the path serde_yaml reports, which for a value
/// refused after it was read is the list or mapping that holds it. `None`
/// at the top of the document, where serde_yaml gives none.
pub(super) fn path_before(full: &str, ours: &str) -> Option<String> {
    let at = full.find(&format!(": {ours}"))?;
    (!full.starts_with(ours)).then(|| full[..at].to_string())
}

/// `invalid type: string "x", expected f64` as (`x`, `f64`).
fn type_error(message: &str, prefix: &str) -> Option<(Got, String)> {
    let (found, expected) = message.strip_prefix(prefix)?.rsplit_once(", expected ")?;
    Some((plain_found(found), expected.to_string()))
}

/// What serde says it found (`string "x"`, `integer `3``, `map`), as data.
fn plain_found(found: &str) -> Got {
    if let Some(s) = found.strip_prefix("string ") {
        let s = s
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or(s);
        return Got::Scalar(s.replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    for prefix in ["integer ", "floating point ", "boolean ", "character "] {
        if let Some(v) = found.strip_prefix(prefix) {
            return Got::Scalar(v.trim_matches(['`', '\'']).to_string());
        }
    }
    match found {
        "unit value" | "unit" => Got::Empty,
        "sequence" => Got::Other(Described::List),
        "map" => Got::Other(Described::Mapping),
        other => Got::Other(Described::Words(other.to_string())),
    }
}

/// The words between backticks in a message.
fn backticked(message: &str) -> Vec<String> {
    message
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// Splits serde_yaml's `path: message at line L column C` into path and message.
fn split_message(full: &str) -> (Option<&str>, String) {
    let (body, context) = match full.find(" at line ") {
        Some(i) => {
            let rest = &full[i..];
            let context = rest.find(", while ").map(|j| &rest[j..]);
            (&full[..i], context)
        }
        None => (full, None),
    };
    let context = context
        .map(|c| c.split(" at line ").next().unwrap_or(c))
        .unwrap_or("");
    // A path such as `[2].deadlines[0].due` comes first, then ": ".
    if let Some((path, message)) = body.split_once(": ") {
        let looks_like_path = !path.contains(' ') && !path.is_empty();
        if looks_like_path {
            return (Some(path), format!("{message}{context}"));
        }
    }
    (None, format!("{body}{context}"))
}

pub(super) fn join_ticked(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
