//! Generates a plan corpus of a given size in planpress's own source format,
//! for benchmarks: many plans, each with sections, priorities, action rows
//! with lists in their cells, and KPIs, with prose of realistic length.
//! Files are written through the same raw structs the loader reads, so the
//! corpus always matches the format.
//!
//! Each plan has two versions, a consultation draft and the final plan based
//! on it, which differ in some prose, an action, a deadline and a KPI target,
//! so the build also makes a comparison page. [`hugo`] writes the same pages
//! for Hugo, to compare the two on the same work.

pub mod hugo;

use std::io;
use std::path::Path;

use planpress::date::Due;
use planpress::load::raw::DueValue;
use planpress::load::raw::{
    Amount, Date, Direction, ListItem, NestedItem, RawAction, RawCell, RawDeadline, RawKpi,
    RawMeasure, RawPeriod, RawPlan, RawTarget, RawVersion, Status,
};
use planpress::load::yaml;

/// How big a generated corpus is.
#[derive(Debug, Clone)]
pub struct CorpusSize {
    pub plans: usize,
    pub sections: usize,
    pub priorities: usize,
    pub actions_per_priority: usize,
    pub kpis: usize,
}

impl CorpusSize {
    /// Pages the final version shows at the plan's address: its pages at any
    /// address (see [`Self::pages_at_any_address`]) and a page for each officer
    /// (each priority's head of service and the commissioning team) and each
    /// year a deadline ends in, which only the plan's address has.
    pub fn pages_per_version(&self) -> usize {
        let last = VERSIONS.len() - 1;
        let mut years: Vec<i32> = (0..self.actions_per_priority)
            .map(|a| 2026 + (a % 3) as i32 + i32::from(a == 0 && shift(last) > 0))
            .collect();
        years.sort_unstable();
        years.dedup();
        let officers = self.priorities + 1;
        self.pages_at_any_address() + officers + years.len()
    }

    /// Pages a version shows at any address: home, sections, commitments,
    /// priorities, two action views, the KPI annex and the whole plan to
    /// print. No action is overdue: each has an ongoing deadline.
    pub fn pages_at_any_address(&self) -> usize {
        1 + self.sections + 1 + self.priorities + 2 + 1 + 1
    }

    /// Pages one plan produces: the final version at the plan's address, both
    /// versions at their permanent ones, the history and one comparison.
    pub fn pages_per_plan(&self) -> usize {
        let permanent = VERSIONS.len() * self.pages_at_any_address();
        self.pages_per_version() + permanent + 1 + 1
    }

    /// Pages the whole corpus builds: the plans' and the site's own four
    /// (home, accessibility statement, search, 404).
    pub fn pages(&self) -> usize {
        4 + self.plans * self.pages_per_plan()
    }

    /// A corpus of about `pages` pages (site pages included).
    pub fn for_pages(pages: usize) -> Self {
        let mut size = CorpusSize {
            plans: 1,
            sections: 4,
            priorities: 5,
            actions_per_priority: 6,
            kpis: 8,
        };
        size.plans = (pages.saturating_sub(4) / size.pages_per_plan()).max(1);
        size
    }
}

/// The versions of every plan, oldest first: (folder, label, status, year).
pub const VERSIONS: [(&str, &str, Status, i32); 2] = [
    (
        "2025-consultation",
        "Consultation draft",
        Status::Consultation,
        2025,
    ),
    ("2026-final", "Final", Status::Final, 2026),
];

/// Which version is being written: 0 is the draft, 1 the final plan. The
/// draft differs where `seed` is shifted by this.
fn shift(version: usize) -> usize {
    (1 - version) * 7
}

const WORDS: &[&str] = &[
    "schools",
    "settings",
    "families",
    "support",
    "children",
    "young",
    "people",
    "inclusion",
    "outcomes",
    "partnership",
    "sustainable",
    "quality",
    "improvement",
    "strategy",
    "review",
    "education",
    "health",
    "wellbeing",
    "across",
    "borough",
    "needs",
    "early",
    "provision",
    "training",
    "staff",
    "achievement",
];

/// Deterministic prose: `n` words from a fixed list, in sentences.
fn prose(seed: usize, n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let w = WORDS[(seed * 31 + i * 17 + i / 7) % WORDS.len()];
        if i % 14 == 0 {
            if i > 0 {
                out.push_str(". ");
            }
            let mut c = w.chars();
            out.extend(c.next().map(|f| f.to_ascii_uppercase()));
            out.push_str(c.as_str());
        } else {
            out.push(' ');
            out.push_str(w);
        }
    }
    out.push('.');
    out
}

/// Writes the corpus under `root` (which gets `content/site.yaml`).
pub fn generate(root: &Path, size: &CorpusSize) -> io::Result<()> {
    let content = root.join("content");
    std::fs::create_dir_all(&content)?;
    std::fs::write(
        content.join("site.yaml"),
        "title: Benchmark plans\norganisation: Benchmark Council\nbase_url: https://plans.example.org\n\
accessibility:\n  contact_email: a11y@example.org\n  response_days: 5\n  compliance: partially\n  \
prepared: 2026-01-01\n  last_reviewed: 2026-01-01\n",
    )?;
    for p in 0..size.plans {
        for (version, (folder, ..)) in VERSIONS.iter().enumerate() {
            let dir = content.join("plans").join(plan_id(p)).join(folder);
            write_version(&dir, p, version, size)?;
        }
    }
    Ok(())
}

pub fn plan_id(p: usize) -> String {
    format!("plan-{p:05}")
}

/// A section's Markdown body: six paragraphs under headings. The draft's
/// second section words its paragraphs differently.
pub fn section_body(p: usize, version: usize, s: usize) -> String {
    let seed = p + s + if s == 1 { shift(version) } else { 0 };
    (0..6)
        .map(|k| prose(seed + k, 90))
        .collect::<Vec<_>>()
        .join("\n\n## Part\n\n")
}

pub fn commitment_body(p: usize) -> String {
    prose(p, 120)
}

pub fn priority_body(p: usize, q: usize) -> String {
    prose(p * 3 + q, 150)
}

pub fn summary(p: usize, version: usize) -> String {
    prose(p + shift(version), 60)
}

pub fn kpis(p: usize, version: usize, size: &CorpusSize) -> Vec<RawKpi> {
    (0..size.kpis).map(|k| kpi(p, version, k, size)).collect()
}

pub fn actions(p: usize, version: usize, q: usize, size: &CorpusSize) -> Vec<RawAction> {
    (0..size.actions_per_priority)
        .map(|a| action(p, version, q, a))
        .collect()
}

fn write_version(dir: &Path, p: usize, version: usize, size: &CorpusSize) -> io::Result<()> {
    let (_, label, status, year) = VERSIONS[version];
    std::fs::create_dir_all(dir.join("sections"))?;
    std::fs::create_dir_all(dir.join("commitments"))?;
    let date = |y, m, d| Date(chrono::NaiveDate::from_ymd_opt(y, m, d).expect("valid date"));
    let plan = RawPlan {
        title: format!("Plan {p}: {}", prose(p, 6).trim_end_matches('.')),
        strapline: None,
        period: Some(RawPeriod::Dates {
            start: date(2026, 9, 1),
            end: date(2029, 8, 31),
        }),
        organisation: Some("Benchmark Council".into()),
        owner: Some("Directorate".into()),
        summary: Some(summary(p, version)),
        version: RawVersion {
            label: label.into(),
            status,
            published: Some(date(year, 3, 1)),
            based_on: version.checked_sub(1).map(|v| VERSIONS[v].0.to_string()),
            change_note: None,
            notice: None,
        },
        commitments_intro: Some(prose(p + 1, 40)),
        priorities_intro: None,
        terms: Default::default(),
        columns: None,
        contents: None,
    };
    std::fs::write(dir.join("plan.yaml"), yaml::to_string(&plan))?;
    for s in 0..size.sections {
        let body = section_body(p, version, s);
        std::fs::write(
            dir.join("sections").join(format!("section-{s}.md")),
            format!("---\ntitle: Section {s}\nweight: {s}\n---\n\n{body}\n"),
        )?;
    }
    std::fs::write(
        dir.join("commitments").join("commitment.md"),
        format!(
            "---\ntitle: Our commitment\n---\n\n{}\n",
            commitment_body(p)
        ),
    )?;
    for q in 0..size.priorities {
        let pdir = dir.join("priorities").join(format!("priority-{q}"));
        std::fs::create_dir_all(&pdir)?;
        let list = |n: usize, seed: usize| -> String {
            (0..n)
                .map(|i| format!("  - {}\n", prose(seed + i, 18)))
                .collect()
        };
        std::fs::write(
            pdir.join("priority.md"),
            format!(
                "---\nnumber: {}\ntitle: Priority {q} {}\nleads:\n  - Head of service {q}\nsummary: {}\ngoals:\n{}key_actions:\n{}key_indicators:\n{}funding:\n{}---\n\n{}\n",
                q + 1,
                prose(q, 4).trim_end_matches('.'),
                prose(p + q, 50),
                list(3, p),
                list(4, p + 1),
                list(6, p + 2),
                list(2, p + 3),
                priority_body(p, q),
            ),
        )?;
        let actions = actions(p, version, q, size);
        std::fs::write(pdir.join("actions.yaml"), yaml::to_string(&actions))?;
    }
    std::fs::write(
        dir.join("kpis.yaml"),
        yaml::to_string(&kpis(p, version, size)),
    )
}

/// One KPI; the draft's first target is lower.
fn kpi(p: usize, version: usize, k: usize, size: &CorpusSize) -> RawKpi {
    RawKpi {
        id: format!("kpi-{k}"),
        service_area: Some(format!("Area {k}")),
        indicator: prose(p + k, 10),
        unit: Some("%".into()),
        direction: Some(if k.is_multiple_of(3) {
            Direction::LowerIsBetter
        } else {
            Direction::HigherIsBetter
        }),
        baseline: Some(RawMeasure {
            period: Some("2024/25".into()),
            value: Amount::Number(50.0 + k as f64),
        }),
        target: Some(RawTarget {
            value: Amount::Number(if k == 0 && version == 0 { 55.0 } else { 60.0 }),
            by: Some(DueValue(Due::Year(2029))),
        }),
        actuals: vec![RawMeasure {
            period: Some("2025/26".into()),
            value: Amount::Number(55.5),
        }],
        source: Some("Census".into()),
        priority: Some(format!("priority-{}", k % size.priorities)),
        notes: None,
    }
}

/// One action row; in the draft, the first action of each priority is worded
/// differently and due a year later.
fn action(p: usize, version: usize, q: usize, a: usize) -> RawAction {
    let text = |seed: usize| ListItem::Text(prose(seed, 16));
    let draft_change = if a == 0 { shift(version) } else { 0 };
    RawAction {
        id: format!("action-{q}-{a}"),
        number: None,
        action: prose(p + q + a + draft_change, 24),
        indicators: RawCell::Items(vec![
            text(p + a),
            text(p + a + 1),
            ListItem::Nested(NestedItem {
                text: "The offer will include:".into(),
                items: vec![text(a), text(a + 2), text(a + 3)],
            }),
        ]),
        metrics: RawCell::Items(vec![text(q + a), text(q + a + 5)]),
        officers: RawCell::Items(vec![
            ListItem::Text(format!("Head of service {q}")),
            ListItem::Text("Commissioning team".into()),
        ]),
        cells: Default::default(),
        deadlines: vec![
            RawDeadline {
                label: Some("Model developed".into()),
                due: Some(DueValue(Due::Date(
                    chrono::NaiveDate::from_ymd_opt(
                        2026 + (a % 3) as i32 + i32::from(draft_change > 0),
                        7,
                        31,
                    )
                    .expect("valid"),
                ))),
                when: None,
            },
            RawDeadline {
                label: None,
                due: Some(DueValue(Due::parse("ongoing").expect("a recurring kind"))),
                when: None,
            },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The generator writes a site that builds, with the page count it promises.
    #[test]
    fn generated_corpus_builds_with_the_expected_page_count() {
        let tmp = tempfile::tempdir().unwrap();
        let size = CorpusSize::for_pages(40);
        generate(tmp.path(), &size).unwrap();
        let site = planpress::site::Site::load(tmp.path(), Default::default())
            .unwrap_or_else(|r| panic!("{}", r.render()));
        let stats = site.render(None, &|_, _| Ok(())).unwrap();
        assert_eq!(stats.pages, size.pages());
    }
}
