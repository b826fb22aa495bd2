//! The [`Reader`]: reads one file, folder or plan folder, naming every path
//! relative to the site root, and keeps going past a file that fails.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use super::raw::{RawAction, RawKpi, RawPlan, RawPriorityMeta, RawSectionMeta};
use super::{
    file_name, front_matter, is_ignored, limits, unexpected, unique_docs, yaml, Doc, LoadedPlan,
    LoadedPriority, LoadedVersion, Parsed,
};
use crate::diagnostics::{Code, Diagnostic, SourceFile};
use crate::model::slugify;

/// File reading that names its paths relative to the site root.
pub(super) struct Reader<'a> {
    pub(super) root: &'a Path,
}

impl Reader<'_> {
    pub(super) fn display(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.root).unwrap_or(path).to_path_buf()
    }

    fn read(&self, path: &Path) -> Result<SourceFile, Box<Diagnostic>> {
        limits::check_file(path, &self.display(path))?;
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
    pub(super) fn yaml<T: DeserializeOwned>(
        &self,
        path: &Path,
        noun: &str,
    ) -> Result<Parsed<T>, Vec<Diagnostic>> {
        let file = self.read(path).map_err(|d| vec![*d])?;
        yaml_file(file, noun)
    }

    /// Reads a Markdown file whose name (without `.md`, or its folder's for
    /// a priority) is `name`.
    fn markdown<T: DeserializeOwned>(
        &self,
        path: &Path,
        name: String,
    ) -> Result<Doc<T>, Vec<Diagnostic>> {
        let file = self.read(path).map_err(|d| vec![*d])?;
        markdown_file(file, name)
    }

    pub(super) fn markdown_or_unexpected<T: DeserializeOwned>(
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
    pub(super) fn entries(&self, dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
        let walker = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .max_depth(1)
            .sort_by_file_name();
        let mut out = Vec::new();
        for entry in walker {
            match entry {
                Ok(e) if is_ignored(&file_name(e.path())) => {}
                Ok(e) if e.path_is_symlink() => {
                    match limits::check_link(e.path(), self.root, &self.display(e.path())) {
                        Ok(()) => out.push(e.into_path()),
                        Err(d) => diagnostics.push(*d),
                    }
                }
                Ok(e) => out.push(e.into_path()),
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

    pub(super) fn plan(&self, dir: &Path) -> (Option<LoadedPlan>, Vec<Diagnostic>) {
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
    pub(super) fn unique_folders(
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

/// Parses the text of a YAML source file already read: what [`Reader::yaml`]
/// does after reading (and what the fuzz targets call, without a disk).
pub(crate) fn yaml_file<T: DeserializeOwned>(
    file: SourceFile,
    noun: &str,
) -> Result<Parsed<T>, Vec<Diagnostic>> {
    let all = 0..file.text.len();
    let file = file.with_yaml(all, yaml::index);
    let value = yaml::parse(&file, 0, &file.text, noun)?;
    Ok(Parsed { file, value })
}

/// Splits and parses the text of a Markdown file already read.
pub(crate) fn markdown_file<T: DeserializeOwned>(
    file: SourceFile,
    name: String,
) -> Result<Doc<T>, Vec<Diagnostic>> {
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
    let (yaml_range, body_start) = (
        split.yaml_start..split.yaml_start + split.yaml.len(),
        split.body_start,
    );
    let file = file.with_yaml(yaml_range.clone(), yaml::index);
    let meta = yaml::parse(&file, yaml_range.start, &file.text[yaml_range], "entry")?;
    let body = file.tail(body_start);
    Ok(Doc {
        file,
        id: slugify(&name),
        name,
        meta,
        body,
    })
}
