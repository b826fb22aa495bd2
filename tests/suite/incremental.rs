//! Every kind of edit, rebuilt incrementally as `serve` does, gives the same
//! bytes as a clean build of the edited sources. The edits come from the
//! inputs that the example site's pages and files declare: one edit for each
//! kind of input, so a new kind of input cannot be declared without an edit
//! here that exercises it, and every page kind is in the site.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use planpress::render::pages::PageKind;
use planpress::serve::{build_in_memory, Build};
use planpress::site::{Changes, Input, Site};
use planpress::validate::Options;

use crate::support::{copy_tree, ROOT};

/// Which kind of page, by number: a new kind fails to compile here until it
/// is given one, and then fails the test until the example site has it.
fn kind_number(kind: &PageKind) -> usize {
    match kind {
        PageKind::Home => 0,
        PageKind::PlanHome(_) => 1,
        PageKind::Section(..) => 2,
        PageKind::Commitments(_) => 3,
        PageKind::Priority(..) => 4,
        PageKind::Actions(_) => 5,
        PageKind::ActionsByDeadline(_) => 6,
        PageKind::Kpis(_) => 7,
        PageKind::History { .. } => 8,
        PageKind::Comparison { .. } => 9,
        PageKind::Page { .. } => 10,
        PageKind::Accessibility => 11,
        PageKind::NotFound => 12,
        PageKind::ActionsByOfficer(..) => 13,
        PageKind::ActionsByYear(..) => 14,
        PageKind::ActionsOverdue(_) => 15,
        PageKind::Print(_) => 16,
        PageKind::Search => 17,
    }
}
const PAGE_KINDS: usize = 18;

/// Which kind of input, by number, as [`kind_number`] for pages.
fn input_number(input: &Input) -> usize {
    match input {
        Input::Config => 0,
        Input::Pages => 1,
        Input::Template(_) => 2,
        Input::Static(_) => 3,
        Input::Version { .. } => 4,
        Input::PlanLayout(_) => 5,
        Input::Listing(_) => 6,
        Input::PageList => 7,
        Input::Feeds => 8,
    }
}
const INPUT_KINDS: usize = 9;

/// An edit to the sources: what it is, and a change to make in the site's
/// folder that returns the paths it touched.
struct Edit {
    what: String,
    make: Box<MakeEdit>,
}

/// Makes an edit in the site's folder and returns the paths it touched.
type MakeEdit = dyn FnOnce(&Path) -> Vec<PathBuf>;

impl Edit {
    fn new(what: impl Into<String>, make: impl FnOnce(&Path) -> Vec<PathBuf> + 'static) -> Edit {
        Edit {
            what: what.into(),
            make: Box::new(make),
        }
    }
}

/// Replaces `from` with `to` in the file at `rel`, which must hold it.
fn replace(root: &Path, rel: &Path, from: &str, to: &str) -> PathBuf {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{} has no `{from}`", rel.display());
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

/// Writes `text` at `rel`, making its folder.
fn write(root: &Path, rel: impl AsRef<Path>, text: &[u8]) -> PathBuf {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// A copy of a built-in template with a visible mark, to put in the site's
/// `templates/` folder: inside the first block of a template that extends
/// another (text outside blocks is not shown), inside every macro of a file
/// of macros, else at the start.
fn marked_template(name: &str) -> Vec<u8> {
    let built_in = Path::new(ROOT).join("themes/default/templates").join(name);
    let text = std::fs::read_to_string(built_in).unwrap();
    let mark_after = |text: &str, tag: &str| {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find(tag) {
            let end = start + rest[start..].find("%}").unwrap() + 2;
            out.push_str(&rest[..end]);
            out.push_str("<!-- edited -->");
            rest = &rest[end..];
            if tag == "{% block " {
                break;
            }
        }
        out + rest
    };
    let marked = if text.contains("{% extends ") {
        mark_after(&text, "{% block ")
    } else if text.contains("{% macro ") {
        mark_after(&text, "{% macro ")
    } else {
        format!("<!-- edited -->{text}")
    };
    marked.into_bytes()
}

/// The edit that changes `input`.
fn edit_for(site: &Site, input: Input) -> Edit {
    let plan_dir = |p: usize, v: usize| {
        let source = &site.content.plans[p].versions[v].source.display_path;
        source.parent().unwrap().to_path_buf()
    };
    match input {
        Input::Config => Edit::new("site.yaml's description", |root| {
            vec![replace(
                root,
                Path::new("content/site.yaml"),
                "description: ",
                "description: Edited. ",
            )]
        }),
        Input::Pages => {
            let page = site.content.pages[0].source.display_path.clone();
            Edit::new("a standalone page's title", move |root| {
                vec![replace(root, &page, "title: \"", "title: \"Edited ")]
            })
        }
        Input::Template(name) => {
            let name = name.to_string();
            Edit::new(format!("template {name}"), move |root| {
                vec![write(
                    root,
                    format!("templates/{name}"),
                    &marked_template(&name),
                )]
            })
        }
        Input::Static(path) => {
            let path = path.to_string();
            Edit::new(format!("static file {path}"), move |root| {
                let built_in = Path::new(ROOT).join("themes/default/static").join(&path);
                let mut bytes = std::fs::read(built_in).unwrap();
                bytes.extend_from_slice(b"\n/* edited */\n");
                vec![write(root, format!("static/{path}"), &bytes)]
            })
        }
        Input::Version { plan, version } => {
            let dir = plan_dir(plan, version);
            Edit::new(format!("prose in {}", dir.display()), move |root| {
                let sections = root.join(&dir).join("sections");
                let mut files: Vec<PathBuf> = std::fs::read_dir(&sections)
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .collect();
                files.sort();
                let text = std::fs::read_to_string(&files[0]).unwrap() + "\nMore words.\n";
                std::fs::write(&files[0], text).unwrap();
                vec![files[0].clone()]
            })
        }
        Input::PlanLayout(plan) => {
            let p = &site.content.plans[plan];
            let latest = p.latest();
            let older = p.versions.iter().filter(|v| v.id != latest.id);
            // A section that an older version has too: its permanent page
            // links to the current one, which is then gone.
            let shared = latest.sections.iter().find(|s| {
                older
                    .clone()
                    .any(|v| v.sections.iter().any(|o| o.id == s.id))
            });
            match shared {
                Some(section) => {
                    let file = section.source.display_path.clone();
                    Edit::new(format!("{} removed", file.display()), move |root| {
                        std::fs::remove_file(root.join(&file)).unwrap();
                        vec![root.join(&file)]
                    })
                }
                None => {
                    let dir = plan_dir(plan, p.latest);
                    Edit::new(format!("a new section in {}", dir.display()), move |root| {
                        let text = b"---\ntitle: Added section\n---\n\nNew words.\n";
                        vec![write(root, dir.join("sections/added-section.md"), text)]
                    })
                }
            }
        }
        Input::Listing(plan) => {
            let dir = plan_dir(plan, site.content.plans[plan].latest);
            Edit::new(format!("the title of {}", dir.display()), move |root| {
                vec![replace(
                    root,
                    &dir.join("plan.yaml"),
                    "title: ",
                    "title: Edited ",
                )]
            })
        }
        Input::PageList => Edit::new("a new standalone page", |root| {
            vec![write(
                root,
                "content/pages/added.md",
                b"---\ntitle: Added\n---\n\nNew.\n",
            )]
        }),
        Input::Feeds => {
            // A plan with a feed loses it: no version of it has a date now.
            let plan = site
                .content
                .plans
                .iter()
                .find(|p| p.versions.iter().any(|v| v.published.is_some()))
                .expect("a plan with a published version");
            let files: Vec<PathBuf> = plan
                .versions
                .iter()
                .map(|v| v.source.display_path.clone())
                .collect();
            Edit::new(format!("the dates of plan {}", plan.id), move |root| {
                for file in &files {
                    let path = root.join(file);
                    let text = std::fs::read_to_string(&path).unwrap();
                    let kept: Vec<&str> = text
                        .lines()
                        .filter(|l| !l.trim_start().starts_with("published:"))
                        .collect();
                    std::fs::write(&path, kept.join("\n") + "\n").unwrap();
                }
                files.iter().map(|f| root.join(f)).collect()
            })
        }
    }
}

/// The edits the site's declared inputs call for, one for each kind of
/// input, in the order first declared, and the ones that reach a template
/// through another (every page template extends `base.html`).
fn edits(site: &Site) -> Vec<Edit> {
    let mut kinds = Vec::new();
    let mut edits = Vec::new();
    site.each_input(&mut |_, input| {
        let kind = input_number(&input);
        if !kinds.contains(&kind) {
            kinds.push(kind);
            edits.push(edit_for(site, input));
        }
    });
    assert_eq!(
        kinds.len(),
        INPUT_KINDS,
        "every kind of input is declared by some output"
    );
    for name in ["base.html", "macros.html"] {
        edits.push(edit_for(site, Input::Template(name)));
    }
    edits
}

/// The paths whose bytes differ between two builds.
fn differences(a: &Build, b: &Build) -> Vec<String> {
    let paths: BTreeSet<&String> = a.files.keys().chain(b.files.keys()).collect();
    paths
        .into_iter()
        .filter(|p| a.files.get(*p) != b.files.get(*p))
        .cloned()
        .collect()
}

#[test]
fn every_kind_of_edit_rebuilds_as_a_clean_build_would() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    copy_tree(&Path::new(ROOT).join("content"), &root.join("content"));
    let options = Options::default();
    let mut build = build_in_memory(root, options, None, Changes::Unknown).unwrap();
    let kinds: BTreeSet<usize> = build
        .site
        .pages()
        .iter()
        .map(|j| kind_number(&j.kind))
        .collect();
    assert_eq!(
        kinds.len(),
        PAGE_KINDS,
        "the example site has every kind of page"
    );

    for edit in edits(&build.site) {
        let changed = (edit.make)(root);
        let clean = build_in_memory(root, options, None, Changes::Unknown).unwrap();
        assert!(
            !differences(&build, &clean).is_empty(),
            "{}: the edit changes the site",
            edit.what
        );
        // Whether the watcher names the files (only their plans are read
        // again) or not (the whole site is).
        let mut next = None;
        for changes in [Changes::Unknown, Changes::Files(&changed)] {
            let incremental = build_in_memory(root, options, Some(&build), changes).unwrap();
            let wrong = differences(&incremental, &clean);
            assert!(
                wrong.is_empty(),
                "{}: incremental and clean builds differ at {wrong:?}",
                edit.what
            );
            if edit.what.starts_with("prose") {
                // Only that version's pages, its history and comparisons.
                assert!(
                    incremental.rendered * 2 < clean.rendered,
                    "{}: too much re-rendered",
                    edit.what
                );
            }
            next = Some(incremental);
        }
        build = next.unwrap();
    }
}
