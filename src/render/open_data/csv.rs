//! `actions.csv` and `kpis.csv`: one row per action or KPI, RFC 4180 (the
//! `csv` crate quotes every cell that holds a comma, a quote or a line
//! break), UTF-8, with the sources' text as written (Markdown stays
//! Markdown). README's "Open data" says what each column holds.

use crate::model::{Action, Amount, Deadline, Direction, Kpi, ListItem, PlanVersion, Priority};

/// The columns before the plan's own in `actions.csv`. Their names hold an
/// underscore, which no column key can (keys are lowercase letters, digits
/// and hyphens), so a plan's column never takes one of their names.
pub const ACTION_FIXED: [&str; 7] = [
    "plan_id",
    "version_id",
    "priority_id",
    "priority_number",
    "priority_title",
    "action_id",
    "action_number",
];

/// A list cell in one CSV cell: one item a line; the items under an item
/// follow it, each line starting with two spaces for each level below the
/// first and `- `.
pub fn join_items(items: &[ListItem]) -> String {
    let mut lines = Vec::new();
    push_items(items, 0, &mut lines);
    lines.join("\n")
}

fn push_items(items: &[ListItem], depth: usize, lines: &mut Vec<String>) {
    for item in items {
        let prefix = match depth {
            0 => String::new(),
            d => format!("{}- ", "  ".repeat(d - 1)),
        };
        lines.push(format!("{prefix}{}", item.text()));
        push_items(item.children(), depth + 1, lines);
    }
}

/// Deadlines in one CSV cell: one a line, `label: when` or `when`, the
/// deadline in the short form planpress reads (`31/07/2026`, `2026/27`) or
/// the plan's own words.
pub fn join_deadlines(deadlines: &[Deadline]) -> String {
    let lines: Vec<String> = deadlines
        .iter()
        .map(|d| match &d.label {
            Some(label) => format!("{label}: {}", d.due.source_form()),
            None => d.due.source_form(),
        })
        .collect();
    lines.join("\n")
}

/// A writer of RFC 4180 records: CRLF after each, quotes where needed.
fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

/// `actions.csv` of one version: a header row of column names, then one
/// row per action, priority by priority in the plan's order.
pub fn actions(v: &PlanVersion) -> Vec<u8> {
    let mut out = writer();
    let mut header: Vec<&str> = ACTION_FIXED.to_vec();
    header.extend(v.columns.iter().map(|c| c.key.as_str()));
    out.write_record(&header).expect("writes to memory");
    for p in &v.priorities {
        for a in &p.actions {
            out.write_record(action_row(v, p, a))
                .expect("writes to memory");
        }
    }
    out.into_inner().expect("writes to memory")
}

fn action_row(v: &PlanVersion, p: &Priority, a: &Action) -> Vec<String> {
    let mut row = vec![
        v.plan_id.clone(),
        v.id.clone(),
        p.id.clone(),
        p.number.clone().unwrap_or_default(),
        p.title.clone(),
        a.id.clone(),
        a.number.clone().unwrap_or_default(),
    ];
    for column in &v.columns {
        row.push(match column.key.as_str() {
            "action" => a.text.clone(),
            "deadlines" => join_deadlines(&a.deadlines),
            key => join_items(a.items(key, &p.actions)),
        });
    }
    row
}

/// `kpis.csv` of one version: one row per KPI, with a value and a period
/// column for each result, as many as the KPI with the most results has.
pub fn kpis(v: &PlanVersion) -> Vec<u8> {
    let results = v.kpis.iter().map(|k| k.actuals.len()).max().unwrap_or(0);
    let mut header: Vec<String> = [
        "plan_id",
        "version_id",
        "kpi_id",
        "service_area",
        "indicator",
        "unit",
        "direction",
        "baseline",
        "baseline_period",
        "target",
        "target_by",
    ]
    .map(String::from)
    .to_vec();
    for n in 1..=results {
        header.push(format!("actual_{n}"));
        header.push(format!("actual_{n}_period"));
    }
    header.extend(["source", "priority_id", "notes"].map(String::from));
    let mut out = writer();
    out.write_record(&header).expect("writes to memory");
    for k in &v.kpis {
        out.write_record(kpi_row(v, k, results))
            .expect("writes to memory");
    }
    out.into_inner().expect("writes to memory")
}

fn kpi_row(v: &PlanVersion, k: &Kpi, results: usize) -> Vec<String> {
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    let mut row = vec![
        v.plan_id.clone(),
        v.id.clone(),
        k.id.clone(),
        text(&k.service_area),
        k.indicator.clone(),
        text(&k.unit),
        k.direction
            .map(direction_key)
            .unwrap_or_default()
            .to_string(),
        k.baseline
            .as_ref()
            .map(|b| amount(&b.value))
            .unwrap_or_default(),
        k.baseline
            .as_ref()
            .and_then(|b| b.period.clone())
            .unwrap_or_default(),
        k.target
            .as_ref()
            .map(|t| amount(&t.value))
            .unwrap_or_default(),
        k.target
            .as_ref()
            .and_then(|t| t.by.as_ref())
            .map(|by| by.source_form())
            .unwrap_or_default(),
    ];
    for n in 0..results {
        let actual = k.actuals.get(n);
        row.push(actual.map(|m| amount(&m.value)).unwrap_or_default());
        row.push(actual.and_then(|m| m.period.clone()).unwrap_or_default());
    }
    row.extend([text(&k.source), text(&k.priority), text(&k.notes)]);
    row
}

/// A value as the source gives it: a number as written in plain digits
/// (`74`, `72.5`), or the words.
pub fn amount(value: &Amount) -> String {
    match value {
        Amount::Number(n) => n.to_string(),
        Amount::Words(w) => w.clone(),
    }
}

/// The direction as `kpis.yaml` writes it.
pub fn direction_key(d: Direction) -> &'static str {
    match d {
        Direction::HigherIsBetter => "higher_is_better",
        Direction::LowerIsBetter => "lower_is_better",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NestedItem;

    #[test]
    fn nested_items_are_prefixed_by_depth() {
        let items = vec![
            ListItem::Text("One".into()),
            ListItem::Nested(NestedItem {
                text: "Two:".into(),
                items: vec![ListItem::Nested(NestedItem {
                    text: "a".into(),
                    items: vec![ListItem::Text("b".into())],
                })],
            }),
        ];
        assert_eq!(join_items(&items), "One\nTwo:\n- a\n  - b");
    }

    #[test]
    fn numbers_are_written_as_plain_digits() {
        assert_eq!(amount(&Amount::Number(74.0)), "74");
        assert_eq!(amount(&Amount::Number(72.5)), "72.5");
        assert_eq!(amount(&Amount::Number(1200.0)), "1200");
    }
}
