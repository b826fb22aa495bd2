//! Builds a Word document (.docx) from a seed text, as a communications team
//! would have written it in Word: `#` headings in heading styles, lines as
//! paragraphs (those split by a page break joined again), `- ` entries and
//! the cells' `<li>` entries as numbered paragraphs nested by level, `**bold**`
//! as bold runs, `[links](...)` as hyperlinks, tab-separated rows as tables.
//! Page numbers on a line of their own are left out, as Word has none.

use std::io::Write;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

#[derive(Default)]
struct Doc {
    body: String,
    links: Vec<String>,
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

impl Doc {
    /// Runs for Markdown inline text: `**` toggles bold, `[t](u)` is a link.
    fn runs(&mut self, text: &str) -> String {
        // Unpaired bold markers are not bold, as the text reader reads them.
        let unpaired = text.matches("**").count() % 2 == 1;
        let owned = if unpaired {
            text.replace("**", "")
        } else {
            text.to_string()
        };
        let text = owned.as_str();
        let mut out = String::new();
        let mut bold = false;
        let mut rest = text;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("**") {
                bold = !bold;
                rest = after;
                continue;
            }
            if rest.starts_with('[') {
                if let Some((label, tail)) = rest[1..].split_once("](") {
                    if let Some((url, tail)) = tail.split_once(')') {
                        self.links.push(url.to_string());
                        let id = format!("rIdL{}", self.links.len());
                        out.push_str(&format!(r#"<w:hyperlink r:id="{id}"><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:hyperlink>"#, esc(label)));
                        rest = tail;
                        continue;
                    }
                }
            }
            let first = rest.chars().next().map_or(1, char::len_utf8);
            let end = rest[first..]
                .find(['*', '['])
                .map_or(rest.len(), |i| i + first);
            let props = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
            out.push_str(&format!(
                r#"<w:r>{props}<w:t xml:space="preserve">{}</w:t></w:r>"#,
                esc(&rest[..end])
            ));
            rest = &rest[end..];
        }
        out
    }

    fn para(&mut self, style: Option<&str>, level: Option<usize>, text: &str) -> String {
        let mut props = String::new();
        if let Some(style) = style {
            props.push_str(&format!(r#"<w:pStyle w:val="{style}"/>"#));
        }
        if let Some(level) = level {
            props.push_str(&format!(
                r#"<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr>"#
            ));
        }
        format!("<w:p><w:pPr>{props}</w:pPr>{}</w:p>", self.runs(text))
    }

    /// A cell's HTML-ish text as paragraphs and list paragraphs.
    fn cell(&mut self, source: &str) -> String {
        let mut out = String::new();
        let mut depth = 0usize;
        let mut pending = String::new();
        let mut rest = source;
        let flush = |doc: &mut Doc, pending: &mut String, depth: usize, out: &mut String| {
            let text = pending.split_whitespace().collect::<Vec<_>>().join(" ");
            pending.clear();
            let text = text
                .trim_start_matches(['•', '●', '▪', '○', '*', ' '])
                .to_string();
            let level = (depth > 0).then(|| depth - 1);
            // In a list, each bullet typed in the text was an entry of its own.
            let entries: Vec<String> = match level {
                Some(_) => text
                    .split(['•', '●', '▪', '○'])
                    .map(|e| e.trim().to_string())
                    .collect(),
                None => vec![text],
            };
            for entry in entries.into_iter().filter(|e| !e.is_empty()) {
                out.push_str(&doc.para(None, level, &entry));
            }
        };
        loop {
            let (text, tag, tail) = match rest.find('<') {
                Some(open) => match rest[open..].find('>') {
                    Some(close) => (
                        &rest[..open],
                        &rest[open + 1..open + close],
                        &rest[open + close + 1..],
                    ),
                    None => (rest, "", ""),
                },
                None => (rest, "", ""),
            };
            pending.push_str(&text.replace("&amp;", "&"));
            let name = tag
                .trim_start_matches('/')
                .split_whitespace()
                .next()
                .unwrap_or("");
            match (name, tag.starts_with('/')) {
                ("b" | "strong", _) => pending.push_str("**"),
                ("ul" | "ol", false) => {
                    flush(self, &mut pending, depth, &mut out);
                    depth += 1;
                }
                ("ul" | "ol", true) => {
                    flush(self, &mut pending, depth, &mut out);
                    depth = depth.saturating_sub(1);
                }
                ("p" | "li" | "br", _) => flush(self, &mut pending, depth, &mut out),
                _ => {}
            }
            if tail.is_empty() && tag.is_empty() {
                break;
            }
            rest = tail;
        }
        flush(self, &mut pending, depth, &mut out);
        out
    }

    fn table(&mut self, rows: &[&str]) {
        self.body.push_str("<w:tbl>");
        for row in rows {
            self.body.push_str("<w:tr>");
            for cell in row.split('\t') {
                let inner = self.cell(cell);
                self.body.push_str(&format!("<w:tc>{inner}<w:p/></w:tc>"));
            }
            self.body.push_str("</w:tr>");
        }
        self.body.push_str("</w:tbl>");
    }
}

/// The text's blocks, as the seeds write them, in WordprocessingML.
fn body(text: &str, doc: &mut Doc) {
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    let mut para: Vec<String> = Vec::new();
    let mut paras: Vec<String> = Vec::new();
    let end_para = |para: &mut Vec<String>, paras: &mut Vec<String>| {
        if para.is_empty() {
            return;
        }
        let text = para
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        para.clear();
        match paras.last_mut() {
            Some(last)
                if text.starts_with(char::is_lowercase)
                    && !last.ends_with(['.', ':', '!', '?']) =>
            {
                last.push(' ');
                last.push_str(&text);
            }
            _ => paras.push(text),
        }
    };
    let flush_paras = |paras: &mut Vec<String>, doc: &mut Doc| {
        for p in paras.drain(..) {
            let xml = doc.para(None, None, &p);
            doc.body.push_str(&xml);
        }
    };
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim();
        if line.contains('\t') {
            end_para(&mut para, &mut paras);
            flush_paras(&mut paras, doc);
            let start = i;
            while i < lines.len() && lines[i].contains('\t') {
                i += 1;
            }
            doc.table(&lines[start..i]);
            continue;
        }
        let hashes = t.chars().take_while(|c| *c == '#').count();
        let digits = t.len() <= 4 && !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
        if t.is_empty()
            || digits
            || (hashes > 0 && t[hashes..].starts_with(' '))
            || t.starts_with("- ")
        {
            end_para(&mut para, &mut paras);
        }
        if (hashes > 0 && t[hashes..].starts_with(' ')) || t.starts_with("- ") {
            flush_paras(&mut paras, doc);
        }
        let alone = (i == 0 || lines[i - 1].trim().is_empty())
            && lines.get(i + 1).is_none_or(|l| l.trim().is_empty());
        if let Some(level) = numbered_heading(line).filter(|_| alone) {
            end_para(&mut para, &mut paras);
            flush_paras(&mut paras, doc);
            let xml = doc.para(Some(&format!("Heading{level}")), None, t);
            doc.body.push_str(&xml);
        } else if hashes > 0 && t[hashes..].starts_with(' ') {
            let xml = doc.para(Some(&format!("Heading{hashes}")), None, t[hashes..].trim());
            doc.body.push_str(&xml);
        } else if let Some(item) = t.strip_prefix("- ") {
            let level = usize::from(line.len() - line.trim_start().len() > 1);
            let xml = doc.para(None, Some(level), item);
            doc.body.push_str(&xml);
        } else if !t.is_empty() && !digits {
            para.push(t.to_string());
        }
        i += 1;
    }
    end_para(&mut para, &mut paras);
    flush_paras(&mut paras, doc);
}

/// A numbered heading written as a line of its own (`1. Introduction`,
/// `Appendix A: ...`), which the author would have styled as a heading.
fn numbered_heading(line: &str) -> Option<u8> {
    let t = line.trim();
    if t.len() > 80 || t.ends_with(['.', ';', ',']) || line.contains('\t') {
        return None;
    }
    let lower = t.to_lowercase();
    if lower.starts_with("appendix ") || lower.starts_with("annex ") {
        return Some(2);
    }
    let (number, title) = t.split_once(' ')?;
    let parts: Vec<&str> = number.trim_end_matches('.').split('.').collect();
    let numeric = parts
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()));
    let upper = title.trim_start().starts_with(char::is_uppercase);
    (numeric && upper && parts.len() <= 3).then(|| parts.len() as u8 + 1)
}

/// The .docx file's bytes.
pub(crate) fn docx_from_text(text: &str) -> Vec<u8> {
    let mut doc = Doc::default();
    body(text, &mut doc);
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{}</w:body></w:document>"#,
        doc.body
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (n, url) in doc.links.iter().enumerate() {
        rels.push_str(&format!(r#"<Relationship Id="rIdL{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="{}" TargetMode="External"/>"#, n + 1, esc(url)));
    }
    rels.push_str("</Relationships>");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, text) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("word/document.xml", &document),
        ("word/_rels/document.xml.rels", &rels),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}
