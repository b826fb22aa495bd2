//! Where validation points: at the value the problem is about, found by
//! its path in the YAML parser's index. Each case here was pointed at the
//! wrong place, or at the start of the file, when the position was found by
//! searching the file's text for the value.

use serde::de::DeserializeOwned;

use super::*;
use crate::diagnostics::SourceFile;
use crate::load::raw::{RawAction, RawKpi, RawPriorityMeta};
use crate::load::{yaml, LoadedPriority};

fn parsed<T: DeserializeOwned>(name: &str, text: &str, noun: &str) -> Parsed<T> {
    let file = SourceFile::new(name, text).with_yaml(0..text.len(), yaml::index);
    let value = yaml::parse(&file, 0, text, noun).expect("the YAML parses");
    Parsed { file, value }
}

/// Each diagnostic as `line:column message`, and the text under its caret.
fn places(diagnostics: &[Diagnostic]) -> Vec<(String, String)> {
    diagnostics
        .iter()
        .map(|d| {
            let l = d.location.as_ref().expect("a position");
            (
                format!("{}:{} {}", l.line(), l.column(), d.message),
                l.file.text[l.span.clone()].to_string(),
            )
        })
        .collect()
}

fn priority_with_actions(actions: &str) -> LoadedPriority {
    let text = "---\nnumber: 1\ntitle: Reading\n---\n";
    let yaml_at = 4..text.len() - 4;
    let file = SourceFile::new("priority.md", text).with_yaml(yaml_at.clone(), yaml::index);
    let meta: RawPriorityMeta = yaml::parse(&file, 4, &text[yaml_at], "entry").unwrap();
    LoadedPriority {
        id: "reading".into(),
        meta: Doc {
            body: file.tail(text.len()),
            file,
            id: "reading".into(),
            name: "reading".into(),
            meta,
        },
        actions: Some(parsed::<Vec<RawAction>>("actions.yaml", actions, "action")),
    }
}

fn built_in_columns() -> Vec<crate::model::Column> {
    let plan = parsed::<crate::load::raw::RawPlan>(
        "plan.yaml",
        "title: x\nversion: {label: x, status: final}\n",
        "entry",
    );
    structure::columns(
        &plan.value,
        &Default::default(),
        &plan.file,
        &mut Vec::new(),
    )
}

// A block of text that holds `id: b` came first, and the search took it for
// the first `id: b`; the duplicate was then shown at the first real one.
#[test]
fn a_duplicate_action_id_is_shown_at_its_own_row_not_in_text_quoting_it() {
    let actions = "\
- id: a
  action: |
    Replaces the row that had
    id: b
- id: b
  action: x
- id: b
  action: y
";
    let mut diagnostics = Vec::new();
    check_unique_action_ids(&[priority_with_actions(actions)], &mut diagnostics);
    assert_eq!(
        places(&diagnostics),
        [(
            "7:3 action id `b` is used twice".to_string(),
            "id: b".to_string()
        )]
    );
    let (related, _) = &diagnostics[0].related[0];
    assert_eq!((related.line(), related.column()), (5, 3));
}

// The search for `deadlines:` found it in the action's own text.
#[test]
fn a_deadline_without_a_date_points_at_the_deadlines_key() {
    let actions = "\
- id: a
  action: 'Agree deadlines: with every school'
  deadlines:
    - label: soon
";
    let mut diagnostics = Vec::new();
    priority(
        &priority_with_actions(actions),
        &[],
        &built_in_columns(),
        &mut diagnostics,
    );
    assert_eq!(
        places(&diagnostics),
        [(
            "3:3 the 1st deadline of this action has no `due:`".to_string(),
            "deadlines:".to_string()
        )]
    );
}

// A shared cell written as a flow mapping has no `same_as: <id>` text.
#[test]
fn a_shared_cell_in_a_flow_mapping_is_found() {
    let actions = "\
- id: a
  action: x
  indicators: [one]
- id: b
  action: y
  indicators: {same_as: c}
";
    let mut diagnostics = Vec::new();
    priority(
        &priority_with_actions(actions),
        &[],
        &built_in_columns(),
        &mut diagnostics,
    );
    assert_eq!(places(&diagnostics).len(), 1, "{diagnostics:#?}");
    assert_eq!(places(&diagnostics)[0].1, "same_as: c");
    assert!(places(&diagnostics)[0].0.starts_with("6:16 "));
}

// A KPI written as a flow mapping, and a quoted id with a comment after
// it: the search found neither and pointed at the start of the file.
#[test]
fn kpi_problems_in_flow_mappings_and_quoted_values_are_found() {
    let text = "\
- id: ks2
  indicator: Reading
- {id: k3, indicator: x, priority: nope}
- id: \"Bad Id\"   # to be renamed
  indicator: y
";
    let kpis_file = parsed::<Vec<RawKpi>>("kpis.yaml", text, "KPI");
    let mut diagnostics = Vec::new();
    kpis::kpis(&kpis_file, &[], &mut diagnostics);
    let found = places(&diagnostics);
    assert_eq!(found.len(), 2, "{diagnostics:#?}");
    assert!(found[0]
        .0
        .starts_with("3:26 KPI `k3` names priority `nope`"));
    assert_eq!(found[0].1, "priority: nope");
    assert!(found[1].0.starts_with("4:3 KPI id `Bad Id` cannot"));
    assert_eq!(found[1].1, "id: \"Bad Id\"");
}

// A duplicate KPI id whose first use is only mentioned in an earlier
// KPI's notes.
#[test]
fn a_duplicate_kpi_id_points_at_both_entries() {
    let text = "\
- id: a
  indicator: x
  notes: >-
    Was split from
    id: b
- id: b
  indicator: y
- id: b
  indicator: z
";
    let kpis_file = parsed::<Vec<RawKpi>>("kpis.yaml", text, "KPI");
    let mut diagnostics = Vec::new();
    kpis::kpis(&kpis_file, &[], &mut diagnostics);
    let d = &diagnostics[0];
    assert_eq!(places(&diagnostics)[0].0, "8:3 KPI id `b` is used twice");
    let (first, _) = &d.related[0];
    assert_eq!((first.line(), first.column()), (6, 3));
}

// The end date was searched for in ISO form, so one written day/month/year
// was not found.
#[test]
fn a_period_ending_before_it_starts_points_at_its_end() {
    let plan = parsed::<crate::load::raw::RawPlan>(
        "plan.yaml",
        "title: x\nperiod:\n  start: 2026-09-01\n  end: 31/08/2025\nversion: {label: x, status: final}\n",
        "entry",
    );
    let mut diagnostics = Vec::new();
    structure::period(
        plan.value.period.as_ref().unwrap(),
        &plan.file,
        &mut diagnostics,
    );
    assert_eq!(
        places(&diagnostics),
        [(
            "4:3 the plan's period ends before it starts".to_string(),
            "end: 31/08/2025".to_string()
        )]
    );
}

// A quoted value with a comment after it did not equal the value searched for.
#[test]
fn site_settings_in_quotes_with_comments_are_found() {
    let text = "\
title: x
organisation: y
base_url: \"plans.example.org\"  # no https yet
accessibility:
  contact_email: 'nobody'  # to do
  response_days: 5
  compliance: fully
  prepared: 2026-01-01
  last_reviewed: 2026-01-01
";
    let site = parsed::<RawSiteConfig>("site.yaml", text, "entry");
    let mut diagnostics = Vec::new();
    assert!(config(&site, &mut diagnostics).is_none());
    assert_eq!(
        places(&diagnostics),
        [(
            "3:1 `plans.example.org` is not a web address".to_string(),
            "base_url: \"plans.example.org\"".to_string()
        )]
    );
}

// `contents` written as a flow list: `- name` lines were searched for.
#[test]
fn contents_in_a_flow_list_are_found() {
    let plan = parsed::<crate::load::raw::RawPlan>(
        "plan.yaml",
        "title: x\nversion: {label: x, status: final}\ncontents: [priorities, nothing, priorities]\n",
        "entry",
    );
    let mut diagnostics = Vec::new();
    structure::contents(
        &plan.value,
        &plan.file,
        (&mut Vec::new(), &mut Vec::new()),
        (false, false),
        &mut diagnostics,
    );
    assert_eq!(
        places(&diagnostics),
        [
            (
                "3:24 `contents` names `nothing`, which is not a part of this version".to_string(),
                "nothing".to_string()
            ),
            (
                "3:33 `priorities` is listed twice in `contents`".to_string(),
                "priorities".to_string()
            ),
        ]
    );
}
