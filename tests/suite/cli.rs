//! The command line: help, exit codes for usage errors, and init.

use crate::support::{run_in, SiteTest};

#[test]
fn help_lists_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["--help"]);
    assert_eq!(out.code, 0);
    for command in ["build", "check", "init"] {
        assert!(out.stdout.contains(command), "{command} in\n{}", out.stdout);
    }
    for sub in ["build", "check", "init"] {
        assert_eq!(run_in(dir.path(), &[sub, "--help"]).code, 0, "{sub} --help");
    }
}

#[test]
fn usage_errors_exit_with_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run_in(dir.path(), &["build", "--no-such-flag"]).code, 2);
    assert_eq!(run_in(dir.path(), &["frobnicate"]).code, 2);
    let out = run_in(dir.path(), &["build"]);
    assert_eq!(out.code, 2, "not a site: {}", out.stderr);
    assert!(
        out.stderr.contains("is not a planpress site"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("planpress init"), "{}", out.stderr);
}

// `init` writes a site that builds and checks clean as it is.
#[test]
fn init_creates_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["init", "my-site"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let site = dir.path().join("my-site");
    assert!(site.join("content/site.yaml").exists());
    assert!(
        !site.join("expected").exists(),
        "goldens are not part of the starter"
    );
    assert_eq!(run_in(&site, &["check"]).code, 0);
    let out = run_in(&site, &["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(site
        .join("public/our-plan/priorities/better-reading/index.html")
        .exists());
}

// `init` never writes over files.
#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let site = SiteTest::fixture("minimal");
    let out = site.run(&["init", "."]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("is not empty"), "{}", out.stderr);
}

#[test]
fn out_flag_writes_elsewhere_and_summary_counts_pages() {
    let site = SiteTest::fixture("minimal");
    let out = site.run(&["build", "--out", "elsewhere"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(site.path().join("elsewhere/index.html").exists());
    assert!(!site.path().join("public").exists());
    assert!(out.stderr.contains("Built 22 pages"), "{}", out.stderr);
}
