//! Stage 1: walk the site's `content/` folder and parse every source file.
//!
//! The layout (documented in the README):
//!
//! ```text
//! content/site.yaml
//! content/pages/<slug>.md                       standalone pages
//! content/plans/<plan>/<version>/plan.yaml
//! content/plans/<plan>/<version>/sections/<id>.md
//! content/plans/<plan>/<version>/commitments/<id>.md
//! content/plans/<plan>/<version>/priorities/<id>/priority.md
//! content/plans/<plan>/<version>/priorities/<id>/actions.yaml
//! content/plans/<plan>/<version>/kpis.yaml
//! ```
//!
//! Loading is pure reading and parsing: it returns raw structs with their
//! source text, and a diagnostic for every file that failed, never stopping at
//! the first.

pub mod front_matter;
pub mod limits;
pub mod raw;
mod reader;

pub(crate) use reader::{markdown_file, yaml_file};
pub mod yaml;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic, SharedStr, SourceFile};
use raw::{RawAction, RawKpi, RawPlan, RawPriorityMeta, RawSectionMeta, RawSiteConfig};
use reader::Reader;

/// A parsed YAML file.
#[derive(Debug, Clone)]
pub struct Parsed<T> {
    pub file: SourceFile,
    pub value: T,
}

/// A parsed Markdown file with front matter.
#[derive(Debug, Clone)]
pub struct Doc<T> {
    pub file: SourceFile,
    /// The web address part made from [`Doc::name`]: `cafe-plan-notes`.
    pub id: String,
    /// The file name without `.md` (or the folder name for a priority), as
    /// written: `Café plan – notes`. The default title where one is optional.
    pub name: String,
    pub meta: T,
    pub body: SharedStr,
}

#[derive(Debug, Clone)]
pub struct LoadedPriority {
    pub id: String,
    pub meta: Doc<RawPriorityMeta>,
    pub actions: Option<Parsed<Vec<RawAction>>>,
}

#[derive(Debug, Clone)]
pub struct LoadedVersion {
    pub id: String,
    pub plan: Parsed<RawPlan>,
    pub sections: Vec<Doc<RawSectionMeta>>,
    pub commitments: Vec<Doc<RawSectionMeta>>,
    pub priorities: Vec<LoadedPriority>,
    pub kpis: Option<Parsed<Vec<RawKpi>>>,
}

#[derive(Debug, Clone)]
pub struct LoadedPlan {
    pub id: String,
    pub dir: PathBuf,
    pub versions: Vec<LoadedVersion>,
}

/// A site's own files read, its plans' folders found, and every problem
/// found while reading. Plans are read one at a time with [`load_plan`], so
/// the pipeline can turn each into its model and let its raw form go: the
/// raw and the model forms of a whole site never need to be held at once.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub config: Option<Parsed<RawSiteConfig>>,
    pub pages: Vec<Doc<RawSectionMeta>>,
    /// `content/plans/<plan>/`, in name order.
    pub plan_dirs: Vec<PathBuf>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the site whose root folder holds `content/site.yaml`, and lists its plans.
pub fn load(root: &Path) -> Loaded {
    let content = root.join("content");
    let mut loaded = Loaded::default();
    let reader = Reader { root };
    match reader.yaml::<RawSiteConfig>(&content.join("site.yaml"), "entry") {
        Ok(config) => loaded.config = Some(config),
        Err(ds) => loaded.diagnostics.extend(ds),
    }
    for entry in reader.entries(&content, &mut loaded.diagnostics) {
        let name = file_name(&entry);
        let known = ["site.yaml", "plans", "pages"];
        if !known.contains(&name.as_str()) {
            loaded
                .diagnostics
                .push(unexpected(&reader.display(&entry), &name, &known));
        }
    }
    let pages_dir = content.join("pages");
    if pages_dir.is_dir() {
        let files = reader.entries(&pages_dir, &mut loaded.diagnostics);
        let results: Vec<_> = files
            .par_iter()
            .map(|p| reader.markdown_or_unexpected(p))
            .collect();
        for r in results {
            match r {
                Ok(doc) => loaded.pages.push(doc),
                Err(ds) => loaded.diagnostics.extend(ds),
            }
        }
        let pages = std::mem::take(&mut loaded.pages);
        loaded.pages = unique_docs(pages, &mut loaded.diagnostics);
    }
    let plans_dir = content.join("plans");
    if plans_dir.is_dir() {
        let dirs = reader.entries(&plans_dir, &mut loaded.diagnostics);
        loaded.plan_dirs = reader.unique_folders(dirs, "plan", &mut loaded.diagnostics);
    }
    loaded
}

/// Reads one plan folder, `content/plans/<plan>/`: what `serve` re-reads
/// after an edit inside it.
pub fn load_plan(root: &Path, dir: &Path) -> (Option<LoadedPlan>, Vec<Diagnostic>) {
    Reader { root }.plan(dir)
}

/// Markdown files of one folder that would be at the same address (their
/// `slug:`, or the address their names make): all but the first are
/// reported and left out.
fn unique_docs(
    docs: Vec<Doc<RawSectionMeta>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Doc<RawSectionMeta>> {
    let mut out: Vec<Doc<RawSectionMeta>> = Vec::new();
    for doc in docs {
        let address = |d: &Doc<RawSectionMeta>| d.meta.slug.clone().unwrap_or_else(|| d.id.clone());
        let slug = address(&doc);
        match out.iter().find(|d| address(d) == slug) {
            Some(first) => {
                let mut d = Diagnostic::error(
                    Code::DuplicateId,
                    format!(
                        "`{}` and `{}` would both be at the address `{slug}`",
                        file_name(&first.file.display_path),
                        file_name(&doc.file.display_path),
                    ),
                )
                .expected("a different address for each file in a folder; capitals, spaces, accents and punctuation do not count")
                .hint("rename one of the two files, or give one a `slug:` in its front matter");
                d = match &doc.meta.slug {
                    Some(_) => d.at(&doc.file, doc.file.entry("slug")),
                    None => d.in_file(&doc.file.display_path),
                };
                diagnostics.push(d);
            }
            None => out.push(doc),
        }
    }
    out
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Hidden files and editor leftovers, which a watcher also ignores.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name == "Thumbs.db"
}

fn unexpected(path: &Path, name: &str, known: &[&str]) -> Diagnostic {
    // Compare without extensions too, so `priorites.yaml` finds `priorities`.
    let stem = |s: &str| s.split('.').next().unwrap_or(s).to_string();
    let candidates: Vec<String> = known.iter().map(|k| stem(k)).collect();
    let d = Diagnostic::error(
        Code::UnexpectedFile,
        format!("unexpected file or folder `{name}`"),
    )
    .in_file(path)
    .expected(format!(
        "only {}",
        known
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    match yaml::did_you_mean(&stem(name), &candidates) {
        Some(best) => {
            let full = known.iter().find(|k| stem(k) == best).unwrap_or(&best);
            d.hint(format!("did you mean `{full}`?"))
        }
        None => d.hint("remove it or move it; the README shows the source layout"),
    }
}
