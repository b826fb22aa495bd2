//! What every output depends on, and the one rule that decides what an edit
//! makes stale.
//!
//! Each output (a page, a static file, the sitemap, a comparison's data)
//! declares its inputs in [`page_inputs`] or [`file_inputs`]. An input has a
//! fingerprint, a hash of what it is made of; an output's digest is the hash
//! of its inputs' names and fingerprints, in order. After an edit, an output
//! is rendered again when its digest differs from the one at its path in the
//! previous build, or when nothing was at its path ([`dirty`]). A new page
//! kind therefore gets correct incremental rebuilds by declaring its inputs,
//! and nothing else has to learn about it.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

// An output's digest mixes a few input identities that are SipHash values
// already: the fast hasher is enough there, and it is on every edit's path.
use rustc_hash::FxHasher;
use std::sync::Arc;

use crate::model::Content;
use crate::render::cache::PRIORITY_TABLE;
use crate::render::feeds::has_feed;
use crate::render::open_data::DataFile;
use crate::render::pages::{PageJob, PageKind};

use super::{FileJob, FileKind, Site};

/// One thing an output is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Input<'a> {
    /// `content/site.yaml`.
    Config,
    /// The standalone pages of `content/pages/`: every page's navigation
    /// lists them, and `page:` links point at them.
    Pages,
    /// A template, with every template it extends, imports or includes.
    Template(&'a str),
    /// One of the theme's static files, by output path.
    Static(&'a str),
    /// The source files of one version of a plan, by plan and version index.
    Version { plan: usize, version: usize },
    /// Where a plan's pages are and which version each address shows: the
    /// links between a plan's pages, and a permanent page's link to the
    /// same page in the current version.
    PlanLayout(usize),
    /// What the home page shows of a plan: its latest version's listing.
    Listing(usize),
    /// The address of every page, which the sitemap lists.
    PageList,
    /// Which Atom feeds exist (the site's, and each plan's once a version
    /// of it is published), which every page's head links.
    Feeds,
}

/// The inputs of a page, by what it shows.
pub(super) fn page_inputs(job: &PageJob, content: &Content, input: &mut dyn FnMut(Input)) {
    input(Input::Config);
    input(Input::Pages);
    input(Input::Template(job.template));
    input(Input::Feeds);
    match job.kind {
        PageKind::Home => (0..content.plans.len()).for_each(|p| input(Input::Listing(p))),
        PageKind::Page { .. } | PageKind::Accessibility | PageKind::NotFound => {}
        PageKind::PlanHome(at)
        | PageKind::Section(at, _)
        | PageKind::Commitments(at)
        | PageKind::Priority(at, _)
        | PageKind::Actions(at)
        | PageKind::ActionsByDeadline(at)
        | PageKind::Kpis(at)
        | PageKind::ActionsByOfficer(at, _)
        | PageKind::ActionsByYear(at, _)
        | PageKind::ActionsOverdue(at)
        | PageKind::Print(at) => {
            input(Input::Version {
                plan: at.plan,
                version: at.version,
            });
            input(Input::PlanLayout(at.plan));
            // Each priority's action table is rendered by its own template.
            input(Input::Template(PRIORITY_TABLE));
        }
        // The history lists every version.
        PageKind::History { plan } => {
            for version in 0..content.plans[plan].versions.len() {
                input(Input::Version { plan, version });
            }
            input(Input::PlanLayout(plan));
        }
        // The A to Z lists every plan's current version, at its plain address.
        PageKind::Search => {
            for (plan, p) in content.plans.iter().enumerate() {
                input(Input::Version {
                    plan,
                    version: p.latest,
                });
                input(Input::PlanLayout(plan));
            }
        }
        // Its breadcrumbs name the plan by its latest version's title.
        PageKind::Comparison { plan, from, to } => {
            let latest = content.plans[plan].latest;
            for version in [from, to, latest] {
                input(Input::Version { plan, version });
            }
            input(Input::PlanLayout(plan));
        }
    }
}

/// The inputs of a file that is not a page.
pub(super) fn file_inputs(file: &FileJob, content: &Content, input: &mut dyn FnMut(Input)) {
    match &file.kind {
        FileKind::Static => input(Input::Static(&file.path)),
        FileKind::Sitemap => {
            input(Input::Config);
            input(Input::Template("sitemap.xml"));
            input(Input::PageList);
        }
        FileKind::Robots => {
            input(Input::Config);
            input(Input::Template("robots.txt"));
        }
        FileKind::ComparisonData { plan, from, to } => {
            input(Input::Config);
            for version in [*from, *to] {
                input(Input::Version {
                    plan: *plan,
                    version,
                });
            }
        }
        FileKind::OpenData {
            plan,
            version,
            file,
            ..
        } => {
            // plan.json names its own address and the schema's, and the
            // titles of supporting documents; the CSV files only the version.
            if *file == DataFile::PlanJson {
                input(Input::Config);
                input(Input::Pages);
            }
            input(Input::Version {
                plan: *plan,
                version: *version,
            });
        }
        // Compiled in: the same bytes for every site.
        FileKind::PlanSchema => {}
        FileKind::PlanFeed { plan } => {
            input(Input::Config);
            every_version(content, *plan, input);
        }
        FileKind::SiteFeed => {
            input(Input::Config);
            (0..content.plans.len()).for_each(|plan| every_version(content, plan, input));
        }
        // Every version of every plan, at the addresses its pages are at,
        // the standalone pages, and the site's language and base path.
        FileKind::SearchIndex => {
            input(Input::Config);
            input(Input::Pages);
            for plan in 0..content.plans.len() {
                every_version(content, plan, input);
                input(Input::PlanLayout(plan));
            }
        }
    }
}

/// Every version of plan `plan`: a feed's entries, with their comparisons.
fn every_version(content: &Content, plan: usize, input: &mut dyn FnMut(Input)) {
    for version in 0..content.plans[plan].versions.len() {
        input(Input::Version { plan, version });
    }
}

/// The hashes of a site's sources, made while they are read.
#[derive(Debug, Clone, Default)]
pub(super) struct SourceHashes {
    /// `content/site.yaml`.
    pub config: u64,
    /// Every standalone page, by path and text.
    pub pages: u64,
    /// (plan id, version id) to the hash of that version's files.
    pub versions: HashMap<(String, String), u64>,
}

/// Every input's fingerprint in one site, and each output's digest.
#[derive(Debug, Clone)]
pub(super) struct Digests {
    /// By output, in the order of [`Site::outputs`]: pages, then files.
    outputs: Vec<u64>,
    /// The plans' listings by the plan's sources they were made from, so
    /// that the next build makes only the listings of plans that changed.
    listings: HashMap<u64, u64>,
    /// The page plan these were made for, and each plan's layout and the
    /// list of pages made from it: kept while an edit moves no page.
    pages: Arc<Vec<PageJob>>,
    layouts: Vec<u64>,
    page_list: u64,
}

impl Digests {
    /// The digests of `site`, reusing `previous`'s listings where a plan's
    /// sources are unchanged.
    pub(super) fn of(site: &Site, previous: Option<&Digests>) -> Digests {
        let fingerprints = Fingerprints::of(site, previous);
        let mut outputs = Vec::with_capacity(site.pages.len() + site.files.len());
        for job in site.pages.iter() {
            let mut h = FxHasher::default();
            page_inputs(job, &site.content, &mut |i| {
                fingerprints.identify(site, i, &mut h)
            });
            outputs.push(h.finish());
        }
        for file in &site.files {
            let mut h = FxHasher::default();
            file_inputs(file, &site.content, &mut |i| {
                fingerprints.identify(site, i, &mut h)
            });
            outputs.push(h.finish());
        }
        Digests {
            outputs,
            listings: fingerprints.listings_by_source,
            pages: Arc::clone(&site.pages),
            layouts: fingerprints.layouts,
            page_list: fingerprints.page_list,
        }
    }
}

/// Which of a site's outputs to render, and which paths of the previous
/// build are gone.
#[derive(Debug, Clone)]
pub struct Dirty {
    /// By output, in the order of [`Site::outputs`].
    render: Vec<bool>,
    /// Paths the previous build wrote and this one does not.
    pub removed: Vec<String>,
}

impl Dirty {
    /// Whether the output at `index` (in [`Site::outputs`] order) is rendered.
    pub fn wants(&self, index: usize) -> bool {
        self.render[index]
    }

    /// How many pages and files will be rendered.
    pub fn count(&self) -> usize {
        self.render.iter().filter(|r| **r).count()
    }

    /// These outputs in two: those `later` does not take, with the removed
    /// paths, and those it takes.
    pub(super) fn split(&self, later: impl Fn(usize) -> bool) -> (Dirty, Dirty) {
        let part = |take: bool| {
            let render = self.render.iter().enumerate();
            render.map(|(i, r)| *r && later(i) == take).collect()
        };
        let now = Dirty {
            render: part(false),
            removed: self.removed.clone(),
        };
        let after = Dirty {
            render: part(true),
            removed: Vec::new(),
        };
        (now, after)
    }
}

/// What `new` must render again to be what a clean build of it would be,
/// given that the previous build wrote `old`: every output whose digest is
/// not the one at its path before.
pub(super) fn dirty(old: &Site, new: &Site) -> Dirty {
    let (old_digests, new_digests) = (&old.digests().outputs, &new.digests().outputs);
    // Most edits move no output: then outputs are compared in place.
    let same_paths = Arc::ptr_eq(&old.pages, &new.pages)
        && old.files.len() == new.files.len()
        && old
            .files
            .iter()
            .zip(&new.files)
            .all(|(a, b)| a.path == b.path);
    if same_paths {
        let render = old_digests
            .iter()
            .zip(new_digests)
            .map(|(a, b)| a != b)
            .collect();
        return Dirty {
            render,
            removed: Vec::new(),
        };
    }
    let before: HashMap<&str, u64> = old.outputs().zip(old_digests.iter().copied()).collect();
    let render = new
        .outputs()
        .zip(new_digests)
        .map(|(path, digest)| before.get(path) != Some(digest))
        .collect();
    let now: HashSet<&str> = new.outputs().collect();
    let removed = old
        .outputs()
        .filter(|path| !now.contains(path))
        .map(String::from)
        .collect();
    Dirty { render, removed }
}

/// The identity of every input of one site: its stable name (ids, not
/// indexes, which shift when a version or plan is added) hashed with its
/// fingerprint, made once per input rather than once per output.
struct Fingerprints {
    config: u64,
    pages: u64,
    /// Each template with everything it builds on, by name.
    templates: HashMap<String, u64>,
    /// By plan, then version index.
    versions: Vec<Vec<u64>>,
    /// By plan index: the layout and its identity.
    layouts: Vec<u64>,
    layout_ids: Vec<u64>,
    /// By plan index.
    listings: Vec<u64>,
    listings_by_source: HashMap<u64, u64>,
    page_list: u64,
    /// Which plans (by id) have a feed.
    feeds: u64,
}

impl Fingerprints {
    fn of(site: &Site, previous: Option<&Digests>) -> Fingerprints {
        let plans = &site.content.plans;
        let sources: Vec<Vec<u64>> = plans
            .iter()
            .map(|plan| {
                let hash = |id: &String| site.sources.versions.get(&(plan.id.clone(), id.clone()));
                let hashes = plan.versions.iter().map(|v| hash(&v.id).copied());
                hashes.map(Option::unwrap_or_default).collect()
            })
            .collect();
        let versions = plans
            .iter()
            .zip(&sources)
            .map(|(plan, hashes)| {
                let ids = plan.versions.iter().zip(hashes);
                ids.map(|(v, hash)| hash_of([(&plan.id, &v.id, hash)]))
                    .collect()
            })
            .collect();
        let (listings, listings_by_source) = listings(site, &sources, previous);
        let kept = previous.filter(|d| Arc::ptr_eq(&d.pages, &site.pages));
        let (layouts, page_list) = match kept {
            Some(d) => (d.layouts.clone(), d.page_list),
            None => (layouts(site), page_list(site)),
        };
        let named = |values: &[u64]| -> Vec<u64> {
            let ids = plans.iter().zip(values);
            ids.map(|(plan, value)| hash_of([(&plan.id, value)]))
                .collect()
        };
        Fingerprints {
            config: site.sources.config,
            pages: site.sources.pages,
            templates: super::templates::closures(&site.theme, &site.tera),
            versions,
            layout_ids: named(&layouts),
            layouts,
            listings: named(&listings),
            listings_by_source,
            page_list,
            feeds: hash_of(plans.iter().map(|p| (&p.id, has_feed(p)))),
        }
    }

    /// Feeds an input's kind and identity to `h`.
    fn identify(&self, site: &Site, input: Input, h: &mut FxHasher) {
        std::mem::discriminant(&input).hash(h);
        match input {
            Input::Config => self.config.hash(h),
            Input::Pages => self.pages.hash(h),
            Input::Template(name) => (name, self.templates.get(name)).hash(h),
            Input::Static(path) => (path, site.theme.statics.get(path).map(|f| &f.bytes)).hash(h),
            Input::Version { plan, version } => self.versions[plan][version].hash(h),
            Input::PlanLayout(p) => self.layout_ids[p].hash(h),
            Input::Listing(p) => self.listings[p].hash(h),
            Input::PageList => self.page_list.hash(h),
            Input::Feeds => self.feeds.hash(h),
        }
    }
}

/// The address of every page, as the sitemap lists them.
fn page_list(site: &Site) -> u64 {
    hash_of(
        site.pages
            .iter()
            .map(|j| (&j.url, &j.path, j.kind == PageKind::NotFound)),
    )
}

pub(super) fn hash_of(value: impl IntoIterator<Item = impl Hash>) -> u64 {
    let mut h = DefaultHasher::new();
    for item in value {
        item.hash(&mut h);
    }
    h.finish()
}

/// Each plan's layout: its pages' kinds, addresses and templates.
fn layouts(site: &Site) -> Vec<u64> {
    let mut hashers = vec![DefaultHasher::new(); site.content.plans.len()];
    for job in site.pages.iter() {
        if let Some(p) = job.kind.plan() {
            (job.kind, &job.url, &job.path, job.template).hash(&mut hashers[p]);
        }
    }
    hashers.iter().map(Hasher::finish).collect()
}

/// Each plan's listing on the home page, by plan index, and by the hash of
/// what it is made from (the site's settings and the plan's sources), made
/// anew only for plans whose sources `previous` did not see.
fn listings(
    site: &Site,
    versions: &[Vec<u64>],
    previous: Option<&Digests>,
) -> (Vec<u64>, HashMap<u64, u64>) {
    let mut by_source = HashMap::new();
    let listings = site
        .content
        .plans
        .iter()
        .zip(versions)
        .map(|(plan, hashes)| {
            let source = hash_of([(site.sources.config, &plan.id, hashes, plan.latest)]);
            let known = previous.and_then(|d| d.listings.get(&source).copied());
            let listing = known.unwrap_or_else(|| {
                hash_of([crate::render::listing_json(&site.content.config, plan)])
            });
            by_source.insert(source, listing);
            listing
        })
        .collect();
    (listings, by_source)
}
