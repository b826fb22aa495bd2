//! Checks of the Markdown texts, after validation: every `plan:` and `page:`
//! link names a page that exists (an error otherwise), and raw HTML that the
//! sanitiser removes is reported (a warning), each at its line and column.
//!
//! [`version_texts`] lists every Markdown text of a plan version with the
//! file it comes from; it is the one place that knows which fields are
//! Markdown.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use crate::diagnostics::{did_you_mean, Code, Diagnostic, SourceFile};
mod html;

use crate::markdown::unsafe_scheme;
use crate::model::{Content, ListItem, PlanVersion, Section};
use html::{html_removals, Removal};

/// One Markdown text and the file it was read from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Text<'a> {
    pub file: &'a SourceFile,
    pub text: &'a str,
}

/// Every Markdown text of a version: the plan's summary, intros and notice,
/// section and commitment bodies, each priority's summary, lists, headline,
/// funding and body, and each action's text and list items.
pub(crate) fn version_texts(v: &PlanVersion) -> Vec<Text<'_>> {
    let mut out = Vec::new();
    let plan = &v.source;
    out.push(Text {
        file: plan,
        text: &v.summary,
    });
    for t in [&v.notice, &v.commitments_intro, &v.priorities_intro]
        .into_iter()
        .flatten()
    {
        out.push(Text {
            file: plan,
            text: t,
        });
    }
    for s in v.sections.iter().chain(&v.commitments) {
        out.push(Text {
            file: &s.source,
            text: &s.body,
        });
    }
    for p in &v.priorities {
        let file = &p.source;
        out.push(Text {
            file,
            text: &p.summary,
        });
        for t in p
            .goals
            .iter()
            .chain(&p.key_actions)
            .chain(&p.key_indicators)
            .chain(&p.headline_indicator)
            .chain(&p.funding)
        {
            out.push(Text { file, text: t });
        }
        out.push(Text {
            file,
            text: &p.body,
        });
        let Some(file) = p.actions_source.as_ref() else {
            continue;
        };
        for a in &p.actions {
            out.push(Text {
                file,
                text: &a.text,
            });
            for (_, cell) in &a.cells {
                if let crate::model::Cell::Items(list) = cell {
                    list_texts(file, list, &mut out);
                }
            }
        }
    }
    out
}

fn list_texts<'a>(file: &'a SourceFile, items: &'a [ListItem], out: &mut Vec<Text<'a>>) {
    for item in items {
        out.push(Text {
            file,
            text: item.text(),
        });
        list_texts(file, item.children(), out);
    }
}

/// The standalone pages' bodies.
pub(crate) fn page_texts(pages: &[Section]) -> Vec<Text<'_>> {
    pages
        .iter()
        .map(|s| Text {
            file: &s.source,
            text: &s.body,
        })
        .collect()
}

/// Whether Markdown in `text` may hold a `plan:` or `page:` link.
fn may_link(text: &str) -> bool {
    text.contains("plan:") || text.contains("page:")
}

/// Whether Markdown in `text` may hold raw HTML or a link the sanitiser drops.
fn may_hold_html(text: &str) -> bool {
    text.contains('<') || text.contains("](") || text.contains("]:")
}

/// Whether the checks below have anything to look at in `text`: they
/// pass over every text that fails this test.
pub(crate) fn may_need_checking(text: &str) -> bool {
    may_link(text) || may_hold_html(text)
}

/// Every check of every text of the site: link errors and, unless the site
/// allows raw HTML, warnings for what the sanitiser removes. Plans are
/// checked in parallel; the problems come in plan order.
pub(crate) fn check_site(site: &Content) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let mut out = check_pages(site);
    let per_plan: Vec<Vec<Diagnostic>> = site
        .plans
        .par_iter()
        .map(|plan| {
            plan.versions
                .iter()
                .flat_map(|v| check_version(site, v))
                .collect()
        })
        .collect();
    out.extend(per_plan.into_iter().flatten());
    out
}

/// The checks of one plan version's texts.
pub(crate) fn check_version(site: &Content, v: &PlanVersion) -> Vec<Diagnostic> {
    let texts = version_texts(v);
    let mut out = check_links(site, Some(v), &texts);
    if !site.config.allow_raw_html {
        out.extend(check_raw_html(&texts));
    }
    out
}

/// The checks of the standalone pages' texts.
pub(crate) fn check_pages(site: &Content) -> Vec<Diagnostic> {
    let texts = page_texts(&site.pages);
    let mut out = check_links(site, None, &texts);
    if !site.config.allow_raw_html {
        out.extend(check_raw_html(&texts));
    }
    out
}

const LINK_FORMS: &str = "`plan:` (the plan's overview), `plan:<section-id>`, `plan:commitments`, \
`plan:priorities/<priority-id>`, `plan:priorities/<priority-id>#action-<action-id>`, \
`plan:actions`, `plan:actions/by-deadline`, `plan:kpis`, `plan:versions` (each with an optional \
`#fragment`), or `page:<slug>` for a page in content/pages/";

/// Each `plan:` or `page:` link whose page does not exist, as an error at
/// its position. `version` is the plan version the texts belong to (none for
/// standalone pages, where `plan:` links have no plan to point into).
pub(crate) fn check_links(
    site: &Content,
    version: Option<&PlanVersion>,
    texts: &[Text],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut finder = Finder::default();
    for t in texts {
        if !may_link(t.text) {
            continue;
        }
        for (event, range) in Parser::new_ext(t.text, crate::markdown::options()).into_offset_iter()
        {
            let (Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. })) = event
            else {
                continue;
            };
            let problem = if let Some(target) = dest_url.strip_prefix("plan:") {
                match version {
                    Some(v) => plan_target_problem(v, target),
                    None => Some((
                        format!("`{dest_url}`: `plan:` links work only in a plan's own texts"),
                        None,
                    )),
                }
            } else if let Some(target) = dest_url.strip_prefix("page:") {
                page_target_problem(site, target)
            } else {
                None
            };
            let Some((message, suggestion)) = problem else {
                continue;
            };
            let local = t.text[range.clone()]
                .find(&*dest_url)
                .map_or(range.start, |i| range.start + i);
            let span = finder.locate(t, local, &dest_url);
            let mut d = Diagnostic::error(Code::UnknownReference, message)
                .at(t.file, span)
                .expected(LINK_FORMS);
            if let Some(best) = suggestion {
                d = d.hint(format!("did you mean `{best}`?"));
            }
            out.push(d);
        }
    }
    out
}

/// Why `plan:<target>` names no page of `v`, and the closest that exists.
fn plan_target_problem(v: &PlanVersion, target: &str) -> Option<(String, Option<String>)> {
    let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
    let path = path.trim_matches('/');
    let mut pages: Vec<String> = vec![
        String::new(),
        "actions".into(),
        "actions/by-deadline".into(),
        "versions".into(),
    ];
    if !v.commitments.is_empty() {
        pages.push("commitments".into());
    }
    if !v.kpis.is_empty() {
        pages.push("kpis".into());
    }
    pages.extend(v.sections.iter().map(|s| s.id.clone()));
    pages.extend(v.priorities.iter().map(|p| format!("priorities/{}", p.id)));
    if !pages.iter().any(|p| p == path) {
        let suggestion = did_you_mean(path, &pages).map(|p| format!("plan:{p}"));
        return Some((
            format!(
                "link to `plan:{target}`: version `{}` of this plan has no page `{path}`",
                v.id
            ),
            suggestion,
        ));
    }
    let action = fragment.strip_prefix("action-")?;
    let priority = path.strip_prefix("priorities/")?;
    let p = v.priorities.iter().find(|p| p.id == priority)?;
    if p.actions.iter().any(|a| a.id == action) {
        return None;
    }
    let ids: Vec<String> = p.actions.iter().map(|a| a.id.clone()).collect();
    let suggestion = did_you_mean(action, &ids).map(|a| format!("plan:{path}#action-{a}"));
    Some((
        format!("link to `plan:{target}`: priority `{priority}` has no action `{action}`"),
        suggestion,
    ))
}

/// Why `page:<target>` names no standalone page, and the closest that exists.
fn page_target_problem(site: &Content, target: &str) -> Option<(String, Option<String>)> {
    let slug = target.split('#').next().unwrap_or("").trim_matches('/');
    if site.pages.iter().any(|p| p.id == slug) {
        return None;
    }
    let ids: Vec<String> = site.pages.iter().map(|p| p.id.clone()).collect();
    Some((
        format!("link to `page:{target}`: the site has no page `{slug}` in content/pages/"),
        did_you_mean(slug, &ids).map(|s| format!("page:{s}")),
    ))
}

/// What the sanitiser removes from raw HTML and from links, as warnings at
/// their positions.
pub(crate) fn check_raw_html(texts: &[Text]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut finder = Finder::default();
    for t in texts {
        if !may_hold_html(t.text) {
            continue;
        }
        let mut removed: Vec<Removal> = Vec::new();
        for (event, range) in Parser::new_ext(t.text, crate::markdown::options()).into_offset_iter()
        {
            match event {
                Event::Html(_) | Event::InlineHtml(_) => {
                    let fragment = &t.text[range.clone()];
                    for (at, needle, message) in html_removals(fragment) {
                        removed.push((range.start + at, needle, message));
                    }
                }
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                    if let Some(scheme) = unsafe_scheme(&dest_url) {
                        let local = t.text[range.clone()]
                            .find(&*dest_url)
                            .map_or(range.start, |i| range.start + i);
                        removed.push((
                            local,
                            dest_url.to_string(),
                            format!("removed a `{scheme}:` link"),
                        ));
                    }
                }
                _ => {}
            }
        }
        for (local, needle, message) in removed {
            let span = finder.locate(t, local, &needle);
            out.push(
                Diagnostic::warning(Code::RemovedHtml, message)
                    .at(t.file, span)
                    .hint("raw HTML that can run code, load other pages or restyle the page is removed; set `allow_raw_html: true` in content/site.yaml only if every author of the site is trusted"),
            );
        }
    }
    out
}

/// Finds where a problem is in its file. A text that shares its file's
/// memory (a Markdown body) has a known offset; a YAML string is found in
/// the file's text (a plain one-line value appears there as it is), or else
/// the problem's own text is, after the same text found before.
#[derive(Default)]
struct Finder {
    after: HashMap<(*const u8, String), usize>,
}

impl Finder {
    fn locate(&mut self, t: &Text, local: usize, needle: &str) -> Range<usize> {
        let file = &*t.file.text;
        let base =
            offset_in(file, t.text).or_else(|| file.find(t.text).filter(|_| !t.text.is_empty()));
        let start = match base {
            Some(base) => base + local,
            None => {
                let key = (file.as_ptr(), needle.to_string());
                let from = self.after.get(&key).copied().unwrap_or(0);
                let found = file[from..].find(needle).map(|i| from + i);
                if let Some(found) = found {
                    self.after.insert(key, found + 1);
                }
                found.unwrap_or(0)
            }
        };
        start..(start + needle.len()).min(file.len())
    }
}

/// The offset of `part` in `whole`, when `part` is a slice of it.
fn offset_in(whole: &str, part: &str) -> Option<usize> {
    let (w, p) = (whole.as_ptr() as usize, part.as_ptr() as usize);
    (p >= w && p + part.len() <= w + whole.len()).then(|| p - w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removals_name_elements_attributes_and_links() {
        let found: Vec<String> = html_removals(
            "<b onclick=\"x()\" style='color:red' title=ok>hi</b><script>a<b</script><iframe src=x><a href=\"javascript:alert(1)\">",
        )
        .into_iter()
        .map(|(_, _, m)| m)
        .collect();
        assert_eq!(
            found,
            [
                "removed the `onclick` attribute",
                "removed the `style` attribute",
                "removed a `<script>` element",
                "removed a `<iframe>` element",
                "removed a `javascript:` link",
            ]
        );
    }

    #[test]
    fn harmless_markup_is_not_reported() {
        assert!(
            html_removals("<abbr title=\"x\">X</abbr><br><sup>1</sup><!-- <script> -->").is_empty()
        );
    }
}
