//! Views shared by the pages of one plan.
//!
//! Every page of a plan version shows the plan's contents, and several show
//! the same priorities, so views (and the Markdown inside them) are made once
//! per version and address, on first use, already turned into Tera values.
//! A plan's comparisons are computed here too, once each. A cache lives only
//! while its plan's pages render, so memory holds the views and comparisons
//! of the plans in flight, never of the whole site.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;
use tera::Value;

use super::pages::At;
use super::views::{
    ActionMarkup, ActionView, KpiView, PlanUrls, PlanView, PriorityView, SectionView,
};
use crate::diff::{self, Comparison};
use crate::model::{Plan, PlanVersion};

/// The views of one plan's versions, at their plain and permanent addresses.
pub struct PlanCache<'a> {
    plan: &'a Plan,
    base: &'a str,
    /// Two per version: the plain address, then the permanent one.
    versions: Vec<VersionViews>,
    /// Each version's actions' Markdown, by priority, shared by both addresses.
    markup: Vec<OnceLock<Vec<Vec<ActionMarkup>>>>,
    /// The plan's comparisons by (from, to) version index.
    comparisons: HashMap<(usize, usize), OnceLock<Comparison>>,
}

#[derive(Default)]
struct VersionViews {
    plan: OnceLock<Value>,
    sections: OnceLock<Vec<Value>>,
    priorities: OnceLock<Vec<Value>>,
    commitments: OnceLock<Value>,
    kpis: OnceLock<Value>,
    by_deadline: OnceLock<Value>,
}

fn value(view: &impl Serialize) -> Value {
    tera::to_value(view).expect("views always serialize")
}

impl<'a> PlanCache<'a> {
    /// `pairs` are the plan's comparisons, as [`comparison_pairs`](super::pages::comparison_pairs) lists them.
    pub fn new(plan: &'a Plan, base: &'a str, pairs: &[(usize, usize, usize)]) -> Self {
        PlanCache {
            comparisons: pairs
                .iter()
                .map(|&(_, from, to)| ((from, to), OnceLock::new()))
                .collect(),
            plan,
            base,
            versions: (0..2 * plan.versions.len())
                .map(|_| VersionViews::default())
                .collect(),
            markup: (0..plan.versions.len()).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The changes from version `from` to version `to`.
    pub fn comparison(&self, from: usize, to: usize) -> &Comparison {
        self.comparisons[&(from, to)]
            .get_or_init(|| diff::compare(&self.plan.versions[from], &self.plan.versions[to]))
    }

    fn markup(&self, at: At) -> &[Vec<ActionMarkup>] {
        self.markup[at.version]
            .get_or_init(|| ActionMarkup::of_version(&self.plan.versions[at.version]))
    }

    fn slot(&self, at: At) -> (&VersionViews, &PlanVersion) {
        (
            &self.versions[2 * at.version + usize::from(at.permanent)],
            &self.plan.versions[at.version],
        )
    }

    /// The URLs of the address `at` shows a version at; made only when a
    /// view is, since most calls find their view already made.
    fn urls(&self, at: At) -> PlanUrls {
        if at.permanent {
            PlanUrls::permanent(self.base, self.plan, &self.plan.versions[at.version].id)
        } else {
            PlanUrls::new(self.base, self.plan)
        }
    }

    pub fn plan(&self, at: At) -> &Value {
        let (slot, v) = self.slot(at);
        slot.plan
            .get_or_init(|| value(&PlanView::new(&self.urls(at), v)))
    }

    pub fn section(&self, at: At, index: usize) -> &Value {
        let (slot, v) = self.slot(at);
        slot.sections
            .get_or_init(|| {
                v.sections
                    .iter()
                    .map(|s| value(&SectionView::new(s)))
                    .collect()
            })
            .get(index)
            .expect("section pages exist only for sections")
    }

    pub fn priorities(&self, at: At) -> &[Value] {
        let (slot, v) = self.slot(at);
        slot.priorities.get_or_init(|| {
            let (urls, markup) = (self.urls(at), self.markup(at));
            (0..v.priorities.len())
                .map(|i| value(&PriorityView::new(&urls, v, i, &markup[i])))
                .collect()
        })
    }

    pub fn commitments(&self, at: At) -> &Value {
        let (slot, v) = self.slot(at);
        slot.commitments.get_or_init(|| {
            let views: Vec<SectionView> = v.commitments.iter().map(SectionView::new).collect();
            value(&views)
        })
    }

    pub fn kpis(&self, at: At) -> &Value {
        let (slot, v) = self.slot(at);
        slot.kpis.get_or_init(|| {
            let (urls, priorities) = (self.urls(at), v.priority_index());
            let views: Vec<KpiView> = v
                .kpis
                .iter()
                .map(|k| KpiView::new(&urls, &priorities, k))
                .collect();
            value(&views)
        })
    }

    /// Actions with a dated deadline, soonest first; then undated (ongoing) work.
    pub fn actions_by_deadline(&self, at: At) -> &Value {
        let (slot, v) = self.slot(at);
        slot.by_deadline.get_or_init(|| {
            let (urls, markup) = (self.urls(at), self.markup(at));
            let mut actions: Vec<_> = v
                .priorities
                .iter()
                .zip(markup)
                .flat_map(|(p, m)| p.actions.iter().zip(m).map(move |(a, m)| (p, a, m)))
                .collect();
            actions.sort_by_key(|(p, a, _)| {
                (a.first_deadline().is_none(), a.first_deadline(), p.number)
            });
            let views: Vec<ActionView> = actions
                .into_iter()
                .map(|(p, a, m)| ActionView::new(&urls, p, a, m))
                .collect();
            value(&views)
        })
    }
}
