//! The properties the fuzz targets in `fuzz/` check, one function a target,
//! each panicking when its property fails (and, of course, when the code
//! under it panics). They live in the library so that the targets stay one
//! line each and every crash found can be replayed by a unit test
//! (`fuzzing::tests`). Not part of the API.

mod html;
mod site;
#[cfg(test)]
mod tests;

use std::path::Path;

use crate::date::{self, Due};
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::load::raw::{
    RawAction, RawKpi, RawPlan, RawPriorityMeta, RawSectionMeta, RawSiteConfig,
};
use crate::load::{front_matter, markdown_file, yaml_file};
use crate::markdown::{self, Markdown};

pub use site::{check_import, check_site, SITE_FILES};

/// Runs the fuzz target `target` (a binary's name in `fuzz/`) on one
/// input, as its binary does: each
/// binary is this call, so a crash it found replays here in a unit test
/// (`tests/fixtures/fuzz-found/`). Targets that take text read the
/// input's longest UTF-8 prefix, as libFuzzer's `&str` targets do.
pub fn run(target: &str, data: &[u8]) {
    let text = match std::str::from_utf8(data) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&data[..e.valid_up_to()]).expect("valid up to there"),
    };
    match target {
        "yaml_sources" => {
            if let Some((kind, text)) = data.split_first() {
                check_source(*kind, &String::from_utf8_lossy(text));
            }
        }
        "front_matter" => check_front_matter(text),
        "dates" => check_dates(text),
        "markdown" => check_markdown(text),
        "word_diff" => {
            let (old, new) = text.split_once('\0').unwrap_or((text, ""));
            check_word_diff(old, new);
        }
        "import_text" => check_import(scratch(), data, false),
        "import_docx" => {
            if let Some((first, rest)) = data.split_first() {
                check_import(scratch(), &docx_input(*first, rest), true);
            }
        }
        "site" => check_site(scratch(), data),
        _ => panic!("no fuzz target {target}"),
    }
}

/// A Word document from a fuzzed input: after an even first byte, `rest` is
/// the document's `word/document.xml`, zipped here so that mutations reach
/// the XML reader; after an odd one, the file's bytes as they are, for the
/// zip reader.
fn docx_input(first: u8, rest: &[u8]) -> Vec<u8> {
    use std::io::Write;
    if first % 2 == 1 {
        return rest.to_vec();
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("word/document.xml", options)
        .and_then(|()| zip.write_all(rest).map_err(Into::into))
        .expect("zip in memory");
    zip.finish().expect("zip in memory").into_inner()
}

/// The YAML sources and Markdown files a byte picks, in the order
/// [`check_source`] reads `kind` (modulo their number).
pub const SOURCE_KINDS: [&str; 6] = [
    "content/site.yaml",
    "content/plans/p/v/plan.yaml",
    "content/plans/p/v/priorities/a/actions.yaml",
    "content/plans/p/v/kpis.yaml",
    "content/plans/p/v/priorities/a/priority.md",
    "content/pages/about.md",
];

/// Parses `text` as the source file [`SOURCE_KINDS`]`[kind]` names, through
/// the loader's own parsing: every error must name that file and a place
/// inside it.
pub fn check_source(kind: u8, text: &str) {
    let path = SOURCE_KINDS[usize::from(kind) % SOURCE_KINDS.len()];
    let file = SourceFile::new(path, text);
    let problems = match usize::from(kind) % SOURCE_KINDS.len() {
        0 => yaml_file::<RawSiteConfig>(file, "entry").err(),
        1 => yaml_file::<RawPlan>(file, "entry").err(),
        2 => yaml_file::<Vec<RawAction>>(file, "action").err(),
        3 => yaml_file::<Vec<RawKpi>>(file, "KPI").err(),
        4 => markdown_file::<RawPriorityMeta>(file, "a".into()).err(),
        _ => markdown_file::<RawSectionMeta>(file, "about".into()).err(),
    };
    for d in problems.unwrap_or_default() {
        assert_located(&d, Some(path));
    }
}

/// Every diagnostic names a file (`path` when given) and, when it has a
/// place, one inside that file's text; rendering it must not panic either.
pub fn assert_located(d: &Diagnostic, path: Option<&str>) {
    let Some(location) = &d.location else {
        panic!("no place in a file: {d:?}");
    };
    if let Some(path) = path {
        assert_eq!(location.file.display_path, Path::new(path), "{d:?}");
    }
    let text = &location.file.text;
    let span = &location.span;
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "span {span:?} outside a file of {} bytes: {d:?}",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "span {span:?} splits a character: {d:?}"
    );
    // Rendering places the span at a line and column of the file's text.
    let _ = d.render();
}

/// Front matter splitting: the parts are the file's own text at the
/// offsets given, in order, and a file is refused only for a reason that holds.
pub fn check_front_matter(text: &str) {
    let no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = no_bom.split_inclusive('\n').next().unwrap_or("");
    match front_matter::split(text) {
        Ok(split) => {
            let yaml_end = split.yaml_start + split.yaml.len();
            assert_eq!(&text[split.yaml_start..yaml_end], split.yaml);
            assert_eq!(&text[split.body_start..], split.body);
            assert!(split.body_start > yaml_end, "no closing line");
            assert_eq!(text[yaml_end..split.body_start].trim_end(), "---");
            assert_eq!(
                text[..split.yaml_start]
                    .trim_start_matches('\u{feff}')
                    .trim_end(),
                "---"
            );
        }
        Err(front_matter::SplitError::NoOpening) => assert_ne!(first_line.trim_end(), "---"),
        Err(front_matter::SplitError::NoClosing) => {
            assert_eq!(first_line.trim_end(), "---");
            let rest = &no_bom[first_line.len()..];
            assert!(rest.split_inclusive('\n').all(|l| l.trim_end() != "---"));
        }
    }
}

/// Dates and deadlines: no panic; an exact date reads back from both of
/// its written forms, and a deadline from its short form, to the same day.
pub fn check_dates(text: &str) {
    if let Ok(day) = date::parse_date(text) {
        let _ = date::display_date(day);
        for form in ["%Y-%m-%d", "%d/%m/%Y"] {
            let written = day.format(form).to_string();
            assert_eq!(date::parse_date(&written), Ok(day), "{written}");
        }
    }
    if let Ok(due) = Due::parse(text) {
        let _ = (due.datetime(), due.to_string());
        let short = due.source_form();
        let again = Due::parse(&short).unwrap_or_else(|e| panic!("{due:?} as {short:?}: {e}"));
        assert_eq!(again.ends(), due.ends(), "{due:?} as {short:?}");
    }
}

/// Markdown with raw HTML, in every way pages render it with raw HTML not
/// allowed: nothing that runs script may come out.
pub fn check_markdown(text: &str) {
    let md = Markdown::default();
    let outputs = [
        markdown::render(text, "f", false),
        md.nested(text, "f", 2),
        md.inline(text),
    ];
    for out in outputs {
        if let Some(found) = html::dangerous(&out) {
            panic!("{found} in the HTML of {text:?}:\n{out}");
        }
    }
}

/// The word diff: its pieces put together give back both texts.
pub fn check_word_diff(old: &str, new: &str) {
    let ops = crate::diff::word_diff(old, new);
    let keep = |skip: crate::diff::Op| -> String {
        ops.iter()
            .filter(|o| o.op != skip)
            .map(|o| o.text.as_str())
            .collect()
    };
    assert_eq!(keep(crate::diff::Op::Insert), old);
    assert_eq!(keep(crate::diff::Op::Delete), new);
}

/// A scratch folder for this process's site and import checks, made once,
/// inside the system's temporary folder (`TMPDIR`).
pub fn scratch() -> &'static Path {
    static DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("planpress-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("make a scratch folder");
        dir
    })
}
