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
pub mod raw;
pub mod yaml;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diagnostics::{Code, Diagnostic, SharedStr, SourceFile};
use crate::model::slugify;
use raw::{RawAction, RawKpi, RawPlan, RawPriorityMeta, RawSectionMeta, RawSiteConfig};

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

/// File reading that names its paths relative to the site root.
struct Reader<'a> {
    root: &'a Path,
}

impl Reader<'_> {
    fn display(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.root).unwrap_or(path).to_path_buf()
    }

    fn read(&self, path: &Path) -> Result<SourceFile, Box<Diagnostic>> {
        match std::fs::read_to_string(path) {
            Ok(text) => Ok(SourceFile::new(self.display(path), text)),
            Err(err) => Err(Box::new(
                Diagnostic::error(
                    Code::Io,
                    format!("cannot read {}: {err}", self.display(path).display()),
                )
                .in_file(self.display(path)),
            )),
        }
    }

    /// Reads and parses a YAML file; `noun` names one entry of a file that
    /// is a list, for messages such as "the 3rd action".
    fn yaml<T: DeserializeOwned>(
        &self,
        path: &Path,
        noun: &str,
    ) -> Result<Parsed<T>, Vec<Diagnostic>> {
        let file = self.read(path).map_err(|d| vec![*d])?;
        let value = yaml::parse(&file, 0, &file.text, noun)?;
        Ok(Parsed { file, value })
    }

    /// Reads a Markdown file whose name (without `.md`, or its folder's for
    /// a priority) is `name`.
    fn markdown<T: DeserializeOwned>(
        &self,
        path: &Path,
        name: String,
    ) -> Result<Doc<T>, Vec<Diagnostic>> {
        let file = self.read(path).map_err(|d| vec![*d])?;
        let split = front_matter::split(&file.text).map_err(|e| {
            let (message, hint) = match e {
                front_matter::SplitError::NoOpening => (
                    "this Markdown file has no front matter",
                    "start the file with a line `---`, then `title: ...`, then another `---`",
                ),
                front_matter::SplitError::NoClosing => (
                    "the front matter is never closed",
                    "end the front matter with a line holding only `---`",
                ),
            };
            vec![Diagnostic::error(Code::FrontMatter, message)
                .at(&file, 0..3)
                .expected("YAML front matter between two `---` lines")
                .hint(hint)]
        })?;
        let meta = yaml::parse(&file, split.yaml_start, split.yaml, "entry")?;
        let body = file.tail(split.body_start);
        Ok(Doc {
            file,
            id: slugify(&name),
            name,
            meta,
            body,
        })
    }

    fn markdown_or_unexpected<T: DeserializeOwned>(
        &self,
        path: &Path,
    ) -> Result<Doc<T>, Vec<Diagnostic>> {
        let name = file_name(path);
        match name.strip_suffix(".md") {
            Some(stem) if path.is_file() => self.markdown(path, stem.to_string()),
            _ => Err(vec![Diagnostic::error(
                Code::UnexpectedFile,
                format!("`{name}` is not a Markdown file"),
            )
            .in_file(self.display(path))
            .expected("files ending in `.md`")
            .hint(
                "move other files elsewhere; images and downloads go in static/",
            )]),
        }
    }

    /// The entries of a folder, sorted, without hidden files and editor leftovers.
    fn entries(&self, dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
        let walker = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .max_depth(1)
            .sort_by_file_name();
        let mut out = Vec::new();
        for entry in walker {
            match entry {
                Ok(e) if !is_ignored(&file_name(e.path())) => out.push(e.into_path()),
                Ok(_) => {}
                Err(err) => diagnostics.push(
                    Diagnostic::error(
                        Code::Io,
                        format!("cannot list {}: {err}", self.display(dir).display()),
                    )
                    .in_file(self.display(dir)),
                ),
            }
        }
        out
    }

    fn plan(&self, dir: &Path) -> (Option<LoadedPlan>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let id = file_name(dir);
        if !dir.is_dir() {
            diagnostics.push(
                Diagnostic::error(Code::UnexpectedFile, format!("`{id}` is not a plan folder"))
                    .in_file(self.display(dir))
                    .expected("one folder per plan under content/plans/")
                    .hint("each plan is a folder holding one folder per version"),
            );
            return (None, diagnostics);
        }
        let version_dirs = self.entries(dir, &mut diagnostics);
        let version_dirs = self.unique_folders(version_dirs, "version", &mut diagnostics);
        if version_dirs.is_empty() {
            diagnostics.push(
                Diagnostic::error(Code::Io, format!("plan `{id}` has no versions"))
                    .in_file(self.display(dir))
                    .expected("at least one version folder holding plan.yaml")
                    .hint(format!(
                        "create {}/<version>/plan.yaml",
                        self.display(dir).display()
                    )),
            );
        }
        let results: Vec<_> = version_dirs.par_iter().map(|v| self.version(v)).collect();
        let mut versions = Vec::new();
        for (version, ds) in results {
            diagnostics.extend(ds);
            versions.extend(version);
        }
        (
            Some(LoadedPlan {
                id: slugify(&id),
                dir: self.display(dir),
                versions,
            }),
            diagnostics,
        )
    }

    fn version(&self, dir: &Path) -> (Option<LoadedVersion>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let id = file_name(dir);
        if !dir.is_dir() {
            diagnostics.push(
                Diagnostic::error(
                    Code::UnexpectedFile,
                    format!("`{id}` is not a version folder"),
                )
                .in_file(self.display(dir))
                .expected("one folder per version, each holding plan.yaml")
                .hint("move plan files into a version folder, such as 2026-final/"),
            );
            return (None, diagnostics);
        }
        let known = [
            "plan.yaml",
            "sections",
            "commitments",
            "priorities",
            "kpis.yaml",
        ];
        for entry in self.entries(dir, &mut diagnostics) {
            let name = file_name(&entry);
            if !known.contains(&name.as_str()) {
                diagnostics.push(unexpected(&self.display(&entry), &name, &known));
            }
        }
        let plan = match self.yaml::<RawPlan>(&dir.join("plan.yaml"), "entry") {
            Ok(p) => Some(p),
            Err(ds) => {
                diagnostics.extend(ds);
                None
            }
        };
        let sections = self.docs(&dir.join("sections"), &mut diagnostics);
        let commitments = self.docs(&dir.join("commitments"), &mut diagnostics);
        let priorities = self.priorities(&dir.join("priorities"), &mut diagnostics);
        let kpis_path = dir.join("kpis.yaml");
        let kpis = if kpis_path.exists() {
            self.yaml::<Vec<RawKpi>>(&kpis_path, "KPI")
                .map_err(|ds| diagnostics.extend(ds))
                .ok()
        } else {
            None
        };
        let version = plan.map(|plan| LoadedVersion {
            id: slugify(&id),
            plan,
            sections,
            commitments,
            priorities,
            kpis,
        });
        (version, diagnostics)
    }

    fn docs(&self, dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<Doc<RawSectionMeta>> {
        if !dir.is_dir() {
            return Vec::new();
        }
        let mut docs = Vec::new();
        for path in self.entries(dir, diagnostics) {
            match self.markdown_or_unexpected(&path) {
                Ok(doc) => docs.push(doc),
                Err(ds) => diagnostics.extend(ds),
            }
        }
        unique_docs(docs, diagnostics)
    }

    /// Folders whose names make the same web address: all but the first
    /// are reported and left out.
    fn unique_folders(
        &self,
        paths: Vec<PathBuf>,
        what: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<PathBuf> {
        let mut seen: Vec<(String, String)> = Vec::new();
        let mut out = Vec::new();
        for path in paths {
            let name = file_name(&path);
            let slug = slugify(&name);
            if !path.is_dir() {
                out.push(path);
                continue;
            }
            match seen.iter().find(|(s, _)| *s == slug) {
                Some((_, first)) => diagnostics.push(
                    Diagnostic::error(
                        Code::DuplicateId,
                        format!(
                            "{what} folders `{first}` and `{name}` would both be at the address `{slug}`"
                        ),
                    )
                    .in_file(self.display(&path))
                    .expected(format!(
                        "a different name for each {what} folder, not counting capitals, spaces, accents and punctuation"
                    ))
                    .hint("rename one of the two folders, or merge them"),
                ),
                None => {
                    seen.push((slug, name));
                    out.push(path);
                }
            }
        }
        out
    }

    fn priorities(&self, dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<LoadedPriority> {
        if !dir.is_dir() {
            return Vec::new();
        }
        let mut priorities = Vec::new();
        let paths = self.entries(dir, diagnostics);
        for path in self.unique_folders(paths, "priority", diagnostics) {
            let id = file_name(&path);
            if !path.is_dir() {
                diagnostics.push(
                    Diagnostic::error(
                        Code::UnexpectedFile,
                        format!("`{id}` is not a priority folder"),
                    )
                    .in_file(self.display(&path))
                    .expected("one folder per priority, holding priority.md and actions.yaml")
                    .hint(format!(
                        "move it to priorities/{}/priority.md",
                        id.trim_end_matches(".md")
                    )),
                );
                continue;
            }
            let known = ["priority.md", "actions.yaml"];
            for entry in self.entries(&path, diagnostics) {
                let name = file_name(&entry);
                if !known.contains(&name.as_str()) {
                    diagnostics.push(unexpected(&self.display(&entry), &name, &known));
                }
            }
            let meta = match self.markdown::<RawPriorityMeta>(&path.join("priority.md"), id.clone())
            {
                Ok(m) => m,
                Err(ds) => {
                    diagnostics.extend(ds);
                    continue;
                }
            };
            let actions_path = path.join("actions.yaml");
            let actions = if actions_path.exists() {
                self.yaml::<Vec<RawAction>>(&actions_path, "action")
                    .map_err(|ds| diagnostics.extend(ds))
                    .ok()
            } else {
                None
            };
            priorities.push(LoadedPriority {
                id: slugify(&id),
                meta,
                actions,
            });
        }
        priorities
    }
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
                    Some(s) => d.at(&doc.file, doc.file.find_key_value("slug", s, 0)),
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
