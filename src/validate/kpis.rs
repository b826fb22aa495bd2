//! The KPI annex: ids, references to priorities, and values as the plan
//! gives them.

use std::collections::HashMap;

use super::ticked;
use crate::diagnostics::did_you_mean;
use crate::diagnostics::{Code, Diagnostic};
use crate::load::raw::{RawKpi, RawMeasure};
use crate::load::Parsed;
use crate::model::{is_slug, slugify, Kpi, Measure, Priority, Target};

pub(super) fn kpis(
    parsed: &Parsed<Vec<RawKpi>>,
    priorities: &[Priority],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Kpi> {
    let file = &parsed.file;
    let priority_ids: Vec<String> = priorities.iter().map(|p| p.id.clone()).collect();
    // Each id's first entry, by its place in the list.
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::new();
    for (i, raw) in parsed.value.iter().enumerate() {
        let id_at = format!("[{i}].id");
        let earlier = *first.entry(raw.id.as_str()).or_insert(i);
        if earlier != i {
            diagnostics.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!("KPI id `{}` is used twice", raw.id),
                )
                .at(file, file.entry(&id_at))
                .related(
                    file,
                    file.entry(&format!("[{earlier}].id")),
                    "first used here",
                )
                .expected("a different id for every KPI")
                .hint("ids are how versions are compared; give this KPI its own"),
            );
        }
        if !is_slug(&raw.id) {
            diagnostics.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("KPI id `{}` cannot be part of a web address", raw.id),
                )
                .at(file, file.entry(&id_at))
                .expected("lowercase letters, digits and hyphens")
                .hint(format!("use `id: {}`", slugify(&raw.id))),
            );
        }
        if let Some(d) = unknown_priority(parsed, i, raw, &priority_ids) {
            diagnostics.push(d);
        }
        out.push(Kpi {
            id: raw.id.clone(),
            service_area: raw.service_area.clone(),
            indicator: raw.indicator.clone(),
            unit: raw.unit.clone(),
            direction: raw.direction,
            baseline: raw.baseline.as_ref().map(measure),
            target: raw.target.as_ref().map(|t| Target {
                value: t.value.clone(),
                by: t.by.map(|b| b.0),
            }),
            actuals: raw.actuals.iter().map(measure).collect(),
            source: raw.source.clone(),
            priority: raw.priority.clone(),
            notes: raw.notes.clone(),
        });
    }
    out
}

/// The error for a KPI that names a priority the version does not have.
fn unknown_priority(
    parsed: &Parsed<Vec<RawKpi>>,
    i: usize,
    raw: &RawKpi,
    priority_ids: &[String],
) -> Option<Diagnostic> {
    let file = &parsed.file;
    let p = raw
        .priority
        .as_ref()
        .filter(|p| !priority_ids.contains(p))?;
    let mut d = Diagnostic::error(
        Code::UnknownReference,
        format!(
            "KPI `{}` names priority `{p}`, which this version does not have",
            raw.id
        ),
    )
    .at(file, file.entry(&format!("[{i}].priority")))
    .expected(if priority_ids.is_empty() {
        "the folder name of one of this version's priorities; none could be read".to_string()
    } else {
        format!("one of {}", ticked(priority_ids))
    });
    if let Some(best) = did_you_mean(p, priority_ids) {
        d = d.hint(format!("did you mean `{best}`?"));
    }
    Some(d)
}

fn measure(raw: &RawMeasure) -> Measure {
    Measure {
        value: raw.value.clone(),
        period: raw.period.clone(),
    }
}
