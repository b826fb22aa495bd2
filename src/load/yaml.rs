//! The only module that calls serde_yaml.
//!
//! serde_yaml is archived upstream; keeping every call here means a maintained
//! fork can replace it by changing this file alone. It turns parser errors into
//! [`Diagnostic`]s that point at the file, line and column (counted from the top
//! of the file, front matter included), name what was expected, and suggest the
//! closest known key for a misspelt one.

use serde::de::DeserializeOwned;

use crate::diagnostics::{Code, Diagnostic, SourceFile};

/// Parses `yaml`, which starts at byte `yaml_start` of `file`, into a `T`.
pub fn parse<T: DeserializeOwned>(
    file: &SourceFile,
    yaml_start: usize,
    yaml: &str,
) -> Result<T, Box<Diagnostic>> {
    // An empty document is an empty mapping, so that missing fields are named.
    let yaml = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(yaml).map_err(|err| {
        let offset = err.location().map_or(0, |l| l.index());
        Box::new(to_diagnostic(file, yaml_start + offset, &err.to_string()))
    })
}

/// Serializes a value as YAML (used by `init` and the benchmark generator).
pub fn to_string<T: serde::Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).expect("plain data always serializes to YAML")
}

/// Builds the diagnostic for a serde_yaml error message found at `offset`.
fn to_diagnostic(file: &SourceFile, offset: usize, full_message: &str) -> Diagnostic {
    let (field_path, message) = split_message(full_message);
    let span = offset..offset + token_len(&file.text, offset);
    let field_path = field_path.map(|p| p.trim_start_matches('.'));
    let where_ = field_path
        .map(|p| format!(" (at `{p}`)"))
        .unwrap_or_default();
    let ticked = backticked(&message);

    if message.starts_with("unknown field") || message.starts_with("unknown variant") {
        let is_field = message.starts_with("unknown field");
        let (unknown, expected) = ticked
            .split_first()
            .map_or(("", &[][..]), |(u, e)| (u.as_str(), e));
        let what = if is_field { "key" } else { "value" };
        let mut d = Diagnostic::error(
            if is_field {
                Code::UnknownField
            } else {
                Code::InvalidValue
            },
            format!("unknown {what} `{unknown}`{where_}"),
        )
        .at(file, span);
        if expected.is_empty() {
            d = d.expected("no keys here");
        } else {
            d = d.expected(format!("one of {}", join_ticked(expected)));
        }
        return match did_you_mean(unknown, expected) {
            Some(best) => d.hint(format!("did you mean `{best}`?")),
            None if is_field => {
                d.hint("remove this key, or check the README for the keys this file takes")
            }
            None => d,
        };
    }
    if message.starts_with("missing field") {
        let field = ticked.first().cloned().unwrap_or_default();
        let at = match field_path {
            Some(p) => format!(" in `{p}`"),
            None => String::new(),
        };
        return Diagnostic::error(Code::MissingField, format!("missing field `{field}`{at}"))
            .at(file, offset..offset + 1)
            .expected(format!("a `{field}:` key in this mapping"))
            .hint(format!(
                "add `{field}: ...`; the README lists what each file needs"
            ));
    }
    if message.contains("is not a date planpress can read") {
        // serde_yaml marks the enclosing mapping; point at the value itself.
        let value = ticked.first().map(String::as_str).unwrap_or_default();
        let span = match file.text.get(offset..).and_then(|rest| rest.find(value)) {
            Some(i) if !value.is_empty() => offset + i..offset + i + value.len(),
            _ => span,
        };
        let (head, reason) = message.split_once(": ").unwrap_or((&message, ""));
        let (message, expected) = match reason.strip_prefix("expected ") {
            Some(forms) => (head.to_string(), forms.to_string()),
            None => (
                format!("{head}: {reason}"),
                "a date that exists on the calendar".to_string(),
            ),
        };
        return Diagnostic::error(Code::InvalidValue, format!("{message}{where_}"))
            .at(file, span)
            .expected(expected)
            .hint("write dates as day/month/year, as in 31/07/2026, or year-month-day, as in 2026-07-31");
    }
    if message.starts_with("invalid type")
        || message.starts_with("invalid value")
        || message.starts_with("invalid length")
    {
        let expected = message
            .split_once(", expected ")
            .map(|(_, e)| e.to_string());
        let mut d =
            Diagnostic::error(Code::InvalidValue, format!("{message}{where_}")).at(file, span);
        if let Some(e) = expected {
            d = d.expected(e);
        }
        if message.contains("expected a sequence") {
            d = d.hint("write a list with one `- item` per line");
        }
        return d;
    }
    Diagnostic::error(Code::YamlSyntax, format!("YAML syntax error: {message}"))
        .at(file, offset..offset + 1)
        .hint("check the indentation and that every `key: value` pair has a colon and a space; quote text that contains `: ` or starts with a special character")
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

/// The words between backticks in a message.
fn backticked(message: &str) -> Vec<String> {
    message
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn join_ticked(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The closest candidate to `word`, if it is close enough to be a typo.
pub fn did_you_mean<'a>(word: &str, candidates: &'a [String]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&word.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(distance, c)| *distance <= 2.max(c.len() / 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c.as_str())
}

/// The length of the key or scalar at `offset`, for the caret's width.
fn token_len(text: &str, offset: usize) -> usize {
    let rest = text.get(offset..).unwrap_or("");
    let line = rest.lines().next().unwrap_or("");
    let end = line
        .find(": ")
        .or_else(|| line.strip_suffix(':').map(str::len))
        .unwrap_or(line.trim_end().len());
    end.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        weight: Option<i32>,
    }

    fn error_for(text: &str, start: usize) -> Diagnostic {
        let file = SourceFile::new("page.md", text);
        *parse::<Doc>(&file, start, &text[start..]).unwrap_err()
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
        assert_eq!(d.message, "missing field `title`");
    }

    #[test]
    fn syntax_error_line_counts_from_top_of_file() {
        let d = error_for("---\ntitle: a\n\tweight: 2\n---\n", 4);
        assert_eq!(d.code, Code::YamlSyntax);
        assert!(d.location.unwrap().line() >= 2);
    }

    #[test]
    fn wrong_type_says_what_was_expected() {
        let d = error_for("title: a\nweight: heavy\n", 0);
        assert_eq!(d.code, Code::InvalidValue);
        assert_eq!(d.location.unwrap().line(), 2);
        assert!(d.expected.unwrap().contains("i32"));
    }

    #[test]
    fn did_you_mean_ignores_distant_words() {
        let keys = vec!["title".to_string(), "summary".to_string()];
        assert_eq!(did_you_mean("sumary", &keys), Some("summary"));
        assert_eq!(did_you_mean("colour", &keys), None);
    }
}
