//! Diagnostics: what went wrong, where, what was expected, and a hint.
//!
//! Every stage reports problems as [`Diagnostic`]s and keeps going where it
//! can, so `planpress check` lists every error at once. Rendering (with the
//! offending line and a caret under it) is done by codespan-reporting.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::term;

mod view;

/// How bad a diagnostic is. Only errors fail a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// A stable name for each kind of problem, shown as `error[kind]` and matched
/// on by tests instead of message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// The folder given is not a site (no `content/site.yaml`): a usage error.
    NotASite,
    /// The file could not be read, or a required file or folder is missing.
    Io,
    /// The YAML does not parse.
    YamlSyntax,
    /// A key that the format does not have.
    UnknownField,
    /// A required key is absent.
    MissingField,
    /// A value has the wrong type or form (including dates).
    InvalidValue,
    /// Front matter is missing its closing `---` or is malformed.
    FrontMatter,
    /// Two items share an id that must be unique.
    DuplicateId,
    /// A reference to an id that does not exist.
    UnknownReference,
    /// Two pages would be written to the same output path.
    PathCollision,
    /// A template failed to parse or to render.
    Template,
    /// A file or folder the source layout has no place for.
    UnexpectedFile,
    /// Raw HTML in Markdown that the sanitiser removed (a warning).
    RemovedHtml,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::NotASite => "not-a-site",
            Code::Io => "io",
            Code::YamlSyntax => "yaml-syntax",
            Code::UnknownField => "unknown-field",
            Code::MissingField => "missing-field",
            Code::InvalidValue => "invalid-value",
            Code::FrontMatter => "front-matter",
            Code::DuplicateId => "duplicate-id",
            Code::UnknownReference => "unknown-reference",
            Code::PathCollision => "path-collision",
            Code::Template => "template",
            Code::UnexpectedFile => "unexpected-file",
            Code::RemovedHtml => "removed-html",
        }
    }
}

/// A file's text, shared between the loader and the diagnostics that point
/// into it, and where the keys and values of its YAML are.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown to people: relative to the site root when possible.
    pub display_path: PathBuf,
    pub text: Arc<str>,
    /// The part of the text that is YAML, indexed when a diagnostic first
    /// asks where something in it is.
    yaml: Option<Arc<YamlPart>>,
}

#[derive(Debug)]
struct YamlPart {
    range: Range<usize>,
    /// Makes the index of a YAML text (the YAML module's parser), with
    /// offsets from the start of that text.
    build: fn(&str) -> YamlIndex,
    /// Boxed: most files never need it, and a site holds thousands.
    index: OnceLock<Box<YamlIndex>>,
}

/// Where the keys and values of a YAML text are, by path (`title`, `[3].id`,
/// `kpis[0].target.value`: the paths serde's messages use), as the YAML
/// parser reported them.
#[derive(Debug, Clone, Default)]
pub struct YamlIndex {
    nodes: Vec<(String, YamlNode)>,
    by_path: HashMap<String, Vec<usize>>,
}

/// One value of a YAML text: its span, its key's, and its text if it is a scalar.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlNode {
    /// The key's span, for a value in a mapping.
    pub key: Option<Range<usize>>,
    pub value: Range<usize>,
    /// A scalar's text as read (quotes and escapes resolved); `None` for a
    /// list or a mapping.
    pub scalar: Option<String>,
}

impl YamlIndex {
    /// Adds a node; returns its number, for [`YamlIndex::end_at`].
    pub fn push(&mut self, path: String, node: YamlNode) -> usize {
        let at = self.nodes.len();
        self.by_path.entry(path.clone()).or_default().push(at);
        self.nodes.push((path, node));
        at
    }

    /// Ends node number `at` (a list or a mapping) at `end`.
    pub fn end_at(&mut self, at: usize, end: usize) {
        if let Some((_, node)) = self.nodes.get_mut(at) {
            node.value.end = end.max(node.value.start);
        }
    }

    /// The value at `path` (the first one, if a mapping gives a key twice).
    pub fn get(&self, path: &str) -> Option<&YamlNode> {
        self.nth(path, 0)
    }

    /// The `n`th value at `path` (from 0): a key given twice in a mapping
    /// has two.
    pub fn nth(&self, path: &str, n: usize) -> Option<&YamlNode> {
        let i = *self.by_path.get(path)?.get(n)?;
        Some(&self.nodes[i].1)
    }

    fn shift(&mut self, by: usize) {
        let shift = |r: &mut Range<usize>| *r = r.start + by..r.end + by;
        for (_, node) in &mut self.nodes {
            if let Some(key) = &mut node.key {
                shift(key);
            }
            shift(&mut node.value);
        }
    }
}

/// A part of a source file's text, sharing the file's memory: a Markdown
/// body is most of its file, so a copy would double what a site holds.
#[derive(Debug, Clone)]
pub struct SharedStr {
    text: Arc<str>,
    range: std::ops::Range<usize>,
}

impl std::ops::Deref for SharedStr {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text[self.range.clone()]
    }
}

impl PartialEq for SharedStr {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl SourceFile {
    /// The file's text from byte `start` to the end.
    pub fn tail(&self, start: usize) -> SharedStr {
        assert!(self.text.is_char_boundary(start), "a split point");
        SharedStr {
            text: Arc::clone(&self.text),
            range: start..self.text.len(),
        }
    }

    pub fn new(display_path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            display_path: display_path.into(),
            text: text.into(),
            yaml: None,
        }
    }

    /// The same file, whose text in `range` is YAML that `build` indexes
    /// the first time a position in it is asked for: a file that parses
    /// and validates never pays for it.
    pub fn with_yaml(mut self, range: Range<usize>, build: fn(&str) -> YamlIndex) -> Self {
        self.yaml = Some(Arc::new(YamlPart {
            range,
            build,
            index: OnceLock::new(),
        }));
        self
    }

    /// Where the keys and values of the file's YAML are, as offsets of the
    /// file; `None` for a file without YAML.
    pub fn yaml(&self) -> Option<&YamlIndex> {
        let part = self.yaml.as_deref()?;
        Some(part.index.get_or_init(|| {
            let mut index = (part.build)(self.text.get(part.range.clone()).unwrap_or(""));
            index.shift(part.range.start);
            Box::new(index)
        }))
    }

    /// The YAML `key: value` at `path`, for an error about that value: from
    /// the key to the end of a scalar value, or the key and its colon when
    /// the value is a list, a mapping or nothing; a list entry's value alone.
    /// The start of the file when the path is not in the YAML.
    pub fn entry(&self, path: &str) -> Range<usize> {
        self.entry_nth(path, 0)
    }

    /// [`SourceFile::entry`] for the `n`th `path` (from 0), as when a
    /// mapping gives a key twice.
    pub fn entry_nth(&self, path: &str, n: usize) -> Range<usize> {
        let Some(node) = self.yaml().and_then(|i| i.nth(path, n)) else {
            return 0..0;
        };
        match (&node.key, &node.scalar) {
            (Some(key), Some(_)) if !node.value.is_empty() => key.start..node.value.end,
            (Some(key), _) => self.with_colon(key.clone()),
            (None, _) => node.value.clone(),
        }
    }

    /// The YAML key of `path` and its colon; the start of the file when the
    /// path is not in the YAML.
    pub fn key_head(&self, path: &str) -> Range<usize> {
        match self.yaml().and_then(|i| i.get(path)) {
            Some(YamlNode { key: Some(key), .. }) => self.with_colon(key.clone()),
            _ => 0..0,
        }
    }

    /// The YAML key of `path` alone; the start of the file when the path is
    /// not in the YAML.
    pub fn key(&self, path: &str) -> Range<usize> {
        match self.yaml().and_then(|i| i.get(path)) {
            Some(YamlNode { key: Some(key), .. }) => key.clone(),
            _ => 0..0,
        }
    }

    /// The YAML value at `path` alone; the start of the file when the path
    /// is not in the YAML.
    pub fn value(&self, path: &str) -> Range<usize> {
        self.yaml()
            .and_then(|i| i.get(path))
            .map_or(0..0, |node| node.value.clone())
    }

    /// A key's span with the `:` after it.
    fn with_colon(&self, key: Range<usize>) -> Range<usize> {
        let after = self.text.get(key.end..).unwrap_or("");
        let gap = after.len() - after.trim_start_matches([' ', '\t']).len();
        match after[gap..].starts_with(':') {
            true => key.start..key.end + gap + 1,
            false => key,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    #[cfg(test)]
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }
}

/// A place in a source file.
#[derive(Debug, Clone)]
pub struct Location {
    pub file: SourceFile,
    pub span: Range<usize>,
}

impl Location {
    /// The file as a diagnostic shows it (a very long line cut to a window
    /// around the span, [`view`]), with the span in that view.
    fn view(&self) -> (view::View<'_>, Range<usize>) {
        let span = clamp(&self.span, &self.file.text);
        let name = self.file.display_path.display().to_string();
        view::View::new(name, &self.file.text, span)
    }
}

#[cfg(test)]
impl Location {
    pub fn line(&self) -> usize {
        self.file.line_column(self.span.start).0
    }

    pub fn column(&self) -> usize {
        self.file.line_column(self.span.start).1
    }
}

/// One problem found in a site.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    /// Where, when the problem is in a file's text.
    pub location: Option<Location>,
    /// A file the problem concerns, when there is no line to point at.
    pub path: Option<PathBuf>,
    /// What the format expects at that place.
    pub expected: Option<String>,
    /// How to fix it.
    pub hint: Option<String>,
    /// Other places involved (the first of two duplicates, say).
    pub related: Vec<(Location, String)>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location: None,
            path: None,
            expected: None,
            hint: None,
            related: Vec::new(),
        }
    }

    /// A problem worth telling that does not fail the build.
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn at(mut self, file: &SourceFile, span: Range<usize>) -> Self {
        self.location = Some(Location {
            span: clamp(&span, &file.text),
            file: file.clone(),
        });
        self
    }

    pub fn in_file(mut self, path: impl AsRef<Path>) -> Self {
        self.path = Some(path.as_ref().to_path_buf());
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn related(
        mut self,
        file: &SourceFile,
        span: Range<usize>,
        note: impl Into<String>,
    ) -> Self {
        self.related.push((
            Location {
                span: clamp(&span, &file.text),
                file: file.clone(),
            },
            note.into(),
        ));
        self
    }

    /// The file this diagnostic is about, if any.
    pub fn file_path(&self) -> Option<&Path> {
        self.location
            .as_ref()
            .map(|l| l.file.display_path.as_path())
            .or(self.path.as_deref())
    }

    /// Renders the diagnostic as plain text with the source line and a caret.
    pub fn render(&self) -> String {
        let mut notes = Vec::new();
        if let Some(expected) = &self.expected {
            notes.push(format!("expected: {expected}"));
        }
        if let Some(hint) = &self.hint {
            notes.push(format!("hint: {hint}"));
        }
        let severity = match self.severity {
            Severity::Error => codespan_reporting::diagnostic::Severity::Error,
            Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        };
        let config = term::Config::default();
        let Some(location) = &self.location else {
            let mut out = format!(
                "{}[{}]: {}\n",
                self.severity,
                self.code.as_str(),
                self.message
            );
            if let Some(path) = &self.path {
                out.push_str(&format!("  --> {}\n", path.display()));
            }
            for note in &notes {
                out.push_str(&format!("  = {note}\n"));
            }
            return out;
        };
        let mut out = String::new();
        let main = self.render_one(location, severity, "", &notes, &config);
        out.push_str(&main);
        for (related, note) in &self.related {
            let text = self.render_related(related, note, &config);
            out.push_str(&text);
        }
        out
    }

    fn render_one(
        &self,
        location: &Location,
        severity: codespan_reporting::diagnostic::Severity,
        label: &str,
        notes: &[String],
        config: &term::Config,
    ) -> String {
        let (file, span) = location.view();
        let diagnostic = CsDiagnostic::new(severity)
            .with_code(self.code.as_str())
            .with_message(&self.message)
            .with_labels(vec![Label::primary((), span).with_message(label)])
            .with_notes(notes.to_vec());
        term::emit_into_string(config, &file, &diagnostic)
            .unwrap_or_else(|_| format!("error: {}\n", self.message))
    }

    fn render_related(&self, location: &Location, note: &str, config: &term::Config) -> String {
        let (file, span) = location.view();
        let diagnostic =
            CsDiagnostic::note().with_labels(vec![Label::secondary((), span).with_message(note)]);
        term::emit_into_string(config, &file, &diagnostic).unwrap_or_default()
    }
}

/// Keeps a span inside its text and on character boundaries, so rendering never panics.
fn clamp(span: &Range<usize>, text: &str) -> Range<usize> {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// The outcome of a command, as an exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Success = 0,
    ContentError = 1,
    UsageError = 2,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// Prints the warnings of a build that succeeded to standard error.
pub fn print_warnings(warnings: &[Diagnostic]) {
    if !warnings.is_empty() {
        let mut report = Report::default();
        report.extend(warnings.iter().cloned());
        eprint!("{}", report.render());
    }
}

/// Every diagnostic from one run, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(other);
    }

    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    pub fn status(&self) -> ExitStatus {
        if self.diagnostics.iter().any(|d| d.code == Code::NotASite) {
            ExitStatus::UsageError
        } else if self.has_errors() {
            ExitStatus::ContentError
        } else {
            ExitStatus::Success
        }
    }

    /// All diagnostics rendered, then a one-line count.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for diagnostic in &self.diagnostics {
            let text = diagnostic.render();
            out.push_str(text.trim_end());
            out.push_str("\n\n");
        }
        let errors = self.error_count();
        let warnings = self.diagnostics.len() - errors;
        if errors == 0 && warnings > 0 {
            out.push_str(&format!(
                "warning: {} {}\n",
                warnings,
                plural(warnings, "warning", "warnings")
            ));
        }
        if errors > 0 {
            let mut files: Vec<_> = self
                .diagnostics
                .iter()
                .filter_map(|d| d.file_path())
                .collect();
            files.sort();
            files.dedup();
            out.push_str(&format!(
                "error: {} {} in {} {}\n",
                errors,
                plural(errors, "error", "errors"),
                files.len(),
                plural(files.len(), "file", "files"),
            ));
        }
        out
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

pub(crate) fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_from_one_and_in_characters() {
        let file = SourceFile::new("a.yaml", "ab\ncdé: x\n");
        assert_eq!(file.line_column(0), (1, 1));
        assert_eq!(file.line_column(3), (2, 1));
        // 'é' is two bytes but one column.
        assert_eq!(file.line_column(7), (2, 4));
    }

    #[test]
    fn rendered_error_shows_position_line_and_notes() {
        let file = SourceFile::new("content/site.yaml", "title: x\ntitel: y\n");
        let text = Diagnostic::error(Code::UnknownField, "unknown field `titel`")
            .at(&file, 9..14)
            .expected("one of `title`, `language`")
            .hint("did you mean `title`?")
            .render();
        assert!(
            text.contains("error[unknown-field]: unknown field `titel`"),
            "{text}"
        );
        assert!(text.contains("content/site.yaml:2:1"), "{text}");
        assert!(text.contains("titel: y"), "{text}");
        assert!(text.contains("^^^^^"), "{text}");
        assert!(text.contains("hint: did you mean `title`?"), "{text}");
    }
}
