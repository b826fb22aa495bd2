//! The views of one plan's pages.
//!
//! Every page of a plan version shows the plan's contents, and several show
//! the same priorities, so views (and the Markdown inside them) are made once
//! per version and address, on first use, already turned into Tera values.
//! A plan's comparisons are computed here too, once each. A cache lives only
//! while its plan's pages render, so memory holds the views and comparisons
//! of the plans in flight, never of the whole site.
//!
//! [`PlanCache`] holds what pages at several addresses share. The big views
//! (priorities with their action tables, KPIs...) are shown only by the pages
//! of their own version and address, which one renderer renders in turn; it
//! owns them as [`AtViews`] and lends each page the one it shows: Tera owns
//! its variables, so a view moves into the page's context and back out after,
//! rather than being copied (and freed) for every page.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;
use tera::{Tera, Value};

use super::chart::ChartView;
use super::open_data::{self, DataFile, Downloads, VersionData};
use super::pages::{At, PageKind};
use super::tables::{DeadlineTable, PriorityMarkup, PriorityView};
use super::views::{KpiView, PlanUrls, PlanView, SectionView};
use super::Vars;
use crate::diff::{self, Comparison};
use crate::markdown::Markdown;
use crate::model::{Plan, PlanVersion, SiteConfig};

/// The views of one plan's versions, at their plain and permanent addresses.
pub struct PlanCache<'a> {
    plan: &'a Plan,
    base: &'a str,
    md: Markdown,
    /// Each version's plan view: the plain address, then the permanent one.
    plan_views: Vec<OnceLock<Value>>,
    /// Each version's priorities' and actions' Markdown, shared by both addresses.
    markup: Vec<OnceLock<Vec<PriorityMarkup>>>,
    /// Each version's sections and commitments, the same at both addresses.
    prose: Vec<OnceLock<Prose>>,
    /// The plan's comparisons by (from, to) version index.
    comparisons: HashMap<(usize, usize), OnceLock<Comparison>>,
    config: &'a SiteConfig,
    /// Each version's open data files, made once for the files and the
    /// sizes its overview shows.
    data: Vec<OnceLock<VersionData>>,
    /// Each version's KPI charts, the same at both addresses.
    charts: Vec<OnceLock<Vec<Option<ChartView>>>>,
}

fn value(view: &impl Serialize) -> Value {
    tera::to_value(view).expect("views always serialize")
}

impl<'a> PlanCache<'a> {
    /// `pairs` are the plan's comparisons, as [`comparison_pairs`](super::pages::comparison_pairs) lists them.
    pub fn new(plan: &'a Plan, config: &'a SiteConfig, pairs: &[(usize, usize, usize)]) -> Self {
        PlanCache {
            comparisons: pairs
                .iter()
                .map(|&(_, from, to)| ((from, to), OnceLock::new()))
                .collect(),
            plan,
            base: &config.base_path,
            md: Markdown::of(config),
            plan_views: (0..2 * plan.versions.len())
                .map(|_| OnceLock::new())
                .collect(),
            markup: (0..plan.versions.len()).map(|_| OnceLock::new()).collect(),
            prose: (0..plan.versions.len()).map(|_| OnceLock::new()).collect(),
            config,
            data: (0..plan.versions.len()).map(|_| OnceLock::new()).collect(),
            charts: (0..plan.versions.len()).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The data files version `version` has, with their bytes.
    pub fn open_data(&self, version: usize) -> &[(DataFile, Vec<u8>)] {
        self.data[version].get_or_init(|| {
            let v = &self.plan.versions[version];
            let files = DataFile::ALL.into_iter().filter(|f| f.exists_for(v));
            files
                .map(|f| (f, open_data::bytes(self.config, self.plan, v, f)))
                .collect()
        })
    }

    /// The "Download this plan's data" list of the overview at `at`.
    pub fn downloads(&self, at: At) -> Downloads {
        let sizes: Vec<(DataFile, usize)> = self
            .open_data(at.version)
            .iter()
            .map(|(f, bytes)| (*f, bytes.len()))
            .collect();
        Downloads::new(self.base, &self.urls(at), &sizes, !at.permanent)
    }

    /// The changes from version `from` to version `to`.
    pub fn comparison(&self, from: usize, to: usize) -> &Comparison {
        self.comparisons[&(from, to)]
            .get_or_init(|| diff::compare(&self.plan.versions[from], &self.plan.versions[to]))
    }

    pub(super) fn markup(&self, at: At) -> &[PriorityMarkup] {
        self.markup[at.version]
            .get_or_init(|| PriorityMarkup::of_version(self.version(at), self.md))
    }

    fn prose(&self, at: At) -> &Prose {
        self.prose[at.version].get_or_init(|| {
            let v = self.version(at);
            let views: Vec<SectionView> = v
                .commitments
                .iter()
                .map(|c| SectionView::new(c, self.md))
                .collect();
            Prose {
                sections: v
                    .sections
                    .iter()
                    .map(|s| value(&SectionView::new(s, self.md)))
                    .collect(),
                commitments: value(&views),
            }
        })
    }

    pub(super) fn version(&self, at: At) -> &PlanVersion {
        &self.plan.versions[at.version]
    }

    /// The URLs of the address `at` shows a version at; made only when a
    /// view is, since most calls find their view already made.
    pub(super) fn urls(&self, at: At) -> PlanUrls {
        if at.permanent {
            PlanUrls::permanent(self.base, self.plan, &self.version(at).id)
        } else {
            PlanUrls::new(self.base, self.plan)
        }
    }

    /// The plan's view at `at`: its contents and links, which every page of
    /// the version shows, and the history and comparison pages too.
    pub fn plan(&self, at: At) -> &Value {
        self.plan_views[2 * at.version + usize::from(at.permanent)]
            .get_or_init(|| value(&PlanView::new(&self.urls(at), self.version(at), self.md)))
    }

    /// A copy for each address: a page borrows its view, so each address's
    /// renderer owns one.
    fn sections(&self, at: At) -> Vec<Value> {
        self.prose(at).sections.clone()
    }

    fn priorities(&self, at: At) -> Vec<Value> {
        let (v, urls, markup) = (self.version(at), self.urls(at), self.markup(at));
        (0..v.priorities.len())
            .map(|i| value(&PriorityView::new(&urls, v, i, markup)))
            .collect()
    }

    fn commitments(&self, at: At) -> Value {
        self.prose(at).commitments.clone()
    }

    pub(super) fn kpis(&self, at: At) -> Value {
        let v = self.version(at);
        let (urls, priorities) = (self.urls(at), v.priority_index());
        let charts = self.charts[at.version]
            .get_or_init(|| v.kpis.iter().map(|k| KpiView::chart(v, k)).collect());
        let views: Vec<KpiView> = v
            .kpis
            .iter()
            .zip(charts)
            .map(|(k, chart)| KpiView::new(&urls, v, &priorities, k, chart.clone()))
            .collect();
        value(&views)
    }

    /// Where each action sits, as (priority, action) indexes, in deadline
    /// order: actions with a dated deadline, soonest first; then undated
    /// (ongoing) work.
    pub(super) fn deadline_order(&self, at: At) -> Vec<(usize, usize)> {
        let v = self.version(at);
        let mut order: Vec<(usize, usize)> = v
            .priorities
            .iter()
            .enumerate()
            .flat_map(|(p, priority)| (0..priority.actions.len()).map(move |a| (p, a)))
            .collect();
        order.sort_by_key(|&(p, a)| {
            let first = v.priorities[p].actions[a].first_deadline();
            (first.is_none(), first, p)
        });
        order
    }

    /// The table of every action in deadline order.
    fn deadline_table(&self, at: At) -> Value {
        let (v, urls, markup) = (self.version(at), self.urls(at), self.markup(at));
        value(&DeadlineTable::new(
            &urls,
            v,
            markup,
            &self.deadline_order(at),
        ))
    }
}

/// The theme's template for a priority's action table. It is rendered once
/// per version and address, with only `priority` set, and pages show it as
/// `priority.actions_table_html`: each table appears on its priority's page
/// and on the page of all actions, and tables are most of a plan's markup.
pub const PRIORITY_TABLE: &str = "priority_actions.html";

/// Adds each priority's action table, rendered by [`PRIORITY_TABLE`].
fn add_tables(tera: &Tera, priorities: &mut [Value]) -> Result<(), tera::Error> {
    for priority in priorities {
        let mut vars = Vars::default();
        vars.put("priority", std::mem::take(priority));
        let mut context = vars.into_context();
        let table = tera.render(PRIORITY_TABLE, &context);
        *priority = context.remove("priority").expect("put in above");
        if let Value::Object(fields) = priority {
            fields.insert("actions_table_html".to_string(), Value::String(table?));
        }
    }
    Ok(())
}

/// A version's sections and commitments as Tera values.
struct Prose {
    sections: Vec<Value>,
    commitments: Value,
}

/// The view a page shows besides the plan, which it borrows from [`AtViews`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loan {
    Section(usize),
    Commitments,
    Priority(usize),
    /// Every priority with its actions, for the page of all actions.
    Groups,
    ByDeadline,
    Kpis,
}

impl Loan {
    /// What a page of this kind borrows, if anything.
    pub fn of(kind: PageKind) -> Option<Loan> {
        match kind {
            PageKind::Section(_, i) => Some(Loan::Section(i)),
            PageKind::Commitments(_) => Some(Loan::Commitments),
            PageKind::Priority(_, i) => Some(Loan::Priority(i)),
            PageKind::Actions(_) => Some(Loan::Groups),
            // The whole plan shows every priority with its table.
            PageKind::Print(_) => Some(Loan::Groups),
            PageKind::ActionsByDeadline(_) => Some(Loan::ByDeadline),
            PageKind::Kpis(_) => Some(Loan::Kpis),
            _ => None,
        }
    }

    /// The template variable the view is shown as.
    pub fn name(self) -> &'static str {
        match self {
            Loan::Section(_) => "section",
            Loan::Commitments => "commitments",
            Loan::Priority(_) => "priority",
            Loan::Groups => "groups",
            Loan::ByDeadline => "table",
            Loan::Kpis => "kpis",
        }
    }
}

/// The views only the pages of one version at one address show, made on
/// first use and lent to those pages one at a time.
pub struct AtViews {
    pub at: At,
    sections: Option<Vec<Value>>,
    priorities: Option<Vec<Value>>,
    commitments: Option<Value>,
    kpis: Option<Value>,
    deadline_table: Option<Value>,
}

impl AtViews {
    pub fn new(at: At) -> Self {
        AtViews {
            at,
            sections: None,
            priorities: None,
            commitments: None,
            kpis: None,
            deadline_table: None,
        }
    }

    /// The priorities' views, made on first use; with their action tables
    /// when `tables` gives the templates to render them with.
    fn priorities(
        &mut self,
        cache: &PlanCache,
        tables: Option<&Tera>,
    ) -> Result<&mut Vec<Value>, tera::Error> {
        if self.priorities.is_none() {
            let mut priorities = cache.priorities(self.at);
            if let Some(tera) = tables {
                add_tables(tera, &mut priorities)?;
            }
            self.priorities = Some(priorities);
        }
        Ok(self.priorities.as_mut().expect("made above"))
    }

    /// Takes out the view `loan` names; [`give_back`](Self::give_back) returns it.
    pub fn lend(
        &mut self,
        cache: &PlanCache,
        tables: Option<&Tera>,
        loan: Loan,
    ) -> Result<Value, tera::Error> {
        let at = self.at;
        Ok(match loan {
            Loan::Section(i) => {
                std::mem::take(&mut self.sections.get_or_insert_with(|| cache.sections(at))[i])
            }
            Loan::Priority(i) => std::mem::take(&mut self.priorities(cache, tables)?[i]),
            Loan::Groups => Value::Array(std::mem::take(self.priorities(cache, tables)?)),
            Loan::Commitments => std::mem::take(
                self.commitments
                    .get_or_insert_with(|| cache.commitments(at)),
            ),
            Loan::ByDeadline => std::mem::take(
                self.deadline_table
                    .get_or_insert_with(|| cache.deadline_table(at)),
            ),
            Loan::Kpis => std::mem::take(self.kpis.get_or_insert_with(|| cache.kpis(at))),
        })
    }

    /// Puts back a view that [`lend`](Self::lend) took out.
    pub fn give_back(&mut self, loan: Loan, view: Value) {
        match (loan, view) {
            (Loan::Section(i), view) => self.sections.as_mut().expect("lent before")[i] = view,
            (Loan::Priority(i), view) => self.priorities.as_mut().expect("lent before")[i] = view,
            (Loan::Groups, Value::Array(priorities)) => self.priorities = Some(priorities),
            (Loan::ByDeadline, view) => self.deadline_table = Some(view),
            (Loan::Commitments, view) => self.commitments = Some(view),
            (Loan::Kpis, view) => self.kpis = Some(view),
            (Loan::Groups, _) => unreachable!("lent as an array"),
        }
    }
}
