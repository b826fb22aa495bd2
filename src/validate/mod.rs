//! Stage 2: turn raw structs into the validated [`model`](crate::model).
//!
//! Checks what serde cannot: ids are URL-safe and unique, references between
//! items resolve, versions name versions that exist. Every problem becomes a
//! diagnostic and validation carries on, so one run reports them all.

mod kpis;
mod rows;
mod structure;

use crate::diagnostics::{did_you_mean, Code, Diagnostic, Severity};
use crate::load::raw::{RawSectionMeta, RawSiteConfig};
use crate::load::{Doc, Loaded, LoadedPlan, LoadedVersion, Parsed};
use crate::model::{
    is_slug, slugify, Content, Plan, PlanVersion, Priority, Section, SiteConfig, Status,
};
use kpis::kpis;
use rows::{check_unique_action_ids, check_unique_priority_numbers, priority};
use structure::{columns, contents, number_order, period, terms};

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
    today: chrono::NaiveDate,
) -> (Option<Content>, Vec<Diagnostic>) {
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
    let site = Content {
        config: config.expect("checked above"),
        plans: plans.plans.into_iter().map(std::sync::Arc::new).collect(),
        pages,
        today,
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
            .at(file, file.entry("base_url"))
            .expected("an address starting with https://, such as https://plans.example.org")
            .hint("this is where the site will be published; sitemap.xml uses it"),
        );
        return None;
    };
    let base_path = match after_scheme.find('/') {
        Some(i) => format!("{}/", &after_scheme[i..]),
        None => "/".to_string(),
    };
    if !is_language_tag(&raw.language) {
        diagnostics.push(
            Diagnostic::error(
                Code::InvalidValue,
                format!("`{}` is not a language tag", raw.language),
            )
            .at(file, file.entry("language"))
            .expected("a BCP 47 language tag such as en-GB or cy")
            .hint("use en-GB for English (UK)"),
        );
    }
    check_navigation_urls(raw, file, diagnostics);
    let email = &raw.accessibility.contact_email;
    if !email.contains('@') || email.contains(' ') {
        diagnostics.push(
            Diagnostic::error(
                Code::InvalidValue,
                format!("`{email}` is not an email address"),
            )
            .at(file, file.entry("accessibility.contact_email"))
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

/// A navigation link goes to a page: a `javascript:`, `data:` or other
/// scheme that runs code (however it is written) is an error, since
/// escaping cannot make such an address safe in `href`.
fn check_navigation_urls(
    raw: &RawSiteConfig,
    file: &crate::diagnostics::SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (i, item) in raw.navigation.iter().enumerate() {
        if let Some(scheme) = crate::markdown::unsafe_scheme(&item.url) {
            diagnostics.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("a navigation link may not use the `{scheme}:` scheme"),
                )
                .at(file, file.entry(&format!("navigation[{i}].url")))
                .expected("a path on the site (`/`, `/accessibility/`) or an address starting with https://, http://, mailto: or tel:")
                .hint("a link with this scheme could run a script in the reader's browser"),
            );
        }
    }
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
                .at(&v.source, v.source.entry("version.based_on"))
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
    let terms = terms(raw);
    let columns = columns(raw, &terms, file, diagnostics);
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
        (&mut section_list, &mut priorities),
        (!commitments.is_empty(), !kpis.is_empty()),
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
        terms,
        columns,
        contents,
        sections: section_list,
        commitments,
        priorities,
        kpis,
        source: file.clone(),
    }
}

/// Whether `tag` has the shape of a BCP 47 language tag: `en-GB`, `cy`.
fn is_language_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.split('-').all(|part| {
            !part.is_empty() && part.len() <= 8 && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// A `lang:` in front matter that is not a language tag.
fn check_lang(doc: &Doc<RawSectionMeta>, diagnostics: &mut Vec<Diagnostic>) {
    let Some(lang) = doc.meta.lang.as_deref().filter(|l| !is_language_tag(l)) else {
        return;
    };
    diagnostics.push(
        Diagnostic::error(
            Code::InvalidValue,
            format!("`{lang}` is not a language tag"),
        )
        .at(&doc.file, doc.file.entry("lang"))
        .expected("a BCP 47 language tag such as cy or fr")
        .hint("use cy for Welsh"),
    );
}

/// Sections in their default order: by weight, then title.
fn sections(docs: &[Doc<RawSectionMeta>], diagnostics: &mut Vec<Diagnostic>) -> Vec<Section> {
    let mut out: Vec<Section> = docs
        .iter()
        .map(|doc| {
            let id = doc.meta.slug.clone().unwrap_or_else(|| doc.id.clone());
            if !is_slug(&id) {
                diagnostics.push(match &doc.meta.slug {
                    Some(_) => Diagnostic::error(
                        Code::InvalidValue,
                        format!("`{id}` cannot be part of a web address"),
                    )
                    .at(&doc.file, doc.file.entry("slug"))
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
            check_lang(doc, diagnostics);
            Section {
                id,
                title: doc.meta.title.clone().unwrap_or_else(|| doc.name.clone()),
                weight: doc.meta.weight,
                summary: doc.meta.summary.clone(),
                lang: doc.meta.lang.clone(),
                body: doc.body.clone(),
                source: doc.file.clone(),
            }
        })
        .collect();
    out.sort_by(|a, b| (a.weight, &a.title).cmp(&(b.weight, &b.title)));
    out
}

/// Every comparison site.yaml asks for names a plan and two of its versions.
fn check_comparisons(
    config: &Parsed<RawSiteConfig>,
    plans: &[(String, Vec<String>)],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let file = &config.file;
    for (i, c) in config.value.comparisons.iter().enumerate() {
        let plan_ids: Vec<String> = plans.iter().map(|(id, _)| id.clone()).collect();
        let Some((_, version_ids)) = plans.iter().find(|(id, _)| *id == c.plan) else {
            let mut d = Diagnostic::error(
                Code::UnknownReference,
                format!(
                    "comparison names plan `{}`, which the site does not have",
                    c.plan
                ),
            )
            .at(file, file.entry(&format!("comparisons[{i}].plan")))
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
                .at(file, file.entry(&format!("comparisons[{i}].{key}")))
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
pub(super) fn bad_folder_id(dir: &std::path::Path, what: &str) -> Diagnostic {
    let name = dir.file_name().unwrap_or_default().to_string_lossy();
    Diagnostic::error(
        Code::InvalidValue,
        format!("{what} folder name `{name}` has no letters or digits to make a web address from"),
    )
    .in_file(dir)
    .expected("a folder name with letters or digits, such as `better-reading`")
    .hint("rename the folder")
}

pub(super) fn ticked(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests;
