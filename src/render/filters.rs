//! The page of all actions, narrowed down: by responsible officer, by the
//! year a deadline falls in, and to the actions whose deadlines have all
//! passed. The same sets make the static pages (one per officer, one per
//! year, one of overdue actions) and the lists that the filter script of the
//! page of all actions reads, so the two always show the same actions.
//!
//! - An officer is an item of the `officers` column, as written (a shared
//!   cell followed to the row that holds it); sub-items are not officers.
//!   A plan whose columns have no `officers` has no officers.
//! - An action is in a year when one of its deadlines ends in that year:
//!   the year of the deadline's last day (`2026/27` ends on 31 August 2027,
//!   `Summer 2026` on 31 July 2026). Recurring deadlines and deadlines in
//!   words are in no year.
//! - An action is overdue on a day when it has deadlines and every one of
//!   them is a date, month, year, term or academic year whose last day is
//!   before that day. A recurring deadline or one in words never passes, so
//!   an action with one is never overdue. Only the plan's plain address has
//!   overdue actions, and not for a superseded plan: a page at a permanent
//!   address never changes, and a superseded plan's work went on elsewhere.

use std::collections::{BTreeMap, HashSet};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use tera::Value;

use super::cache::PlanCache;
use super::pages::{At, PageKind};
use super::tables::DeadlineTable;
use super::views::PlanUrls;
use super::Vars;
use crate::date::display_date;
use crate::model::{slugify, Action, PlanVersion, Status};

/// Where an action sits in its version: (priority, action) indexes.
pub type Row = (usize, usize);

/// One responsible officer of a version and the actions naming them.
#[derive(Debug, Clone)]
pub struct Officer {
    /// As the plan writes it.
    pub name: String,
    /// Unique in the version: the slug of the name, with `-2`, `-3`... for
    /// names that slug alike, in the order of the names.
    pub slug: String,
    pub rows: Vec<Row>,
}

/// A version's officers, ordered by name (ignoring case, then as written).
pub fn officers(v: &PlanVersion) -> Vec<Officer> {
    if !v.columns.iter().any(|c| c.key == "officers") {
        return Vec::new();
    }
    let mut by_name: BTreeMap<(String, String), Vec<Row>> = BTreeMap::new();
    for (p, priority) in v.priorities.iter().enumerate() {
        for (a, action) in priority.actions.iter().enumerate() {
            for item in action.items("officers", &priority.actions) {
                let name = item.text().trim();
                if name.is_empty() {
                    continue;
                }
                let key = (name.to_lowercase(), name.to_string());
                let rows = by_name.entry(key).or_default();
                if rows.last() != Some(&(p, a)) {
                    rows.push((p, a));
                }
            }
        }
    }
    let mut used = HashSet::new();
    by_name
        .into_iter()
        .map(|((_, name), rows)| {
            let base = match slugify(&name) {
                s if s.is_empty() => "officer".to_string(),
                s => s,
            };
            let (mut slug, mut n) = (base.clone(), 2);
            while !used.insert(slug.clone()) {
                slug = format!("{base}-{n}");
                n += 1;
            }
            Officer { name, slug, rows }
        })
        .collect()
}

/// The years some deadline of the version ends in, each with its actions.
pub fn years(v: &PlanVersion) -> BTreeMap<i32, Vec<Row>> {
    let mut by_year: BTreeMap<i32, Vec<Row>> = BTreeMap::new();
    for (p, priority) in v.priorities.iter().enumerate() {
        for (a, action) in priority.actions.iter().enumerate() {
            let mut years: Vec<i32> = action
                .deadlines
                .iter()
                .filter_map(|d| d.due.ends())
                .map(|end| end.year())
                .collect();
            years.sort_unstable();
            years.dedup();
            for year in years {
                by_year.entry(year).or_default().push((p, a));
            }
        }
    }
    by_year
}

/// Whether every deadline of `a` has passed on `today` (see the module).
pub fn is_overdue(a: &Action, today: NaiveDate) -> bool {
    !a.deadlines.is_empty()
        && a.deadlines
            .iter()
            .all(|d| d.due.ends().is_some_and(|end| end < today))
}

/// Whether the version at `at` has a page per officer and per year: only
/// at the plan's own address. Every version's page of all actions has the
/// filter form; a page per officer at every permanent address too would
/// multiply a plan's pages by its versions for what the form already does.
pub fn has_pages(at: At) -> bool {
    !at.permanent
}

/// Whether the version's pages at `at` show overdue actions at all.
pub fn shows_overdue(v: &PlanVersion, at: At) -> bool {
    !at.permanent && v.status != Status::Superseded
}

/// The version's overdue actions on `today`, in the plan's order.
pub fn overdue(v: &PlanVersion, today: NaiveDate) -> Vec<Row> {
    let mut rows = Vec::new();
    for (p, priority) in v.priorities.iter().enumerate() {
        for (a, action) in priority.actions.iter().enumerate() {
            if is_overdue(action, today) {
                rows.push((p, a));
            }
        }
    }
    rows
}

/// Which actions a page of filtered actions lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Filter {
    /// The officer at this index of [`officers`].
    Officer(usize),
    Year(i32),
    Overdue,
}

/// The actions a filter keeps.
pub fn rows(v: &PlanVersion, filter: Filter, today: NaiveDate) -> Vec<Row> {
    match filter {
        Filter::Officer(i) => officers(v).swap_remove(i).rows,
        Filter::Year(year) => years(v).remove(&year).unwrap_or_default(),
        Filter::Overdue => overdue(v, today),
    }
}

/// One choice of the filter: its label, the page that lists its actions,
/// and those actions' ids (for the script, space-separated).
#[derive(Debug, Serialize)]
pub struct FilterOption {
    pub label: String,
    /// None where the option has no page of its own (see [`has_pages`]).
    pub url: Option<String>,
    pub count: usize,
    pub ids: String,
}

/// What the page of all actions offers to narrow it down.
#[derive(Debug, Serialize)]
pub struct FiltersView {
    pub officers: Vec<FilterOption>,
    /// The heading of the officers column, as the plan gives it.
    pub officers_heading: Option<String>,
    pub years: Vec<FilterOption>,
    /// None where the page shows no overdue actions (see the module).
    pub overdue: Option<FilterOption>,
    /// The day overdue is measured against, as readers and machines read it.
    pub today: String,
    pub today_iso: String,
}

fn option(v: &PlanVersion, label: String, url: Option<String>, rows: &[Row]) -> FilterOption {
    let ids: Vec<&str> = rows
        .iter()
        .map(|&(p, a)| v.priorities[p].actions[a].id.as_str())
        .collect();
    FilterOption {
        label,
        url,
        count: rows.len(),
        ids: ids.join(" "),
    }
}

impl FiltersView {
    pub fn new(urls: &PlanUrls, v: &PlanVersion, at: At, today: NaiveDate) -> Self {
        let pages = has_pages(at);
        let officers = officers(v)
            .into_iter()
            .map(|o| option(v, o.name, pages.then(|| urls.officer(&o.slug)), &o.rows))
            .collect();
        let years = years(v)
            .into_iter()
            .map(|(y, rows)| option(v, y.to_string(), pages.then(|| urls.year(y)), &rows))
            .collect();
        let overdue = shows_overdue(v, at)
            .then(|| overdue(v, today))
            .filter(|rows| !rows.is_empty())
            .map(|rows| option(v, "Overdue".to_string(), Some(urls.overdue()), &rows));
        FiltersView {
            officers,
            officers_heading: v
                .columns
                .iter()
                .find(|c| c.key == "officers")
                .map(|c| c.heading.clone()),
            years,
            overdue,
            today: display_date(today),
            today_iso: today.to_string(),
        }
    }
}

/// A page of filtered actions: what it lists, and the table of them,
/// earliest deadline first, each row showing every cell itself.
#[derive(Debug, Serialize)]
pub struct FilteredView<'m> {
    /// `officer`, `year` or `overdue`.
    pub kind: &'static str,
    /// The officer's name, the year, or none for overdue actions.
    pub name: Option<String>,
    pub officers_heading: Option<&'m str>,
    pub count: usize,
    pub today: String,
    pub today_iso: String,
    pub table: DeadlineTable<'m>,
}

/// The view of the page that lists the actions `filter` keeps.
pub fn filtered(cache: &PlanCache, at: At, filter: Filter, today: NaiveDate) -> Value {
    let v = cache.version(at);
    let keep: HashSet<Row> = rows(v, filter, today).into_iter().collect();
    let order: Vec<Row> = cache
        .deadline_order(at)
        .into_iter()
        .filter(|r| keep.contains(r))
        .collect();
    let (kind, name) = match filter {
        Filter::Officer(i) => ("officer", Some(officers(v).swap_remove(i).name)),
        Filter::Year(y) => ("year", Some(y.to_string())),
        Filter::Overdue => ("overdue", None),
    };
    let urls = cache.urls(at);
    let view = FilteredView {
        kind,
        name,
        officers_heading: v
            .columns
            .iter()
            .find(|c| c.key == "officers")
            .map(|c| c.heading.as_str()),
        count: order.len(),
        today: display_date(today),
        today_iso: today.to_string(),
        table: DeadlineTable::new(&urls, v, cache.markup(at), &order),
    };
    tera::to_value(&view).expect("views always serialize")
}

/// Adds what the page of all actions and the pages of filtered actions show
/// besides the plan: the filters, or the filtered actions (which link back
/// to all actions themselves: a third breadcrumb is too small a target on
/// a narrow screen).
pub(super) fn insert_vars(
    today: NaiveDate,
    (kind, at): (PageKind, At),
    cache: &PlanCache,
    vars: &mut Vars,
) {
    let filter = match kind {
        PageKind::Actions(_) => {
            let view = FiltersView::new(&cache.urls(at), cache.version(at), at, today);
            vars.insert("filters", &view);
            return;
        }
        PageKind::ActionsByOfficer(_, i) => Filter::Officer(i),
        PageKind::ActionsByYear(_, year) => Filter::Year(year),
        PageKind::ActionsOverdue(_) => Filter::Overdue,
        _ => return,
    };
    vars.put("filtered", filtered(cache, at, filter, today));
}
