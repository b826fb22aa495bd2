//! The checks that need a site folder: a whole little site built (and
//! compared between its two versions), and an import into a site. The
//! targets give a scratch folder of their own; these write only inside it.

use std::path::Path;

use super::assert_located;
use crate::diagnostics::{Code, Report, Severity};
use crate::import::{self, Options, Status};
use crate::site::{Mode, Site};

/// The files of the site [`check_site`] writes, in the order of the parts
/// of its input. Version `v2` is based on `v1`, so the build compares them.
pub const SITE_FILES: [&str; 9] = [
    "content/site.yaml",
    "content/plans/p/v1/plan.yaml",
    "content/plans/p/v1/priorities/a/priority.md",
    "content/plans/p/v1/priorities/a/actions.yaml",
    "content/plans/p/v1/kpis.yaml",
    "content/plans/p/v2/plan.yaml",
    "content/plans/p/v2/priorities/a/priority.md",
    "content/plans/p/v2/priorities/a/actions.yaml",
    "content/pages/about.md",
];

/// The scratch folder's `content/`, emptied.
fn fresh_content(root: &Path) {
    let content = root.join("content");
    if content.exists() {
        std::fs::remove_dir_all(&content).expect("remove the last run's content");
    }
}

fn write(root: &Path, relative: &str, text: &[u8]) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().expect("a file in a folder")).expect("create a folder");
    std::fs::write(path, text).expect("write a fuzzed file");
}

/// Builds, in memory, the site in `root` made of `input`: its parts,
/// separated by NUL bytes, are the [`SITE_FILES`] in order (an empty part
/// leaves its file out). A site that loads must render; one that does not
/// must say where each problem is.
pub fn check_site(root: &Path, input: &[u8]) {
    fresh_content(root);
    for (part, relative) in input.split(|b| *b == 0).zip(SITE_FILES) {
        if !part.is_empty() {
            write(root, relative, String::from_utf8_lossy(part).as_bytes());
        }
    }
    let mode = Mode {
        drafts: true,
        ..Mode::default()
    };
    match Site::load(root, mode) {
        Ok(site) => {
            let sink = |_: &str, _: &[u8]| Ok(());
            if let Err(report) = site.render(None, &sink) {
                panic!("a site that loads fails to render: {}", rendered(&report));
            }
        }
        Err(report) => assert_report_located(&report),
    }
}

fn assert_report_located(report: &Report) {
    assert!(
        !report.diagnostics.is_empty(),
        "a failed load with no problem"
    );
    for d in &report.diagnostics {
        match &d.location {
            Some(_) => assert_located(d, None),
            // A site without `content/site.yaml` is named by its folder.
            None if d.code == Code::NotASite => {}
            None => assert!(d.file_path().is_some(), "no file named: {d:?}"),
        }
    }
}

fn rendered(report: &Report) -> String {
    report.diagnostics.iter().map(|d| d.render()).collect()
}

/// Imports `input` (a Word document when `docx`, else text) into a site
/// in `root` through the importer's whole run; a plan it writes must then
/// load and build with no error.
pub fn check_import(root: &Path, input: &[u8], docx: bool) {
    fresh_content(root);
    write(root, "content/site.yaml", SITE_YAML.as_bytes());
    let file = root.join(if docx { "plan.docx" } else { "plan.txt" });
    std::fs::write(&file, input).expect("write the fuzzed document");
    let options = Options {
        file: &file,
        root,
        plan: "p",
        version: "v",
        label: "Final",
        status: Status::Final,
        title: Some("A plan"),
        based_on: None,
        map: None,
    };
    if import::import(&options).is_err() {
        return;
    }
    match Site::load(root, Mode::default()) {
        Ok(site) => {
            let sink = |_: &str, _: &[u8]| Ok(());
            if let Err(report) = site.render(None, &sink) {
                panic!("an imported plan fails to render: {}", rendered(&report));
            }
        }
        Err(report) => {
            let errors = report
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error);
            assert!(
                !errors,
                "an imported plan does not load: {}",
                rendered(&report)
            );
        }
    }
}

/// The site an import goes into: the `site.yaml` `planpress init` writes.
const SITE_YAML: &str = include_str!("../../tests/fixtures/minimal/content/site.yaml");
