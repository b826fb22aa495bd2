//! What the importer could not place, dropped as page furniture, or kept as
//! written without understanding it: each with where it was and why. The
//! command prints it at the end; text that could not be placed also goes
//! into the section "Imported text to review".

use super::document::Loc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Page furniture left out: a page number, a repeated running head.
    Dropped,
    /// Text put in "Imported text to review".
    ToReview,
    /// Kept as written, but worth a look: a deadline that is not a date.
    Note,
}

#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) kind: Kind,
    pub(crate) at: Loc,
    pub(crate) text: String,
    pub(crate) why: String,
}

#[derive(Debug, Default)]
pub(crate) struct Report {
    entries: Vec<Entry>,
}

impl Report {
    pub(crate) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub(crate) fn dropped(&mut self, at: Loc, text: &str, why: &str) {
        self.push(Kind::Dropped, at, text, why);
    }

    pub(crate) fn for_review(&mut self, at: Loc, text: &str, why: &str) {
        self.push(Kind::ToReview, at, text, why);
    }

    pub(crate) fn note(&mut self, at: Loc, text: &str, why: &str) {
        self.push(Kind::Note, at, text, why);
    }

    fn push(&mut self, kind: Kind, at: Loc, text: &str, why: &str) {
        let entry = Entry {
            kind,
            at,
            text: text.to_string(),
            why: why.to_string(),
        };
        self.entries.push(entry);
    }

    /// The report as printed: one line an entry, `file:line: what: why`.
    pub(crate) fn render(&self, file: &str) -> String {
        let mut out = String::new();
        for entry in &self.entries {
            let what = match entry.kind {
                Kind::Dropped => "left out",
                Kind::ToReview => "to review",
                Kind::Note => "kept as written",
            };
            let mut text: String = entry.text.chars().take(70).collect();
            if text.len() < entry.text.len() {
                text.push('…');
            }
            out.push_str(&format!(
                "{file}, {}: {what}: {} ({text})\n",
                entry.at, entry.why
            ));
        }
        out
    }
}
