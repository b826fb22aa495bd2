//! What the sanitiser removes from a fragment of raw HTML, found by reading
//! its tags as the sanitiser does, so the build can say what went.

use crate::markdown::{attribute_allowed, unsafe_scheme, ALLOWED_TAGS, REMOVED_WITH_CONTENT};

/// One thing the sanitiser removes: the offset in the fragment, the text
/// there, and what is removed, in words.
pub(super) type Removal = (usize, String, String);

/// What the sanitiser removes from one fragment of raw HTML.
pub(super) fn html_removals(fragment: &str) -> Vec<Removal> {
    let mut scan = HtmlScan {
        text: fragment,
        bytes: fragment.as_bytes(),
        at: 0,
        out: Vec::new(),
    };
    while let Some(lt) = fragment[scan.at..].find('<').map(|j| scan.at + j) {
        scan.at = lt + 1;
        scan.tag(lt);
    }
    scan.out
}

/// A scan through a fragment of raw HTML, as the sanitiser reads it.
struct HtmlScan<'f> {
    text: &'f str,
    bytes: &'f [u8],
    /// Where the scan is.
    at: usize,
    out: Vec<Removal>,
}

impl<'f> HtmlScan<'f> {
    /// The tag whose `<` is at `lt`: a comment is passed over, an element
    /// that is not allowed is reported (and its content passed over when it
    /// goes too), an allowed one has its attributes checked.
    fn tag(&mut self, lt: usize) {
        let (text, i) = (self.text, self.at);
        if text[i..].starts_with("!--") {
            self.at = text[i..].find("-->").map_or(text.len(), |j| i + j + 3);
            return;
        }
        let name_len = text[i..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(text.len() - i);
        if name_len == 0 || !self.bytes[i].is_ascii_alphabetic() {
            return;
        }
        let tag = text[i..i + name_len].to_ascii_lowercase();
        self.at += name_len;
        if ALLOWED_TAGS.contains(&tag.as_str()) {
            self.attributes(&tag);
            return;
        }
        let tag_text = &text[lt..i + name_len];
        self.out.push((
            lt,
            tag_text.to_string(),
            format!("removed a `<{tag}>` element"),
        ));
        if REMOVED_WITH_CONTENT.contains(&tag.as_str()) {
            self.skip_to_close(&tag);
        }
    }

    /// Passes over an element's content, up to its closing tag.
    fn skip_to_close(&mut self, tag: &str) {
        let close = format!("</{tag}");
        let i = self.at;
        self.at = self.text[i..]
            .to_ascii_lowercase()
            .find(&close)
            .map_or(self.text.len(), |j| i + j);
    }

    /// The attributes of an allowed `tag`, up to the end of the tag.
    fn attributes(&mut self, tag: &str) {
        let bytes = self.bytes;
        loop {
            while self.at < bytes.len()
                && (bytes[self.at].is_ascii_whitespace() || bytes[self.at] == b'/')
            {
                self.at += 1;
            }
            if self.at >= bytes.len() || bytes[self.at] == b'>' {
                break;
            }
            let start = self.at;
            while self.at < bytes.len()
                && !bytes[self.at].is_ascii_whitespace()
                && !b"=>/".contains(&bytes[self.at])
            {
                self.at += 1;
            }
            let name = self.text[start..self.at].to_ascii_lowercase();
            let value = self.value();
            if name.is_empty() {
                self.at += 1;
                continue;
            }
            self.check_attribute(tag, &name, start, value);
        }
    }

    /// The value after an attribute's `=`, if it has one, quoted or not;
    /// the scan moves past it.
    fn value(&mut self) -> Option<&'f str> {
        let (text, bytes) = (self.text, self.bytes);
        if !(self.at < bytes.len() && bytes[self.at] == b'=') {
            return None;
        }
        let i = self.at + 1;
        let (from, to) = match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = text[i + 1..]
                    .find(q as char)
                    .map_or(text.len(), |j| i + 1 + j);
                (i + 1, end)
            }
            _ => {
                let end = text[i..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .map_or(text.len(), |j| i + j);
                (i, end)
            }
        };
        let quoted = from > 0 && matches!(bytes[from - 1], b'"' | b'\'') && from == i + 1;
        self.at = if quoted { (to + 1).min(text.len()) } else { to };
        Some(&text[from..to])
    }

    /// Reports the attribute `name` at `start` when the sanitiser drops it:
    /// not allowed on `tag`, or a link with a scheme that runs code.
    fn check_attribute(&mut self, tag: &str, name: &str, start: usize, value: Option<&str>) {
        let attribute_text = self.text[start..]
            .split(['=', ' ', '>'])
            .next()
            .unwrap_or("");
        if !attribute_allowed(tag, name) {
            self.out.push((
                start,
                attribute_text.to_string(),
                format!("removed the `{name}` attribute"),
            ));
        } else if let Some(scheme) = value
            .filter(|_| name == "href" || name == "src" || name == "cite")
            .and_then(unsafe_scheme)
        {
            self.out.push((
                start,
                attribute_text.to_string(),
                format!("removed a `{scheme}:` link"),
            ));
        }
    }
}
