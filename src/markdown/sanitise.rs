//! The sanitiser for raw HTML in Markdown (ammonia), and the lists it is
//! configured from, which [`crate::markdown_check`] reports against too.

use std::sync::OnceLock;

/// Elements raw HTML may use: what planpress itself generates, and harmless
/// text markup. Everything else is removed (`script` and `style` with their
/// content). [`crate::markdown_check`] reports against the same lists.
pub const ALLOWED_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];
/// Attributes any allowed element may have.
pub const GENERIC_ATTRIBUTES: &[&str] = &[
    "id",
    "class",
    "title",
    "lang",
    "dir",
    "role",
    "tabindex",
    "aria-label",
    "aria-labelledby",
    "aria-describedby",
    "aria-hidden",
];
/// Attributes particular elements may have.
pub const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("img", &["src", "alt", "width", "height"]),
    ("th", &["scope", "colspan", "rowspan", "abbr"]),
    ("td", &["colspan", "rowspan"]),
    ("time", &["datetime"]),
    ("ol", &["start", "reversed", "type"]),
    ("li", &["value"]),
    ("del", &["datetime", "cite"]),
    ("ins", &["datetime", "cite"]),
    ("q", &["cite"]),
    ("blockquote", &["cite"]),
];
/// URL schemes links and images may use; relative URLs are kept too.
pub const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];
/// Elements removed together with their content.
pub const REMOVED_WITH_CONTENT: &[&str] = &["script", "style"];

/// Whether `attribute` survives sanitising on `tag`.
pub fn attribute_allowed(tag: &str, attribute: &str) -> bool {
    GENERIC_ATTRIBUTES.contains(&attribute)
        || TAG_ATTRIBUTES
            .iter()
            .any(|(t, attrs)| *t == tag && attrs.contains(&attribute))
}

/// The URL's scheme when it is one links may not use (`javascript`, `data`,
/// `vbscript`...), read as browsers read it: case, leading blanks and tabs or
/// newlines inside ignored.
pub fn unsafe_scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control())
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(40)
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let scheme = scheme.to_ascii_lowercase();
    let allowed = URL_SCHEMES.contains(&scheme.as_str()) || scheme == "plan" || scheme == "page";
    (is_scheme && !allowed).then_some(scheme)
}

/// The sanitiser, configured once: see [`ALLOWED_TAGS`].
pub(super) fn sanitiser() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::empty();
        b.tags(ALLOWED_TAGS.iter().copied().collect())
            .clean_content_tags(REMOVED_WITH_CONTENT.iter().copied().collect())
            .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
            .tag_attributes(
                TAG_ATTRIBUTES
                    .iter()
                    .map(|(t, a)| (*t, a.iter().copied().collect()))
                    .collect(),
            )
            .url_schemes(URL_SCHEMES.iter().copied().collect())
            .url_relative(ammonia::UrlRelative::PassThrough)
            .link_rel(None)
            .strip_comments(true);
        b
    })
}
