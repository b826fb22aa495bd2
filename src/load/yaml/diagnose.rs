//! One [`Problem`] turned into a [`Diagnostic`] in plain words, with a
//! small function per [`Kind`]. No serde_yaml call here: the kind, its path
//! and serde_yaml's offset come in.

use std::ops::Range;

use super::recover::{Blanked, BlankedKey};
use super::typed::{child, Described, Got, Kind};
use super::wording::{item_of, join_ticked, plain_type};
use super::{Context, Found, Recover};
use crate::diagnostics::{did_you_mean, ordinal, Code, Diagnostic};

/// The words our date parser puts in its message.
const BAD_DATE: &str = "is not a date planpress can read";

const DATE_HINT: &str =
    "write dates as day/month/year, as in 31/07/2026, or year-month-day, as in 2026-07-31";

/// For the deadline forms (`due:`, a target's `by:`), which words can replace.
const DEADLINE_HINT: &str = "write dates as 31/07/2026 or 2026-07-31; a deadline in words goes under `when:` instead of `due:` (and a target's date in words, in the target's own words)";

const SYNTAX_HINT: &str = "check the indentation and that every `key: value` pair has a colon and a space; quote text that contains `: ` or starts with a special character";

/// One problem serde_yaml reported.
#[derive(Debug)]
pub(super) struct Problem {
    pub(super) kind: Kind,
    /// The path serde_yaml gives (`[2].deadlines[0]`), when it gives one.
    pub(super) path: Option<String>,
    /// The path of the value itself, when the kind came as data.
    pub(super) node: Option<String>,
    /// The offset in the YAML that serde_yaml points at.
    pub(super) at: usize,
}

/// Where a problem is.
struct Where<'a> {
    /// Where it is, in words: "the 3rd action (`x`), `due`".
    place: Option<String>,
    /// The offset in the YAML that serde_yaml points at.
    at: usize,
    /// The problem's paths.
    path: Option<&'a str>,
    node: Option<&'a str>,
}

impl Where<'_> {
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
    /// Turns one problem into a diagnostic, and says how to parse on past it.
    pub(super) fn diagnose(&self, problem: &Problem, blank: &Blanked) -> Found {
        let m = Where {
            place: problem
                .path
                .as_deref()
                .and_then(|p| self.place(p, problem.at)),
            at: problem.at,
            path: problem.path.as_deref(),
            node: problem.node.as_deref(),
        };
        match &problem.kind {
            Kind::UnknownField { field, expected } => {
                self.unknown(&m, (field, expected), true, blank)
            }
            Kind::UnknownVariant { variant, expected } => {
                self.unknown(&m, (variant, expected), false, blank)
            }
            Kind::MissingField(field) => self.missing(&m, field),
            Kind::DuplicateField(field) => self.duplicate(&m, field, blank),
            Kind::InvalidType { found, expected } | Kind::InvalidValue { found, expected } => {
                self.wrong_type(&m, found, expected)
            }
            Kind::InvalidLength(text) => self.invalid_length(&m, text),
            Kind::Custom(text) => self.refused(&m, text, blank),
            Kind::Syntax(text) => self.syntax(&m, text),
        }
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
    fn unknown(
        &self,
        m: &Where,
        (unknown, expected): (&str, &[String]),
        is_field: bool,
        blank: &Blanked,
    ) -> Found {
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
    fn missing(&self, m: &Where, field: &str) -> Found {
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
            missing: Some(field.to_string()),
            ..Found::new(d, Recover::Mapping(m.at))
        }
    }

    /// A key given twice in one mapping, shown at the second one (found by
    /// its path in the YAML parser's index of the text).
    fn duplicate(&self, m: &Where, field: &str, blank: &Blanked) -> Found {
        let second = m.path.and_then(|path| {
            let index = blank.index();
            let node = index.nth(&child(path, field), 1)?;
            node.key.as_ref().map(|k| k.start)
        });
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
    fn wrong_type(&self, m: &Where, found: &Got, expected: &str) -> Found {
        let short = plain_type(expected);
        let text = match found {
            Got::Scalar(v) => format!("`{v}` is not {}", short.short),
            Got::Empty => format!("no value is given; it needs {}", short.short),
            Got::Other(o) => {
                let o = match o {
                    Described::List => "a list",
                    Described::Mapping => "a mapping",
                    Described::Words(w) => w,
                };
                format!("this is {o}, not {}", short.short)
            }
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
    fn invalid_length(&self, m: &Where, text: &str) -> Found {
        let d = Diagnostic::error(Code::InvalidValue, format!("{}{text}", m.prefix()))
            .at(self.file, self.span(m.at));
        Found::new(d, Recover::Entry(m.at))
    }

    /// A value our own types refused, such as a date, in their words.
    /// serde_yaml marks the enclosing mapping; point at the value itself,
    /// found by its path in the YAML parser's index of the text (inside
    /// its quotes, if it has them).
    fn refused(&self, m: &Where, message: &str, blank: &Blanked) -> Found {
        let at = m.at;
        let value = m.node.and_then(|node| {
            let span = blank.index().get(node)?.value.clone();
            let written = blank.text.get(span.clone())?;
            let quoted = written.len() >= 2
                && (written.starts_with('"') && written.ends_with('"')
                    || written.starts_with('\'') && written.ends_with('\''));
            Some(match quoted {
                true => span.start + 1..span.end - 1,
                false => span,
            })
        });
        let (span, recover) = match value {
            Some(v) if !v.is_empty() => (
                self.start + v.start..self.start + v.end,
                Recover::Entry(v.start),
            ),
            _ => (self.span(at), Recover::Mapping(at)),
        };
        let d = if message.contains(BAD_DATE) {
            let (text, expected) = bad_date_words(message);
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
            Diagnostic::error(Code::InvalidValue, format!("{}{message}", m.prefix()))
                .at(self.file, span)
        };
        Found::new(d, recover)
    }

    /// Anything else: the YAML itself does not read.
    fn syntax(&self, m: &Where, text: &str) -> Found {
        let d = Diagnostic::error(Code::YamlSyntax, format!("YAML syntax error: {text}"))
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
    /// its `id` when it has one: both from the YAML parser's index of that text.
    fn entry(&self, at: usize) -> Option<String> {
        let index = self.original_index();
        let mut found = None;
        let mut n = 0;
        while let Some(node) = index.get(&format!("[{n}]")) {
            if node.value.start > at {
                break;
            }
            found = Some(n);
            n += 1;
        }
        let n = found?;
        let id = index
            .get(&format!("[{n}].id"))
            .and_then(|id| id.scalar.clone())
            .filter(|id| !id.is_empty());
        let mut words = format!("the {} {}", ordinal(n + 1), self.noun);
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
