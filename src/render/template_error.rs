//! A template that failed to render, reported at the template and the place
//! in it that failed. Tera 1 keeps no positions in its syntax tree; its
//! error chain names the template the failing node is in ("Failed to render
//! 'priority.html' (error happened in 'base.html')") and the name it could
//! not find ("Variable `x` not found in context"). So the name is looked for
//! in that template's own text (as written, not minified), inside its
//! `{{ }}` and `{% %}` tags; when it appears more than once, every place is
//! shown, since Tera does not say which one failed.

use std::ops::Range;

use crate::diagnostics::{Code, Diagnostic, SourceFile};
use crate::theme::{error_chain, Theme};

/// The diagnostic for `err`, raised rendering `template` for the page at `url`.
pub(crate) fn template_error(
    theme: &Theme,
    template: &str,
    url: &str,
    hint: &str,
    err: &tera::Error,
) -> Diagnostic {
    let chain = error_chain(err);
    let failing = failing_template(theme, &chain).unwrap_or_else(|| template.to_string());
    let context = match failing == template {
        true => format!("rendering `{template}` for {url}"),
        false => format!("in `{failing}`, rendering `{template}` (which uses it) for {url}"),
    };
    let cause = innermost(&chain);
    let mut d = Diagnostic::error(Code::Template, format!("{cause} ({context})")).hint(hint);
    let (Some(origin), Some((text, _))) = (
        theme.template_origin(&failing),
        theme.templates.get(&failing),
    ) else {
        return d;
    };
    let places = quoted_name(cause).map_or(Vec::new(), |name| places_in_tags(text, name));
    let Some(first) = places.first() else {
        return d.in_file(origin);
    };
    let file = SourceFile::new(origin, text.as_str());
    d = d.at(&file, first.clone());
    if places.len() > 1 {
        d = d.expected(format!(
            "the name appears {} times in `{failing}`; Tera does not say which one failed",
            places.len()
        ));
        for place in &places[1..] {
            d = d.related(&file, place.clone(), "also here");
        }
    }
    d
}

/// The template the failing node is in, from Tera's outermost message.
fn failing_template(theme: &Theme, chain: &str) -> Option<String> {
    if let Some(rest) = chain.split("error while rendering macro `").nth(1) {
        let name = rest.split('`').next()?.rsplit("::").next()?;
        let definition = format!("macro {name}(");
        let defines = |text: &str| text.contains(&definition);
        return theme
            .templates
            .iter()
            .find(|(_, (text, _))| defines(text))
            .map(|(n, _)| n.clone());
    }
    let quoted = |after: &str| Some(chain.split(after).nth(1)?.split('\'').next()?.to_string());
    quoted("(error happened in '").or_else(|| quoted("Failed to render '"))
}

/// The last message of the chain: the cause itself, without the name of
/// the template Tera was asked to render, which is not where it is.
fn innermost(chain: &str) -> &str {
    let cause = chain
        .rsplit(": ")
        .find(|part| part.contains('`'))
        .unwrap_or(chain);
    cause
        .split(" while rendering '")
        .next()
        .unwrap_or(cause)
        .trim()
}

/// The first `name` in backquotes of a message.
fn quoted_name(message: &str) -> Option<&str> {
    let name = message.split('`').nth(1)?;
    (!name.is_empty()).then_some(name)
}

/// Every place `name` stands as a whole name inside a `{{ }}` or `{% %}`
/// tag of `text` (not in `{# #}` comments, nor in the page's own text).
fn places_in_tags(text: &str, name: &str) -> Vec<Range<usize>> {
    let mut places = Vec::new();
    for tag in tags(text) {
        let inside = &text[tag.clone()];
        for (at, _) in inside.match_indices(name) {
            let start = tag.start + at;
            let end = start + name.len();
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            let part_of_name = |c: Option<char>, dot: bool| {
                c.is_some_and(|c| c.is_alphanumeric() || c == '_' || (dot && c == '.'))
            };
            if !part_of_name(before, true) && !part_of_name(after, false) {
                places.push(start..end);
            }
        }
    }
    places
}

/// The byte ranges of the insides of a template's expression and statement tags.
fn tags(text: &str) -> Vec<Range<usize>> {
    let mut tags = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('{').map(|i| i + from) {
        let close = match text.get(open + 1..open + 2) {
            Some("{") => "}}",
            Some("%") => "%}",
            Some("#") => "#}",
            _ => {
                from = open + 1;
                continue;
            }
        };
        let start = open + 2;
        let Some(end) = text[start..].find(close).map(|i| i + start) else {
            break;
        };
        if close != "#}" {
            tags.push(start..end);
        }
        from = end + 2;
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_found_whole_and_only_inside_tags() {
        let text = "<p>site.strap</p>{# site.strap #}{{ site.strapline }}{{ site.strap }}\n{% if x.site.strap %}";
        let places = places_in_tags(text, "site.strap");
        assert_eq!(places.len(), 1, "{places:?}");
        assert_eq!(&text[places[0].clone()], "site.strap");
        assert_eq!(places[0].start, text.find("{{ site.strap }}").unwrap() + 3);
    }

    #[test]
    fn the_template_named_in_the_chain_is_the_failing_one() {
        let theme = Theme::default();
        let chain = "Failed to render 'priority.html' (error happened in 'base.html').: Variable `x` not found in context while rendering 'priority.html'";
        assert_eq!(
            failing_template(&theme, chain).as_deref(),
            Some("base.html")
        );
        assert_eq!(innermost(chain), "Variable `x` not found in context");
        let plain = "Failed to render 'page.html': Variable `y` not found";
        assert_eq!(
            failing_template(&theme, plain).as_deref(),
            Some("page.html")
        );
    }
}
