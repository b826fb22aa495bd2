//! KPIs compared field by field, values in the words or numbers the plan gives.

use super::{change_of, list_field, text_field, ItemChange};
use crate::model::{Direction, Kpi, Measure, Target};

pub(super) fn kpi_item(old: Option<&Kpi>, new: Option<&Kpi>) -> Option<ItemChange> {
    let mut fields = Vec::new();
    if let (Some(o), Some(n)) = (old, new) {
        let f = &mut fields;
        text_field(f, "Indicator", "indicator", &o.indicator, &n.indicator);
        let opt = |s: &Option<String>| s.clone().unwrap_or_default();
        text_field(
            f,
            "Service area",
            "service_area",
            &opt(&o.service_area),
            &opt(&n.service_area),
        );
        text_field(
            f,
            "Direction",
            "direction",
            direction(o.direction),
            direction(n.direction),
        );
        text_field(
            f,
            "Baseline",
            "baseline",
            &measure(&o.baseline, o),
            &measure(&n.baseline, n),
        );
        text_field(f, "Target", "target", &target(o), &target(n));
        list_field(
            f,
            "Results",
            "actuals",
            &o.actuals
                .iter()
                .map(|m| measure_text(m, o))
                .collect::<Vec<_>>(),
            &n.actuals
                .iter()
                .map(|m| measure_text(m, n))
                .collect::<Vec<_>>(),
        );
        text_field(f, "Unit", "unit", &opt(&o.unit), &opt(&n.unit));
        text_field(f, "Source", "source", &opt(&o.source), &opt(&n.source));
        text_field(
            f,
            "Priority",
            "priority",
            &opt(&o.priority),
            &opt(&n.priority),
        );
        text_field(f, "Notes", "notes", &opt(&o.notes), &opt(&n.notes));
        if fields.is_empty() {
            return None;
        }
    }
    let any = new.or(old).expect("one side exists");
    Some(ItemChange {
        id: any.id.clone(),
        title: any.indicator.clone(),
        change: change_of(old.is_some(), new.is_some()),
        priority: None,
        priority_id: None,
        moved_from: None,
        fields,
    })
}

fn measure_text(m: &Measure, k: &Kpi) -> String {
    let value = m.value.display(k.unit.as_deref());
    match &m.period {
        Some(p) => format!("{value} ({p})"),
        None => value,
    }
}

fn measure(m: &Option<Measure>, k: &Kpi) -> String {
    m.as_ref().map(|m| measure_text(m, k)).unwrap_or_default()
}

fn target(k: &Kpi) -> String {
    let Some(Target { value, by }) = &k.target else {
        return String::new();
    };
    let value = value.display(k.unit.as_deref());
    match by {
        Some(by) => format!("{value} by {}", by.source_form()),
        None => value,
    }
}

fn direction(d: Option<Direction>) -> &'static str {
    match d {
        Some(Direction::HigherIsBetter) => "higher is better",
        Some(Direction::LowerIsBetter) => "lower is better",
        None => "",
    }
}
