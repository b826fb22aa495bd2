//! The only module that calls serde_yaml.
//!
//! serde_yaml is archived upstream; keeping every call here means a maintained
//! fork can replace it by changing this file alone. It turns parser errors into
//! [`Diagnostic`]s that point at the file, line and column (counted from the top
//! of the file, front matter included), say in plain words what is wrong and
//! what was expected, and suggest the closest known key for a misspelt one.
//!
//! serde stops at the first error, so [`parse`] recovers around each one: it
//! blanks out the smallest YAML block holding the problem (spaces in place of
//! its characters, so every later line and column stays where it was) and
//! parses again, until the file parses or [`MAX_PROBLEMS`] were found.

use serde::de::DeserializeOwned;

use crate::diagnostics::{Code, Diagnostic, SourceFile};

/// How many problems one file reports at most.
pub const MAX_PROBLEMS: usize = 50;

/// Parses `yaml`, which starts at byte `yaml_start` of `file`, into a `T`,
/// or returns every problem in it. `noun` names one entry of a file that is
/// a list (`"action"`, `"KPI"`), for messages such as "the 3rd action".
pub fn parse<T: DeserializeOwned>(
    file: &SourceFile,
    yaml_start: usize,
    yaml: &str,
    noun: &str,
) -> Result<T, Vec<Diagnostic>> {
    let context = Context {
        file,
        start: yaml_start,
        original: yaml,
        noun,
    };
    // An empty document is an empty mapping, so that missing fields are named.
    if yaml.trim().is_empty() {
        return serde_yaml::from_str("{}").map_err(|err| {
            let blank = Blanked::new(yaml);
            vec![context.diagnose(&err.to_string(), 0, &blank).diagnostic]
        });
    }
    let mut blank = Blanked::new(yaml);
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    while diagnostics.len() < MAX_PROBLEMS {
        let err = match serde_yaml::from_str::<T>(&blank.text) {
            Ok(value) if diagnostics.is_empty() => return Ok(value),
            Ok(_) => break,
            Err(err) => err,
        };
        let offset = err.location().map_or(0, |l| l.index());
        let found = context.diagnose(&err.to_string(), offset, &blank);
        if found.diagnostic.code == Code::YamlSyntax {
            // A syntax error after blanking comes from the blanking itself:
            // serde_yaml reads the whole document before it fills a value.
            if !blank.changed {
                diagnostics.push(found.diagnostic);
            }
            break;
        }
        let suppressed = found
            .missing
            .as_deref()
            .is_some_and(|field| blank.was_blanked(field, offset));
        if !suppressed && !diagnostics.iter().any(|d| same(d, &found.diagnostic)) {
            diagnostics.push(found.diagnostic);
        }
        if let Some(alias) = found.alias {
            blank.keys.push(alias);
        }
        let progressed = match found.recover {
            Recover::Entry(at) => blank.entry(at),
            Recover::Mapping(at) => blank.mapping(at),
        };
        if !progressed || blank.text.trim().is_empty() {
            break;
        }
    }
    // Problems in the order of the file (a missing key is found only at the
    // end of its mapping, but is shown where the mapping starts).
    diagnostics.sort_by_key(|d| d.location.as_ref().map_or(0, |l| l.span.start));
    Err(diagnostics)
}

/// Serializes a value as YAML (used by `init` and the benchmark generator).
pub fn to_string<T: serde::Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).expect("plain data always serializes to YAML")
}

fn same(a: &Diagnostic, b: &Diagnostic) -> bool {
    a.message == b.message
        && a.location.as_ref().map(|l| l.span.clone())
            == b.location.as_ref().map(|l| l.span.clone())
}

/// What one file's messages need to know about it.
struct Context<'a> {
    file: &'a SourceFile,
    /// Where the YAML starts in the file (after a front matter's `---`).
    start: usize,
    /// The YAML as written, before any blanking.
    original: &'a str,
    noun: &'a str,
}

/// One serde_yaml error, in plain words, and how to parse on past it.
struct Found {
    diagnostic: Diagnostic,
    recover: Recover,
    /// For a missing field: its name, to tell whether blanking caused it.
    missing: Option<String>,
    /// For a misspelt key: the key it was probably meant to be, which is then
    /// missing only because of the misspelling.
    alias: Option<BlankedKey>,
}

/// What to blank out before parsing again (offsets into the YAML).
enum Recover {
    /// The line holding this offset from its key on, and the lines below
    /// indented deeper.
    Entry(usize),
    /// The whole mapping whose first key is at this offset.
    Mapping(usize),
}

impl Context<'_> {
    /// Turns serde_yaml's message about offset `at` (in the YAML) into a diagnostic.
    fn diagnose(&self, full_message: &str, at: usize, blank: &Blanked) -> Found {
        let (path, message) = split_message(full_message);
        let place = path.and_then(|p| self.place(p, at));
        let file = self.file;
        let start = self.start;
        let span = |at: usize| start + at..start + at + token_len(self.original, at);
        let ticked = backticked(&message);
        let found = |diagnostic, recover| Found {
            diagnostic,
            recover,
            missing: None,
            alias: None,
        };

        if message.starts_with("unknown field") || message.starts_with("unknown variant") {
            let is_field = message.starts_with("unknown field");
            let (unknown, expected) = ticked
                .split_first()
                .map_or(("", &[][..]), |(u, e)| (u.as_str(), e));
            let what = if is_field { "key" } else { "value" };
            let in_place = place.map(|p| format!(" in {p}")).unwrap_or_default();
            let code = if is_field {
                Code::UnknownField
            } else {
                Code::InvalidValue
            };
            let mut d = Diagnostic::error(code, format!("unknown {what} `{unknown}`{in_place}"))
                .at(file, span(at));
            d = if expected.is_empty() {
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
            let alias = best.filter(|_| is_field).map(|best| {
                let (line, col) = blank.key_place(at);
                BlankedKey {
                    name: best.to_string(),
                    line,
                    col,
                }
            });
            return Found {
                alias,
                ..found(d, Recover::Entry(at))
            };
        }
        if message.starts_with("missing field") {
            let field = ticked.first().cloned().unwrap_or_default();
            let in_place = place.map(|p| format!(" in {p}")).unwrap_or_default();
            let d = Diagnostic::error(
                Code::MissingField,
                format!("missing key `{field}`{in_place}"),
            )
            .at(file, start + at..start + at + 1)
            .expected(format!("a `{field}:` key in this mapping"))
            .hint(format!(
                "add `{field}: ...`; the README lists what each file needs"
            ));
            return Found {
                missing: Some(field),
                ..found(d, Recover::Mapping(at))
            };
        }
        if message.starts_with("duplicate field") {
            let field = ticked.first().cloned().unwrap_or_default();
            let second = blank.second_key(at, &field);
            let in_place = place.map(|p| format!(" in {p}")).unwrap_or_default();
            let d = Diagnostic::error(
                Code::InvalidValue,
                format!("the key `{field}` is given twice{in_place}"),
            )
            .at(file, span(second.unwrap_or(at)))
            .expected(format!("one `{field}:` in this mapping"))
            .hint("remove one of them");
            let recover = second.map_or(Recover::Mapping(at), Recover::Entry);
            return found(d, recover);
        }
        let prefix = place.map(|p| format!("{p}: ")).unwrap_or_default();
        if let Some((found_what, expected)) = type_error(&message) {
            let short = plain_type(expected);
            let text = match plain_found(found_what) {
                Value::Scalar(v) => format!("`{v}` is not {}", short.short),
                Value::Empty => format!("no value is given; it needs {}", short.short),
                Value::Other(o) => format!("this is {o}, not {}", short.short),
            };
            let mut d = Diagnostic::error(Code::InvalidValue, format!("{prefix}{text}"))
                .at(file, span(at))
                .expected(short.full);
            if let Some(hint) = short.hint {
                d = d.hint(hint);
            }
            return found(d, Recover::Entry(at));
        }
        if message.starts_with("invalid length") {
            let d = Diagnostic::error(Code::InvalidValue, format!("{prefix}{message}"))
                .at(file, span(at));
            return found(d, Recover::Entry(at));
        }
        if !ticked.is_empty() && message.starts_with('`') {
            // A value our own types refused, such as a date. serde_yaml marks
            // the enclosing mapping; point at the value itself.
            let value = ticked[0].as_str();
            let value_at = blank.text.get(at..).and_then(|rest| rest.find(value));
            let (d_span, recover) = match value_at {
                Some(i) if !value.is_empty() => (
                    start + at + i..start + at + i + value.len(),
                    Recover::Entry(at + i),
                ),
                _ => (span(at), Recover::Mapping(at)),
            };
            let mut d = Diagnostic::error(Code::InvalidValue, String::new()).at(file, d_span);
            if message.contains("is not a date planpress can read") {
                let (head, reason) = message.split_once(": ").unwrap_or((&message, ""));
                let (text, expected) = match reason.strip_prefix("expected ") {
                    Some(forms) => (head.to_string(), forms.to_string()),
                    None => (
                        format!("{head}: {reason}"),
                        "a date that exists on the calendar".to_string(),
                    ),
                };
                d.message = format!("{prefix}{text}");
                d = d.expected(expected).hint(
                    "write dates as day/month/year, as in 31/07/2026, or year-month-day, as in 2026-07-31",
                );
            } else {
                d.message = format!("{prefix}{message}");
            }
            return found(d, recover);
        }
        let d = Diagnostic::error(Code::YamlSyntax, format!("YAML syntax error: {message}"))
            .at(file, start + at..start + at + 1)
            .hint("check the indentation and that every `key: value` pair has a colon and a space; quote text that contains `: ` or starts with a special character");
        found(d, Recover::Entry(at))
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

/// `` `deadlines` `` with index 0 becomes "deadline 1".
fn item_of(field: &str, index: usize) -> String {
    let name = field.trim_matches('`');
    match name.strip_suffix('s') {
        Some(single) if !single.ends_with('s') && !single.is_empty() => {
            format!("{} {}", single.replace('_', " "), index + 1)
        }
        _ => format!("`{name}` entry {}", index + 1),
    }
}

/// "1st", "2nd", "3rd", "4th", ... "11th", "12th", "13th", "21st", "23rd".
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A type serde names (`f64`, `a sequence`, `struct RawKpi`), in words.
#[derive(Debug, PartialEq)]
struct Wording {
    /// For the message: "a number".
    short: String,
    /// For `expected:`: "a number, such as 80 or 72.5".
    full: String,
    hint: Option<&'static str>,
}

fn plain_type(expected: &str) -> Wording {
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

/// What serde says it found, in words.
#[derive(Debug, PartialEq)]
enum Value {
    /// A scalar, as written.
    Scalar(String),
    /// Nothing (`key:` with no value).
    Empty,
    /// A list or a mapping, described.
    Other(String),
}

fn plain_found(found: &str) -> Value {
    if let Some(s) = found.strip_prefix("string ") {
        let s = s
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or(s);
        return Value::Scalar(s.replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    for prefix in ["integer ", "floating point ", "boolean ", "character "] {
        if let Some(v) = found.strip_prefix(prefix) {
            return Value::Scalar(v.trim_matches(['`', '\'']).to_string());
        }
    }
    match found {
        "unit value" | "unit" => Value::Empty,
        "sequence" => Value::Other("a list".to_string()),
        "map" => Value::Other("a mapping".to_string()),
        other => Value::Other(other.to_string()),
    }
}

/// `invalid type: string "x", expected f64` as (`string "x"`, `f64`).
fn type_error(message: &str) -> Option<(&str, &str)> {
    let rest = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))?;
    rest.rsplit_once(", expected ")
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

fn line_at(text: &str, at: usize) -> Line {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    line_from(text, start)
}

fn line_from(text: &str, start: usize) -> Line {
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let body = &text[start..end];
    let indent = body.len() - body.trim_start_matches(' ').len();
    let mut content = indent;
    loop {
        let rest = &body[content..];
        if rest == "-" || rest.starts_with("- ") {
            content += 1;
            content += body[content..].len() - body[content..].trim_start_matches(' ').len();
        } else {
            break;
        }
    }
    Line {
        start,
        end,
        indent,
        content,
    }
}

/// Whether a line holds something for YAML (not blank, not only a comment).
fn has_content(text: &str, line: &Line) -> bool {
    let t = text[line.start..line.end].trim();
    !t.is_empty() && !t.starts_with('#')
}

/// A key that was blanked out: its name, the offset of its line and its column.
#[derive(Debug, Clone)]
struct BlankedKey {
    name: String,
    line: usize,
    col: usize,
}

/// The YAML with the blocks found wrong so far replaced by spaces.
struct Blanked {
    text: String,
    /// The text as written, for the shape of mappings whose keys were blanked.
    original: String,
    keys: Vec<BlankedKey>,
    changed: bool,
}

/// One line of the text: where it starts, ends (before `\n`), its indentation
/// and the column where its content starts after any `- `.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    indent: usize,
    content: usize,
}

impl Blanked {
    fn new(yaml: &str) -> Self {
        Blanked {
            text: yaml.to_string(),
            original: yaml.to_string(),
            keys: Vec::new(),
            changed: false,
        }
    }

    fn line_at(&self, at: usize) -> Line {
        line_at(&self.text, at)
    }

    fn line_from(&self, start: usize) -> Line {
        line_from(&self.text, start)
    }

    fn next_line(&self, line: Line) -> Option<Line> {
        (line.end < self.text.len()).then(|| self.line_from(line.end + 1))
    }

    fn previous_line(&self, line: Line) -> Option<Line> {
        (line.start > 0).then(|| self.line_at(line.start - 1))
    }

    fn body<'a>(&'a self, line: &Line) -> &'a str {
        &self.text[line.start..line.end]
    }

    /// A line with something for YAML on it (not blank, not only a comment).
    fn has_content(&self, line: &Line) -> bool {
        has_content(&self.text, line)
    }

    /// Only dashes left: a list item whose content was blanked.
    fn is_bare_dash(&self, line: &Line) -> bool {
        let t = self.body(line).trim();
        !t.is_empty() && t.chars().all(|c| c == '-' || c == ' ')
    }

    fn blank_range(&mut self, from: usize, to: usize) {
        if from < to && self.text[from..to].bytes().any(|b| b != b' ') {
            let spaces = " ".repeat(to - from);
            self.text.replace_range(from..to, &spaces);
            self.changed = true;
        }
    }

    /// The line and column of the key on the line holding `at`.
    fn key_place(&self, at: usize) -> (usize, usize) {
        let line = self.line_at(at);
        (line.start, line.content)
    }

    /// Records the key at the start of `line`'s content, if there is one.
    fn record_key(&mut self, line: Line) {
        let content = &self.text[line.start + line.content..line.end];
        if let Some((key, _)) = content.split_once(':') {
            let key = key.trim().trim_matches(['"', '\'']);
            if !key.is_empty() && !key.contains(' ') {
                self.keys.push(BlankedKey {
                    name: key.to_string(),
                    line: line.start,
                    col: line.content,
                });
            }
        }
    }

    /// Blanks the line holding `at` from its key on, and the lines below it
    /// indented deeper. Returns whether anything changed.
    fn entry(&mut self, at: usize) -> bool {
        let before = self.text.clone();
        let line = self.line_at(at);
        if !self.has_content(&line) {
            return false;
        }
        let col = if self.is_bare_dash(&line) {
            line.indent
        } else {
            line.content
        };
        self.record_key(line);
        self.blank_range(line.start + col, line.end);
        self.blank_below(line, |l| l.indent > col);
        self.tidy(line, col, false);
        self.text != before
    }

    /// Blanks the mapping whose first key is at `at`. A top-level mapping
    /// is the whole document: nothing is left to parse, so it is not blanked.
    fn mapping(&mut self, at: usize) -> bool {
        let before = self.text.clone();
        let line = self.line_at(at);
        let col = (at - line.start).min(line.end - line.start);
        if col == 0 && !self.is_bare_dash(&line) {
            return false;
        }
        self.blank_range(line.start + col, line.end);
        self.blank_below(line, |l| l.indent >= col);
        self.tidy(line, col, false);
        self.text != before
    }

    /// Blanks the lines after `line` while `inside` holds for them (blank
    /// and comment lines are passed over).
    fn blank_below(&mut self, line: Line, inside: impl Fn(&Line) -> bool) {
        let mut next = self.next_line(line);
        while let Some(l) = next {
            if self.has_content(&l) {
                if !inside(&l) {
                    break;
                }
                self.blank_range(l.start, l.end);
            }
            next = self.next_line(l);
        }
    }

    /// Whether any line after `line` has content while `inside` holds.
    fn has_below(&self, line: Line, inside: impl Fn(&Line) -> bool) -> bool {
        let mut next = self.next_line(line);
        while let Some(l) = next {
            if self.has_content(&l) {
                return inside(&l);
            }
            next = self.next_line(l);
        }
        false
    }

    /// After blanking from column `col` of `line`: a list item left empty
    /// loses its dash, and a `key:` left with nothing under it is blanked
    /// too (and so on upwards), so that no empty value is left to report.
    fn tidy(&mut self, line: Line, col: usize, item: bool) {
        let (mut line, mut col, mut item) = (line, col, item);
        loop {
            let current = self.line_from(line.start);
            if self.is_bare_dash(&current) {
                let dash = current.indent;
                if self.has_below(current, |l| l.indent > dash) {
                    return;
                }
                self.blank_range(current.start, current.end);
                col = dash;
                item = true;
            } else if self.has_content(&current) {
                // Something is still on this line, before what was blanked:
                // a `key:` whose value that was.
                if current.content >= col || !self.key_is_empty(current) {
                    return;
                }
                self.record_key(current);
                self.blank_range(current.start + current.content, current.end);
                col = current.content;
                item = false;
                continue;
            }
            // The nearest line above with content.
            let mut above = self.previous_line(current);
            while let Some(l) = above {
                if self.has_content(&l) {
                    break;
                }
                above = self.previous_line(l);
            }
            let Some(parent) = above else { return };
            if self.is_bare_dash(&parent) {
                if parent.indent >= col {
                    return;
                }
                line = parent;
                continue;
            }
            let indentless = item && parent.indent == col && parent.content == col;
            if !(parent.content < col || indentless) || !self.key_is_empty(parent) {
                return;
            }
            self.record_key(parent);
            self.blank_range(parent.start + parent.content, parent.end);
            line = parent;
            col = parent.content;
            item = false;
        }
    }

    /// Whether `line` is a `key:` with no value left on it or under it.
    fn key_is_empty(&self, line: Line) -> bool {
        if !self.body(&line).trim_end().ends_with(':') {
            return false;
        }
        let key = line.content;
        !self.has_below(line, |l| {
            l.indent > key || (l.indent == key && self.text[l.start + l.indent..].starts_with('-'))
        })
    }

    /// Whether a missing `field` of the mapping starting at `at` is missing
    /// only because its key was blanked.
    fn was_blanked(&self, field: &str, at: usize) -> bool {
        let line = self.line_at(at);
        let col = at - line.start;
        let (first, last) = self.mapping_extent(line, col);
        self.keys
            .iter()
            .any(|k| k.name == field && k.col == col && k.line >= first && k.line <= last)
    }

    /// The first and last line starts of the mapping at column `col` that
    /// holds `line`, judged on the text as written.
    fn mapping_extent(&self, line: Line, col: usize) -> (usize, usize) {
        let text = self.original.as_str();
        if col == 0 {
            return (0, text.len());
        }
        let line = line_from(text, line.start);
        let mut first = line.start;
        if !(line.indent < col && line.content == col) {
            let mut above = (line.start > 0).then(|| line_at(text, line.start - 1));
            while let Some(l) = above {
                if has_content(text, &l) && l.indent < col {
                    if l.content == col {
                        first = l.start;
                    }
                    break;
                }
                first = l.start;
                above = (l.start > 0).then(|| line_at(text, l.start - 1));
            }
        }
        let mut last = line.start;
        let mut below = (line.end < text.len()).then(|| line_from(text, line.end + 1));
        while let Some(l) = below {
            if has_content(text, &l) && l.indent < col {
                break;
            }
            last = l.start;
            below = (l.end < text.len()).then(|| line_from(text, l.end + 1));
        }
        (first, last)
    }

    /// The offset of the second `field:` key of the mapping starting at `at`.
    fn second_key(&self, at: usize, field: &str) -> Option<usize> {
        let line = self.line_at(at);
        let col = at - line.start;
        let mut seen = 0;
        let mut current = Some(line);
        while let Some(l) = current {
            if self.has_content(&l) {
                if l.start > line.start && l.indent < col {
                    break;
                }
                let key_col = if l.start == line.start {
                    col
                } else {
                    l.content
                };
                let rest = self.text.get(l.start + key_col..l.end).unwrap_or("");
                if key_col == col
                    && rest
                        .strip_prefix(field)
                        .is_some_and(|r| r.trim_start().starts_with(':'))
                {
                    seen += 1;
                    if seen == 2 {
                        return Some(l.start + key_col);
                    }
                }
            }
            current = self.next_line(l);
        }
        None
    }
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
        assert_eq!(
            plain_found("string \"5% more\""),
            Value::Scalar("5% more".into())
        );
        assert_eq!(plain_found("integer `-3`"), Value::Scalar("-3".into()));
        assert_eq!(plain_found("unit value"), Value::Empty);
        assert_eq!(plain_found("sequence"), Value::Other("a list".into()));
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
}
