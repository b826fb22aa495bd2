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
    for (heading, cell) in headings.iter().zip(row) {
        let text = collapse(&cell_text(cell));
        if text.is_empty() {
            continue;
        }
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
        } else {
            notes.push(format!("{heading}: {text}"));
        }
    }
    if kpi.indicator.is_empty() {
        return None;
    }
    let lower = kpi.indicator.to_lowercase();
    if lower.contains("descending target") || lower.contains("lower is better") {
        kpi.direction = Some(Direction::LowerIsBetter);
    } else if lower.contains("ascending target") || lower.contains("higher is better") {
        kpi.direction = Some(Direction::HigherIsBetter);
    }
    kpi.notes = (!notes.is_empty()).then(|| notes.join("; "));
    kpi.id = unique_id(&kpi.indicator, taken);
    Some(kpi)
}

fn amount(text: &str) -> Amount {
    match text.trim_end_matches('%').trim().parse::<f64>() {
        Ok(n) if !text.ends_with('%') => Amount::Number(n),
        _ => Amount::Words(text.to_string()),
    }
}
