//! `planpress import`: a published plan, as a Word document or as text
//! converted from Word or PDF, to a new version folder of sources.
//!
//! The stages, in order:
//!
//! 1. a reader turns the file into the small intermediate model of
//!    [`document`]: headings, paragraphs, lists and tables, each with its
//!    line or paragraph number (`text` for converted text, with `cell` for
//!    its table cells; `docx` for Word documents);
//! 2. `plan` (with `rows`, `tables` and `kpis`) recognises the plan's
//!    structure in those blocks and produces the raw source model of
//!    [`crate::load::raw`];
//! 3. `write` writes the version folder through a temporary folder beside
//!    it, renamed into place when whole;
//! 4. `report` lists what was left out, what went to "Imported text to
//!    review", and what was kept as written but deserves a look.

mod cell;
mod document;
mod docx;
mod kpis;
mod mapping;
mod plan;
mod report;
mod rows;
mod tables;
mod text;
mod words;
mod write;

use document::Loc;
use std::path::{Path, PathBuf};

pub(crate) use crate::load::raw::Status;
pub(crate) use report::Report;

/// The largest file the importer reads: plans are far smaller.
pub(crate) const MAX_BYTES: u64 = 50 * 1024 * 1024;

pub(crate) struct Options<'a> {
    pub(crate) file: &'a Path,
    pub(crate) root: &'a Path,
    pub(crate) plan: &'a str,
    pub(crate) version: &'a str,
    pub(crate) label: &'a str,
    pub(crate) status: Status,
    pub(crate) title: Option<&'a str>,
    pub(crate) based_on: Option<&'a str>,
    pub(crate) map: Option<&'a Path>,
}

pub(crate) struct Outcome {
    pub(crate) version_dir: PathBuf,
    pub(crate) files: usize,
    pub(crate) report: Report,
}

/// Reads, recognises and writes; an error says why nothing was written.
pub(crate) fn import(options: &Options<'_>) -> Result<Outcome, String> {
    for (what, id) in [("--plan", options.plan), ("--version", options.version)] {
        let ok = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !ok {
            return Err(format!(
                "{what} `{id}` must be lowercase letters, digits and hyphens"
            ));
        }
    }
    let site = options.root.join("content").join("site.yaml");
    if !site.is_file() {
        return Err(format!(
            "{} is not a planpress site (no content/site.yaml); create one with `planpress init`",
            options.root.display()
        ));
    }
    let version_dir = options
        .root
        .join("content/plans")
        .join(options.plan)
        .join(options.version);
    if version_dir.exists() {
        return Err(format!(
            "{} already exists; choose another --version, nothing was written",
            version_dir.display()
        ));
    }
    if let Some(earlier) = options.based_on {
        let dir = version_dir.with_file_name(earlier);
        if earlier == options.version || !dir.join("plan.yaml").is_file() {
            return Err(format!(
                "--based-on `{earlier}`: no version {} to compare with",
                dir.display()
            ));
        }
    }
    let mapping = match options.map {
        Some(path) => mapping::Mapping::read(path)?,
        None => mapping::Mapping::default(),
    };
    let mut report = Report::default();
    let blocks = read(options.file, &mut report)?;
    let mut imported = plan::recognise_plan(blocks, &mapping, &mut report);
    apply_corrections(&mut imported, &mut report, options, &mapping);
    reorder(&mut imported, &mapping.order);
    priorities_intro(&mut imported);
    if imported.sections.is_empty() && imported.priorities.is_empty() && imported.review.is_empty()
    {
        return Err(format!(
            "{}: no text found to import",
            options.file.display()
        ));
    }
    let target = write::Target {
        version_dir: version_dir.clone(),
        label: options.label,
        status: options.status,
        title: options.title,
        based_on: options.based_on,
    };
    let files = write::write_version(&target, &imported)?;
    Ok(Outcome {
        version_dir,
        files,
        report,
    })
}

fn read(file: &Path, report: &mut Report) -> Result<Vec<document::Block>, String> {
    let name = file.display();
    let meta = std::fs::metadata(file).map_err(|e| format!("cannot read {name}: {e}"))?;
    if meta.len() > MAX_BYTES {
        return Err(format!(
            "{name} is {} MB; the importer reads files of up to 50 MB",
            meta.len() / (1024 * 1024)
        ));
    }
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {name}: {e}"))?;
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(format!("{name} is empty"));
    }
    let is_docx = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    if bytes.starts_with(b"PK") {
        return docx::read_docx(&bytes, report).map_err(|e| format!("{name}: {e}"));
    }
    if is_docx {
        return Err(format!(
            "{name} is not a Word document: a .docx file is a zip archive, and this is not one"
        ));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("{name} is neither a Word document (.docx) nor text (UTF-8)"))?;
    Ok(text::read_text(&text, report))
}

/// Puts the contents in the order the mapping file gives; what it does not
/// name keeps the document's order, after what it names.
fn reorder(imported: &mut plan::Imported, order: &[String]) {
    let id = |part: &plan::Part| match part {
        plan::Part::Section(i) => imported.sections[*i].id.clone(),
        plan::Part::Priorities => "priorities".to_string(),
        plan::Part::Kpis => "kpis".to_string(),
    };
    let rank = |part: &plan::Part| {
        order
            .iter()
            .position(|o| *o == id(part))
            .unwrap_or(order.len())
    };
    let mut contents = imported.contents.clone();
    contents.sort_by_key(rank);
    imported.contents = contents;
}

/// The title and strapline that `--title` or the mapping file give.
fn apply_corrections(
    imported: &mut plan::Imported,
    report: &mut Report,
    options: &Options<'_>,
    mapping: &mapping::Mapping,
) {
    let title = options.title.map(str::to_string).or(mapping.title.clone());
    if let Some(title) = title {
        let (old, at) = (imported.title.replace(title), imported.title_at);
        keep_replaced(imported, report, old, at, "the title");
    }
    if let Some(strapline) = &mapping.strapline {
        let old = imported.strapline.replace(strapline.clone());
        let at = imported.strapline_at;
        keep_replaced(imported, report, old, at, "the strapline");
    }
}

/// Text read as the title or strapline that a flag or the mapping file
/// replaced goes to review, not away.
fn keep_replaced(
    imported: &mut plan::Imported,
    report: &mut Report,
    old: Option<String>,
    at: Option<Loc>,
    what: &str,
) {
    let (Some(old), Some(at)) = (old, at) else {
        return;
    };
    if imported.title.as_ref() == Some(&old) || imported.strapline.as_ref() == Some(&old) {
        return;
    }
    let why = format!("read as {what}, which the mapping or --title replaced");
    report.for_review(at, &old, &why);
    imported
        .review
        .push(format!("*From {at}: {why}.*\n\n{old}"));
}

/// A section just before the priorities whose title names them (`Our
/// priorities for 2026-2029`) introduces them: its title becomes the plan's
/// word for its priorities and its text their introduction.
fn priorities_intro(imported: &mut plan::Imported) {
    let Some(at) = imported
        .contents
        .iter()
        .position(|p| *p == plan::Part::Priorities)
    else {
        return;
    };
    let Some(plan::Part::Section(i)) = at.checked_sub(1).map(|b| imported.contents[b].clone())
    else {
        return;
    };
    let section = &imported.sections[i];
    let lower = section.title.to_lowercase();
    if !(lower.contains("priorities") || lower.contains("aims")) || section.title.len() > 60 {
        return;
    }
    let section = &mut imported.sections[i];
    let body = std::mem::take(&mut section.body).join("\n\n");
    imported.priorities_intro = Some((section.title.clone(), body));
    imported.contents.remove(at - 1);
}
