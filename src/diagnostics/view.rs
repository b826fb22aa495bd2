//! What a diagnostic shows of its file. A source written on one very long
//! line (minified YAML, a pasted table) would print the whole line under
//! the error, hundreds of kilobytes of it; so a line longer than
//! [`MAX_LINE`] characters is shown as a window around the problem, marked
//! `…` where it is cut. The line and column given stay those of the file.

use std::borrow::Cow;
use std::ops::Range;

use codespan_reporting::files::{self, Files, SimpleFile};

/// The most characters of one line a diagnostic shows.
pub(super) const MAX_LINE: usize = 160;
/// How many characters of a cut line are shown before the problem.
const BEFORE: usize = 60;

/// A file's text as a diagnostic shows it, with the span moved into it.
pub(super) struct View<'t> {
    /// The file's own text when no line is cut, so nothing is copied.
    file: SimpleFile<String, Cow<'t, str>>,
    /// The line cut (its index) and how many columns of it were cut off
    /// before the window, less the one the `…` takes.
    cut: Option<(usize, usize)>,
}

impl<'t> View<'t> {
    /// The view of `text` for a problem at `span` (inside `text`, on
    /// character boundaries), and the span within the view.
    pub(super) fn new(name: String, text: &'t str, span: Range<usize>) -> (View<'t>, Range<usize>) {
        let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[span.start..]
            .find('\n')
            .map_or(text.len(), |i| span.start + i);
        let line = &text[line_start..line_end];
        if line.chars().count() <= MAX_LINE {
            let view = View {
                file: SimpleFile::new(name, Cow::Borrowed(text)),
                cut: None,
            };
            return (view, span);
        }
        let column = text[line_start..span.start].chars().count();
        let skipped = column.saturating_sub(BEFORE);
        let from = line_start + byte_at(line, skipped);
        let to = line_start + byte_at(line, skipped + MAX_LINE);
        let lead = if skipped > 0 { "…" } else { "" };
        let tail = if to < line_end { "…" } else { "" };
        let shown = format!(
            "{}{lead}{}{tail}{}",
            &text[..line_start],
            &text[from..to],
            &text[line_end..]
        );
        let moved = |at: usize| at.clamp(from, to) - from + line_start + lead.len();
        let line_index = text[..line_start].matches('\n').count();
        let view = View {
            file: SimpleFile::new(name, Cow::Owned(shown)),
            cut: Some((line_index, skipped.saturating_sub(lead.chars().count()))),
        };
        (view, moved(span.start)..moved(span.end))
    }
}

/// The byte offset of the `chars`-th character of `line` (its length past the end).
fn byte_at(line: &str, chars: usize) -> usize {
    line.char_indices()
        .nth(chars)
        .map_or(line.len(), |(i, _)| i)
}

impl<'a> Files<'a> for View<'_> {
    type FileId = ();
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<String, files::Error> {
        Files::name(&self.file, ())
    }

    fn source(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Files::source(&self.file, ())
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, files::Error> {
        Files::line_index(&self.file, (), byte_index)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, files::Error> {
        Files::line_range(&self.file, (), line_index)
    }

    /// The column in the file's own line, whatever was cut before it.
    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        let shown = Files::column_number(&self.file, (), line_index, byte_index)?;
        Ok(match self.cut {
            Some((cut_line, skipped)) if cut_line == line_index => shown + skipped,
            _ => shown,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_shown_whole() {
        let (view, span) = View::new("f".into(), "a: b\nc: d\n", 5..6);
        assert_eq!(view.file.source(), "a: b\nc: d\n");
        assert_eq!(span, 5..6);
    }

    #[test]
    fn a_long_line_is_cut_around_the_problem_and_keeps_its_columns() {
        let line = format!("{}X{}", "é".repeat(1000), "b".repeat(1000));
        let text = format!("first\n{line}\nlast\n");
        let at = text.find('X').unwrap();
        let (view, span) = View::new("f".into(), &text, at..at + 1);
        let source = view.file.source();
        assert_eq!(&source[span.clone()], "X");
        let shown = source.lines().nth(1).unwrap();
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert_eq!(shown.chars().count(), MAX_LINE + 2);
        assert!(source.starts_with("first\n") && source.ends_with("\nlast\n"));
        let location = view.location((), span.start).unwrap();
        assert_eq!((location.line_number, location.column_number), (2, 1001));
    }

    #[test]
    fn a_long_line_cut_only_at_its_end_keeps_its_columns() {
        let text = format!("ab{}", "c".repeat(500));
        let (view, span) = View::new("f".into(), &text, 1..2);
        let location = view.location((), span.start).unwrap();
        assert_eq!((location.line_number, location.column_number), (1, 2));
        assert!(view.file.source().ends_with('…'));
    }
}
