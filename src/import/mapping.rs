//! The small mapping file a user can give `import` (`--map FILE`) to
//! correct what it recognised:
//!
//! ```yaml
//! title: Education Strategic Plan 2026 to 2029
//! strapline: Working for every child
//! columns:                     # a table heading as written: a column key
//!   Key Strategic Area: action
//!   Exemplar evidence: evidence
//! sections:                    # a heading as written: the section's id
//!   Introduction from Cllr Anntoinette Bramble: foreword
//! priorities:                  # headings or lines that start a priority
//!   - Attainment & Achievement
//! order:                       # the contents: section ids, `priorities`, `kpis`
//!   - foreword
//!   - priorities
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Mapping {
    #[serde(default)]
    pub(crate) title: Option<String>,
    #[serde(default)]
    pub(crate) strapline: Option<String>,
    #[serde(default)]
    pub(crate) columns: BTreeMap<String, String>,
    #[serde(default)]
    pub(crate) sections: BTreeMap<String, String>,
    #[serde(default)]
    pub(crate) priorities: Vec<String>,
    /// The order of the contents; parts it does not name follow, in the
    /// document's order.
    #[serde(default)]
    pub(crate) order: Vec<String>,
}

fn same(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    words(a) == words(b)
}

impl Mapping {
    pub(crate) fn read(path: &std::path::Path) -> Result<Mapping, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let mapping: Mapping =
            crate::load::yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let ok = |id: &str| {
            !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        };
        for id in mapping.columns.values().chain(mapping.sections.values()) {
            if !ok(id) {
                return Err(format!(
                    "{}: `{id}` is not an id (lowercase letters, digits and hyphens)",
                    path.display()
                ));
            }
        }
        Ok(mapping)
    }

    /// The column key the mapping gives a heading, if any.
    pub(crate) fn column(&self, heading: &str) -> Option<&str> {
        self.columns
            .iter()
            .find(|(h, _)| same(h, heading))
            .map(|(_, k)| k.as_str())
    }

    pub(crate) fn section_id(&self, title: &str) -> Option<&str> {
        self.sections
            .iter()
            .find(|(h, _)| same(h, title))
            .map(|(_, k)| k.as_str())
    }

    pub(crate) fn is_priority(&self, text: &str) -> bool {
        self.priorities.iter().any(|p| same(p, text))
    }
}
