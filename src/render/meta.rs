//! What a page says of itself in its `<head>`, for search engines and for
//! links shared on social sites: its title and description, its canonical
//! address, Open Graph tags, and on an older version's page the address of
//! the current version of the same page.
//!
//! Which address is canonical:
//!
//! - a page at a plan's plain address (`/<plan>/...`, the current version)
//!   is canonical itself;
//! - the current version's copy at its permanent address
//!   (`/<plan>/versions/<current>/...`) shows the same content, so it names
//!   the plain address as canonical;
//! - a page of any other version at its permanent address is canonical
//!   itself (it is what that version said), and names the same page of the
//!   current version (or the plan's overview, when the current version has
//!   no such page) with `rel="latest-version"`; its banner says so in words;
//! - every other page (home, standalone pages, history, comparisons, the
//!   accessibility statement) is canonical itself; the 404 page, served at
//!   any address, names none.
//!
//! The description is the first paragraph of the first of these that the
//! sources give, as plain text: the page's own summary (a section's or a
//! page's `summary`, a priority's `summary`, the commitments page's
//! `commitments_intro`), the plan's `summary`, the site's `description`.
//! When none is given there is no description.

use pulldown_cmark::{Event, Parser, TagEnd};
use serde::Serialize;

use super::pages::{PageJob, PageKind};
use super::views::PlanUrls;
use super::RenderEnv;
use crate::model::{Content, PlanVersion};

/// A page's metadata, as `base.html` puts it in `<head>` (`meta`).
#[derive(Debug, Serialize)]
pub struct PageMeta {
    /// The page's title, as the default theme's `<title>` gives it.
    pub title: String,
    pub description: Option<String>,
    /// Absolute (with the site's `base_url`); none on the 404 page.
    pub canonical: Option<String>,
    /// On an older version's page: the same page in the current version, absolute.
    pub latest_version: Option<String>,
    /// `website` for the home page, `article` for the others.
    pub og_type: &'static str,
    /// The page's language as Open Graph writes it (`en_GB`): the site's,
    /// or a page's or section's own `lang:`.
    pub locale: String,
    /// The language of the description, when it is a page's or section's
    /// own summary and its front matter gives a `lang:`.
    pub lang: Option<String>,
}

/// The metadata of the page `job`.
pub(super) fn page_meta(env: &RenderEnv, job: &PageJob) -> PageMeta {
    let site = env.site;
    let absolute = |url: &str| absolute(&site.config.base_url, &site.config.base_path, url);
    let (canonical, latest_version) = addresses(env, job);
    let description = description(site, job.kind);
    let lang = match job.kind {
        PageKind::Page { page } => site.pages[page].lang.clone(),
        PageKind::Section(at, s) => site.plans[at.plan].versions[at.version].sections[s]
            .lang
            .clone(),
        _ => None,
    };
    PageMeta {
        title: title(site, job.kind),
        lang: description.as_ref().filter(|d| d.1).and(lang.clone()),
        description: description.map(|d| d.0),
        canonical: canonical.as_deref().map(absolute),
        latest_version: latest_version.as_deref().map(absolute),
        og_type: match job.kind {
            PageKind::Home => "website",
            _ => "article",
        },
        locale: og_locale(lang.as_deref().unwrap_or(&site.config.language)),
    }
}

/// `url` (which starts with the site's base path) with the site's scheme
/// and host before it.
fn absolute(base_url: &str, base_path: &str, url: &str) -> String {
    let origin = base_url
        .strip_suffix(base_path.trim_end_matches('/'))
        .unwrap_or(base_url);
    format!("{origin}{url}")
}

/// The page's canonical address and, on an older version's page, the
/// current version's, both site-relative.
fn addresses(env: &RenderEnv, job: &PageJob) -> (Option<String>, Option<String>) {
    let Some(at) = job.kind.at().filter(|at| at.permanent) else {
        let canonical = (job.kind != PageKind::NotFound).then(|| job.url.clone());
        return (canonical, None);
    };
    let plan = &env.site.plans[at.plan];
    let urls = PlanUrls::permanent(
        &env.site.config.base_path,
        plan,
        &plan.versions[at.version].id,
    );
    let plain = urls.to_plain(&job.url);
    if at.version == plan.latest {
        return (Some(plain), None);
    }
    // As the version banner links it.
    let current = if env.urls.contains(&plain) {
        plain
    } else {
        urls.plan_root.clone()
    };
    (Some(job.url.clone()), Some(current))
}

/// `en-GB` as Open Graph writes a locale, `en_GB`: the language and, when
/// the tag gives one, its region.
fn og_locale(language: &str) -> String {
    let mut parts = language.split('-');
    let lang = parts.next().unwrap_or_default().to_ascii_lowercase();
    let region =
        parts.find(|p| p.len() == 2 || (p.len() == 3 && p.chars().all(|c| c.is_ascii_digit())));
    match region {
        Some(r) => format!("{lang}_{}", r.to_ascii_uppercase()),
        None => lang,
    }
}

/// The version a plan's page shows (the latest, for its history and comparisons).
fn version(site: &Content, kind: PageKind) -> Option<&PlanVersion> {
    let p = kind.plan()?;
    let plan = &site.plans[p];
    Some(&plan.versions[kind.at().map_or(plan.latest, |at| at.version)])
}

/// The title the default theme's `<title>` gives the page.
fn title(site: &Content, kind: PageKind) -> String {
    let site_title = &site.config.title;
    let Some(v) = version(site, kind) else {
        return match kind {
            PageKind::Page { page } => format!("{} - {site_title}", site.pages[page].title),
            PageKind::Accessibility => format!("Accessibility statement - {site_title}"),
            PageKind::NotFound => format!("Page not found - {site_title}"),
            PageKind::Search => format!("Search - {site_title}"),
            _ => site_title.clone(),
        };
    };
    let t = &v.terms;
    // Every kind is named here, so that a new one cannot go without a title.
    let name = match kind {
        PageKind::Home
        | PageKind::Page { .. }
        | PageKind::Accessibility
        | PageKind::NotFound
        | PageKind::Search => return site_title.clone(),
        PageKind::PlanHome(_) => return format!("{} - {site_title}", v.title),
        PageKind::Print(_) => return format!("{}: the whole plan - {site_title}", v.title),
        PageKind::ActionsByOfficer(_, i) => {
            let officers = crate::render::filters::officers(v);
            format!("{} - {}", officers[i].name, t.actions)
        }
        PageKind::ActionsByYear(_, year) => format!("Due in {year} - {}", t.actions),
        PageKind::ActionsOverdue(_) => format!("Past their deadlines - {}", t.actions),
        PageKind::Section(_, s) => v.sections[s].title.clone(),
        PageKind::Commitments(_) => t.commitments.clone(),
        PageKind::Priority(_, i) => v.priority_label(&v.priorities[i]),
        PageKind::Actions(_) => t.actions.clone(),
        PageKind::ActionsByDeadline(_) => t.actions_by_deadline.clone(),
        PageKind::Kpis(_) => t.kpis.clone(),
        PageKind::History { .. } => "Versions and changes".to_string(),
        PageKind::Comparison { plan, from, to } => {
            let versions = &site.plans[plan].versions;
            format!(
                "Changes from {} to {}",
                versions[from].label, versions[to].label
            )
        }
    };
    format!("{name} - {}", v.title)
}

/// The page's description (see the module's comment), and whether it is
/// the page's own.
fn description(site: &Content, kind: PageKind) -> Option<(String, bool)> {
    let v = version(site, kind);
    let own: Option<&str> = match kind {
        PageKind::Page { page } => site.pages[page].summary.as_deref(),
        PageKind::Section(at, s) => site.plans[at.plan].versions[at.version].sections[s]
            .summary
            .as_deref(),
        PageKind::Priority(at, i) => Some(
            site.plans[at.plan].versions[at.version].priorities[i]
                .summary
                .as_str(),
        ),
        PageKind::Commitments(at) => site.plans[at.plan].versions[at.version]
            .commitments_intro
            .as_deref(),
        _ => None,
    };
    let plan = v.map(|v| v.summary.as_str());
    let own = own.and_then(first_paragraph).map(|d| (d, true));
    own.or_else(|| {
        [plan, site.config.description.as_deref()]
            .into_iter()
            .flatten()
            .find_map(first_paragraph)
            .map(|d| (d, false))
    })
}

/// The text of the first block (a paragraph, a heading, a list) of some
/// Markdown that has any, on one line; none when it has no text.
fn first_paragraph(markdown: &str) -> Option<String> {
    let mut text = String::new();
    let mut depth = 0usize;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if end == TagEnd::Item {
                    text.push(' ');
                }
                if depth == 0 && !text.trim().is_empty() {
                    break;
                }
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_is_the_first_paragraph_as_plain_text() {
        let md = "What we will **do** for [children](plan:kpis)\nover three years.\n\nMore.";
        assert_eq!(
            first_paragraph(md).as_deref(),
            Some("What we will do for children over three years.")
        );
        assert_eq!(first_paragraph("  \n"), None);
        assert_eq!(first_paragraph("- one\n- two").as_deref(), Some("one two"));
    }

    #[test]
    fn locales_and_absolute_addresses() {
        assert_eq!(og_locale("en-GB"), "en_GB");
        assert_eq!(og_locale("cy"), "cy");
        assert_eq!(og_locale("zh-Hant-TW"), "zh_TW");
        assert_eq!(
            absolute("https://x.org/plans", "/plans/", "/plans/a/"),
            "https://x.org/plans/a/"
        );
        assert_eq!(absolute("https://x.org", "/", "/a/"), "https://x.org/a/");
    }
}
