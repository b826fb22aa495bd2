//! The A to Z index on the search page, made when the site is built, so a
//! reader without JavaScript can still find any priority, action, officer,
//! KPI, section or commitment of the plans' current versions. Each entry
//! links to the item itself (an action's row, a KPI's row); an officer
//! links to every action and priority that names them.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Entry, Kind};

/// The whole index, by letter.
#[derive(Debug, Serialize)]
pub struct AzView {
    pub letters: Vec<Letter>,
    /// How many entries it has, in all.
    pub count: usize,
}

/// The entries under one letter (or `0–9`, or `Other`).
#[derive(Debug, Serialize)]
pub struct Letter {
    pub letter: String,
    /// The id of its heading, for the letter navigation.
    pub id: String,
    pub entries: Vec<AzEntry>,
}

/// One entry: an item with its address, or an officer with the items that
/// name them.
#[derive(Debug, Serialize)]
pub struct AzEntry {
    pub name: String,
    pub url: Option<String>,
    /// What it is and where: `Action 3.1, Priority 3: Exclusion from school, ...`.
    pub context: String,
    pub links: Vec<AzLink>,
}

#[derive(Debug, Serialize)]
pub struct AzLink {
    pub title: String,
    pub url: String,
    pub context: String,
}

/// The kinds the A to Z lists (officers besides).
fn listed(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Section | Kind::Commitment | Kind::Priority | Kind::Action | Kind::Kpi
    )
}

/// The A to Z of `entries` (the current versions' entries).
pub fn az(entries: &[Entry]) -> AzView {
    let mut all: Vec<(String, AzEntry)> = Vec::new();
    let mut officers: BTreeMap<&str, Vec<AzLink>> = BTreeMap::new();
    for e in entries.iter().filter(|e| e.current && listed(e.kind)) {
        all.push((sort_key(&e.name), item(e)));
        for name in &e.officers {
            officers.entry(name).or_default().push(AzLink {
                title: e.title.clone(),
                url: e.url.clone(),
                context: e.context.clone(),
            });
        }
    }
    for (name, links) in officers {
        let n = links.len();
        let context = format!(
            "Officer or lead, named on {n} item{}",
            if n == 1 { "" } else { "s" }
        );
        let officer = AzEntry {
            name: name.to_string(),
            url: None,
            context,
            links,
        };
        all.push((sort_key(name), officer));
    }
    // Stable: entries with one name keep the plans' order.
    all.sort_by(|(a, _), (b, _)| a.cmp(b));
    let count = all.len();
    let mut letters: Vec<Letter> = Vec::new();
    for (key, entry) in all {
        let (letter, id) = letter_of(&key);
        match letters.iter_mut().find(|l| l.id == id) {
            Some(l) => l.entries.push(entry),
            None => letters.push(Letter {
                letter,
                id,
                entries: vec![entry],
            }),
        }
    }
    letters.sort_by_key(|l| letter_order(&l.id));
    AzView { letters, count }
}

fn item(e: &Entry) -> AzEntry {
    let kind = match (&e.kind, &e.number) {
        (Kind::Action | Kind::Priority, Some(n)) => format!("{} {n}", e.kind_label),
        _ => e.kind_label.clone(),
    };
    let context = if e.context.is_empty() {
        kind
    } else {
        format!("{kind}, {}", e.context)
    };
    AzEntry {
        name: e.name.clone(),
        url: Some(e.url.clone()),
        context,
        links: Vec::new(),
    }
}

/// How a name sorts: without accents, case or leading punctuation.
fn sort_key(name: &str) -> String {
    let plain = deunicode::deunicode(name).to_lowercase();
    let start = plain.find(|c: char| c.is_ascii_alphanumeric());
    start.map_or(plain.clone(), |i| plain[i..].to_string())
}

/// The letter a sort key files under, and its heading's id.
fn letter_of(key: &str) -> (String, String) {
    match key.chars().next() {
        Some(c) if c.is_ascii_lowercase() => {
            (c.to_ascii_uppercase().to_string(), format!("letter-{c}"))
        }
        Some(c) if c.is_ascii_digit() => ("0–9".into(), "letter-0-9".into()),
        _ => ("Other".into(), "letter-other".into()),
    }
}

/// Letters first, then numbers, then the rest.
fn letter_order(id: &str) -> (u8, String) {
    match id {
        "letter-0-9" => (1, String::new()),
        "letter-other" => (2, String::new()),
        _ => (0, id.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::{letter_of, sort_key};

    #[test]
    fn names_file_under_their_first_letter_or_digit() {
        assert_eq!(letter_of(&sort_key("“Équipe” plan")).0, "E");
        assert_eq!(letter_of(&sort_key("30% fewer exclusions")).0, "0–9");
        assert_eq!(letter_of(&sort_key("")).0, "Other");
    }
}
