//! The recovery after a serde error: the smallest YAML block holding the
//! problem is blanked out (spaces in place of its characters, so every later
//! line and column stays where it was) and the text is parsed again.

use crate::diagnostics::YamlIndex;

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
pub(super) struct BlankedKey {
    pub(super) name: String,
    pub(super) line: usize,
    pub(super) col: usize,
}

/// The YAML with the blocks found wrong so far replaced by spaces.
pub(super) struct Blanked {
    pub(super) text: String,
    /// The text as written, for the shape of mappings whose keys were blanked.
    original: String,
    pub(super) keys: Vec<BlankedKey>,
    pub(super) changed: bool,
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
    pub(super) fn new(yaml: &str) -> Self {
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
    pub(super) fn key_place(&self, at: usize) -> (usize, usize) {
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
    pub(super) fn entry(&mut self, at: usize) -> bool {
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
    pub(super) fn mapping(&mut self, at: usize) -> bool {
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
    pub(super) fn was_blanked(&self, field: &str, at: usize) -> bool {
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

    /// Where each key and value of the text as it now is are.
    pub(super) fn index(&self) -> YamlIndex {
        super::spans::index(&self.text)
    }
}
