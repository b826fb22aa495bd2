//! Resource limits: sources made to hang a build or exhaust its memory each
//! give a clear, located error in bounded time. The inputs are made here, in
//! a temporary copy of the minimal site, never committed. Each run of the
//! binary is under `prlimit --as` (2 GiB of address space), so an unbounded
//! allocation fails the test rather than the machine, and under a hang guard
//! that kills it after [`HANG_GUARD`]: a guard, not a timing assertion.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Outcome, SiteTest, BIN, SOURCE_DATE_EPOCH};

const HANG_GUARD: Duration = Duration::from_secs(300);
const ADDRESS_SPACE: &str = "2147483648";
const PRIORITY: &str = "content/plans/our-plan/2026-final/priorities/better-reading";

/// `planpress build` on `site` with memory capped and a hang guard.
fn build_bounded(site: &SiteTest) -> Outcome {
    // Output goes to files, not pipes: a long error line would fill a pipe
    // that nobody reads while the guard waits.
    let logs = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (logs.path().join("out"), logs.path().join("err"));
    let mut child = Command::new("prlimit")
        .arg(format!("--as={ADDRESS_SPACE}"))
        .arg("--")
        .arg(BIN)
        .args(["build", "--quiet"])
        .current_dir(site.path())
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        .stdout(Stdio::from(std::fs::File::create(&out_path).unwrap()))
        .stderr(Stdio::from(std::fs::File::create(&err_path).unwrap()))
        .spawn()
        .expect("prlimit (util-linux) runs the binary");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > HANG_GUARD {
            let _ = child.kill();
            panic!("planpress build still running after {HANG_GUARD:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let read = |path: &Path| String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
    Outcome {
        code: status.code().unwrap_or(-1),
        stdout: read(&out_path),
        stderr: read(&err_path),
    }
}

/// The build failed with a source error (exit 1, never a crash or a kill)
/// whose report names `file` and says each of `words`, in lines of a
/// readable length.
fn assert_refused(outcome: &Outcome, file: &str, words: &[&str]) {
    // A source on one huge line is shown cut to a window, not whole.
    let longest = outcome.stderr.lines().map(|l| l.chars().count()).max();
    assert!(
        longest.unwrap_or(0) <= 400,
        "an error line of {longest:?} characters"
    );
    assert_eq!(outcome.code, 1, "exit code 1 expected:\n{}", outcome.stderr);
    assert!(
        outcome.stderr.contains(file),
        "the error names {file}:\n{}",
        outcome.stderr
    );
    for word in words {
        assert!(
            outcome.stderr.contains(word),
            "the error says `{word}`:\n{}",
            outcome.stderr
        );
    }
}

/// Writes `lines` lines made by `line` to `path`, streamed, so the test
/// itself never holds the whole file.
fn write_lines(path: &Path, head: &str, lines: usize, line: impl Fn(usize) -> String) {
    let file = std::fs::File::create(path).unwrap();
    let mut out = std::io::BufWriter::new(file);
    out.write_all(head.as_bytes()).unwrap();
    for i in 0..lines {
        out.write_all(line(i).as_bytes()).unwrap();
    }
    out.flush().unwrap();
}

#[test]
fn a_yaml_alias_bomb_is_a_located_error() {
    let site = SiteTest::fixture("minimal");
    // Ten levels of nested items, each holding nine aliases of the level
    // before: 9^9 (387 million) items if expanded.
    let mut yaml = String::from(
        "- id: bomb\n  action: a\n  indicators: [&a0 {text: x, items: [x, x, x, x, x, x, x, x, x]}]\n",
    );
    for level in 1..=9 {
        let aliases = vec![format!("*a{}", level - 1); 9].join(", ");
        yaml.push_str(&format!(
            "- id: bomb-{level}\n  action: a\n  indicators: [&a{level} {{text: x, items: [{aliases}]}}]\n"
        ));
    }
    site.write(&format!("{PRIORITY}/actions.yaml"), &yaml);
    let outcome = build_bounded(&site);
    assert_refused(
        &outcome,
        "better-reading/actions.yaml:1:1",
        &["repetition limit exceeded", "hint:"],
    );
}

#[test]
fn yaml_nested_ten_thousand_deep_is_a_located_error() {
    let site = SiteTest::fixture("minimal");
    // Nested items are the one place the sources may nest: 10,000 of them.
    let depth = 10_000;
    let yaml = format!(
        "- id: deep\n  action: a\n  indicators:\n    - {}x{}\n",
        "{text: a, items: [".repeat(depth),
        "]}".repeat(depth)
    );
    site.write(&format!("{PRIORITY}/actions.yaml"), &yaml);
    let outcome = build_bounded(&site);
    assert_refused(
        &outcome,
        "better-reading/actions.yaml:4:",
        &["recursion limit exceeded", "hint:"],
    );
}

#[test]
fn a_100_mb_markdown_file_is_refused_with_its_size_and_the_limit() {
    let site = SiteTest::fixture("minimal");
    std::fs::create_dir_all(site.path().join("content/pages")).unwrap();
    let path = site.path().join("content/pages/huge.md");
    let paragraph = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(17);
    write_lines(&path, "---\ntitle: Huge\n---\n\n", 110_000, |_| {
        format!("{paragraph}\n\n")
    });
    assert!(std::fs::metadata(&path).unwrap().len() > 100_000_000);
    let outcome = build_bounded(&site);
    assert_refused(
        &outcome,
        "content/pages/huge.md",
        &["over the limit of 10485760 bytes", "hint:"],
    );
}

#[test]
fn a_million_row_actions_file_is_refused_with_its_size_and_the_limit() {
    let site = SiteTest::fixture("minimal");
    let path = site.path().join(PRIORITY).join("actions.yaml");
    write_lines(&path, "", 1_000_000, |i| {
        format!("- id: row-{i}\n  action: Row {i}.\n")
    });
    let outcome = build_bounded(&site);
    assert_refused(
        &outcome,
        "better-reading/actions.yaml",
        &["over the limit of 10485760 bytes", "hint:"],
    );
}

#[test]
fn a_symbolic_link_loop_is_a_located_error() {
    let site = SiteTest::fixture("minimal");
    let pages = site.path().join("content/pages");
    std::fs::create_dir_all(&pages).unwrap();
    std::os::unix::fs::symlink(pages.join("b.md"), pages.join("a.md")).unwrap();
    std::os::unix::fs::symlink(pages.join("a.md"), pages.join("b.md")).unwrap();
    let outcome = build_bounded(&site);
    assert_refused(
        &outcome,
        "content/pages/a.md",
        &["loops back on itself", "hint:"],
    );
}

#[test]
fn a_symbolic_link_out_of_the_site_is_refused() {
    let site = SiteTest::fixture("minimal");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "---\ntitle: Secret\n---\nsecret words\n",
    )
    .unwrap();
    std::fs::create_dir_all(site.path().join("content/pages")).unwrap();
    let link = site.path().join("content/pages/secret.md");
    std::os::unix::fs::symlink(outside.path().join("secret.md"), link).unwrap();
    let outcome = build_bounded(&site);
    assert_refused(
        &outcome,
        "content/pages/secret.md",
        &["leads outside the site's folder", "hint:"],
    );
    assert!(!site.path().join("public/secret/index.html").exists());
}

#[test]
fn a_pipe_in_place_of_a_source_file_is_refused_not_waited_on() {
    let site = SiteTest::fixture("minimal");
    let actions = site.path().join(PRIORITY).join("actions.yaml");
    let _ = std::fs::remove_file(&actions);
    let made = Command::new("mkfifo").arg(&actions).status().unwrap();
    assert!(made.success(), "mkfifo makes the pipe");
    let outcome = build_bounded(&site);
    assert_refused(
        &outcome,
        "actions.yaml",
        &["is not a regular file", "hint:"],
    );
}
