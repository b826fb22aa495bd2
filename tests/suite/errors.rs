//! Broken sites: each error names the file, line and column, says what was
//! expected, exits with 1, and leaves the last good public/ untouched.

use crate::support::{assert_golden, fixtures, SiteTest};

struct Case {
    fixture: &'static str,
    code: &'static str,
    /// `path:line:column`, as editors link it.
    position: &'static str,
    message: &'static str,
}

const PLAN: &str = "content/plans/our-plan/2026-final";

fn cases() -> Vec<Case> {
    vec![
        Case {
            fixture: "malformed_yaml",
            code: "yaml-syntax",
            position: "content/plans/our-plan/2026-final/plan.yaml:10:10",
            message: "YAML syntax error",
        },
        Case {
            fixture: "missing_field",
            code: "missing-field",
            position: "content/plans/our-plan/2026-final/priorities/better-reading/priority.md:2:1",
            message: "missing key `title`",
        },
        Case {
            fixture: "bad_date",
            code: "invalid-value",
            position:
                "content/plans/our-plan/2026-final/priorities/better-reading/actions.yaml:7:12",
            message: "the 1st action (`early-reading-training`), deadline 1: `31/13/2027` is not a date planpress can read",
        },
        Case {
            fixture: "unknown_key",
            code: "unknown-field",
            position: "content/plans/our-plan/2026-final/sections/foreword.md:3:1",
            message: "unknown key `wieght`",
        },
        Case {
            fixture: "duplicate_id",
            code: "duplicate-id",
            position:
                "content/plans/our-plan/2026-final/priorities/better-reading/actions.yaml:7:3",
            message: "action id `early-reading-training` is used twice",
        },
        Case {
            fixture: "path_collision",
            code: "path-collision",
            position: "content/pages/accessibility.md:1:1",
            message: "two pages would be written to /accessibility/",
        },
        Case {
            fixture: "unknown_reference",
            code: "unknown-reference",
            position: "content/plans/our-plan/2026-final/kpis.yaml:5:3",
            message: "KPI `ks2-reading` names priority `better-readng`",
        },
        Case {
            fixture: "no_front_matter",
            code: "front-matter",
            position: "content/plans/our-plan/2026-final/sections/foreword.md:1:1",
            message: "this Markdown file has no front matter",
        },
        Case {
            fixture: "kpi_problems",
            code: "unknown-field",
            position: "content/plans/our-plan/2026-final/kpis.yaml:12:3",
            message: "unknown key `note` in the 1st KPI (`ks2-reading`)",
        },
        Case {
            fixture: "front_matter_problems",
            code: "invalid-value",
            position: "content/plans/our-plan/2026-final/sections/foreword.md:3:9",
            message: "`weight`: `first` is not a whole number",
        },
        Case {
            fixture: "misplaced_file",
            code: "unexpected-file",
            position: "content/plans/our-plan/2026-final/priorites.yaml",
            message: "unexpected file or folder `priorites.yaml`",
        },
    ]
}

// Every broken fixture fails with its own message at its own position, exits
// 1, and leaves the site built before the breakage byte for byte as it was.
#[test]
fn broken_sites_fail_with_located_errors_and_keep_the_last_good_build() {
    for case in cases() {
        let site = SiteTest::fixture("minimal");
        assert_eq!(
            site.run(&["build"]).code,
            0,
            "{}: the minimal site builds",
            case.fixture
        );
        let before = site.snapshot("public");
        assert!(!before.is_empty());

        site.overlay_broken(case.fixture);
        let out = site.run(&["build"]);
        assert_eq!(out.code, 1, "{}: exit code\n{}", case.fixture, out.stderr);
        let header = format!("error[{}]: {}", case.code, case.message);
        assert!(
            out.stderr.contains(&header),
            "{}: wants `{header}` in\n{}",
            case.fixture,
            out.stderr
        );
        assert!(
            out.stderr.contains(case.position),
            "{}: wants `{}` in\n{}",
            case.fixture,
            case.position,
            out.stderr
        );
        assert!(
            out.stderr.contains("public was left as it was"),
            "{}",
            out.stderr
        );
        assert_eq!(
            site.snapshot("public"),
            before,
            "{}: public/ changed",
            case.fixture
        );

        // The whole message, caret and hint included, is pinned by a golden file.
        let golden = fixtures()
            .join("broken")
            .join(case.fixture)
            .join("expected.txt");
        assert_golden(&golden, &out.stderr);
    }
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
