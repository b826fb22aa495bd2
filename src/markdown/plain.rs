//! Markdown as plain text, for the search index: the words a reader sees,
//! without markup, raw HTML or link targets.

use pulldown_cmark::{Event, Parser, TagEnd};

/// The text of a Markdown document: blocks (paragraphs, list items, table
/// cells, headings) are separated by a line break, inline markup is dropped,
/// raw HTML tags are left out (the text between them is kept).
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, super::options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => end_block(&mut out),
            _ => {}
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

/// Ends a block with a line break, once.
fn end_block(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn markup_links_and_html_are_dropped_and_blocks_kept_apart() {
        let md = "Ensure the **SEND Sufficiency** [plan](plan:kpis) is <abbr title=\"x\">up</abbr> to date.\n\n- one\n- two `code`\n";
        assert_eq!(
            plain_text(md),
            "Ensure the SEND Sufficiency plan is up to date.\none\ntwo code"
        );
    }

    #[test]
    fn empty_markdown_is_empty_text() {
        assert_eq!(plain_text(""), "");
        assert_eq!(plain_text("<br>"), "");
    }
}
