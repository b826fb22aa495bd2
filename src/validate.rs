//! Stage 2: turn raw structs into the validated [`model`](crate::model).
//!
//! Checks what serde cannot: ids are URL-safe and unique, references between
//! items resolve, versions name versions that exist. Every problem becomes a
//! diagnostic and validation carries on, so one run reports them all.

use std::collections::HashMap;

use crate::diagnostics::{Code, Diagnostic, Severity, SourceFile};
use crate::load::raw::{RawAction, RawKpi, RawSectionMeta, RawSiteConfig, Status};
use crate::load::{
    yaml::did_you_mean, Doc, Loaded, LoadedPlan, LoadedPriority, LoadedVersion, Parsed,
};
use crate::model::{
    is_slug, slugify, Action, Deadline, Kpi, Plan, PlanVersion, Priority, Section, Site, SiteConfig,
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
    let failed = |ds: &[Diagnostic]| ds.iter().any(|d| d.severity == Severity::Error);
    if config.is_none() || failed(&diagnostics) || failed(&loaded.diagnostics) || plans.failed {
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
        allow_raw_html: raw.allow_raw_html,
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
    if !is_slug(&loaded.id) {
        diagnostics.push(bad_folder_id(&loaded.dir, &loaded.id, "plan"));
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
    if !is_slug(&loaded.id) {
        diagnostics.push(bad_folder_id(
            file.display_path.parent().unwrap_or(&file.display_path),
            &loaded.id,
            "version",
        ));
    }
    if raw.period.end.0 < raw.period.start.0 {
        diagnostics.push(
            Diagnostic::error(
                Code::InvalidValue,
                "the plan's period ends before it starts",
            )
            .at(
                file,
                file.find_key_value("end", &raw.period.end.0.to_string(), 0),
            )
            .expected("period.end on or after period.start"),
        );
    }
    let mut priorities: Vec<Priority> = loaded
        .priorities
        .iter()
        .map(|p| priority(p, pages, diagnostics))
        .collect();
    priorities.sort_by_key(|p| p.number);
    check_unique_priority_numbers(&loaded.priorities, diagnostics);
    check_unique_action_ids(&loaded.priorities, diagnostics);
    let kpis = loaded
        .kpis
        .as_ref()
        .map(|k| kpis(k, &priorities, diagnostics))
        .unwrap_or_default();
    PlanVersion {
        id: loaded.id.clone(),
        plan_id: plan_id.to_string(),
        title: raw.title.clone(),
        strapline: raw.strapline.clone(),
        period_start: raw.period.start.0,
        period_end: raw.period.end.0,
        organisation: raw.organisation.clone(),
        owner: raw.owner.clone(),
        summary: raw.summary.clone(),
        label: raw.version.label.clone(),
        status: raw.version.status,
        published: raw.version.published.map(|d| d.0),
        based_on: raw.version.based_on.clone(),
        change_note: raw.version.change_note.clone(),
        notice: raw.version.notice.clone(),
        commitments_intro: raw.commitments_intro.clone(),
        priorities_intro: raw.priorities_intro.clone(),
        sections: sections(&loaded.sections, diagnostics),
        commitments: sections(&loaded.commitments, diagnostics),
        priorities,
        kpis,
        source: file.clone(),
    }
}

fn sections(docs: &[Doc<RawSectionMeta>], diagnostics: &mut Vec<Diagnostic>) -> Vec<Section> {
    let mut out: Vec<Section> = docs
        .iter()
        .map(|doc| {
            let id = doc.meta.slug.clone().unwrap_or_else(|| doc.id.clone());
            if !is_slug(&id) {
                let span = match &doc.meta.slug {
                    Some(s) => doc.file.find_key_value("slug", s, 0),
                    None => 0..0,
                };
                diagnostics.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        format!("`{id}` cannot be part of a web address"),
                    )
                    .at(&doc.file, span)
                    .expected("lowercase letters, digits and hyphens")
                    .hint(format!("rename it `{}`", slugify(&id))),
                );
            }
            Section {
                id,
                title: doc.meta.title.clone(),
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
                let at = file
                    .text
                    .find(doc.as_str())
                    .map_or(0..0, |i| i..i + doc.len());
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
    if !is_slug(&loaded.id) {
        let dir = loaded
            .meta
            .file
            .display_path
            .parent()
            .unwrap_or(&loaded.meta.file.display_path);
        diagnostics.push(bad_folder_id(dir, &loaded.id, "priority"));
    }
    if meta.leads.is_empty() {
        diagnostics.push(
            Diagnostic::error(Code::InvalidValue, "a priority needs at least one lead")
                .at(
                    &loaded.meta.file,
                    loaded.meta.file.find_key_value("leads", "[]", 0),
                )
                .expected("a list under `leads:`, such as `- Head of SEND`"),
        );
    }
    let actions = loaded
        .actions
        .as_ref()
        .map(|a| {
            a.value
                .iter()
                .map(|raw| action(&loaded.id, raw, &a.file, diagnostics))
                .collect()
        })
        .unwrap_or_default();
    Priority {
        id: loaded.id.clone(),
        number: meta.number,
        title: meta.title.clone(),
        short_title: meta
            .short_title
            .clone()
            .unwrap_or_else(|| meta.title.clone()),
        leads: meta.leads.clone(),
        summary: meta.summary.clone(),
        goals: meta.goals.clone(),
        key_actions: meta.key_actions.clone(),
        key_indicators: meta.key_indicators.clone(),
        headline_indicator: meta.headline_indicator.clone(),
        funding: meta.funding.clone(),
        supporting_documents,
        body: loaded.meta.body.clone(),
        actions,
        source: loaded.meta.file.clone(),
        actions_source: loaded.actions.as_ref().map(|a| a.file.clone()),
    }
}

fn action(
    priority_id: &str,
    raw: &RawAction,
    file: &SourceFile,
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
    for (field, empty) in [
        ("officers", raw.officers.is_empty()),
        ("deadlines", raw.deadlines.is_empty()),
    ] {
        if empty {
            diagnostics.push(
                Diagnostic::error(Code::InvalidValue, format!("action `{}` has no {field}", raw.id))
                    .at(file, file.find_key_value("id", &raw.id, 0))
                    .expected(format!("at least one entry under `{field}:`"))
                    .hint("every action needs someone responsible and a date; use `due: ongoing` for continuing work"),
            );
        }
    }
    Action {
        id: raw.id.clone(),
        priority_id: priority_id.to_string(),
        text: raw.action.clone(),
        indicators: raw.indicators.clone(),
        metrics: raw.metrics.clone(),
        officers: raw.officers.clone(),
        deadlines: raw
            .deadlines
            .iter()
            .map(|d| Deadline {
                label: d.label.clone(),
                due: d.due.0,
            })
            .collect(),
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
            baseline: raw.baseline.clone(),
            target: raw.target.as_ref().map(|t| (t.value, t.by.0)),
            actuals: raw.actuals.clone(),
            source: raw.source.clone(),
            priority: raw.priority.clone(),
            notes: raw.notes.clone(),
        });
    }
    out
}

fn check_unique_priority_numbers(priorities: &[LoadedPriority], diagnostics: &mut Vec<Diagnostic>) {
    let mut first: HashMap<u32, &LoadedPriority> = HashMap::new();
    for p in priorities {
        let n = p.meta.meta.number;
        match first.get(&n) {
            Some(earlier) => diagnostics.push(
                Diagnostic::error(Code::DuplicateId, format!("two priorities are number {n}"))
                    .at(
                        &p.meta.file,
                        p.meta.file.find_key_value("number", &n.to_string(), 0),
                    )
                    .related(
                        &earlier.meta.file,
                        earlier
                            .meta
                            .file
                            .find_key_value("number", &n.to_string(), 0),
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

fn bad_folder_id(dir: &std::path::Path, id: &str, what: &str) -> Diagnostic {
    Diagnostic::error(
        Code::InvalidValue,
        format!("{what} folder name `{id}` cannot be part of a web address"),
    )
    .in_file(dir)
    .expected("lowercase letters, digits and hyphens")
    .hint(format!("rename the folder `{}`", slugify(id)))
}

fn ticked(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
