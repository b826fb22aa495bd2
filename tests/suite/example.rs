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
        html.matches(" scope=row>").count() + html.matches("<th scope=\"row\"").count()
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

// The superseded 2019 to 2022 plan is a second plan on the site: eight
// priorities, its action plan rows, its performance touchstone and its
// critical success indicators, the descending ones marked lower-is-better.
#[test]
fn example_has_the_superseded_2019_plan_and_the_supporting_policy() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = run_in(
        Path::new(ROOT),
        &[
            "build",
            "--no-minify",
            "--out",
            out_dir.path().to_str().unwrap(),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let plan = out_dir.path().join("hlt-improvement-plan-2019-2022");
    let read = |rel: &str| std::fs::read_to_string(plan.join(rel)).unwrap();
    let home = read("index.html");
    assert_eq!(
        home.matches("<h3><a href=\"/hlt-improvement-plan-2019-2022/priorities/")
            .count(),
        8
    );
    assert!(home.contains("This plan has been superseded."));
    let actions = read("actions/index.html");
    assert_eq!(actions.matches("<th scope=\"row\"").count(), 27);
    let kpis = read("kpis/index.html");
    assert_eq!(kpis.matches("<tr id=\"kpi-").count(), 11);
    assert_eq!(kpis.matches("Lower is better").count(), 2);
    assert!(read("performance-touchstone/index.html").contains("LIGHT GREEN"));
    let p4 = std::fs::read_to_string(
        out_dir
            .path()
            .join("education-2026-2029/priorities/sustainable-school-improvement/index.html"),
    )
    .unwrap();
    assert!(
        p4.contains("<a href=\"/good-to-great-policy/\">Good to Great Schools Policy"),
        "supporting document linked"
    );
    assert!(out_dir
        .path()
        .join("good-to-great-policy/index.html")
        .exists());
}
