//! The rows of a KPI annex: indicator, service area, baseline, target,
//! direction words ("descending target"), notes. A column it does not know
//! goes into the notes with its heading, so nothing is lost.

use crate::load::raw::{Amount, Direction, RawKpi, RawMeasure, RawTarget};

use super::document::{cell_text, collapse, Cell};
use super::rows::unique_id;

/// One KPI row; `None` when the row has no indicator.
pub(crate) fn kpi_row(headings: &[String], row: &[Cell], taken: &[String]) -> Option<RawKpi> {
    let mut kpi = RawKpi {
        id: String::new(),
        service_area: None,
        indicator: String::new(),
        unit: None,
        direction: None,
        baseline: None,
        target: None,
        actuals: Vec::new(),
        source: None,
        priority: None,
        notes: None,
    };
    let mut notes = Vec::new();
    let mut row_words = String::new();
    for (heading, cell) in headings.iter().zip(row) {
        let text = collapse(&cell_text(cell));
        if text.is_empty() {
            continue;
        }
        row_words.push_str(&text.to_lowercase());
        row_words.push(' ');
        let h = heading.to_lowercase();
        if matches!(h.as_str(), "indicator" | "indicators" | "kpi" | "measure") {
            kpi.indicator = text;
        } else if h.contains("service") || h.contains("area") {
            kpi.service_area = Some(text);
        } else if h.contains("baseline") {
            kpi.baseline = Some(RawMeasure {
                value: amount(&text),
                period: None,
            });
        } else if h.contains("target") {
            kpi.target = Some(RawTarget {
                value: amount(&text),
                by: None,
            });
        } else if h.contains("source") {
            kpi.source = Some(text);
        } else if matches!(h.as_str(), "note" | "notes" | "comment" | "comments") {
            notes.push(text);
        } else {
            notes.push(format!("{heading}: {text}"));
        }
    }
    if kpi.indicator.is_empty() {
        return None;
    }
    // The direction where any cell of the row states it, in the words
    // plans use; the words stay where they were written too.
    kpi.direction = direction(&row_words);
    kpi.notes = (!notes.is_empty()).then(|| notes.join("; "));
    kpi.id = unique_id(&kpi.indicator, taken);
    Some(kpi)
}

fn direction(words: &str) -> Option<Direction> {
    let says = |phrases: &[&str]| phrases.iter().any(|p| words.contains(p));
    let lower = says(&[
        "descending target",
        "lower is better",
        "lower value is better",
    ]);
    let higher = says(&[
        "ascending target",
        "higher is better",
        "higher value is better",
    ]);
    match (lower, higher) {
        (true, false) => Some(Direction::LowerIsBetter),
        (false, true) => Some(Direction::HigherIsBetter),
        // Both or neither: the row does not say one way.
        _ => None,
    }
}

fn amount(text: &str) -> Amount {
    match text.trim_end_matches('%').trim().parse::<f64>() {
        Ok(n) if !text.ends_with('%') => Amount::Number(n),
        _ => Amount::Words(text.to_string()),
    }
}
