//! Minification, done once per template rather than once per page.
//!
//! Every page is a template's fixed markup with values filled in, and the
//! fixed markup is where the indentation and line breaks are. So the theme's
//! HTML templates go through minify-html once, with Tera's `{{ }}`, `{% %}`
//! and `{# #}` passed through untouched, and pages come out minified with no
//! per-page pass (which cost as much as rendering them).
//!
//! minify-html understands template syntax only where text may stand. A
//! template whose tags or unquoted attribute values hold template syntax
//! could be garbled, so a minified template is kept only if it holds the
//! very same template tags in the same order, each with a space inside
//! (which keeps minify-html from unquoting an attribute value around it).
//! Otherwise the template is used as written.
//!
//! minify-html's CSS and JS minifiers (`minify_css`, `minify_js`) stay off:
//! the site's CSS and JS are files of their own, served under a strict
//! Content-Security-Policy, and the templates have no inline `<style>` or
//! `<script>` content. A theme's inline CSS or JS passes through unminified.

/// The template minified, or `None` when it is not safe to.
pub(crate) fn template(text: &str) -> Option<String> {
    let mut tags = template_tags(text)?;
    if tags.iter().any(|tag| !tag.contains(char::is_whitespace)) {
        return None;
    }
    let minified = String::from_utf8(minify_html::minify(text.as_bytes(), &config())).ok()?;
    let mut kept = template_tags(&minified)?;
    tags.sort_unstable();
    kept.sort_unstable();
    (kept == tags).then_some(minified)
}

fn config() -> minify_html::Cfg {
    let mut cfg = minify_html::Cfg::new();
    // Closing tags, `<html>` and `<head>` stay: optional in HTML, but some
    // checkers and assistive tools read the explicit structure.
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    cfg.preserve_brace_template_syntax = true;
    cfg
}

/// The template tags of `text` in order, or `None` if one is not closed.
fn template_tags(text: &str) -> Option<Vec<&str>> {
    let mut tags = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(['{']) {
        let after = &rest[start..];
        let close = match after.as_bytes().get(1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                rest = &after[1..];
                continue;
            }
        };
        let end = after[2..].find(close)? + 2 + close.len();
        tags.push(&after[..end]);
        rest = &after[end..];
    }
    Some(tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minifies_markup_and_keeps_template_tags() {
        let text =
            "<ul>\n  {% for x in xs %}\n    <li class=\"a\">{{ x }}</li>\n  {% endfor %}\n</ul>\n";
        let out = template(text).expect("safe to minify");
        // A template tag counts as text, so one space after it stays.
        assert_eq!(
            out,
            "<ul>{% for x in xs %} <li class=a>{{ x }}</li>{% endfor %}</ul>"
        );
    }

    #[test]
    fn keeps_quotes_around_template_values() {
        let out = template("<a href=\"{{ url }}\">x</a>").expect("safe to minify");
        assert_eq!(out, "<a href=\"{{ url }}\">x</a>");
    }

    #[test]
    fn leaves_templates_with_syntax_inside_tags_as_written() {
        // minify-html would read `{% if` as attribute names and reorder them.
        let text = "<a href=\"{{ u }}\"{% if c %} aria-current=\"page\"{% endif %}>x</a>";
        assert_eq!(template(text), None);
    }

    #[test]
    fn leaves_tags_without_inner_space_as_written() {
        // `href={{u}}` could lose its quotes, and break when `u` has a space.
        assert_eq!(template("<a href=\"{{u}}\">x</a>"), None);
    }

    #[test]
    fn keeps_inline_css_and_js_as_written() {
        let text = "<style>p { color: red; }</style><p style=\"color: red;\">x</p><script>let a = 1 + 2;</script>";
        assert_eq!(template(text).as_deref(), Some(text));
    }

    #[test]
    fn leaves_unclosed_tags_to_tera_to_report() {
        assert_eq!(template("<p>{{ oops</p>"), None);
    }

    // The built-in theme must stay minifiable, or every page grows quietly.
    #[test]
    fn every_built_in_html_template_minifies() {
        let theme = crate::theme::Theme::load(std::path::Path::new("/nonexistent"), "default")
            .expect("the built-in theme loads");
        let refused: Vec<&String> = theme
            .templates
            .iter()
            .filter(|(name, (text, _))| name.ends_with(".html") && template(text).is_none())
            .map(|(name, _)| name)
            .collect();
        assert!(refused.is_empty(), "not minifiable: {refused:?}");
    }
}
