//! `plan.json`: the whole version as data, with stable ids, each column's
//! key and heading, and Markdown as written. `schema/plan.schema.json`
//! describes it; keep the two together.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::csv::direction_key;
use crate::date::Due;
use crate::model::{
    Action, Amount, Cell, Column, Deadline, Kpi, ListItem, Measure, Part, Period, PlanVersion,
    Priority, Section, Terms, When,
};
use crate::render::views::status_name;

/// Where the schema is published, under the site's base path.
pub const SCHEMA_PATH: &str = "assets/plan.schema.json";

/// The schema itself, published as it is in the repository.
pub const SCHEMA: &str = include_str!("../../../schema/plan.schema.json");

/// The addresses plan.json names, absolute.
pub struct JsonUrls {
    pub schema: String,
    /// The version's overview at its permanent address.
    pub version: String,
}

#[derive(Serialize)]
struct PlanJson<'a> {
    #[serde(rename = "$schema")]
    schema: &'a str,
    plan: &'a str,
    version: &'a str,
    url: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    strapline: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<PeriodJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    organisation: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    label: &'a str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    based_on: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    change_note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notice: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commitments_intro: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    priorities_intro: Option<&'a str>,
    terms: &'a Terms,
    columns: Vec<ColumnJson<'a>>,
    contents: Vec<PartJson<'a>>,
    sections: Vec<SectionJson<'a>>,
    commitments: Vec<SectionJson<'a>>,
    priorities: Vec<PriorityJson<'a>>,
    kpis: Vec<KpiJson<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum PeriodJson<'a> {
    Dates { start: String, end: String },
    Text { text: &'a str },
}

#[derive(Serialize)]
struct ColumnJson<'a> {
    key: &'a str,
    heading: &'a str,
}

#[derive(Serialize)]
struct PartJson<'a> {
    part: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
}

#[derive(Serialize)]
struct SectionJson<'a> {
    id: &'a str,
    title: &'a str,
    weight: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    body: &'a str,
}

#[derive(Serialize)]
struct PriorityJson<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    number: Option<&'a str>,
    title: &'a str,
    short_title: &'a str,
    leads: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    goals: &'a [String],
    key_actions: &'a [String],
    key_indicators: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    headline_indicator: Option<&'a str>,
    funding: &'a [String],
    supporting_documents: Vec<DocumentJson<'a>>,
    body: &'a str,
    actions: Vec<ActionJson<'a>>,
}

#[derive(Serialize)]
struct DocumentJson<'a> {
    slug: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct ActionJson<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    number: Option<&'a str>,
    priority: &'a str,
    text: &'a str,
    cells: CellsJson<'a>,
    deadlines: Vec<DeadlineJson<'a>>,
}

/// An action's list cells by column key, in the plan's column order.
struct CellsJson<'a> {
    columns: &'a [Column],
    action: &'a Action,
    siblings: &'a [Action],
}

impl Serialize for CellsJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for column in self.columns {
            let key = column.key.as_str();
            let Some(cell) = self.action.cell(key) else {
                continue;
            };
            let same_as = match cell {
                Cell::SameAs(id) => Some(id.as_str()),
                Cell::Items(_) => None,
            };
            let items = self.action.items(key, self.siblings);
            map.serialize_entry(key, &CellJson { items, same_as })?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct CellJson<'a> {
    items: &'a [ListItem],
    #[serde(skip_serializing_if = "Option::is_none")]
    same_as: Option<&'a str>,
}

#[derive(Serialize)]
struct DeadlineJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    due: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    when: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ends: Option<String>,
}

#[derive(Serialize)]
struct KpiJson<'a> {
    id: &'a str,
    indicator: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    service_area: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    direction: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<MeasureJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<TargetJson<'a>>,
    actuals: Vec<MeasureJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    priority: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<&'a str>,
}

#[derive(Serialize)]
struct MeasureJson<'a> {
    value: &'a Amount,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<&'a str>,
}

#[derive(Serialize)]
struct TargetJson<'a> {
    value: &'a Amount,
    #[serde(skip_serializing_if = "Option::is_none")]
    by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ends: Option<String>,
}

/// `plan.json` of one version.
pub fn plan_json(v: &PlanVersion, urls: &JsonUrls) -> Vec<u8> {
    let json = PlanJson {
        schema: &urls.schema,
        plan: &v.plan_id,
        version: &v.id,
        url: &urls.version,
        title: &v.title,
        strapline: v.strapline.as_deref(),
        period: v.period.as_ref().map(|p| match p {
            Period::Dates { start, end } => PeriodJson::Dates {
                start: start.to_string(),
                end: end.to_string(),
            },
            Period::Text(text) => PeriodJson::Text { text },
        }),
        organisation: v.organisation.as_deref(),
        owner: v.owner.as_deref(),
        summary: (!v.summary.is_empty()).then_some(v.summary.as_str()),
        label: &v.label,
        status: status_name(v.status),
        published: v.published.map(|d| d.to_string()),
        based_on: v.based_on.as_deref(),
        change_note: v.change_note.as_deref(),
        notice: v.notice.as_deref(),
        commitments_intro: v.commitments_intro.as_deref(),
        priorities_intro: v.priorities_intro.as_deref(),
        terms: &v.terms,
        columns: v
            .columns
            .iter()
            .map(|c| ColumnJson {
                key: &c.key,
                heading: &c.heading,
            })
            .collect(),
        contents: v
            .contents
            .iter()
            .map(|part| contents_part(v, *part))
            .collect(),
        sections: v.sections.iter().map(section).collect(),
        commitments: v.commitments.iter().map(section).collect(),
        priorities: v.priorities.iter().map(|p| priority(v, p)).collect(),
        kpis: v.kpis.iter().map(kpi).collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&json).expect("plan.json serializes");
    bytes.push(b'\n');
    bytes
}

fn contents_part(v: &PlanVersion, part: Part) -> PartJson<'_> {
    let (part, id) = match part {
        Part::Section(i) => ("section", Some(v.sections[i].id.as_str())),
        Part::Commitments => ("commitments", None),
        Part::Priority(i) => ("priority", Some(v.priorities[i].id.as_str())),
        Part::Kpis => ("kpis", None),
    };
    PartJson { part, id }
}

fn section(s: &Section) -> SectionJson<'_> {
    SectionJson {
        id: &s.id,
        title: &s.title,
        weight: s.weight,
        summary: s.summary.as_deref(),
        body: &s.body,
    }
}

fn priority<'a>(v: &'a PlanVersion, p: &'a Priority) -> PriorityJson<'a> {
    PriorityJson {
        id: &p.id,
        number: p.number.as_deref(),
        title: &p.title,
        short_title: &p.short_title,
        leads: &p.leads,
        summary: (!p.summary.is_empty()).then_some(p.summary.as_str()),
        goals: &p.goals,
        key_actions: &p.key_actions,
        key_indicators: &p.key_indicators,
        headline_indicator: p.headline_indicator.as_deref(),
        funding: &p.funding,
        supporting_documents: p
            .supporting_documents
            .iter()
            .map(|(slug, title)| DocumentJson { slug, title })
            .collect(),
        body: &p.body,
        actions: p
            .actions
            .iter()
            .map(|a| ActionJson {
                id: &a.id,
                number: a.number.as_deref(),
                priority: &p.id,
                text: &a.text,
                cells: CellsJson {
                    columns: &v.columns,
                    action: a,
                    siblings: &p.actions,
                },
                deadlines: a.deadlines.iter().map(deadline).collect(),
            })
            .collect(),
    }
}

fn deadline(d: &Deadline) -> DeadlineJson<'_> {
    let (due, when) = match &d.due {
        When::Due(due) => (Some(due.source_form()), None),
        When::Words(words) => (None, Some(words.as_str())),
    };
    DeadlineJson {
        label: d.label.as_deref(),
        due,
        when,
        ends: d.due.ends().map(|e| e.to_string()),
    }
}

fn kpi(k: &Kpi) -> KpiJson<'_> {
    KpiJson {
        id: &k.id,
        indicator: &k.indicator,
        service_area: k.service_area.as_deref(),
        unit: k.unit.as_deref(),
        direction: k.direction.map(direction_key),
        baseline: k.baseline.as_ref().map(measure),
        target: k.target.as_ref().map(|t| TargetJson {
            value: &t.value,
            by: t.by.as_ref().map(Due::source_form),
            ends: t.by.as_ref().and_then(Due::ends).map(|e| e.to_string()),
        }),
        actuals: k.actuals.iter().map(measure).collect(),
        source: k.source.as_deref(),
        priority: k.priority.as_deref(),
        notes: k.notes.as_deref(),
    }
}

fn measure(m: &Measure) -> MeasureJson<'_> {
    MeasureJson {
        value: &m.value,
        period: m.period.as_deref(),
    }
}
