//! Stage 3: render every planned page with Tera, in parallel, one job a page.
//!
//! A page's variables come from [`views`], made once per plan version and
//! address by [`cache`] and lent to the page, so rendering needs nothing but
//! the model, the comparisons and the compiled templates, and an incremental
//! rebuild can rerun any subset of jobs.

pub mod cache;
pub mod chart;
pub mod compare;
pub mod feeds;
pub mod filters;
pub mod meta;
pub mod open_data;
pub mod pages;
pub mod print;
pub mod search;
pub mod tables;
mod template_error;
pub mod views;

use std::collections::HashSet;

use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::date::display_date;
use crate::diagnostics::Diagnostic;
use crate::markdown::Markdown;
use crate::model::{Content, SiteConfig};
use crate::theme::Theme;
use cache::{AtViews, Loan, PlanCache};
use pages::{At, PageJob, PageKind};
pub(crate) use template_error::template_error as located_template_error;
use views::{status_name, Link, PlanUrls, PlanView, SectionView, SiteView};

/// Everything rendering reads, built once per build.
pub struct RenderEnv<'a> {
    pub site: &'a Content,
    pub site_view: SiteView,
    pub tera: &'a Tera,
    pub theme: &'a Theme,
    /// Every page URL, to link the nearest page that exists.
    pub urls: HashSet<String>,
    /// Add the live-reload script (serve mode only, never in `build` output).
    pub live_reload: bool,
    /// Whether a template shows `actions_table_html`, so that it is worth
    /// rendering (see [`cache::PRIORITY_TABLE`]).
    pub priority_tables: bool,
    /// The Atom feeds that exist, which every page's head links.
    pub feeds: feeds::Feeds,
    /// What search finds, made once for the A to Z and the search index.
    pub search_entries: search::SharedEntries,
}

impl RenderEnv<'_> {
    /// Whether a template shows the priorities' action tables: the table
    /// template itself does not count (the built-in one names the variable
    /// in a comment), so a theme that makes its tables another way never has
    /// it rendered, and need not keep what it imports working.
    pub fn shows_priority_tables(theme: &Theme) -> bool {
        theme
            .templates
            .iter()
            .filter(|(name, _)| name.as_str() != cache::PRIORITY_TABLE)
            .any(|(_, (text, _))| text.contains("actions_table_html"))
    }
}

/// A page's template variables. Tera's own `Context` takes values by
/// serializing them; views shared by many pages are already values, and a
/// clone of a value is much cheaper than serializing it again.
#[derive(Default)]
struct Vars(tera::Map<String, Value>);

impl Vars {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &str, view: &T) {
        self.put(key, tera::to_value(view).expect("views always serialize"));
    }

    fn put(&mut self, key: &str, value: Value) {
        self.0.insert(key.to_string(), value);
    }

    /// A Tera context holding these variables, moved in rather than copied.
    fn into_context(self) -> Context {
        Context::from_value(Value::Object(self.0)).expect("an object")
    }
}

/// The banner on every page at a version's permanent address. Its wording
/// does not depend on which version is latest, so publishing a new version
/// leaves the older versions' pages byte for byte the same.
#[derive(Debug, Serialize)]
struct VersionBanner {
    label: String,
    status: &'static str,
    published: Option<String>,
    published_iso: Option<String>,
    current_url: String,
    history_url: String,
}

/// Renders pages one after another with one Tera context, which keeps what
/// they share: the site, and the plan version they show. Tera owns its
/// variables, so a context made afresh for each page would copy the whole
/// plan's contents into it every time.
pub struct PageRenderer<'e, 'c> {
    env: &'e RenderEnv<'e>,
    /// The views of the plan whose pages this renders, if it renders a plan's.
    cache: Option<&'c PlanCache<'c>>,
    context: Context,
    /// Which version's plan view `context` holds as `plan`.
    plan_shown: Option<At>,
    /// The views of the version and address whose pages this renders.
    views: Option<AtViews>,
    /// The length of the page rendered last.
    last_len: usize,
}

impl<'e, 'c> PageRenderer<'e, 'c> {
    pub fn new(env: &'e RenderEnv<'e>, cache: Option<&'c PlanCache<'c>>) -> Self {
        let mut context = Context::new();
        context.insert("site", &env.site_view);
        context.insert("live_reload", &env.live_reload);
        PageRenderer {
            env,
            cache,
            context,
            plan_shown: None,
            views: None,
            last_len: 16 * 1024,
        }
    }

    /// Renders one page to HTML.
    pub fn render(&mut self, job: &PageJob) -> Result<Vec<u8>, Diagnostic> {
        let shows = match job.kind {
            PageKind::History { plan: p } | PageKind::Comparison { plan: p, .. } => {
                Some(latest(p, &self.env.site.plans[p]))
            }
            kind => kind.at(),
        };
        if shows != self.plan_shown {
            self.plan_shown = shows;
            self.context.remove("plan");
            if let (Some(at), Some(cache)) = (shows, self.cache) {
                let mut plan = Vars::default();
                plan.put("plan", cache.plan(at).clone());
                self.context.extend(plan.into_context());
            }
        }
        let mut vars = page_vars(self.env, job, self.cache);
        let loan = self.lend(job, &mut vars)?;
        let keys: Vec<String> = vars.0.keys().cloned().collect();
        self.context.extend(vars.into_context());
        // Sized like the last page, so the page's text is not copied over
        // and over as its buffer grows.
        let mut html = Vec::with_capacity(self.last_len.next_power_of_two());
        let rendered = self
            .env
            .tera
            .render_to(job.template, &self.context, &mut html);
        self.last_len = html.len();
        for key in keys {
            let value = self.context.remove(&key);
            if let (Some(loan), Some(value)) = (loan, value) {
                if key == loan.name() {
                    self.views.as_mut().expect("lent").give_back(loan, value);
                }
            }
        }
        rendered.map_err(|err| {
            let hint = "check the variable names against the views listed in the README";
            template_error(self.env, job, job.template, hint, &err)
        })?;
        Ok(self.resolve_links(job, html))
    }

    /// Resolves the `plan:` and `page:` links of the page's Markdown (see
    /// [`crate::markdown::VERSION_ROOT`]) to the addresses of the version
    /// this page shows, plain or permanent.
    fn resolve_links(&self, job: &PageJob, html: Vec<u8>) -> Vec<u8> {
        if !crate::markdown::has_links(&html) {
            return html;
        }
        let site = self.env.site;
        let base = &site.config.base_path;
        let urls = match (job.kind.at(), job.kind.plan()) {
            (Some(at), _) => Some(urls_at(site, at)),
            (None, Some(p)) => Some(PlanUrls::new(base, &site.plans[p])),
            (None, None) => None,
        };
        let (version_root, plan_root) = urls.as_ref().map_or((base.as_str(), base.as_str()), |u| {
            (u.root.as_str(), u.plan_root.as_str())
        });
        crate::markdown::resolve_links(html, version_root, plan_root, base)
    }

    /// Lends the page the view it shows besides the plan, if it shows one.
    fn lend(&mut self, job: &PageJob, vars: &mut Vars) -> Result<Option<Loan>, Diagnostic> {
        let (Some(at), Some(loan), Some(cache)) = (job.kind.at(), Loan::of(job.kind), self.cache)
        else {
            return Ok(None);
        };
        if self.views.as_ref().map(|views| views.at) != Some(at) {
            self.views = Some(AtViews::new(at));
        }
        let tables = self.env.priority_tables.then_some(self.env.tera);
        let view = self
            .views
            .as_mut()
            .expect("just made")
            .lend(cache, tables, loan)
            .map_err(|err| {
                let hint = "it is rendered with `priority` only; check the variable names against the README";
                template_error(self.env, job, cache::PRIORITY_TABLE, hint, &err)
            })?;
        vars.put(loan.name(), view);
        Ok(Some(loan))
    }
}

/// A template that failed while rendering the page at `job.url`.
fn template_error(
    env: &RenderEnv,
    job: &PageJob,
    template: &str,
    hint: &str,
    err: &tera::Error,
) -> Diagnostic {
    located_template_error(env.theme, template, &job.url, hint, err)
}

/// A page's own variables: everything but the site and the plan it shows.
fn page_vars(env: &RenderEnv, job: &PageJob, cache: Option<&PlanCache>) -> Vars {
    let cache = || cache.expect("a plan's pages render with its cache");
    let site = env.site;
    let base = &site.config.base_path;
    let mut context = Vars::default();
    let mut breadcrumbs = vec![Link {
        title: "Home".to_string(),
        url: base.clone(),
    }];
    match job.kind {
        PageKind::Home => {
            breadcrumbs.clear();
            insert_home(site, &mut context);
        }
        PageKind::Page { page } => context.insert(
            "section",
            &SectionView::new(&site.pages[page], Markdown::of(&site.config)),
        ),
        PageKind::Accessibility => insert_accessibility(&mut context, site),
        PageKind::NotFound => breadcrumbs.clear(),
        PageKind::Search => context.insert("az", &search::az::az(env.search_entries.get(site))),
        PageKind::History { plan: p } => {
            let plan = &site.plans[p];
            let urls = PlanUrls::new(base, plan);
            breadcrumbs.push(Link {
                title: plan.latest().title.clone(),
                url: urls.home(),
            });
            context.insert("versions", &compare::history(site, p, &urls));
        }
        PageKind::Comparison { plan: p, from, to } => {
            let plan = &site.plans[p];
            let urls = PlanUrls::new(base, plan);
            breadcrumbs.push(Link {
                title: plan.latest().title.clone(),
                url: urls.home(),
            });
            breadcrumbs.push(Link {
                title: "Versions".into(),
                url: urls.history(),
            });
            let comparison = cache().comparison(from, to);
            context.insert(
                "comparison",
                &compare::ComparisonView::new(
                    (base, Markdown::of(&site.config)),
                    plan,
                    (from, to),
                    comparison,
                ),
            );
        }
        _ => {
            let at = job.kind.at().expect("the other kinds show a plan version");
            insert_plan_page(env, job, at, &mut context, &mut breadcrumbs);
            let kind = (job.kind, at);
            filters::insert_vars(site.today, kind, cache(), &mut context);
            print::insert_vars(&site.config, kind, cache(), &mut context);
        }
    }
    if let PageKind::PlanHome(at) = job.kind {
        context.insert("downloads", &cache().downloads(at));
    }
    context.insert("feeds", &env.feeds.for_page(job.kind.plan()));
    context.insert("page_url", &job.url);
    context.insert("breadcrumbs", &breadcrumbs);
    context.insert("meta", &meta::page_meta(env, job));
    context
}

/// The home page's listing of every plan and standalone page.
fn insert_home(site: &Content, context: &mut Vars) {
    let base = &site.config.base_path;
    let plans: Vec<PlanView> = site
        .plans
        .iter()
        .map(|p| home_listing(&site.config, p))
        .collect();
    context.insert("plans", &plans);
    let pages: Vec<Link> = site
        .pages
        .iter()
        .map(|p| Link {
            title: p.title.clone(),
            url: format!("{base}{}/", p.id),
        })
        .collect();
    context.insert("pages", &pages);
}

/// Where the plan's plain address shows its latest version.
fn latest(p: usize, plan: &crate::model::Plan) -> At {
    At {
        plan: p,
        version: plan.latest,
        permanent: false,
    }
}

fn insert_plan_page(
    env: &RenderEnv,
    job: &PageJob,
    at: At,
    context: &mut Vars,
    breadcrumbs: &mut Vec<Link>,
) {
    let plan = &env.site.plans[at.plan];
    let v = &plan.versions[at.version];
    let urls = urls_at(env.site, at);
    if !matches!(job.kind, PageKind::PlanHome(_)) {
        breadcrumbs.push(Link {
            title: v.title.clone(),
            url: urls.home(),
        });
    }
    if at.permanent {
        // An officer or a year may be gone from the current version: a
        // filtered page links to the current page of all actions, so that
        // publishing a version leaves it as it was.
        let filtered = matches!(
            job.kind,
            PageKind::ActionsByOfficer(..) | PageKind::ActionsByYear(..)
        );
        let same = if filtered {
            urls.actions()
        } else {
            job.url.clone()
        };
        let plain = urls.to_plain(&same);
        let current_url = if env.urls.contains(&plain) {
            plain
        } else {
            urls.plan_root.clone()
        };
        context.insert(
            "version_banner",
            &VersionBanner {
                label: v.label.clone(),
                status: status_name(v.status),
                published: v.published.map(display_date),
                published_iso: v.published.map(|d| d.to_string()),
                current_url,
                history_url: urls.history(),
            },
        );
    }
}

/// The addresses of the version and address `at` shows.
fn urls_at(site: &Content, at: At) -> PlanUrls {
    let plan = &site.plans[at.plan];
    if at.permanent {
        PlanUrls::permanent(&site.config.base_path, plan, &plan.versions[at.version].id)
    } else {
        PlanUrls::new(&site.config.base_path, plan)
    }
}

/// What the home page shows of a plan, as JSON: two plans listed alike
/// give the same bytes.
pub fn listing_json(config: &SiteConfig, plan: &crate::model::Plan) -> Vec<u8> {
    serde_json::to_vec(&home_listing(config, plan)).expect("views always serialize")
}

/// A plan's view for the home page, which lists every plan: each plan's
/// links resolve to its own plain address.
fn home_listing(config: &SiteConfig, plan: &crate::model::Plan) -> PlanView {
    let urls = PlanUrls::new(&config.base_path, plan);
    let mut view = PlanView::new(&urls, plan.latest(), Markdown::of(config));
    let resolve = |html: &mut String| {
        if crate::markdown::has_links(html.as_bytes()) {
            let bytes = std::mem::take(html).into_bytes();
            let bytes = crate::markdown::resolve_links(
                bytes,
                &urls.root,
                &urls.plan_root,
                &config.base_path,
            );
            *html = String::from_utf8(bytes).expect("placeholders are ASCII");
        }
    };
    resolve(&mut view.summary_html);
    for html in [
        &mut view.notice_html,
        &mut view.commitments_intro_html,
        &mut view.priorities_intro_html,
    ]
    .into_iter()
    .flatten()
    {
        resolve(html);
    }
    for p in &mut view.priorities {
        resolve(&mut p.summary_html);
    }
    view
}

fn insert_accessibility(context: &mut Vars, site: &Content) {
    let a = &site.config.accessibility;
    context.insert("a11y", a);
    context.insert(
        "compliance",
        match a.compliance {
            crate::model::Compliance::Fully => "fully",
            crate::model::Compliance::Partially => "partially",
            crate::model::Compliance::Not => "not",
        },
    );
    context.insert("prepared", &display_date(a.prepared.0));
    context.insert("last_reviewed", &display_date(a.last_reviewed.0));
    context.insert("last_tested", &a.last_tested.map(|d| display_date(d.0)));
    let issues: Vec<(String, String, Option<String>)> = a
        .known_issues
        .iter()
        .map(|i| {
            (
                i.description.clone(),
                i.criterion.clone(),
                i.fix_by.map(|d| display_date(d.0)),
            )
        })
        .collect();
    context.insert("known_issues", &issues);
}
