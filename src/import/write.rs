//! Writes an imported plan as a version folder: plan.yaml, sections/*.md,
//! priorities/<id>/priority.md and actions.yaml, kpis.yaml. Everything is
//! written into a temporary folder beside the target, which is renamed into
//! place only when every file is written; a version that exists is never
//! overwritten.

use std::path::{Path, PathBuf};

use crate::load::raw::{RawColumn, RawPlan, RawSectionMeta, RawTerms, RawVersion, Status};
use crate::load::yaml::to_string;

use super::plan::{Imported, Part};
use super::tables::Col;

/// The section that holds what the importer could not place.
pub(crate) const REVIEW_ID: &str = "imported-text-to-review";
pub(crate) const REVIEW_TITLE: &str = "Imported text to review";

pub(crate) struct Target<'a> {
    pub(crate) version_dir: PathBuf,
    pub(crate) label: &'a str,
    pub(crate) status: Status,
    pub(crate) title: Option<&'a str>,
    pub(crate) based_on: Option<&'a str>,
}

/// Writes the version folder; returns the number of files written.
pub(crate) fn write_version(target: &Target<'_>, plan: &Imported) -> Result<usize, String> {
    let dir = &target.version_dir;
    if dir.exists() {
        return Err(format!(
            "{} already exists; choose another --version, nothing was written",
            dir.display()
        ));
    }
    let parent = dir.parent().ok_or("the version folder has no parent")?;
    // The folders this import makes (a new plan's), to remove again if it fails.
    let made: Vec<&Path> = parent.ancestors().take_while(|p| !p.exists()).collect();
    std::fs::create_dir_all(parent)
        .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("version");
    let staging = parent.join(format!(".{name}.importing-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let result = write_all(&staging, target, plan).and_then(|count| {
        std::fs::rename(&staging, dir).map_err(|e| {
            format!(
                "cannot move {} to {}: {e}",
                staging.display(),
                dir.display()
            )
        })?;
        Ok(count)
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
        // Innermost first; `remove_dir` leaves a folder that is not empty.
        for folder in made {
            let _ = std::fs::remove_dir(folder);
        }
    }
    result
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// YAML without the `key: null` lines of fields that are absent; where
/// such a line opens a list item (`- label: null`), the item's next line
/// takes its dash.
fn yaml<T: serde::Serialize>(value: &T) -> String {
    let text = to_string(value);
    let mut out = String::new();
    let mut dash: Option<usize> = None;
    for line in text.lines() {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        if t.ends_with(": null") {
            if t.starts_with("- ") && dash.is_none() {
                dash = Some(indent);
            }
            continue;
        }
        match dash.take() {
            Some(at) if indent == at + 2 => {
                out.push_str(&line[..at]);
                out.push_str("- ");
                out.push_str(t);
            }
            Some(at) => {
                // Nothing else in the item: it stays, empty.
                out.push_str(&" ".repeat(at));
                out.push_str("- {}\n");
                out.push_str(line);
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    if let Some(at) = dash {
        out.push_str(&" ".repeat(at));
        out.push_str("- {}\n");
    }
    out
}

fn front_matter<T: serde::Serialize>(meta: &T, body: &[String]) -> String {
    format!("---\n{}---\n\n{}\n", yaml(meta), body.join("\n\n"))
}

fn write_all(dir: &Path, target: &Target<'_>, plan: &Imported) -> Result<usize, String> {
    let mut count = 0;
    write(&dir.join("plan.yaml"), &yaml(&raw_plan(target, plan)?))?;
    count += 1;
    for (i, section) in plan.sections.iter().enumerate() {
        let listed = plan.contents.contains(&Part::Section(i));
        if !listed {
            continue;
        }
        let meta = section_meta(&section.title, i);
        write(
            &dir.join("sections").join(format!("{}.md", section.id)),
            &front_matter(&meta, &section.body),
        )?;
        count += 1;
    }
    if !plan.review.is_empty() {
        let meta = section_meta(REVIEW_TITLE, plan.sections.len());
        let path = dir.join("sections").join(format!("{REVIEW_ID}.md"));
        write(&path, &front_matter(&meta, &plan.review))?;
        count += 1;
    }
    for priority in &plan.priorities {
        let folder = dir.join("priorities").join(&priority.id);
        write(
            &folder.join("priority.md"),
            &front_matter(&priority.meta, &priority.body),
        )?;
        count += 1;
        if !priority.actions.is_empty() {
            write(&folder.join("actions.yaml"), &yaml(&priority.actions))?;
            count += 1;
        }
    }
    if !plan.kpis.is_empty() {
        write(&dir.join("kpis.yaml"), &yaml(&plan.kpis))?;
        count += 1;
    }
    Ok(count)
}

fn section_meta(title: &str, index: usize) -> RawSectionMeta {
    RawSectionMeta {
        title: Some(title.to_string()),
        weight: (index as i32 + 1) * 10,
        summary: None,
        slug: None,
        lang: None,
    }
}

fn raw_plan(target: &Target<'_>, plan: &Imported) -> Result<RawPlan, String> {
    let title = target
        .title
        .map(str::to_string)
        .or_else(|| plan.title.clone());
    let mut contents: Vec<String> = plan
        .contents
        .iter()
        .map(|part| match part {
            Part::Section(i) => plan.sections[*i].id.clone(),
            Part::Priorities => "priorities".to_string(),
            Part::Kpis => "kpis".to_string(),
        })
        .collect();
    if !plan.review.is_empty() {
        contents.push(REVIEW_ID.to_string());
    }
    let columns = (!plan.columns.is_empty()).then(|| columns(&plan.columns, &plan.headings));
    // A plan has a title; one the document does not give is not made up.
    let title = title.ok_or(
        "the document has no title that the importer recognises (its first heading, \
         or its first line); give one with --title \"...\"; nothing was written",
    )?;
    Ok(RawPlan {
        title,
        strapline: plan.strapline.clone(),
        period: None,
        organisation: None,
        owner: None,
        summary: None,
        version: RawVersion {
            label: target.label.to_string(),
            status: target.status,
            published: None,
            based_on: target.based_on.map(str::to_string),
            change_note: None,
            notice: None,
        },
        commitments_intro: None,
        priorities_intro: plan
            .priorities_intro
            .as_ref()
            .map(|(_, text)| text.clone())
            .filter(|t| !t.is_empty()),
        terms: RawTerms {
            priorities: plan
                .priorities_intro
                .as_ref()
                .map(|(title, _)| title.clone()),
            ..RawTerms::default()
        },
        columns,
        contents: Some(contents),
    })
}

/// The plan's columns: `action` first, then the others as the tables order
/// them, each with its heading as the plan writes it.
fn columns(cols: &[Col], headings: &[(String, String)]) -> Vec<RawColumn> {
    let heading = |key: &str| {
        headings
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, h)| h.clone())
    };
    let mut out = vec![RawColumn {
        key: "action".to_string(),
        heading: heading("action"),
    }];
    for col in cols {
        match col {
            Col::Action => {}
            Col::Custom(key, written) => out.push(RawColumn {
                key: key.clone(),
                heading: Some(written.clone()),
            }),
            other => out.push(RawColumn {
                key: other.key().to_string(),
                heading: heading(other.key()),
            }),
        }
    }
    out
}
