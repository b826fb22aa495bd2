//! The words that name a plan's parts in its headings and paragraphs:
//! `Priority 1: ...`, `Key goals include:`, `Led by: ...`, `**Key
//! indicator:** ...`.

use super::document::plain;
use super::plan::Field;

/// `Priority 1: SEND`, `Linked HLT priority (2): Exclusions`, `Aim 3 - ...`:
/// the number, if any, and the title.
pub(super) fn priority_heading(text: &str) -> Option<(Option<String>, String)> {
    let t = plain(text);
    let lower = t.to_ascii_lowercase();
    let at = ["priority", "strategic aim", "aim", "objective"]
        .iter()
        .find_map(|w| {
            let i = lower.find(w)?;
            (i < 25 && lower[..i].split_whitespace().count() <= 2).then_some(i + w.len())
        })?;
    let rest = t[at..].trim_start();
    let digits: String = rest
        .trim_start_matches('(')
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if digits.is_empty() {
        return None;
    }
    let after = rest.trim_start_matches('(')[digits.len()..].trim_start_matches(')');
    let title = after.trim_start_matches([':', '.', '-', '–', ' ']).trim();
    (!title.is_empty() && after.trim_start().starts_with([':', '.', '-', '–']))
        .then(|| (Some(digits), title.to_string()))
}

pub(super) fn field_heading(text: &str) -> Option<Field> {
    let t = plain(text).to_lowercase();
    let t = t.trim_end_matches(':');
    let field = if t.starts_with("key goals") || t == "goals" {
        Field::Goals
    } else if t.starts_with("key actions") {
        Field::KeyActions
    } else if t.starts_with("key indicators of success") {
        Field::KeyIndicators
    } else if t.starts_with("funding implications") || t == "funding" {
        Field::Funding
    } else {
        return None;
    };
    Some(field)
}

/// `Led by: Head of SEND`, `**Led by Head of SEND**`.
pub(super) fn leads(text: &str) -> Option<String> {
    let t = plain(text);
    let rest = t.strip_prefix("Led by")?;
    let rest = rest.trim_start_matches(':').trim();
    (!rest.is_empty()).then(|| rest.to_string())
}

/// `**Key indicator:** text`: the headline indicator.
pub(super) fn headline(text: &str) -> Option<String> {
    for prefix in [
        "**Key indicators:**",
        "**Key indicator:**",
        "Key indicator:",
    ] {
        if let Some(rest) = text.strip_prefix(prefix) {
            return Some(rest.trim().to_string()).filter(|r| !r.is_empty());
        }
    }
    None
}
