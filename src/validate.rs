//! Stage 2: turn raw structs into the validated [`model`](crate::model).
//!
//! Checks what serde cannot: ids are URL-safe and unique, references between
//! items resolve, versions name versions that exist. Every problem becomes a
//! diagnostic and validation carries on, so one run reports them all.

use std::collections::HashMap;

use crate::diagnostics::{Code, Diagnostic, SourceFile};
use crate::load::raw::{
    RawAction, RawCell, RawKpi, RawMeasure, RawPeriod, RawPlan, RawSectionMeta, RawSiteConfig,
    Status,
};
use crate::load::{
    yaml::did_you_mean, Doc, Loaded, LoadedPlan, LoadedPriority, LoadedVersion, Parsed,
};
use crate::model::{
    is_slug, slugify, Action, Cell, Column, Deadline, Kpi, Measure, Part, Period, Plan,
    PlanVersion, Priority, Section, Site, SiteConfig, Target, Terms, BUILT_IN_COLUMNS,
};

/// Options that change what is part of the site.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Keep versions whose status is `draft`.
    pub drafts: bool,
}

/// The standalone pages, checked. Plans are checked against them.
pub fn pages(loaded: &Loaded) -> (Vec<Section>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let pages = sections(&loaded.pages, &mut diagnostics);
    (pages, diagnostics)
}

/// The plans, each checked on its own by [`one_plan`].
#[derive(Debug, Default)]
pub struct CheckedPlans {
    /// The plans that had no problem, in folder order.
    pub plans: Vec<Plan>,
    /// Every plan's id and its versions' ids, drafts included, for the
    /// comparisons site.yaml asks for.
    pub ids: Vec<(String, Vec<String>)>,
    /// What checking the plans found, in folder order.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether some plan could not be read or checked.
    pub failed: bool,
}

/// Puts the site together from its checked parts. Returns the site when no
/// part had an error, and the problems found: site.yaml's, the pages', the
/// plans', then the comparisons'.
pub fn validate(
    loaded: &Loaded,
    (pages, page_problems): (Vec<Section>, Vec<Diagnostic>),
    plans: CheckedPlans,
) -> (Option<Site>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let config = loaded
        .config
        .as_ref()
        .and_then(|c| config(c, &mut diagnostics));
    diagnostics.extend(page_problems);
    diagnostics.extend(plans.diagnostics);
    if let Some(c) = loaded.config.as_ref() {
        check_comparisons(c, &plans.ids, &mut diagnostics);
    }
    if config.is_none() || !diagnostics.is_empty() || !loaded.diagnostics.is_empty() || plans.failed
    {
        return (None, diagnostics);
    }
    let site = Site {
        config: config.expect("checked above"),
        plans: plans.plans.into_iter().map(std::sync::Arc::new).collect(),
        pages,
    };
    (Some(site), diagnostics)
}

fn config(parsed: &Parsed<RawSiteConfig>, diagnostics: &mut Vec<Diagnostic>) -> Option<SiteConfig> {
    let raw = &parsed.value;
    let file = &parsed.file;
    let base_url = raw.base_url.trim_end_matches('/').to_string();
    let Some(after_scheme) = base_url
        .strip_prefix("https://")
        .or_else(|| base_url.strip_prefix("http://"))
    else {
        diagnostics.push(
            Diagnostic::error(
                Code::InvalidValue,
                format!("`{}` is not a web address", raw.base_url),
            )
            .at(file, file.find_key_value("base_url", &raw.base_url, 0))
            .expected("an address starting with https://, such as https://plans.example.org")
            .hint("this is where the site will be published; sitemap.xml uses it"),
        );
        return None;
    };
    let base_path = match after_scheme.find('/') {
        Some(i) => format!("{}/", &after_scheme[i..]),
        None => "/".to_string(),
    };
    let language_ok = !raw.language.is_empty()
        && raw.language.split('-').all(|part| {
            !part.is_empty() && part.len() <= 8 && part.chars().all(|c| c.is_ascii_alphanumeric())
        });
    if !language_ok {
        diagnostics.push(
            Diagnostic::error(
                Code::InvalidValue,
                format!("`{}` is not a language tag", raw.language),
            )
            .at(file, file.find_key_value("language", &raw.language, 0))
            .expected("a BCP 47 language tag such as en-GB or cy")
            .hint("use en-GB for English (UK)"),
        );
    }
    let email = &raw.accessibility.contact_email;
    if !email.contains('@') || email.contains(' ') {
        diagnostics.push(
            Diagnostic::error(
                Code::InvalidValue,
                format!("`{email}` is not an email address"),
            )
            .at(file, file.find_key_value("contact_email", email, 0))
            .expected("an email address such as accessibility@example.gov.uk")
            .hint("the accessibility statement must give a way to contact you"),
        );
    }
    Some(SiteConfig {
        title: raw.title.clone(),
        organisation: raw.organisation.clone(),
        base_url,
        base_path,
        language: raw.language.clone(),
        description: raw.description.clone(),
        theme: raw.theme.clone(),
        accessibility: raw.accessibility.clone(),
        navigation: raw.navigation.clone(),
        comparisons: raw
            .comparisons
            .iter()
            .map(|c| (c.plan.clone(), c.from.clone(), c.to.clone()))
            .collect(),
        source: file.clone(),
    })
}

/// Validates one plan on its own, against the site's standalone pages (which
/// supporting documents name): what `serve` does after an edit inside it.
pub fn one_plan(
    loaded: &LoadedPlan,
    options: Options,
    pages: &[Section],
) -> (Option<Plan>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let plan = plan(loaded, options, pages, &mut diagnostics);
    (plan, diagnostics)
}

fn plan(
    loaded: &LoadedPlan,
    options: Options,
    pages: &[Section],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Plan> {
    if loaded.id.is_empty() {
        diagnostics.push(bad_folder_id(&loaded.dir, "plan"));
    }
    let mut versions: Vec<PlanVersion> = loaded
        .versions
        .iter()
        .filter(|v| options.drafts || v.plan.value.version.status != Status::Draft)
        .map(|v| version(&loaded.id, v, pages, diagnostics))
        .collect();
    versions.sort_by(|a, b| (a.published, &a.id).cmp(&(b.published, &b.id)));
    let ids: Vec<String> = loaded.versions.iter().map(|v| v.id.clone()).collect();
    for v in &versions {
        if let Some(base) = &v.based_on {
            if !ids.contains(base) {
                let mut d = Diagnostic::error(
                    Code::UnknownReference,
                    format!(
                        "version `{}` is based on `{base}`, which is not a version of this plan",
                        v.id
                    ),
                )
                .at(&v.source, v.source.find_key_value("based_on", base, 0))
                .expected(format!("one of {}", ticked(&ids)));
                if let Some(best) = did_you_mean(base, &ids) {
                    d = d.hint(format!("did you mean `{best}`?"));
                }
                diagnostics.push(d);
            }
        }
    }
    let latest = versions
        .iter()
        .rposition(|v| v.status != Status::Draft)
        .or(versions.len().checked_sub(1))?;
    Some(Plan {
        id: loaded.id.clone(),
        versions,
        latest,
    })
}

fn version(
    plan_id: &str,
    loaded: &LoadedVersion,
    pages: &[Section],
    diagnostics: &mut Vec<Diagnostic>,
) -> PlanVersion {
    let raw = &loaded.plan.value;
    let file = &loaded.plan.file;
    if loaded.id.is_empty() {
        diagnostics.push(bad_folder_id(
            file.display_path.parent().unwrap_or(&file.display_path),
            "version",
        ));
    }
    let period = raw.period.as_ref().map(|p| period(p, file, diagnostics));
    let columns = columns(raw, file, diagnostics);
    let mut priorities: Vec<Priority> = loaded
        .priorities
        .iter()
        .map(|p| priority(p, pages, &columns, diagnostics))
        .collect();
    priorities.sort_by(|a, b| number_order(&a.number, &b.number).then(a.id.cmp(&b.id)));
    check_unique_priority_numbers(&loaded.priorities, diagnostics);
    check_unique_action_ids(&loaded.priorities, diagnostics);
    let kpis = loaded
        .kpis
        .as_ref()
        .map(|k| kpis(k, &priorities, diagnostics))
        .unwrap_or_default();
    let mut section_list = sections(&loaded.sections, diagnostics);
    let commitments = sections(&loaded.commitments, diagnostics);
    let contents = contents(
        raw,
        file,
        &mut section_list,
        &mut priorities,
        !commitments.is_empty(),
        !kpis.is_empty(),
        diagnostics,
    );
    PlanVersion {
        id: loaded.id.clone(),
        plan_id: plan_id.to_string(),
        title: raw.title.clone(),
        strapline: raw.strapline.clone(),
        period,
        organisation: raw.organisation.clone(),
        owner: raw.owner.clone(),
        summary: raw.summary.clone().unwrap_or_default(),
        label: raw.version.label.clone(),
        status: raw.version.status,
        published: raw.version.published.map(|d| d.0),
        based_on: raw.version.based_on.clone(),
        change_note: raw.version.change_note.clone(),
        notice: raw.version.notice.clone(),
        commitments_intro: raw.commitments_intro.clone(),
        priorities_intro: raw.priorities_intro.clone(),
        terms: terms(raw),
        columns,
        contents,
        sections: section_list,
        commitments,
        priorities,
        kpis,
        source: file.clone(),
    }
}

fn period(raw: &RawPeriod, file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Period {
    match raw {
        RawPeriod::Dates { start, end } => {
            if end.0 < start.0 {
                diagnostics.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        "the plan's period ends before it starts",
                    )
                    .at(file, file.find_key_value("end", &end.0.to_string(), 0))
                    .expected("period.end on or after period.start"),
                );
            }
            Period::Dates {
                start: start.0,
                end: end.0,
            }
        }
        RawPeriod::Text(text) => Period::Text(text.clone()),
    }
}

fn terms(raw: &RawPlan) -> Terms {
    let t = &raw.terms;
    let d = Terms::default();
    let pick = |own: &Option<String>, default: String| own.clone().unwrap_or(default);
    Terms {
        priority: pick(&t.priority, d.priority),
        priorities: pick(&t.priorities, d.priorities),
        action: pick(&t.action, d.action),
        actions: pick(&t.actions, d.actions),
        actions_by_deadline: pick(&t.actions_by_deadline, d.actions_by_deadline),
        action_plan: pick(&t.action_plan, d.action_plan),
        commitments: pick(&t.commitments, d.commitments),
        kpis: pick(&t.kpis, d.kpis),
        leads: pick(&t.leads, d.leads),
        indicator: pick(&t.indicator, d.indicator),
        baseline: pick(&t.baseline, d.baseline),
        target: pick(&t.target, d.target),
        actuals: pick(&t.actuals, d.actuals),
    }
}

/// The action table's columns: the plan's own list, or the five built-in
/// ones. The action column's default heading is the plan's term for an action.
fn columns(raw: &RawPlan, file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Vec<Column> {
    let action_term = raw.terms.action.clone();
    let default_heading = |key: &str| -> Option<String> {
        if key == "action" {
            if let Some(term) = &action_term {
                return Some(term.clone());
            }
        }
        BUILT_IN_COLUMNS
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, h)| h.to_string())
    };
    let Some(own) = &raw.columns else {
        return BUILT_IN_COLUMNS
            .iter()
            .map(|(key, _)| Column {
                key: key.to_string(),
                heading: default_heading(key).expect("built in"),
            })
            .collect();
    };
    let mut out: Vec<Column> = Vec::new();
    for (i, c) in own.iter().enumerate() {
        let at = file.find_key_value("key", &c.key, 0);
        if !is_slug(&c.key) {
            diagnostics.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("column key `{}` is not a plain name", c.key),
                )
                .at(file, at.clone())
                .expected("lowercase letters, digits and hyphens")
                .hint(format!("use `key: {}`", slugify(&c.key))),
            );
        }
        if out.iter().any(|o| o.key == c.key) {
            diagnostics.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!("column `{}` is listed twice", c.key),
                )
                .at(file, file.find_key_value("key", &c.key, 1))
                .expected("each column once"),
            );
            continue;
        }
        let heading = c.heading.clone().or_else(|| default_heading(&c.key));
        let Some(heading) = heading else {
            diagnostics.push(
                Diagnostic::error(
                    Code::MissingField,
                    format!("column `{}` needs a heading", c.key),
                )
                .at(file, at)
                .expected(format!(
                    "a `heading:` for the {} column, as the plan's table heads it",
                    ordinal(i + 1)
                ))
                .hint(format!(
                    "only the built-in columns ({}) have a default heading",
                    ticked(&built_in_keys())
                )),
            );
            continue;
        };
        out.push(Column {
            key: c.key.clone(),
            heading,
        });
    }
    if !out.iter().any(|c| c.key == "action") {
        diagnostics.push(
            Diagnostic::error(
                Code::MissingField,
                "the columns do not include `action`",
            )
            .at(file, file.find_key_value("columns", "", 0))
            .expected("a column with `key: action`: the text of each row, which heads the row")
            .hint("add `- key: action` with the plan's heading for it, such as `heading: Key strategic area`"),
        );
    }
    out
}

fn built_in_keys() -> Vec<String> {
    BUILT_IN_COLUMNS
        .iter()
        .map(|(k, _)| k.to_string())
        .collect()
}

/// `1st`, `2nd`, `3rd`, `23rd`: for messages that count entries.
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Orders priority numbers as people read them: `2` before `10`, `1.2`
/// before `1.10`, `A` before `B`; unnumbered priorities last.
fn number_order(a: &Option<String>, b: &Option<String>) -> std::cmp::Ordering {
    fn parts(s: &str) -> Vec<(u64, String)> {
        s.split(['.', ' '])
            .map(|p| (p.parse().unwrap_or(u64::MAX), p.to_lowercase()))
            .collect()
    }
    match (a, b) {
        (Some(a), Some(b)) => parts(a).cmp(&parts(b)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// The plan's parts in published order, from `contents:` or by default.
/// Sections and priorities are put in that order too. Every section and
/// priority must have its place: nothing is left out in silence.
fn contents(
    raw: &RawPlan,
    file: &SourceFile,
    sections: &mut Vec<Section>,
    priorities: &mut Vec<Priority>,
    has_commitments: bool,
    has_kpis: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Part> {
    let Some(listed) = &raw.contents else {
        let mut parts: Vec<Part> = (0..sections.len()).map(Part::Section).collect();
        if has_commitments {
            parts.push(Part::Commitments);
        }
        parts.extend((0..priorities.len()).map(Part::Priority));
        if has_kpis {
            parts.push(Part::Kpis);
        }
        return parts;
    };
    enum Entry {
        Section(usize),
        Priority(usize),
        AllPriorities,
        Commitments,
        Kpis,
    }
    let named_priorities: Vec<&String> = listed
        .iter()
        .filter(|n| priorities.iter().any(|p| &&p.id == n))
        .collect();
    let mut entries = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for name in listed {
        if seen.contains(&name.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!("`{name}` is listed twice in `contents`"),
                )
                .at(file, list_entry_span(file, name, 1))
                .expected("each part of the plan once"),
            );
            continue;
        }
        seen.push(name);
        let entry = match name.as_str() {
            "priorities" => Some(Entry::AllPriorities),
            "commitments" if has_commitments => Some(Entry::Commitments),
            "kpis" if has_kpis => Some(Entry::Kpis),
            _ => sections
                .iter()
                .position(|s| &s.id == name)
                .map(Entry::Section)
                .or_else(|| {
                    priorities
                        .iter()
                        .position(|p| &p.id == name)
                        .map(Entry::Priority)
                }),
        };
        match entry {
            Some(e) => entries.push(e),
            None => {
                let mut known: Vec<String> = sections.iter().map(|s| s.id.clone()).collect();
                known.extend(priorities.iter().map(|p| p.id.clone()));
                known.push("priorities".into());
                if has_commitments {
                    known.push("commitments".into());
                }
                if has_kpis {
                    known.push("kpis".into());
                }
                let mut d = Diagnostic::error(
                    Code::UnknownReference,
                    format!("`contents` names `{name}`, which is not a part of this version"),
                )
                .at(file, list_entry_span(file, name, 0))
                .expected(format!(
                    "a section or priority id, or `priorities`, `commitments` or `kpis`: one of {}",
                    ticked(&known)
                ));
                if let Some(best) = did_you_mean(name, &known) {
                    d = d.hint(format!("did you mean `{best}`?"));
                }
                diagnostics.push(d);
            }
        }
    }
    let mut section_order = Vec::new();
    let mut priority_order = Vec::new();
    let mut parts = Vec::new();
    for e in entries {
        match e {
            Entry::Section(i) => {
                parts.push(Part::Section(section_order.len()));
                section_order.push(i);
            }
            Entry::Priority(i) => {
                parts.push(Part::Priority(priority_order.len()));
                priority_order.push(i);
            }
            Entry::AllPriorities => {
                for (i, p) in priorities.iter().enumerate() {
                    if !named_priorities.contains(&&p.id) {
                        parts.push(Part::Priority(priority_order.len()));
                        priority_order.push(i);
                    }
                }
            }
            Entry::Commitments => parts.push(Part::Commitments),
            Entry::Kpis => parts.push(Part::Kpis),
        }
    }
    let at = file.find_key_value("contents", "", 0);
    for (i, s) in sections.iter().enumerate() {
        if !section_order.contains(&i) {
            diagnostics.push(left_out(file, at.clone(), "section", &s.id, &s.source));
        }
    }
    for (i, p) in priorities.iter().enumerate() {
        if !priority_order.contains(&i) {
            diagnostics.push(left_out(file, at.clone(), "priority", &p.id, &p.source));
        }
    }
    if has_commitments && !seen.contains(&"commitments") {
        parts.push(Part::Commitments);
    }
    if has_kpis && !seen.contains(&"kpis") {
        parts.push(Part::Kpis);
    }
    *sections = reorder(std::mem::take(sections), &section_order);
    *priorities = reorder(std::mem::take(priorities), &priority_order);
    parts
}

fn left_out(
    file: &SourceFile,
    at: std::ops::Range<usize>,
    what: &str,
    id: &str,
    source: &SourceFile,
) -> Diagnostic {
    Diagnostic::error(
        Code::MissingField,
        format!("`contents` leaves out the {what} `{id}`"),
    )
    .at(file, at)
    .related(source, 0..0, format!("the {what} is here"))
    .expected(format!(
        "every {what} of the version, in the order the plan gives them"
    ))
    .hint(format!(
        "add `- {id}` where it belongs{}",
        if what == "priority" {
            ", or `- priorities` for all priorities in number order"
        } else {
            ""
        }
    ))
}

/// `- name` in a YAML list, the `nth` time it appears.
fn list_entry_span(file: &SourceFile, name: &str, nth: usize) -> std::ops::Range<usize> {
    let mut offset = 0;
    let mut seen = 0;
    for line in file.text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("- ") {
            if rest.trim().trim_matches(|c| c == '"' || c == '\'') == name {
                if seen == nth {
                    let start = offset + line.len() - trimmed.len() + 2;
                    return start..start + rest.trim_end().len();
                }
                seen += 1;
            }
        }
        offset += line.len();
    }
    0..0
}

/// Items in the given order; any left out keep their place after them (the
/// version has an error then, so the order matters only for later messages).
fn reorder<T>(items: Vec<T>, order: &[usize]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    let mut out: Vec<T> = order.iter().filter_map(|&i| slots[i].take()).collect();
    out.extend(slots.into_iter().flatten());
    out
}

/// Sections in their default order: by weight, then title.
fn sections(docs: &[Doc<RawSectionMeta>], diagnostics: &mut Vec<Diagnostic>) -> Vec<Section> {
    let mut out: Vec<Section> = docs
        .iter()
        .map(|doc| {
            let id = doc.meta.slug.clone().unwrap_or_else(|| doc.id.clone());
            if !is_slug(&id) {
                diagnostics.push(match &doc.meta.slug {
                    Some(s) => Diagnostic::error(
                        Code::InvalidValue,
                        format!("`{id}` cannot be part of a web address"),
                    )
                    .at(&doc.file, doc.file.find_key_value("slug", s, 0))
                    .expected("lowercase letters, digits and hyphens")
                    .hint(format!("use `slug: {}`", slugify(&id))),
                    None => Diagnostic::error(
                        Code::InvalidValue,
                        format!(
                            "the file name `{}` has no letters or digits to make a web address from",
                            doc.name
                        ),
                    )
                    .in_file(&doc.file.display_path)
                    .expected("a file name with letters or digits")
                    .hint("rename the file, or give it a `slug:` in its front matter"),
                });
            }
            Section {
                id,
                title: doc.meta.title.clone().unwrap_or_else(|| doc.name.clone()),
                weight: doc.meta.weight,
                summary: doc.meta.summary.clone(),
                body: doc.body.clone(),
                source: doc.file.clone(),
            }
        })
        .collect();
    out.sort_by(|a, b| (a.weight, &a.title).cmp(&(b.weight, &b.title)));
    out
}

fn priority(
    loaded: &LoadedPriority,
    pages: &[Section],
    columns: &[Column],
    diagnostics: &mut Vec<Diagnostic>,
) -> Priority {
    let meta = &loaded.meta.meta;
    let mut supporting_documents = Vec::new();
    for doc in &meta.supporting_documents {
        match pages.iter().find(|p| &p.id == doc) {
            Some(page) => supporting_documents.push((page.id.clone(), page.title.clone())),
            None => {
                let file = &loaded.meta.file;
                let page_ids: Vec<String> = pages.iter().map(|p| p.id.clone()).collect();
                let at = list_entry_span(file, doc, 0);
                let mut d = Diagnostic::error(
                    Code::UnknownReference,
                    format!("supporting document `{doc}` is not a page of this site"),
                )
                .at(file, at)
                .expected("the slug of a page in content/pages/")
                .hint("create content/pages/<slug>.md, or fix the name");
                if let Some(best) = did_you_mean(doc, &page_ids) {
                    d = d.hint(format!("did you mean `{best}`?"));
                }
                diagnostics.push(d);
            }
        }
    }
    if loaded.id.is_empty() {
        let dir = loaded
            .meta
            .file
            .display_path
            .parent()
            .unwrap_or(&loaded.meta.file.display_path);
        diagnostics.push(bad_folder_id(dir, "priority"));
    }
    let actions = loaded
        .actions
        .as_ref()
        .map(|a| actions(&loaded.id, &a.value, &a.file, columns, diagnostics))
        .unwrap_or_default();
    Priority {
        id: loaded.id.clone(),
        number: meta.number.as_ref().map(|n| n.0.clone()),
        title: meta.title.clone(),
        short_title: meta
            .short_title
            .clone()
            .unwrap_or_else(|| meta.title.clone()),
        leads: meta.leads.clone(),
        summary: meta.summary.clone().unwrap_or_default(),
        goals: meta.goals.clone(),
        key_actions: meta.key_actions.clone(),
        key_indicators: meta.key_indicators.clone(),
        headline_indicator: meta.headline_indicator.clone(),
        funding: meta.funding.clone(),
        supporting_documents,
        body: loaded.meta.body.clone(),
        actions,
        source: loaded.meta.file.clone(),
    }
}

/// One priority's action rows, with their shared cells checked: a row may
/// share a cell with an earlier row of the same table, and every row
/// between them shares it too, so the table can show it once across them.
fn actions(
    priority_id: &str,
    raws: &[RawAction],
    file: &SourceFile,
    columns: &[Column],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Action> {
    let list_columns: Vec<&Column> = columns
        .iter()
        .filter(|c| c.key != "action" && c.key != "deadlines")
        .collect();
    let has_deadlines = columns.iter().any(|c| c.key == "deadlines");
    let mut out: Vec<Action> = Vec::new();
    for (nth, raw) in raws.iter().enumerate() {
        let a = action(
            (priority_id, nth),
            raw,
            file,
            (&list_columns, has_deadlines),
            diagnostics,
        );
        for (key, cell) in &a.cells {
            if let Cell::SameAs(target) = cell {
                if let Some(problem) = shared_cell_problem(&out, key, target) {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::UnknownReference,
                            format!("action `{}` shares its `{key}` cell with `{target}`, {problem}", a.id),
                        )
                        .at(file, file.find_in_entry(nth, &format!("same_as: {target}")))
                        .expected("`same_as:` and the id of an earlier row of this table that shares the same cell, with every row between sharing it too")
                        .hint("give the list in the first row of the group, and `same_as: <that row's id>` in each row after it"),
                    );
                }
            }
        }
        out.push(a);
    }
    out
}

/// Why `target` cannot be the row whose `key` cell the next row shares.
fn shared_cell_problem(earlier: &[Action], key: &str, target: &str) -> Option<&'static str> {
    let Some(at) = earlier.iter().position(|a| a.id == target) else {
        return Some("which is not an earlier row of this table");
    };
    let root = match earlier[at].cell(key) {
        Some(Cell::Items(_)) => target,
        Some(Cell::SameAs(root)) => root.as_str(),
        None => return Some("whose cell is empty"),
    };
    let between_share = earlier[at + 1..]
        .iter()
        .all(|a| matches!(a.cell(key), Some(Cell::SameAs(t)) if t == target || t == root));
    (!between_share).then_some("but a row between them does not share it")
}

fn action(
    (priority_id, nth): (&str, usize),
    raw: &RawAction,
    file: &SourceFile,
    (list_columns, has_deadlines): (&[&Column], bool),
    diagnostics: &mut Vec<Diagnostic>,
) -> Action {
    if !is_slug(&raw.id) {
        diagnostics.push(
            Diagnostic::error(
                Code::InvalidValue,
                format!("action id `{}` cannot be part of a web address", raw.id),
            )
            .at(file, file.find_key_value("id", &raw.id, 0))
            .expected("lowercase letters, digits and hyphens")
            .hint(format!("use `id: {}`", slugify(&raw.id))),
        );
    }
    let mut cells = Vec::new();
    let built_in = [
        ("indicators", &raw.indicators),
        ("metrics", &raw.metrics),
        ("officers", &raw.officers),
    ];
    for (key, cell) in built_in {
        if !cell_is_empty(cell) {
            if !list_columns.iter().any(|c| c.key == key) {
                diagnostics.push(not_a_column(file, (&raw.id, nth), key, list_columns));
            }
            cells.push((key.to_string(), model_cell(cell)));
        }
    }
    for (key, cell) in &raw.cells {
        let is_custom = !BUILT_IN_COLUMNS.iter().any(|(k, _)| k == key);
        if !is_custom || !list_columns.iter().any(|c| &c.key == key) {
            diagnostics.push(not_a_column(file, (&raw.id, nth), key, list_columns));
        }
        if !cell_is_empty(cell) {
            cells.push((key.clone(), model_cell(cell)));
        }
    }
    if !raw.deadlines.is_empty() && !has_deadlines {
        diagnostics.push(not_a_column(
            file,
            (&raw.id, nth),
            "deadlines",
            list_columns,
        ));
    }
    Action {
        id: raw.id.clone(),
        number: raw.number.as_ref().map(|n| n.0.clone()),
        priority_id: priority_id.to_string(),
        text: raw.action.clone(),
        deadlines: raw
            .deadlines
            .iter()
            .map(|d| Deadline {
                label: d.label.clone(),
                due: d.due.0,
            })
            .collect(),
        cells,
    }
}

fn cell_is_empty(cell: &RawCell) -> bool {
    matches!(cell, RawCell::Items(items) if items.is_empty())
}

fn model_cell(cell: &RawCell) -> Cell {
    match cell {
        RawCell::Items(items) => Cell::Items(items.clone()),
        RawCell::SameAs(s) => Cell::SameAs(s.same_as.clone()),
    }
}

/// A cell for a column the plan's table does not have: shown nowhere, so
/// an error rather than dropped.
fn not_a_column(
    file: &SourceFile,
    (action, nth): (&str, usize),
    key: &str,
    list_columns: &[&Column],
) -> Diagnostic {
    let keys: Vec<String> = list_columns.iter().map(|c| c.key.clone()).collect();
    let at = file.find_in_entry(nth, &format!("{key}:"));
    let at = at.start..at.end.saturating_sub(1).max(at.start + 1);
    let mut d = Diagnostic::error(
        Code::UnknownField,
        format!(
            "action `{action}` fills the column `{key}`, which this plan's table does not have"
        ),
    )
    .at(file, at);
    d = if keys.is_empty() {
        d.expected("no list columns: plan.yaml's `columns` has only the action and deadlines")
    } else {
        d.expected(format!("one of {}", ticked(&keys)))
    };
    match did_you_mean(key, &keys) {
        Some(best) => d.hint(format!("did you mean `{best}`?")),
        None => d.hint(format!(
            "add `- {{ key: {key}, heading: ... }}` to `columns` in plan.yaml; the plan's own columns go under `cells:`"
        )),
    }
}

fn kpis(
    parsed: &Parsed<Vec<RawKpi>>,
    priorities: &[Priority],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Kpi> {
    let file = &parsed.file;
    let priority_ids: Vec<String> = priorities.iter().map(|p| p.id.clone()).collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::new();
    for raw in &parsed.value {
        let count = seen.entry(raw.id.as_str()).or_default();
        if *count > 0 {
            diagnostics.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!("KPI id `{}` is used twice", raw.id),
                )
                .at(file, file.find_key_value("id", &raw.id, *count))
                .related(
                    file,
                    file.find_key_value("id", &raw.id, 0),
                    "first used here",
                )
                .expected("a different id for every KPI")
                .hint("ids are how versions are compared; give this KPI its own"),
            );
        }
        *count += 1;
        if !is_slug(&raw.id) {
            diagnostics.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("KPI id `{}` cannot be part of a web address", raw.id),
                )
                .at(file, file.find_key_value("id", &raw.id, 0))
                .expected("lowercase letters, digits and hyphens")
                .hint(format!("use `id: {}`", slugify(&raw.id))),
            );
        }
        if let Some(p) = &raw.priority {
            if !priority_ids.contains(p) {
                let mut d = Diagnostic::error(
                    Code::UnknownReference,
                    format!(
                        "KPI `{}` names priority `{p}`, which this version does not have",
                        raw.id
                    ),
                )
                .at(file, file.find_key_value("priority", p, 0))
                .expected(format!("one of {}", ticked(&priority_ids)));
                if let Some(best) = did_you_mean(p, &priority_ids) {
                    d = d.hint(format!("did you mean `{best}`?"));
                }
                diagnostics.push(d);
            }
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

fn measure(raw: &RawMeasure) -> Measure {
    Measure {
        value: raw.value.clone(),
        period: raw.period.clone(),
    }
}

fn check_unique_priority_numbers(priorities: &[LoadedPriority], diagnostics: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, &LoadedPriority> = HashMap::new();
    for p in priorities {
        let Some(n) = p.meta.meta.number.as_ref().map(|n| n.0.as_str()) else {
            continue;
        };
        match first.get(n) {
            Some(earlier) => diagnostics.push(
                Diagnostic::error(Code::DuplicateId, format!("two priorities are number {n}"))
                    .at(&p.meta.file, p.meta.file.find_key_value("number", n, 0))
                    .related(
                        &earlier.meta.file,
                        earlier.meta.file.find_key_value("number", n, 0),
                        "also number here",
                    )
                    .expected("a different number for each priority"),
            ),
            None => {
                first.insert(n, p);
            }
        }
    }
}

/// Action ids are unique across the whole version, not just one priority, so
/// an action can move between priorities and still be matched by its id.
fn check_unique_action_ids(priorities: &[LoadedPriority], diagnostics: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, &SourceFile> = HashMap::new();
    let mut counts: HashMap<(&str, &std::path::Path), usize> = HashMap::new();
    for p in priorities {
        let Some(actions) = &p.actions else { continue };
        let file = &actions.file;
        for a in &actions.value {
            let nth = counts
                .entry((a.id.as_str(), file.display_path.as_path()))
                .or_default();
            match first.get(a.id.as_str()) {
                Some(earlier) => {
                    diagnostics.push(
                        Diagnostic::error(Code::DuplicateId, format!("action id `{}` is used twice", a.id))
                            .at(file, file.find_key_value("id", &a.id, *nth))
                            .related(earlier, earlier.find_key_value("id", &a.id, 0), "first used here")
                            .expected("a different id for every action in the plan")
                            .hint("ids are how versions are compared and how actions are linked; give this action its own"),
                    );
                }
                None => {
                    first.insert(&a.id, file);
                }
            }
            *nth += 1;
        }
    }
}

/// Every comparison site.yaml asks for names a plan and two of its versions.
fn check_comparisons(
    config: &Parsed<RawSiteConfig>,
    plans: &[(String, Vec<String>)],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let file = &config.file;
    for c in &config.value.comparisons {
        let plan_ids: Vec<String> = plans.iter().map(|(id, _)| id.clone()).collect();
        let Some((_, version_ids)) = plans.iter().find(|(id, _)| *id == c.plan) else {
            let mut d = Diagnostic::error(
                Code::UnknownReference,
                format!(
                    "comparison names plan `{}`, which the site does not have",
                    c.plan
                ),
            )
            .at(file, file.find_key_value("plan", &c.plan, 0))
            .expected(format!("one of {}", ticked(&plan_ids)));
            if let Some(best) = did_you_mean(&c.plan, &plan_ids) {
                d = d.hint(format!("did you mean `{best}`?"));
            }
            diagnostics.push(d);
            continue;
        };
        for (key, id) in [("from", &c.from), ("to", &c.to)] {
            if !version_ids.contains(id) {
                let mut d = Diagnostic::error(
                    Code::UnknownReference,
                    format!(
                        "comparison names version `{id}`, which plan `{}` does not have",
                        c.plan
                    ),
                )
                .at(file, file.find_key_value(key, id, 0))
                .expected(format!("one of {}", ticked(version_ids)));
                if let Some(best) = did_you_mean(id, version_ids) {
                    d = d.hint(format!("did you mean `{best}`?"));
                }
                diagnostics.push(d);
            }
        }
    }
}

/// A folder whose name has no letter or digit to make its address from.
fn bad_folder_id(dir: &std::path::Path, what: &str) -> Diagnostic {
    let name = dir.file_name().unwrap_or_default().to_string_lossy();
    Diagnostic::error(
        Code::InvalidValue,
        format!("{what} folder name `{name}` has no letters or digits to make a web address from"),
    )
    .in_file(dir)
    .expected("a folder name with letters or digits, such as `better-reading`")
    .hint("rename the folder")
}

fn ticked(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
