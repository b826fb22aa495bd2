//! Finds what runs script in rendered HTML: a `<script` tag, an `on...`
//! attribute, or a `javascript:` address. The renderer escapes every `<` of
//! text, so each `<` followed by a letter opens a tag; attribute values are
//! quoted, with their quotes escaped.

/// The first dangerous thing in `html`, described, if there is one.
pub(super) fn dangerous(html: &str) -> Option<String> {
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let (tag, after) = read_tag(&rest[at + 1..]);
        if let Some(found) = dangerous_tag(tag) {
            return Some(found);
        }
        rest = after;
    }
    None
}

/// The tag starting after a `<` (up to its `>` outside quotes), and what follows.
fn read_tag(text: &str) -> (&str, &str) {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return (&text[..i], &text[i + 1..]),
            _ => {}
        }
    }
    (text, "")
}

/// The attributes a browser follows as an address.
const URL_ATTRIBUTES: [&str; 9] = [
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "srcset",
    "background",
];

fn dangerous_tag(tag: &str) -> Option<String> {
    let name: String = tag
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if name.is_empty() {
        return None;
    }
    if matches!(name.as_str(), "script" | "iframe" | "object" | "embed") {
        return Some(format!("a <{name}> tag"));
    }
    for (attr, value) in attributes(&tag[name.len()..]) {
        let attr = attr.to_ascii_lowercase();
        if attr.starts_with("on") {
            return Some(format!("an `{attr}` attribute on <{name}>"));
        }
        if URL_ATTRIBUTES.contains(&attr.as_str()) && is_script_address(&value) {
            return Some(format!("a script address in `{attr}` of <{name}>"));
        }
    }
    None
}

/// The attributes of a tag's text after its name, values unquoted and
/// their character references for `&` and `:` read.
fn attributes(mut text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    loop {
        text = text.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if text.is_empty() {
            return out;
        }
        let end = text
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(text.len());
        let name = text[..end.max(1).min(text.len())].to_string();
        text = &text[name.len()..];
        let mut value = String::new();
        if let Some(after) = text.trim_start().strip_prefix('=') {
            let after = after.trim_start();
            let (v, rest) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let inner = &after[1..];
                    let close = inner.find(q).unwrap_or(inner.len());
                    (&inner[..close], inner.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = decode(v);
            text = rest;
        }
        out.push((name, value));
    }
}

/// The references a browser would read in an address, enough to see its scheme.
fn decode(value: &str) -> String {
    value
        .replace("&colon;", ":")
        .replace("&#58;", ":")
        .replace("&#x3a;", ":")
        .replace("&#x3A;", ":")
        .replace("&amp;", "&")
}

/// Whether a browser would run `value` as an address, read as the URL
/// standard reads it: C0 controls and spaces before it dropped, tabs and
/// newlines anywhere removed, the scheme in any case. Any other character
/// (DEL among them) ends the scheme, so `jav\u{7f}ascript:` is a relative path.
fn is_script_address(value: &str) -> bool {
    let address: String = value
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    let Some((scheme, rest)) = address.split_once(':') else {
        return false;
    };
    match scheme {
        "javascript" | "vbscript" => true,
        "data" => rest.trim_start().starts_with("text/html"),
        _ => false,
    }
}
