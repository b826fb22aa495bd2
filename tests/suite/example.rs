//! The example site in content/: the whole 2026 to 2029 plan.

use std::path::Path;

use crate::support::{run_in, ROOT};

// The example builds with no warnings, and the action tables hold all 30
// actions of the plan, each once on its priority page and in each overview.
#[test]
fn example_site_builds_with_all_30_actions() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = run_in(
        Path::new(ROOT),
        &["build", "--out", out_dir.path().to_str().unwrap()],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    let plan = out_dir.path().join("education-2026-2029");
    let read = |rel: &str| std::fs::read_to_string(plan.join(rel)).unwrap();
    let rows = |html: &str| {
        html.matches("<th scope=row>").count() + html.matches("<th scope=\"row\">").count()
    };
    assert_eq!(rows(&read("actions/index.html")), 30);
    assert_eq!(rows(&read("actions/by-deadline/index.html")), 30);
    let per_priority: usize = [
        "send-and-inclusion",
        "alternative-learning-provision",
        "strength-and-sustainability",
        "sustainable-school-improvement",
        "equity-for-children-and-families",
    ]
    .iter()
    .map(|p| rows(&read(&format!("priorities/{p}/index.html"))))
    .sum();
    assert_eq!(per_priority, 30);
    for section in [
        "foreword",
        "background",
        "introduction",
        "vision",
        "values",
        "commitments",
    ] {
        assert!(plan.join(section).join("index.html").exists(), "{section}");
    }
    let commitments = read("commitments/index.html");
    assert!(commitments.contains("health and wellbeing of young people"));
}
