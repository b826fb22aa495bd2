//! Markdown to HTML with pulldown-cmark: tables, footnotes, heading anchors,
//! and code blocks highlighted by syntect with CSS classes (never inline
//! styles, so a strict Content-Security-Policy holds).

use std::sync::OnceLock;

use pulldown_cmark::{
    html, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Prefix of syntect's CSS classes, so they cannot clash with the theme's.
const HL_PREFIX: &str = "hl-";

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Loaded on first use only: most plans have no code at all.
fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Renders a Markdown document. Headings get ids (for links to them);
/// `id_prefix` keeps footnote ids unique when several documents share a page.
pub fn render_block(markdown: &str, id_prefix: &str) -> String {
    let events = Parser::new_ext(markdown, options());
    let events = highlight_code(events);
    let events = add_heading_ids(events);
    let events = prefix_footnotes(events, id_prefix);
    let events = wrap_tables(events);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    without_inline_styles(out)
}

/// pulldown-cmark aligns table columns with `style` attributes, which a strict
/// Content-Security-Policy blocks; classes do the same job. Text from the
/// source is escaped, so `style="` can only come from pulldown-cmark itself.
fn without_inline_styles(html: String) -> String {
    if !html.contains(" style=\"") {
        return html;
    }
    html.replace(" style=\"text-align: left\"", " class=\"align-left\"")
        .replace(" style=\"text-align: center\"", " class=\"align-center\"")
        .replace(" style=\"text-align: right\"", " class=\"align-right\"")
}

/// Renders a short Markdown text (a table cell, a list item) without the
/// wrapping paragraph, when it is a single paragraph.
pub fn render_inline(markdown: &str) -> String {
    let html = render_block(markdown, "");
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}

fn highlight_code<'a>(events: impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    let mut code: Option<(String, String)> = None;
    for event in events {
        match (&mut code, event) {
            (None, Event::Start(Tag::CodeBlock(kind))) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(lang) => {
                        lang.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            (Some((_, text)), Event::Text(t)) => text.push_str(&t),
            (Some(_), Event::End(TagEnd::CodeBlock)) => {
                let (lang, text) = code.take().expect("inside a code block");
                out.push(Event::Html(CowStr::from(highlighted(&lang, &text))));
            }
            (_, event) => out.push(event),
        }
    }
    out
}

fn highlighted(lang: &str, text: &str) -> String {
    let escaped_lang = lang.replace(|c: char| !c.is_ascii_alphanumeric(), "");
    if lang.is_empty() {
        return format!("<pre><code>{}</code></pre>\n", escape(text));
    }
    let set = syntax_set();
    let Some(syntax) = set.find_syntax_by_token(lang) else {
        return format!(
            "<pre><code class=\"language-{escaped_lang}\">{}</code></pre>\n",
            escape(text)
        );
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        set,
        ClassStyle::SpacedPrefixed { prefix: HL_PREFIX },
    );
    for line in LinesWithEndings::from(text) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return format!("<pre><code>{}</code></pre>\n", escape(text));
        }
    }
    format!(
        "<pre class=\"hl-code\"><code class=\"language-{escaped_lang}\">{}</code></pre>\n",
        generator.finalize()
    )
}

fn add_heading_ids<'a>(events: Vec<Event<'a>>) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    let mut used: Vec<String> = Vec::new();
    while i < events.len() {
        if let Event::Start(Tag::Heading {
            level,
            id: None,
            classes,
            attrs,
        }) = &events[i]
        {
            let text: String = events[i + 1..]
                .iter()
                .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
                .filter_map(|e| match e {
                    Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                    _ => None,
                })
                .collect();
            let mut id = crate::model::slugify(&text);
            if id.is_empty() {
                id = "section".to_string();
            }
            let base = id.clone();
            let mut n = 2;
            while used.contains(&id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            used.push(id.clone());
            out.push(Event::Start(Tag::Heading {
                level: *level,
                id: Some(CowStr::from(id)),
                classes: classes.clone(),
                attrs: attrs.clone(),
            }));
        } else {
            out.push(events[i].clone());
        }
        i += 1;
    }
    out
}

/// Wide tables scroll inside their own box, so the page never scrolls
/// sideways (WCAG 1.4.10); the box is focusable so keyboards can scroll it.
fn wrap_tables(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut n = 0;
    for event in events {
        match event {
            Event::Start(Tag::Table(_)) => {
                n += 1;
                out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-wrap\" role=\"region\" aria-label=\"Table {n}\" tabindex=\"0\">"
                ))));
                out.push(event);
            }
            Event::End(TagEnd::Table) => {
                out.push(event);
                out.push(Event::Html(CowStr::from("</div>")));
            }
            other => out.push(other),
        }
    }
    out
}

fn prefix_footnotes<'a>(events: Vec<Event<'a>>, prefix: &str) -> Vec<Event<'a>> {
    if prefix.is_empty() {
        return events;
    }
    events
        .into_iter()
        .map(|e| match e {
            Event::FootnoteReference(name) => {
                Event::FootnoteReference(CowStr::from(format!("{prefix}-{name}")))
            }
            Event::Start(Tag::FootnoteDefinition(name)) => Event::Start(Tag::FootnoteDefinition(
                CowStr::from(format!("{prefix}-{name}")),
            )),
            other => other,
        })
        .collect()
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String cannot fail");
    out
}

/// The heading levels used, for tests of heading order.
pub fn heading_levels(markdown: &str) -> Vec<HeadingLevel> {
    Parser::new_ext(markdown, options())
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(level),
            _ => None,
        })
        .collect()
}

/// The CSS for highlighted code, generated from a syntect theme. The theme's
/// `static/assets/syntax.css` is this text; a test keeps the two equal.
///
/// Syntect's bundled themes have token colours below the 4.5:1 contrast WCAG
/// 1.4.3 asks for (axe found them), so each colour is darkened until it meets
/// that ratio against its background.
pub fn syntax_css() -> String {
    let mut theme =
        syntect::highlighting::ThemeSet::load_defaults().themes["InspiredGitHub"].clone();
    let white = syntect::highlighting::Color::WHITE;
    let page_bg = theme.settings.background.unwrap_or(white);
    if let Some(fg) = theme.settings.foreground.as_mut() {
        *fg = with_contrast(*fg, page_bg);
    }
    for item in &mut theme.scopes {
        let bg = item.style.background.unwrap_or(page_bg);
        if let Some(fg) = item.style.foreground.as_mut() {
            *fg = with_contrast(*fg, bg);
        }
    }
    syntect::html::css_for_theme_with_class_style(
        &theme,
        ClassStyle::SpacedPrefixed { prefix: HL_PREFIX },
    )
    .expect("the bundled theme converts to CSS")
}

/// The minimum contrast for normal text (WCAG 2.2 SC 1.4.3), with a margin.
const MIN_CONTRAST: f64 = 4.6;

/// Darkens `fg` in small steps until its contrast against `bg` is enough.
fn with_contrast(
    fg: syntect::highlighting::Color,
    bg: syntect::highlighting::Color,
) -> syntect::highlighting::Color {
    let mut c = fg;
    while contrast(c, bg) < MIN_CONTRAST && (c.r, c.g, c.b) != (0, 0, 0) {
        c.r = (f64::from(c.r) * 0.95) as u8;
        c.g = (f64::from(c.g) * 0.95) as u8;
        c.b = (f64::from(c.b) * 0.95) as u8;
    }
    c.a = 0xff;
    c
}

/// The WCAG contrast ratio of two colours.
fn contrast(a: syntect::highlighting::Color, b: syntect::highlighting::Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn luminance(c: syntect::highlighting::Color) -> f64 {
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids() {
        let html = render_block("## Our values\n\n## Our values\n", "");
        assert!(html.contains("<h2 id=\"our-values\">"), "{html}");
        assert!(html.contains("<h2 id=\"our-values-2\">"), "{html}");
    }

    #[test]
    fn code_is_highlighted_with_classes_not_styles() {
        let html = render_block("```rust\nfn main() {}\n```\n", "");
        assert!(html.contains("class=\""), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn darkened_colours_meet_wcag_contrast() {
        use syntect::highlighting::Color;
        let white = Color::WHITE;
        let pale = Color {
            r: 150,
            g: 152,
            b: 150,
            a: 255,
        };
        assert!(contrast(pale, white) < 4.5);
        assert!(contrast(with_contrast(pale, white), white) >= 4.5);
        assert!((contrast(Color::BLACK, white) - 21.0).abs() < 0.01);
    }

    #[test]
    fn table_alignment_uses_classes_not_styles() {
        let html = render_block("| a | b |\n| :-- | --: |\n| 1 | 2 |\n", "");
        assert!(html.contains("class=\"align-right\""), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(html.starts_with("<div class=\"table-wrap\" role=\"region\" aria-label=\"Table 1\" tabindex=\"0\"><table>"), "{html}");
    }

    #[test]
    fn inline_drops_the_paragraph() {
        assert_eq!(render_inline("**Bold** text"), "<strong>Bold</strong> text");
        assert!(render_inline("One\n\nTwo").starts_with("<p>"));
    }

    #[test]
    fn raw_html_in_markdown_is_kept_and_text_is_escaped() {
        assert_eq!(render_inline("a < b & c"), "a &lt; b &amp; c");
    }

    // The theme ships the generated CSS so builds need not load syntect's
    // themes; this keeps the file from going stale. PLANPRESS_UPDATE=1 rewrites it.
    #[test]
    fn theme_syntax_css_matches_syntect() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/static/assets/syntax.css"
        );
        let expected = format!(
            "/* Generated from syntect's InspiredGitHub theme by planpress. */\n{}",
            syntax_css()
        );
        if std::env::var_os("PLANPRESS_UPDATE").is_some() {
            std::fs::write(path, &expected).unwrap();
        }
        assert_eq!(std::fs::read_to_string(path).unwrap_or_default(), expected);
    }

    #[test]
    fn footnotes_are_prefixed() {
        let html = render_block("Text[^1]\n\n[^1]: Note\n", "background");
        assert!(html.contains("background-1"), "{html}");
    }
}
