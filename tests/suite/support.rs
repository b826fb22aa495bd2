//! A test harness that reads like a user session: copy a fixture, run the
//! binary, look at the exit code, the messages and the files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_planpress");
pub(crate) const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// The build date of every run of the binary: 1 November 2026, 00:00 UTC.
pub(crate) const SOURCE_DATE_EPOCH: &str = "1793491200";

/// The file of a broken case (`tests/fixtures/broken/<name>/`) that holds
/// the expected outcome of building it; every other file is laid over the site.
pub(crate) const EXPECTED_OUTCOME: &str = "expected.txt";

pub(crate) fn fixtures() -> PathBuf {
    Path::new(ROOT).join("tests/fixtures")
}

/// A site copied into a temporary folder.
pub(crate) struct SiteTest {
    pub(crate) dir: tempfile::TempDir,
}

/// What one run of the binary did.
#[derive(Debug)]
pub(crate) struct Outcome {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl SiteTest {
    /// Copies `tests/fixtures/<name>` (without its `expected/` goldens).
    pub(crate) fn fixture(name: &str) -> SiteTest {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&fixtures().join(name), dir.path());
        let _ = std::fs::remove_dir_all(dir.path().join("expected"));
        SiteTest { dir }
    }

    /// Copies another test's site, with whatever it has built.
    pub(crate) fn copy_of(site: &SiteTest) -> SiteTest {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(site.path(), dir.path());
        SiteTest { dir }
    }

    /// Lays a broken case's files (`tests/fixtures/broken/<name>`, without its
    /// `expected.txt`) over this site.
    pub(crate) fn overlay_broken(&self, name: &str) {
        copy_tree(&fixtures().join("broken").join(name), self.path());
        let _ = std::fs::remove_file(self.path().join(EXPECTED_OUTCOME));
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn run(&self, args: &[&str]) -> Outcome {
        run_in(self.path(), args)
    }

    pub(crate) fn write(&self, rel: &str, text: &str) {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub(crate) fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Every file under `rel` with its bytes, for before-and-after comparisons.
    pub(crate) fn snapshot(&self, rel: &str) -> BTreeMap<PathBuf, Vec<u8>> {
        snapshot(&self.path().join(rel))
    }
}

pub(crate) fn run_in(dir: &Path, args: &[&str]) -> Outcome {
    let output = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        // The build date, which overdue actions are measured against.
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        .output()
        .expect("the binary runs");
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub(crate) fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
            out.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    out
}

pub(crate) fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Compares `actual` with a golden file; `PLANPRESS_UPDATE=1` rewrites it.
pub(crate) fn assert_golden(path: &Path, actual: &str) {
    if let Err(problem) = check_golden(path, actual) {
        panic!("{problem}");
    }
}

/// [`assert_golden`] that returns what is wrong instead of panicking, for a
/// test that checks many cases and reports them all.
pub(crate) fn check_golden(path: &Path, actual: &str) -> Result<(), String> {
    if updating() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return Ok(());
    }
    let shown = path.strip_prefix(ROOT).unwrap_or(path).display();
    let Ok(expected) = std::fs::read_to_string(path) else {
        return Err(format!(
            "missing golden file {shown}; to write it from this output, run\n    {}\nand review it before committing it",
            update_command()
        ));
    };
    if expected != actual {
        return Err(format!(
            "{shown} differs from the output (run `{}` to accept it):\n{}",
            update_command(),
            line_diff(&expected, actual)
        ));
    }
    Ok(())
}

/// Whether goldens are being rewritten (`PLANPRESS_UPDATE=1`).
pub(crate) fn updating() -> bool {
    std::env::var_os("PLANPRESS_UPDATE").is_some()
}

/// The command that rewrites the current test's goldens. The test harness
/// names each test's thread after the test.
pub(crate) fn update_command() -> String {
    match std::thread::current().name() {
        Some(test) if test != "main" => {
            format!("PLANPRESS_UPDATE=1 cargo test --test suite -- --exact {test}")
        }
        _ => "PLANPRESS_UPDATE=1 cargo test --test suite".to_string(),
    }
}

/// The lines of `expected` and `actual` that differ, as a unified diff.
fn line_diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(3)
        .header("expected", "actual")
        .to_string()
}

/// The `<main>` element of a page: what goldens compare, so header and
/// footer changes do not touch every golden.
pub(crate) fn main_region(html: &str) -> String {
    let start = html.find("<main").expect("page has <main>");
    let end = html.rfind("</main>").expect("page has </main>") + "</main>".len();
    html[start..end].to_string()
}

/// A built page or file with the tags that name the current version's
/// address (`rel=canonical`, `rel=latest-version`, `og:url`) taken out: the
/// only bytes of an older version's pages that publishing a newer version
/// changes (see src/render/meta.rs).
pub(crate) fn without_current_address(bytes: &[u8]) -> Vec<u8> {
    let mut text = String::from_utf8_lossy(bytes).into_owned();
    for marker in [
        "rel=canonical",
        "rel=\"canonical\"",
        "rel=latest-version",
        "rel=\"latest-version\"",
        "property=og:url",
        "property=\"og:url\"",
    ] {
        while let Some(at) = text.find(marker) {
            let start = text[..at].rfind('<').unwrap();
            let end = at + text[at..].find('>').unwrap() + 1;
            text.replace_range(start..end, "");
        }
    }
    text.into_bytes()
}

/// [`snapshot`] of a site's folder with [`without_current_address`] applied.
pub(crate) fn snapshot_without_current_address(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = snapshot(dir);
    for bytes in files.values_mut() {
        *bytes = without_current_address(bytes);
    }
    files
}

/// `html` without the theme's own external scripts (`<script src="...">`,
/// empty, which a strict CSP allows), so that a check for `<script` finds
/// only script that came from the sources or is inline.
pub(crate) fn without_external_scripts(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<script") {
        let tag_end = rest[at..].find('>').map_or(rest.len(), |i| at + i + 1);
        let tag = &rest[at..tag_end];
        let external = tag.contains(" src=") && rest[tag_end..].starts_with("</script>");
        if external {
            out.push_str(&rest[..at]);
            rest = &rest[tag_end + "</script>".len()..];
        } else {
            out.push_str(&rest[..tag_end]);
            rest = &rest[tag_end..];
        }
    }
    out.push_str(rest);
    out
}
