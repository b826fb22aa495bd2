//! A site: its sources, loaded and checked, its theme, and the plan of every
//! file it writes. Three operations:
//!
//! - [`Site::load`] reads and checks everything and plans every output;
//! - [`Site::apply`] takes a set of changed files and gives the next site and
//!   what of it is [`Dirty`] (see [`inputs`]);
//! - [`Site::render`] renders every output, or the dirty ones, into a sink:
//!   a staging folder (`build`), memory (`serve`) or nothing (`check`).

mod inputs;
mod load;
mod render;
mod templates;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use crate::diagnostics::{Diagnostic, Report};
use crate::model::Content;
use crate::render::open_data::DataFile;
use crate::render::pages::PageJob;
use crate::theme::Theme;
use crate::validate::Options;

pub use inputs::{Dirty, Input};
pub use render::{BuildStats, Sink};

use inputs::{Digests, SourceHashes};

/// How a site is rendered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mode {
    /// Include draft versions.
    pub drafts: bool,
    /// Minify the theme's HTML templates, and so every page.
    pub minify: bool,
    /// Add the live-reload script to every page (`serve` only).
    pub live_reload: bool,
    /// Write the search index (`assets/search/`), and the script that
    /// searches it as a reader types; without it, the search page still
    /// has its A to Z index.
    pub search_index: bool,
}

impl Mode {
    fn options(self) -> Options {
        Options {
            drafts: self.drafts,
        }
    }
}

/// A file the site writes besides its pages.
#[derive(Debug, Clone)]
pub struct FileJob {
    pub kind: FileKind,
    /// Where it is written, relative to the output folder.
    pub path: String,
}

/// What a file that is not a page holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// One of the theme's static files, copied as it is.
    Static,
    /// `sitemap.xml`, which lists every page.
    Sitemap,
    /// `robots.txt`.
    Robots,
    /// The changes between two versions of a plan, as JSON.
    ComparisonData { plan: usize, from: usize, to: usize },
    /// One of a version's open data files, at its permanent address or,
    /// for the current version, also at the plan's (`permanent: false`).
    OpenData {
        plan: usize,
        version: usize,
        file: DataFile,
        permanent: bool,
    },
    /// The JSON Schema of every `plan.json`, as the repository has it.
    PlanSchema,
    /// A plan's Atom feed of its published versions.
    PlanFeed { plan: usize },
    /// The site's Atom feed: every plan's published versions.
    SiteFeed,
    /// The search index: many files under the job's path, a folder, with
    /// names that change with their content (see [`Site::folders_rendered`]).
    SearchIndex,
}

impl FileKind {
    /// The plan the file belongs to, if any: it is rendered with the
    /// plan's pages.
    pub fn plan(&self) -> Option<usize> {
        match *self {
            FileKind::ComparisonData { plan, .. }
            | FileKind::OpenData { plan, .. }
            | FileKind::PlanFeed { plan } => Some(plan),
            _ => None,
        }
    }
}

/// A site loaded, checked and planned, ready to render.
pub struct Site {
    root: PathBuf,
    mode: Mode,
    pub content: Content,
    /// Shared with the next site when no template or static file changed.
    theme: Arc<Theme>,
    tera: Arc<tera::Tera>,
    /// Shared with the next site when an edit moves no page.
    pages: Arc<Vec<PageJob>>,
    files: Vec<FileJob>,
    sources: SourceHashes,
    /// Made when first needed: only incremental rebuilds need them.
    digests: OnceLock<Digests>,
    /// How long each step of loading took, for `build --timings`.
    pub stages: Vec<(&'static str, Duration)>,
    /// Problems that do not fail the build (raw HTML removed), to print.
    pub warnings: Vec<Diagnostic>,
}

/// What changed in a site's folder since it was loaded.
#[derive(Debug, Clone, Copy)]
pub enum Changes<'a> {
    /// These files (added, changed or removed).
    Files(&'a [PathBuf]),
    /// Anything: the watcher lost track, or no one knows.
    Unknown,
}

impl Site {
    /// Reads and checks the site at `root` and plans every output. Returns
    /// every problem found on failure.
    pub fn load(root: &Path, mode: Mode) -> Result<Site, Report> {
        load::load(root, mode, None)
    }

    /// The site as it is after `changes`, and what of it to render again
    /// to match a clean build. Only the plans changed files lie in are read
    /// again when that is enough; otherwise the whole site is.
    pub fn apply(&self, changes: Changes) -> Result<(Site, Dirty), Report> {
        let next = match changes {
            Changes::Files(paths) => load::reload(self, paths),
            Changes::Unknown => None,
        };
        let next = match next {
            Some(next) => next,
            // The next site is for the same day: rebuilds match a clean
            // build made when this site was.
            None => load::load(&self.root, self.mode, Some(self.content.today))?,
        };
        let _ = next.digests.set(Digests::of(&next, Some(self.digests())));
        let dirty = inputs::dirty(self, &next);
        Ok((next, dirty))
    }

    /// Every output's path, pages first, in the order [`Dirty`] counts them.
    pub fn outputs(&self) -> impl Iterator<Item = &str> {
        let pages = self.pages.iter().map(|j| j.path.as_str());
        pages.chain(self.files.iter().map(|f| f.path.as_str()))
    }

    /// The site's folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The options the site was checked with.
    pub fn options(&self) -> Options {
        self.mode.options()
    }

    /// How many outputs the site has.
    pub fn output_count(&self) -> usize {
        self.pages.len() + self.files.len()
    }

    /// The site's planned pages.
    pub fn pages(&self) -> &[PageJob] {
        &self.pages
    }

    /// The outputs that are folders of files (the search index) that `which`
    /// renders again: a sink that keeps the previous build's files must drop
    /// every file under them first, since the new files have other names.
    pub fn folders_rendered<'s>(&'s self, which: &'s Dirty) -> impl Iterator<Item = &'s str> {
        let pages = self.pages.len();
        self.files
            .iter()
            .enumerate()
            .filter(move |(i, f)| f.path.ends_with('/') && which.wants(pages + i))
            .map(|(_, f)| f.path.as_str())
    }

    /// `which` in two: every output but the folders of files (the search
    /// index, which takes long and no page waits for), and those folders.
    pub fn split_folders(&self, which: &Dirty) -> (Dirty, Dirty) {
        let pages = self.pages.len();
        let is_folder = |i: usize| i >= pages && self.files[i - pages].path.ends_with('/');
        which.split(is_folder)
    }

    /// The digest of every output, for [`Site::apply`].
    fn digests(&self) -> &Digests {
        self.digests.get_or_init(|| Digests::of(self, None))
    }

    /// Makes the digests now, so that the first edit does not wait for them.
    pub fn prepare_for_changes(&self) {
        self.digests();
    }

    /// Renders the outputs `which` wants (every one when `None`), passing
    /// each file to `sink` as it is made.
    pub fn render(&self, which: Option<&Dirty>, sink: &Sink<'_>) -> Result<BuildStats, Report> {
        render::render(self, which, sink)
    }

    /// Every output's path with each input it declares, for tests that
    /// make every kind of edit.
    pub fn each_input(&self, input: &mut dyn FnMut(&str, Input)) {
        for job in self.pages.iter() {
            inputs::page_inputs(job, &self.content, &mut |i| input(&job.path, i));
        }
        for file in &self.files {
            inputs::file_inputs(file, &self.content, &mut |i| input(&file.path, i));
        }
    }
}
