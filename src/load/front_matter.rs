//! Splits a Markdown file into its YAML front matter and its body.
//!
//! The front matter sits between a first line `---` and the next line `---`.
//! Byte offsets are kept so that YAML errors count lines from the top of the
//! file, not from the start of the front matter.

/// The parts of a Markdown file with front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// Byte offset in the file where the YAML starts.
    pub yaml_start: usize,
    pub yaml: &'a str,
    /// Byte offset in the file where the body starts.
    pub body_start: usize,
    pub body: &'a str,
}

/// Why a file's front matter could not be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not begin with a `---` line.
    NoOpening,
    /// There is an opening `---` but no closing one.
    NoClosing,
}

/// Finds the front matter of `text`.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - text_no_bom.len();
    let first_line_end = text_no_bom.find('\n').map_or(text_no_bom.len(), |i| i + 1);
    if text_no_bom[..first_line_end].trim_end() != "---" {
        return Err(SplitError::NoOpening);
    }
    let yaml_start = bom + first_line_end;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok(Split {
                yaml_start,
                yaml: &text[yaml_start..offset],
                body_start: offset + line.len(),
                body: &text[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(SplitError::NoClosing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_keeps_offsets() {
        let text = "---\ntitle: A\n---\n\nBody\n";
        let s = split(text).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.yaml_start, 4);
        assert_eq!(&text[s.body_start..], "\nBody\n");
    }

    #[test]
    fn handles_crlf_bom_and_empty_front_matter() {
        let s = split("\u{feff}---\r\n---\r\nx").unwrap();
        assert_eq!(s.yaml, "");
        assert_eq!(s.body, "x");
    }

    #[test]
    fn reports_missing_delimiters() {
        assert_eq!(split("title: A\n"), Err(SplitError::NoOpening));
        assert_eq!(split("---\ntitle: A\n"), Err(SplitError::NoClosing));
    }
}
