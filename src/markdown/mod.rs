//! Markdown to HTML with pulldown-cmark: tables, footnotes, heading anchors,
//! and code blocks highlighted by syntect with CSS classes (never inline
//! styles, so a strict Content-Security-Policy holds).
//!
//! Tables are made in `tables`; raw HTML is cleaned by the sanitiser in
//! `sanitise`, whose lists are public for the Markdown checks.

use std::sync::OnceLock;

use pulldown_cmark::{
    html, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

mod plain;
mod sanitise;
mod tables;

pub use plain::plain_text;

use sanitise::sanitiser;
pub use sanitise::{
    attribute_allowed, unsafe_scheme, ALLOWED_TAGS, GENERIC_ATTRIBUTES, REMOVED_WITH_CONTENT,
    TAG_ATTRIBUTES, URL_SCHEMES,
};
use tables::tables;

/// Prefix of syntect's CSS classes, so they cannot clash with the theme's.
const HL_PREFIX: &str = "hl-";

/// Loaded on first use only: most plans have no code at all.
fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Where a `plan:` link's page lives: replaced, in each rendered page, by the
/// root of the version that page shows ([`crate::render::views::PlanUrls::root`]).
/// The same HTML is shown at a version's plain and permanent addresses, so
/// links are resolved per page, not when the Markdown is rendered.
pub const VERSION_ROOT: &str = "__planpress_version__/";
/// The plan's own address (`plan:versions` links there), replaced per page.
pub const PLAN_ROOT: &str = "__planpress_plan__/";
/// The site's base path (`page:` links), replaced per page.
pub const SITE_ROOT: &str = "__planpress_site__/";

/// How a site's Markdown is rendered: whether raw HTML is kept as written
/// (`allow_raw_html: true` in site.yaml) or sanitised. Every view that
/// renders Markdown is given the site's.
#[derive(Debug, Clone, Copy, Default)]
pub struct Markdown {
    pub raw_html_allowed: bool,
}

impl Markdown {
    /// The site's setting.
    pub fn of(config: &crate::model::SiteConfig) -> Self {
        Markdown {
            raw_html_allowed: config.allow_raw_html,
        }
    }

    /// A Markdown document, as [`render`] makes it with this site's setting.
    pub fn block(self, markdown: &str, id_prefix: &str) -> String {
        render(markdown, id_prefix, self.raw_html_allowed)
    }

    /// A Markdown document shown as one part of a longer page (the whole
    /// plan on one page): its headings `depth` levels deeper (`<h6>` at
    /// most) and every heading id it makes prefixed with `id_prefix` and
    /// `--`, so that many documents share the page with their headings in
    /// order and every id unique. Headings in raw HTML are left as written.
    pub fn nested(self, markdown: &str, id_prefix: &str, depth: usize) -> String {
        render_with(markdown, id_prefix, self.raw_html_allowed, Some(depth))
    }

    /// A short text, as [`render_inline`] makes it with this site's setting.
    pub fn inline(self, markdown: &str) -> String {
        without_paragraph(&self.block(markdown, ""))
    }
}

/// Renders a Markdown document with raw HTML sanitised. Headings get ids
/// (for links to them); `id_prefix` keeps footnote and table caption ids
/// unique when several documents share a page.
#[cfg(test)]
pub fn render_block(markdown: &str, id_prefix: &str) -> String {
    Markdown::default().block(markdown, id_prefix)
}

/// [`render_block`] with the raw HTML setting given.
pub fn render(markdown: &str, id_prefix: &str, raw_html_allowed: bool) -> String {
    render_with(markdown, id_prefix, raw_html_allowed, None)
}

/// [`render`], with headings nested `depth` levels deeper (see [`Markdown::nested`]).
fn render_with(
    markdown: &str,
    id_prefix: &str,
    raw_html_allowed: bool,
    nested: Option<usize>,
) -> String {
    let mut raw_html = false;
    let events = Parser::new_ext(markdown, options()).inspect(|e| {
        raw_html |= matches!(e, Event::Html(_) | Event::InlineHtml(_));
    });
    let events = highlight_code(events);
    let events = rewrite_links(events, raw_html_allowed);
    let mut events = add_heading_ids(events);
    if let Some(depth) = nested {
        events = nest_headings(events, id_prefix, depth);
    }
    let events = prefix_footnotes(events, id_prefix);
    let events = tables(events, id_prefix);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    if raw_html && !raw_html_allowed {
        sanitiser().clean(&out).to_string()
    } else {
        out
    }
}

/// The Markdown options planpress renders with (the checks parse the same way).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// `plan:` and `page:` links become placeholders resolved per page (see
/// [`VERSION_ROOT`]); links with a scheme that runs code (`javascript:`)
/// are dropped, keeping their text, unless raw HTML is allowed.
fn rewrite_links(events: Vec<Event<'_>>, raw_html_allowed: bool) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut dropped: Vec<bool> = Vec::new();
    for event in events {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if let Some(dest_url) = kept_url(dest_url, raw_html_allowed, &mut dropped) {
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if let Some(dest_url) = kept_url(dest_url, raw_html_allowed, &mut dropped) {
                    out.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if !dropped.pop().unwrap_or(false) {
                    out.push(event);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The address a link or image keeps, or `None` when it is dropped; its end
/// tag follows through `dropped`.
fn kept_url<'a>(
    url: CowStr<'a>,
    raw_html_allowed: bool,
    dropped: &mut Vec<bool>,
) -> Option<CowStr<'a>> {
    let drop = !raw_html_allowed && unsafe_scheme(&url).is_some();
    dropped.push(drop);
    (!drop).then(|| internal_href(url))
}

/// The placeholder address of a `plan:` or `page:` link; other links as they are.
pub fn internal_href(url: CowStr<'_>) -> CowStr<'_> {
    let (root, rest) = if let Some(rest) = url.strip_prefix("plan:") {
        match rest.strip_prefix("versions") {
            Some(after) if after.is_empty() || after.starts_with(['#', '/']) => (PLAN_ROOT, rest),
            _ => (VERSION_ROOT, rest),
        }
    } else if let Some(rest) = url.strip_prefix("page:") {
        (SITE_ROOT, rest)
    } else {
        return url;
    };
    let (path, fragment) = match rest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (rest, None),
    };
    let path = path.trim_matches('/');
    let mut href = String::from(root);
    if !path.is_empty() {
        href.push_str(path);
        href.push('/');
    }
    if let Some(fragment) = fragment {
        href.push('#');
        href.push_str(fragment);
    }
    CowStr::from(href)
}

/// Whether a rendered page holds link placeholders to resolve.
pub fn has_links(page: &[u8]) -> bool {
    memchr::memmem::find(page, LINK_MARK).is_some()
}

/// What every placeholder starts with.
const LINK_MARK: &[u8] = b"__planpress_";

/// Replaces the link placeholders in a rendered page with its roots. A page
/// without internal links is returned as it is, after one fast scan.
pub fn resolve_links(
    page: Vec<u8>,
    version_root: &str,
    plan_root: &str,
    site_root: &str,
) -> Vec<u8> {
    const MARK: &[u8] = LINK_MARK;
    if !has_links(&page) {
        return page;
    }
    let mut out = Vec::with_capacity(page.len() + 256);
    let mut rest = &page[..];
    while let Some(i) = memchr::memmem::find(rest, MARK) {
        out.extend_from_slice(&rest[..i]);
        rest = &rest[i..];
        let replaced = [
            (VERSION_ROOT, version_root),
            (PLAN_ROOT, plan_root),
            (SITE_ROOT, site_root),
        ]
        .into_iter()
        .find(|(placeholder, _)| rest.starts_with(placeholder.as_bytes()));
        match replaced {
            Some((placeholder, root)) => {
                out.extend_from_slice(root.as_bytes());
                rest = &rest[placeholder.len()..];
            }
            None => {
                out.extend_from_slice(MARK);
                rest = &rest[MARK.len()..];
            }
        }
    }
    out.extend_from_slice(rest);
    out
}

/// Renders a short Markdown text (a table cell, a list item) without the
/// wrapping paragraph, when it is a single paragraph; raw HTML sanitised.
pub fn render_inline(markdown: &str) -> String {
    Markdown::default().inline(markdown)
}

fn without_paragraph(html: &str) -> String {
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

/// Headings `depth` levels deeper, their ids prefixed (see [`Markdown::nested`]).
fn nest_headings<'a>(events: Vec<Event<'a>>, prefix: &str, depth: usize) -> Vec<Event<'a>> {
    let deeper = |level: HeadingLevel| {
        HeadingLevel::try_from(level as usize + depth).unwrap_or(HeadingLevel::H6)
    };
    events
        .into_iter()
        .map(|e| match e {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Event::Start(Tag::Heading {
                level: deeper(level),
                id: id.map(|id| CowStr::from(format!("{prefix}--{id}"))),
                classes,
                attrs,
            }),
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(deeper(level))),
            other => other,
        })
        .collect()
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

/// The CSS for highlighted code, generated from a syntect theme. The theme's
/// `static/assets/syntax.css` is this text; a test keeps the two equal.
///
/// Syntect's bundled themes have token colours below the 4.5:1 contrast WCAG
/// 1.4.3 asks for (axe found them), so each colour is darkened until it meets
/// that ratio against its background.
#[cfg(test)]
fn syntax_css() -> String {
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
#[cfg(test)]
const MIN_CONTRAST: f64 = 4.6;

/// Darkens `fg` in small steps until its contrast against `bg` is enough.
#[cfg(test)]
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
#[cfg(test)]
fn contrast(a: syntect::highlighting::Color, b: syntect::highlighting::Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
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
        assert!(html.starts_with("<div class=\"table-wrap\" role=\"region\" aria-label=\"Table 1\" tabindex=\"0\"><table class=\"md-table\">"), "{html}");
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

    const ANNEX: &str = "Table: Our *schools*\n\n| School | Pupils | Notes |\n| --- | --: | --- |\n| Oak | 420 | One<br>Two |\n";

    #[test]
    fn table_caption_comes_from_a_table_paragraph_and_names_the_region() {
        let html = render(ANNEX, "annex", false);
        assert!(
            html.starts_with("<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"annex-table-1-caption\" tabindex=\"0\"><table class=\"md-table\"><caption id=\"annex-table-1-caption\">Our <em>schools</em></caption>"),
            "{html}"
        );
        assert!(!html.contains("Table:"), "{html}");
        assert!(!html.contains("<p>"), "{html}");
    }

    #[test]
    fn table_headers_have_scope_and_cells_have_labels() {
        let html = render(ANNEX, "", false);
        assert!(html.contains("<th scope=\"col\">School</th>"), "{html}");
        assert!(
            html.contains("<th scope=\"col\" class=\"align-right\">Pupils</th>"),
            "{html}"
        );
        assert!(html.contains("<td class=\"align-right\"><span class=\"cell-label\" aria-hidden=\"true\">Pupils</span>420</td>"), "{html}");
        assert!(
            html.contains(
                "<span class=\"cell-label\" aria-hidden=\"true\">Notes</span>One<br>Two</td>"
            ),
            "{html}"
        );
        assert!(html.contains("</tbody></table></div>"), "{html}");
    }

    #[test]
    fn caption_ids_differ_between_tables_and_documents() {
        let two = format!("{ANNEX}\n{ANNEX}");
        let html = render(&two, "background", false);
        assert!(html.contains("id=\"background-table-1-caption\""), "{html}");
        assert!(html.contains("id=\"background-table-2-caption\""), "{html}");
    }

    #[test]
    fn a_paragraph_that_is_not_a_caption_stays() {
        let html = render("Some text\n\n| a |\n| - |\n| 1 |\n", "", false);
        assert!(html.starts_with("<p>Some text</p>"), "{html}");
        assert!(html.contains("aria-label=\"Table 1\""), "{html}");
    }

    #[test]
    fn sanitiser_removes_scripts_handlers_frames_styles_and_javascript() {
        let md = "<script>alert(1)</script>\n\nHi <b onclick=\"x()\" style=\"color:red\">there</b>\n\n<iframe src=\"https://example.org\"></iframe>\n\n<a href=\"javascript:alert(1)\">a</a> <img src=x onerror=\"alert(1)\">\n";
        let html = render(md, "", false);
        for bad in [
            "<script",
            "alert(1)</",
            "onclick",
            "style=",
            "<iframe",
            "javascript:",
            "onerror",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        assert!(html.contains("<b>there</b>"), "{html}");
    }

    #[test]
    fn sanitiser_keeps_harmless_markup() {
        let md = "Line one<br>line two, <abbr title=\"Special educational needs\">SEN</abbr>, x<sup>2</sup> H<sub>2</sub>O <strong>a</strong> <em>b</em>\n\n<ul><li>one</li></ul>\n\n<ol><li>two</li></ol>\n";
        let html = render(md, "", false);
        for good in [
            "<br>",
            "<abbr title=\"Special educational needs\">SEN</abbr>",
            "<sup>2</sup>",
            "<sub>2</sub>",
            "<ul><li>one</li></ul>",
            "<ol><li>two</li></ol>",
            "<strong>a</strong>",
            "<em>b</em>",
        ] {
            assert!(html.contains(good), "{good} not in {html}");
        }
    }

    #[test]
    fn sanitiser_keeps_what_planpress_generates() {
        let md = "## Heading\n\nText[^1] <br>\n\n```rust\nfn main() {}\n```\n\n| a |\n| :-: |\n| 1 |\n\n[^1]: Note\n";
        let raw = render(md, "p", true);
        let clean = render(md, "p", false);
        assert_eq!(
            raw.replace("<br />", "<br>").replace("<br>", ""),
            clean.replace("<br>", "")
        );
    }

    #[test]
    fn javascript_links_in_markdown_syntax_are_dropped_but_their_text_kept() {
        let html = render(
            "[click](javascript:alert(1)) and [ok](https://example.org)",
            "",
            false,
        );
        assert!(!html.contains("javascript"), "{html}");
        assert!(
            html.contains("click and <a href=\"https://example.org\">ok</a>"),
            "{html}"
        );
        assert!(render("[x](JavaScript:alert(1))", "", true).contains("JavaScript:"));
    }

    #[test]
    fn raw_html_is_kept_when_the_site_allows_it() {
        let html = render("<span style=\"color:red\">x</span>", "", true);
        assert!(html.contains("style="), "{html}");
    }

    #[test]
    fn internal_links_become_placeholders_and_resolve_per_page() {
        let html = render(
            "[KPIs](plan:kpis), [row](plan:priorities/reading#action-a), [home](plan:), [history](plan:versions), [page](page:policy)",
            "",
            false,
        );
        assert!(
            html.contains("href=\"__planpress_version__/kpis/\""),
            "{html}"
        );
        assert!(
            html.contains("href=\"__planpress_version__/priorities/reading/#action-a\""),
            "{html}"
        );
        assert!(html.contains("href=\"__planpress_version__/\""), "{html}");
        assert!(
            html.contains("href=\"__planpress_plan__/versions/\""),
            "{html}"
        );
        assert!(
            html.contains("href=\"__planpress_site__/policy/\""),
            "{html}"
        );
        let page = resolve_links(html.into_bytes(), "/p/versions/v1/", "/p/", "/");
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains("href=\"/p/versions/v1/kpis/\""), "{page}");
        assert!(page.contains("href=\"/p/versions/\""), "{page}");
        assert!(page.contains("href=\"/policy/\""), "{page}");
        assert!(!page.contains("__planpress"), "{page}");
    }
}
