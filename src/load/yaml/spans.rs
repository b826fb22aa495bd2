//! Where each key and value of a YAML text is, by path, from the YAML
//! parser's own positions: saphyr-parser's events, which carry the span of
//! every scalar, list and mapping. serde_yaml gives positions for its errors
//! only; this index is what points at a value that parsed but is wrong (a
//! duplicate id, an unknown reference). [`SourceFile`] builds it only when a
//! diagnostic first asks for a position.
//!
//! [`SourceFile`]: crate::diagnostics::SourceFile

use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use crate::diagnostics::{YamlIndex, YamlNode};

/// Indexes `yaml`; offsets are bytes from its start. A text the parser
/// cannot read gives what it read before the problem.
pub fn index(yaml: &str) -> YamlIndex {
    let offsets = Offsets::new(yaml);
    let mut walk = Walk {
        yaml,
        offsets: &offsets,
        stack: Vec::new(),
        index: YamlIndex::default(),
    };
    let mut parser = Parser::new_from_str(yaml);
    while let Some(Ok((event, span))) = parser.next_event() {
        walk.event(event, span);
    }
    walk.index
}

/// Byte offsets of the parser's character indexes.
struct Offsets(Option<Vec<usize>>);

impl Offsets {
    fn new(text: &str) -> Self {
        if text.is_ascii() {
            return Offsets(None);
        }
        let mut bytes: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        bytes.push(text.len());
        Offsets(Some(bytes))
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.0 {
            None => char_index,
            Some(bytes) => bytes[char_index.min(bytes.len() - 1)],
        }
    }
}

/// A list or mapping being read.
enum Frame {
    Seq {
        path: String,
        next: usize,
    },
    Map {
        path: String,
        /// The key read, waiting for its value: its text and span.
        key: Option<(String, Range<usize>)>,
    },
    /// A list or mapping used as a key: nothing in it has a path.
    Skip,
}

struct Walk<'a> {
    yaml: &'a str,
    offsets: &'a Offsets,
    stack: Vec<(Frame, usize)>,
    index: YamlIndex,
}

impl Walk<'_> {
    fn range(&self, span: Span) -> Range<usize> {
        self.offsets.byte(span.start.index())..self.offsets.byte(span.end.index())
    }

    fn event(&mut self, event: Event, span: Span) {
        let range = self.range(span);
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                let range = scalar_range(self.yaml, range, style, anchor != 0 || tag.is_some());
                if let Some((path, key)) = self.place(Some(&value), range.clone()) {
                    let scalar = Some(value.into_owned());
                    self.index.push(
                        path,
                        YamlNode {
                            key,
                            value: range,
                            scalar,
                        },
                    );
                }
            }
            Event::Alias(_) => {
                if let Some((path, key)) = self.place(Some(""), range.clone()) {
                    self.index.push(
                        path,
                        YamlNode {
                            key,
                            value: range,
                            scalar: None,
                        },
                    );
                }
            }
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                let is_map = matches!(event, Event::MappingStart(..));
                let range = after_properties(self.yaml, range, anchor != 0 || tag.is_some());
                let frame = match self.place(None, range.clone()) {
                    Some((path, key)) => {
                        let node = YamlNode {
                            key,
                            value: range,
                            scalar: None,
                        };
                        let at = self.index.push(path.clone(), node);
                        let frame = if is_map {
                            Frame::Map { path, key: None }
                        } else {
                            Frame::Seq { path, next: 0 }
                        };
                        (frame, at)
                    }
                    None => (Frame::Skip, usize::MAX),
                };
                self.stack.push(frame);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((_, at)) = self.stack.pop() {
                    let end = trim_end(self.yaml, range.end);
                    self.index.end_at(at, end);
                }
            }
            _ => {}
        }
    }

    /// The path of a node that starts here and the span of its key, or
    /// `None` for a key (kept for its value) or a node inside a key.
    /// `scalar` is the node's text when it is a scalar.
    fn place(
        &mut self,
        scalar: Option<&str>,
        range: Range<usize>,
    ) -> Option<(String, Option<Range<usize>>)> {
        let Some((frame, _)) = self.stack.last_mut() else {
            return Some((String::new(), None));
        };
        match frame {
            Frame::Skip => None,
            Frame::Seq { path, next } => {
                let p = format!("{path}[{next}]");
                *next += 1;
                Some((p, None))
            }
            Frame::Map { path, key } => match key.take() {
                Some((name, key_range)) => {
                    let p = if path.is_empty() {
                        name
                    } else {
                        format!("{path}.{name}")
                    };
                    Some((p, Some(key_range)))
                }
                None => {
                    // A list or mapping as a key: its value has no name either.
                    *key = Some((scalar.unwrap_or("?").to_string(), range));
                    None
                }
            },
        }
    }
}

/// A node's span without its anchor and tag (`&a !tag value`): the parser's
/// span starts at the first of them.
fn after_properties(yaml: &str, range: Range<usize>, has_properties: bool) -> Range<usize> {
    let mut start = range.start;
    let bytes = yaml.as_bytes();
    while has_properties && start < range.end && matches!(bytes[start], b'&' | b'!') {
        while start < range.end && !bytes[start].is_ascii_whitespace() {
            start += 1;
        }
        while start < range.end && bytes[start].is_ascii_whitespace() {
            start += 1;
        }
    }
    start..range.end
}

/// A scalar's own span: after its anchor and tag, and for a double-quoted
/// one up to its closing quote (the parser's end runs on past it, over any
/// comment on the line).
fn scalar_range(
    yaml: &str,
    range: Range<usize>,
    style: ScalarStyle,
    has_properties: bool,
) -> Range<usize> {
    let start = after_properties(yaml, range.clone(), has_properties).start;
    let end = match style {
        ScalarStyle::DoubleQuoted | ScalarStyle::SingleQuoted => {
            closing_quote(yaml, start).unwrap_or(range.end)
        }
        ScalarStyle::Plain => range.end,
        _ => trim_end(yaml, range.end),
    };
    start..end.max(start)
}

/// The offset just after the quote that closes the quoted scalar at
/// `start`: `\"` escapes a double quote, `''` is a single one.
fn closing_quote(yaml: &str, start: usize) -> Option<usize> {
    let mut chars = yaml.get(start..)?.char_indices().peekable();
    let quote = chars.next()?.1;
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            '\'' if quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') => {
                chars.next();
            }
            c if c == quote => return Some(start + i + 1),
            _ => {}
        }
    }
    None
}

/// `end` moved back over spaces and line breaks.
fn trim_end(yaml: &str, end: usize) -> usize {
    yaml[..end.min(yaml.len())].trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of the key and of the value at `path`.
    fn at<'a>(yaml: &'a str, index: &YamlIndex, path: &str) -> (Option<&'a str>, &'a str) {
        let node = index.get(path).unwrap_or_else(|| panic!("no `{path}`"));
        (
            node.key.clone().map(|k| &yaml[k]),
            &yaml[node.value.clone()],
        )
    }

    #[test]
    fn paths_are_those_of_serde_messages() {
        let yaml = "\
title: Plan
kpis:
  - id: k1
    target: { value: 80, by: 2027 }
  - {id: k2, actuals: [1, 2]}
";
        let index = index(yaml);
        assert_eq!(at(yaml, &index, "title"), (Some("title"), "Plan"));
        assert_eq!(at(yaml, &index, "kpis[0].id"), (Some("id"), "k1"));
        assert_eq!(at(yaml, &index, "kpis[0].target.by"), (Some("by"), "2027"));
        assert_eq!(at(yaml, &index, "kpis[1].id"), (Some("id"), "k2"));
        assert_eq!(at(yaml, &index, "kpis[1].actuals[1]"), (None, "2"));
        assert_eq!(
            at(yaml, &index, "kpis[0].target").1,
            "{ value: 80, by: 2027 }"
        );
        assert_eq!(
            index.get("kpis[1].id").unwrap().scalar.as_deref(),
            Some("k2")
        );
        assert!(index.get("kpis[2]").is_none());
    }

    // The parser's end of a quoted scalar runs on over a comment after it.
    #[test]
    fn quoted_values_end_at_their_closing_quote() {
        let yaml = "- id: \"one \\\" two\"   # a \"comment\"\n  name: 'it''s'  # it's\n";
        let index = index(yaml);
        assert_eq!(at(yaml, &index, "[0].id").1, "\"one \\\" two\"");
        assert_eq!(at(yaml, &index, "[0].name").1, "'it''s'");
        assert_eq!(
            index.get("[0].id").unwrap().scalar.as_deref(),
            Some("one \" two")
        );
    }

    #[test]
    fn anchors_tags_and_block_scalars_have_their_value_alone() {
        let yaml = "a: &x hello\nb: *x\nc: !!str 12\nd: |\n  two\n  lines\n\ne: last\n";
        let index = index(yaml);
        assert_eq!(at(yaml, &index, "a").1, "hello");
        assert_eq!(at(yaml, &index, "b").1, "*x");
        assert_eq!(at(yaml, &index, "c").1, "12");
        assert_eq!(at(yaml, &index, "d").1, "two\n  lines");
        assert_eq!(at(yaml, &index, "e").1, "last");
    }

    #[test]
    fn a_key_given_twice_has_two_values() {
        let yaml = "a: 1\nb: 2\na: 3\n";
        let index = index(yaml);
        assert_eq!(&yaml[index.nth("a", 1).unwrap().value.clone()], "3");
        assert!(index.nth("a", 2).is_none());
    }

    // The parser counts characters; spans are bytes.
    #[test]
    fn spans_are_bytes_after_other_scripts() {
        let yaml = "title: Café – plan\nid: x\n";
        let index = index(yaml);
        assert_eq!(at(yaml, &index, "title").1, "Café – plan");
        assert_eq!(at(yaml, &index, "id"), (Some("id"), "x"));
    }

    // What the parser read before a syntax error is still indexed.
    #[test]
    fn text_before_a_syntax_error_is_indexed() {
        let yaml = "a: 1\nb: [2\n";
        let index = index(yaml);
        assert_eq!(at(yaml, &index, "a").1, "1");
    }

    #[test]
    fn a_file_shows_the_key_and_value_of_its_front_matter() {
        let text = "---\ntitle: x\nslug: Bad Slug   # old\nitems:\n  - a\n---\nbody\n";
        let file = crate::diagnostics::SourceFile::new("page.md", text)
            .with_yaml(4..text.len() - 9, index);
        assert_eq!(&text[file.entry("slug")], "slug: Bad Slug");
        assert_eq!(&text[file.entry("items")], "items:");
        assert_eq!(&text[file.value("items[0]")], "a");
        assert_eq!(&text[file.key("slug")], "slug");
        assert_eq!(file.entry("nothing"), 0..0);
    }
}
