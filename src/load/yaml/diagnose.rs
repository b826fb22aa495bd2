//! One serde_yaml message, as text, turned into a [`Diagnostic`] in plain
//! words, with a small function per kind of error. No serde_yaml call here:
//! only its messages and offsets come in.

use std::ops::Range;

use super::recover::{Blanked, BlankedKey};
use super::wording::{
    backticked, item_of, join_ticked, plain_found, plain_type, split_message, type_error, Value,
};
use super::{Context, Found, Recover};
use crate::diagnostics::{did_you_mean, ordinal, Code, Diagnostic};

/// The words our date parser puts in its message.
const BAD_DATE: &str = "is not a date planpress can read";

const DATE_HINT: &str =
    "write dates as day/month/year, as in 31/07/2026, or year-month-day, as in 2026-07-31";

/// For the deadline forms (`due:`, a target's `by:`), which words can replace.
const DEADLINE_HINT: &str = "write dates as 31/07/2026 or 2026-07-31; a deadline in words goes under `when:` instead of `due:` (and a target's date in words, in the target's own words)";

const SYNTAX_HINT: &str = "check the indentation and that every `key: value` pair has a colon and a space; quote text that contains `: ` or starts with a special character";

/// One serde_yaml message, taken apart.
struct Message {
    /// What serde says, without the path and the position.
    text: String,
    /// The words between backticks in `text`.
    ticked: Vec<String>,
    /// Where it is, in words: "the 3rd action (`x`), `due`".
    place: Option<String>,
    /// The offset in the YAML that serde_yaml points at.
    at: usize,
}

impl Message {
    /// " in <place>", for the end of a message.
    fn in_place(&self) -> String {
        self.place
            .as_ref()
            .map(|p| format!(" in {p}"))
            .unwrap_or_default()
    }

    /// "<place>: ", for the start of a message.
    fn prefix(&self) -> String {
        self.place
            .as_ref()
            .map(|p| format!("{p}: "))
            .unwrap_or_default()
    }
}

impl Found {
    fn new(diagnostic: Diagnostic, recover: Recover) -> Self {
        Found {
            diagnostic,
            recover,
            missing: None,
            alias: None,
        }
    }
}

impl Context<'_> {
    /// Turns serde_yaml's message about offset `at` (in the YAML) into a diagnostic.
    pub(super) fn diagnose(&self, full_message: &str, at: usize, blank: &Blanked) -> Found {
        let (path, text) = split_message(full_message);
        let m = Message {
            ticked: backticked(&text),
            place: path.and_then(|p| self.place(p, at)),
            text,
            at,
        };
        let text = m.text.as_str();
        if text.starts_with("unknown field") || text.starts_with("unknown variant") {
            return self.unknown(&m, blank);
        }
        if text.starts_with("missing field") {
            return self.missing(&m);
        }
        if text.starts_with("duplicate field") {
            return self.duplicate(&m, blank);
        }
        if let Some((found, expected)) = type_error(text) {
            return self.wrong_type(&m, found, expected);
        }
        if text.starts_with("invalid length") {
            return self.invalid_length(&m);
        }
        if !m.ticked.is_empty() && text.starts_with('`') {
            return self.refused(&m, blank);
        }
        self.syntax(&m)
    }

    /// The key or scalar at `at` (in the YAML), as a span of the file.
    fn span(&self, at: usize) -> Range<usize> {
        let start = self.start + at;
        start..start + token_len(self.original, at)
    }

    /// The one character at `at` (in the YAML), as a span of the file.
    fn point(&self, at: usize) -> Range<usize> {
        self.start + at..self.start + at + 1
    }

    /// An unknown key, or a value that is not one of the words its key takes.
    fn unknown(&self, m: &Message, blank: &Blanked) -> Found {
        let is_field = m.text.starts_with("unknown field");
        let (unknown, expected) = m
            .ticked
            .split_first()
            .map_or(("", &[][..]), |(u, e)| (u.as_str(), e));
        let (what, code) = if is_field {
            ("key", Code::UnknownField)
        } else {
            ("value", Code::InvalidValue)
        };
        let d = Diagnostic::error(code, format!("unknown {what} `{unknown}`{}", m.in_place()))
            .at(self.file, self.span(m.at));
        let d = if expected.is_empty() {
            d.expected("no keys here")
        } else {
            d.expected(format!("one of {}", join_ticked(expected)))
        };
        let best = did_you_mean(unknown, expected);
        let d = match best {
            Some(best) => d.hint(format!("did you mean `{best}`?")),
            None if is_field => {
                d.hint("remove this key, or check the README for the keys this file takes")
            }
            None => d,
        };
        // The key it was meant to be is then missing only because of the typo.
        let alias = best.filter(|_| is_field).map(|best| {
            let (line, col) = blank.key_place(m.at);
            BlankedKey {
                name: best.to_string(),
                line,
                col,
            }
        });
        Found {
            alias,
            ..Found::new(d, Recover::Entry(m.at))
        }
    }

    /// A required key that is not there; serde_yaml points at the end of
    /// its mapping, this points at where the mapping starts.
    fn missing(&self, m: &Message) -> Found {
        let field = m.ticked.first().cloned().unwrap_or_default();
        let d = Diagnostic::error(
            Code::MissingField,
            format!("missing key `{field}`{}", m.in_place()),
        )
        .at(self.file, self.point(m.at))
        .expected(format!("a `{field}:` key in this mapping"))
        .hint(format!(
            "add `{field}: ...`; the README lists what each file needs"
        ));
        Found {
            missing: Some(field),
            ..Found::new(d, Recover::Mapping(m.at))
        }
    }

    /// A key given twice in one mapping, shown at the second one.
    fn duplicate(&self, m: &Message, blank: &Blanked) -> Found {
        let field = m.ticked.first().cloned().unwrap_or_default();
        let second = blank.second_key(m.at, &field);
        let d = Diagnostic::error(
            Code::InvalidValue,
            format!("the key `{field}` is given twice{}", m.in_place()),
        )
        .at(self.file, self.span(second.unwrap_or(m.at)))
        .expected(format!("one `{field}:` in this mapping"))
        .hint("remove one of them");
        Found::new(d, second.map_or(Recover::Mapping(m.at), Recover::Entry))
    }

    /// A value of the wrong type: text where a number goes, and so on.
    fn wrong_type(&self, m: &Message, found: &str, expected: &str) -> Found {
        let short = plain_type(expected);
        let text = match plain_found(found) {
            Value::Scalar(v) => format!("`{v}` is not {}", short.short),
            Value::Empty => format!("no value is given; it needs {}", short.short),
            Value::Other(o) => format!("this is {o}, not {}", short.short),
        };
        let mut d = Diagnostic::error(Code::InvalidValue, format!("{}{text}", m.prefix()))
            .at(self.file, self.span(m.at))
            .expected(short.full);
        if let Some(hint) = short.hint {
            d = d.hint(hint);
        }
        Found::new(d, Recover::Entry(m.at))
    }

    /// A list or mapping of the wrong length, in serde's own words.
    fn invalid_length(&self, m: &Message) -> Found {
        let d = Diagnostic::error(Code::InvalidValue, format!("{}{}", m.prefix(), m.text))
            .at(self.file, self.span(m.at));
        Found::new(d, Recover::Entry(m.at))
    }

    /// A value our own types refused, such as a date. serde_yaml marks the
    /// enclosing mapping; point at the value itself.
    fn refused(&self, m: &Message, blank: &Blanked) -> Found {
        let (value, at) = (m.ticked[0].as_str(), m.at);
        let value_at = blank.text.get(at..).and_then(|rest| rest.find(value));
        let (span, recover) = match value_at {
            Some(i) if !value.is_empty() => {
                let start = self.start + at + i;
                (start..start + value.len(), Recover::Entry(at + i))
            }
            _ => (self.span(at), Recover::Mapping(at)),
        };
        let d = if m.text.contains(BAD_DATE) {
            let (text, expected) = bad_date_words(&m.text);
            // Only the deadline forms list `ongoing`.
            let hint = if expected.contains("ongoing") {
                DEADLINE_HINT
            } else {
                DATE_HINT
            };
            Diagnostic::error(Code::InvalidValue, format!("{}{text}", m.prefix()))
                .at(self.file, span)
                .expected(expected)
                .hint(hint)
        } else {
            Diagnostic::error(Code::InvalidValue, format!("{}{}", m.prefix(), m.text))
                .at(self.file, span)
        };
        Found::new(d, recover)
    }

    /// Anything else: the YAML itself does not read.
    fn syntax(&self, m: &Message) -> Found {
        let d = Diagnostic::error(Code::YamlSyntax, format!("YAML syntax error: {}", m.text))
            .at(self.file, self.point(m.at))
            .hint(SYNTAX_HINT);
        Found::new(d, Recover::Entry(m.at))
    }

    /// A serde path such as `[2].deadlines[0].due`, in words:
    /// "the 3rd action (`send-sufficiency`), deadline 1, `due`".
    fn place(&self, path: &str, at: usize) -> Option<String> {
        let mut parts = Vec::new();
        let mut rest = path.trim_start_matches('.');
        let mut first = true;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('[') {
                let end = after.find(']')?;
                let index: usize = after[..end].parse().ok()?;
                rest = after[end + 1..].trim_start_matches('.');
                if first {
                    parts
                        .push(self.entry(at).unwrap_or_else(|| {
                            format!("the {} {}", ordinal(index + 1), self.noun)
                        }));
                } else if let Some(last) = parts.pop() {
                    parts.push(item_of(&last, index));
                }
            } else {
                let end = rest.find(['.', '[']).unwrap_or(rest.len());
                parts.push(format!("`{}`", &rest[..end]));
                rest = rest[end..].trim_start_matches('.');
            }
            first = false;
        }
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// The top-level entry of a list file that holds offset `at`, counted in
    /// the text as written (so entries blanked out earlier still count), with
    /// its `id` when it has one.
    fn entry(&self, at: usize) -> Option<String> {
        let mut index = 0;
        let mut entry_start = None;
        let mut offset = 0;
        for line in self.original.split_inclusive('\n') {
            if offset > at {
                break;
            }
            if line.starts_with('-') {
                index += 1;
                entry_start = Some(offset);
            }
            offset += line.len();
        }
        let entry_start = entry_start?;
        let mut id = None;
        for (n, line) in self.original[entry_start..]
            .split_inclusive('\n')
            .enumerate()
        {
            if n > 0 && !line.starts_with([' ', '\n', '\r', '#']) {
                break;
            }
            let content = line.get(2..).unwrap_or("");
            if line.starts_with("- ") || line.starts_with("  ") {
                if let Some(value) = content.strip_prefix("id:") {
                    let value = value.trim().trim_matches(['"', '\'']);
                    if !value.is_empty() {
                        id = Some(value.to_string());
                    }
                    break;
                }
            }
        }
        let mut words = format!("the {} {}", ordinal(index), self.noun);
        if let Some(id) = id {
            words.push_str(&format!(" (`{id}`)"));
        }
        Some(words)
    }
}

/// Our date parser's message split into the message and what was expected:
/// "`x` is not a date planpress can read: expected <forms>".
fn bad_date_words(message: &str) -> (String, String) {
    let (head, reason) = message.split_once(": ").unwrap_or((message, ""));
    match reason.strip_prefix("expected ") {
        Some(forms) => (head.to_string(), forms.to_string()),
        None => (
            format!("{head}: {reason}"),
            "a date that exists on the calendar".to_string(),
        ),
    }
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
