//! Broken sites: each error names the file, line and column, says what was
//! expected, exits with 1, and leaves the last good public/ untouched.
//!
//! Every folder under `tests/fixtures/broken/` is a case, found when the test
//! runs: its files are laid over the minimal site, which is then built, and
//! its `expected.txt` is the snapshot of the outcome, the exit code and the
//! whole output. A folder without `expected.txt` fails, saying how to write
//! it (`PLANPRESS_UPDATE=1`, as for every golden file).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::support::{
    check_golden, fixtures, snapshot, updating, Outcome, SiteTest, EXPECTED_OUTCOME,
};

const PLAN: &str = "content/plans/our-plan/2026-final";

/// The site every broken case is laid over.
const BASE: &str = "minimal";

/// What `build` says last when it fails.
const KEPT: &str = "The build failed; ./public was left as it was.\n";

/// The case folders under tests/fixtures/broken/, by name.
fn cases() -> Vec<String> {
    let dir = fixtures().join("broken");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().unwrap().is_dir())
        .map(|entry| entry.file_name().into_string().unwrap())
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    names
}

// Every broken case fails as its snapshot says and as every broken build
// must: exit code 1, each error at a real place in a real file (one of them
// in a file the case lays over the site), the count of errors summed up, and
// the site built before the breakage left byte for byte as it was. The cases
// run side by side; every failing case is reported, not only the first.
#[test]
fn broken_sites_fail_with_located_errors_and_keep_the_last_good_build() {
    let cases = cases();
    assert!(
        !cases.is_empty(),
        "no case folders in tests/fixtures/broken/"
    );

    let good = SiteTest::fixture(BASE);
    let out = good.run(&["build"]);
    assert_eq!(out.code, 0, "the {BASE} site builds\n{}", out.stderr);
    let before = good.snapshot("public");
    assert!(!before.is_empty());

    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    // Named after this test, so a missing snapshot's message names the
    // command that writes it.
    let test = std::thread::current().name().map(str::to_owned);
    std::thread::scope(|scope| {
        for _ in 0..workers.min(cases.len()) {
            let mut worker = std::thread::Builder::new();
            if let Some(name) = &test {
                worker = worker.name(name.clone());
            }
            worker
                .spawn_scoped(scope, || {
                    while let Some(name) = cases.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let problems = run_case(name, &good, &before);
                        results.lock().unwrap().push((name.clone(), problems));
                    }
                })
                .unwrap();
        }
    });

    let mut results = results.into_inner().unwrap();
    results.sort();
    let failed: Vec<String> = results
        .into_iter()
        .filter(|(_, problems)| !problems.is_empty())
        .map(|(name, problems)| {
            format!(
                "broken case `{name}` (tests/fixtures/broken/{name}/):\n{}",
                problems.join("\n")
            )
        })
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} broken cases failed:\n\n{}",
        failed.len(),
        cases.len(),
        failed.join("\n\n")
    );
}

/// Builds one case over a copy of the good site and returns what is wrong.
fn run_case(name: &str, good: &SiteTest, before: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<String> {
    let folder = fixtures().join("broken").join(name);
    let overlay: Vec<PathBuf> = snapshot(&folder)
        .into_keys()
        .filter(|path| path != Path::new(EXPECTED_OUTCOME))
        .collect();
    let site = SiteTest::copy_of(good);
    site.overlay_broken(name);
    let out = site.run(&["build"]);

    let mut problems = Vec::new();
    if overlay.is_empty() {
        problems.push(format!(
            "- the folder has no files to lay over the {BASE} site"
        ));
    }
    if out.code != 1 {
        problems.push(format!("- exit code {}, not 1", out.code));
    }
    problems.extend(located_problems(&site, &overlay, &out.stderr));
    if !out.stderr.ends_with(KEPT) {
        problems.push(format!(
            "- the output does not end with `{}`",
            KEPT.trim_end()
        ));
    }
    if site.snapshot("public") != *before {
        problems.push("- public/ of the last good build changed".to_string());
    }

    // A snapshot is written only for an outcome that passes the checks above;
    // the outcome is shown unless a difference from the snapshot says it all.
    let outcome = render(&out, site.path());
    let expected = folder.join(EXPECTED_OUTCOME);
    let mut show = !problems.is_empty();
    if !(show && updating()) {
        if let Err(problem) = check_golden(&expected, &outcome) {
            show |= !expected.exists();
            problems.push(format!("- {problem}"));
        }
    }
    if show {
        problems.push(format!("the outcome:\n{outcome}"));
    }
    problems
}

/// The outcome as `expected.txt` holds it: the exit code, then what the build
/// printed (stdout only when there is some), with the path of the site's
/// temporary folder written `[SITE]`, the one part that changes between runs.
fn render(out: &Outcome, site: &Path) -> String {
    let normalise = |text: &str| {
        let mut text = text.to_string();
        let mut paths = vec![site.to_path_buf()];
        paths.extend(site.canonicalize().ok());
        for path in paths {
            text = text.replace(&path.display().to_string(), "[SITE]");
        }
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text
    };
    let mut text = format!("exit code: {}\n", out.code);
    if !out.stdout.is_empty() {
        text.push_str("--- stdout\n");
        text.push_str(&normalise(&out.stdout));
    }
    text.push_str("--- stderr\n");
    text.push_str(&normalise(&out.stderr));
    text
}

/// Checks that every `error[...]` points at a file of the site, at a line and
/// column that exist in it, that one of them is in a file the case lays over
/// the site, and that the summary line counts them all.
fn located_problems(site: &SiteTest, overlay: &[PathBuf], stderr: &str) -> Vec<String> {
    let mut problems = Vec::new();
    // Each error's header line, and the location below it (`┌─ path:line:col`
    // for a place in a file, `--> path` for a whole file).
    let mut errors: Vec<(&str, Option<&str>)> = Vec::new();
    let mut open = false;
    for line in stderr.lines() {
        if line.starts_with("error[") {
            errors.push((line, None));
            open = true;
        } else if !line.starts_with(' ') {
            open = false;
        } else if open {
            let trimmed = line.trim_start();
            if let Some(at) = trimmed
                .strip_prefix("┌─ ")
                .or_else(|| trimmed.strip_prefix("--> "))
            {
                errors.last_mut().unwrap().1 = Some(at);
                open = false;
            }
        }
    }
    if errors.is_empty() {
        problems.push("- no `error[...]` in the output".to_string());
    }
    let mut in_overlay = false;
    for (header, at) in &errors {
        let Some(at) = at else {
            problems.push(format!("- `{header}` names no file"));
            continue;
        };
        let (file, line_col) = split_location(at);
        in_overlay |= overlay.iter().any(|path| path == Path::new(file));
        let Ok(text) = std::fs::read_to_string(site.path().join(file)) else {
            problems.push(format!("- `{at}`: the site has no file `{file}`"));
            continue;
        };
        if let Some((line, column)) = line_col {
            let width = text
                .lines()
                .nth(line.wrapping_sub(1))
                .map(|l| l.chars().count());
            match width {
                Some(width) if column >= 1 && column <= width + 1 => {}
                Some(width) => problems.push(format!(
                    "- `{at}`: line {line} of `{file}` has {width} characters"
                )),
                None => problems.push(format!(
                    "- `{at}`: `{file}` has {} lines",
                    text.lines().count()
                )),
            }
        }
    }
    if !errors.is_empty() && !in_overlay {
        problems.push(format!(
            "- no error is in a file the case lays over the site ({})",
            overlay
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let n = errors.len();
    let summary = format!("error: {n} error{} in ", if n == 1 { "" } else { "s" });
    if n > 0 && !stderr.lines().any(|line| line.starts_with(&summary)) {
        problems.push(format!(
            "- no summary line `{summary}...` for the {n} errors"
        ));
    }
    problems
}

/// `path:line:column`, or a path alone.
fn split_location(at: &str) -> (&str, Option<(usize, usize)>) {
    let mut parts = at.rsplitn(3, ':');
    let (column, line, file) = (parts.next(), parts.next(), parts.next());
    match (
        file,
        line.and_then(|l| l.parse().ok()),
        column.and_then(|c| c.parse().ok()),
    ) {
        (Some(file), Some(line), Some(column)) => (file, Some((line, column))),
        _ => (at, None),
    }
}

// The checks every broken case gets catch what they are there for: here they
// are run on a real case's output, changed in one way at a time.
#[test]
fn broken_case_checks_catch_wrong_places_and_counts() {
    let site = SiteTest::fixture(BASE);
    site.overlay_broken("bad_date");
    let overlay = [PathBuf::from(format!(
        "{PLAN}/priorities/better-reading/actions.yaml"
    ))];
    let snapshot =
        std::fs::read_to_string(fixtures().join("broken/bad_date").join(EXPECTED_OUTCOME)).unwrap();
    let stderr = snapshot.split_once("--- stderr\n").unwrap().1;
    assert_eq!(
        located_problems(&site, &overlay, stderr),
        Vec::<String>::new()
    );
    for (from, to, problem) in [
        ("actions.yaml:7:12", "actions.yaml:70:12", "has 7 lines"),
        ("actions.yaml:7:12", "actions.yaml:0:12", "has 7 lines"),
        (
            "actions.yaml:7:12",
            "actions.yaml:7:23",
            "has 21 characters",
        ),
        (
            "better-reading/actions",
            "better-reading/action",
            "the site has no file",
        ),
        ("  ┌─ content", "  content", "names no file"),
        ("error: 1 error in", "error: 2 errors in", "no summary line"),
        ("error[invalid-value]", "invalid-value", "no `error[...]`"),
    ] {
        let changed = stderr.replacen(from, to, 1);
        assert_ne!(changed, stderr, "{from}");
        let problems = located_problems(&site, &overlay, &changed);
        assert!(
            problems.iter().any(|p| p.contains(problem)),
            "`{from}` made `{to}` wants `{problem}` in {problems:?}"
        );
    }
    let elsewhere = [PathBuf::from("content/site.yaml")];
    let problems = located_problems(&site, &elsewhere, stderr);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("no error is in a file the case lays over")),
        "{problems:?}"
    );
}

// `check` reports the errors of every broken file in one run, and writes nothing.
#[test]
fn check_reports_every_error_at_once() {
    let site = SiteTest::fixture("minimal");
    for fixture in [
        "bad_date",
        "unknown_key",
        "unknown_reference",
        "misplaced_file",
    ] {
        site.overlay_broken(fixture);
    }
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    for code in [
        "invalid-value",
        "unknown-field",
        "unexpected-file",
        "unknown-reference",
    ] {
        assert!(
            out.stderr.contains(&format!("error[{code}]")),
            "{code} in\n{}",
            out.stderr
        );
    }
    assert!(
        out.stderr.contains("error: 4 errors in 4 files"),
        "{}",
        out.stderr
    );
    assert!(!site.path().join("public").exists(), "check writes nothing");
}

// A date that cannot exist is named with the reason, not just "invalid".
#[test]
fn impossible_date_names_value_and_reason() {
    let site = SiteTest::fixture("minimal");
    site.write(
        &format!("{PLAN}/plan.yaml"),
        &site
            .read(&format!("{PLAN}/plan.yaml"))
            .replace("2026-09-01", "31/02/2026"),
    );
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("`31/02/2026` is not a date planpress can read"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("February 2026 has no day 31"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(&format!("{PLAN}/plan.yaml:3:10")),
        "{}",
        out.stderr
    );
}

// A misspelt enum value gets a suggestion too.
#[test]
fn misspelt_status_suggests_the_closest() {
    let site = SiteTest::fixture("minimal");
    site.write(
        &format!("{PLAN}/plan.yaml"),
        &site
            .read(&format!("{PLAN}/plan.yaml"))
            .replace("status: final", "status: finall"),
    );
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("unknown value `finall`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("did you mean `final`?"),
        "{}",
        out.stderr
    );
}
