//! Versions: permanent addresses, banners, history and comparisons.

use std::path::Path;

use serde_json::Value;

use crate::support::{run_in, snapshot_without_current_address, SiteTest, ROOT};

const PLAN: &str = "content/plans/our-plan";

/// Adds a version to the minimal site: a copy of 2026-final with changes.
fn add_version(site: &SiteTest, id: &str, status: &str, published: &str) {
    crate::support::copy_tree(
        &site.path().join(PLAN).join("2026-final"),
        &site.path().join(PLAN).join(id),
    );
    let plan = format!("{PLAN}/{id}/plan.yaml");
    let text = site
        .read(&plan)
        .replace("status: final", &format!("status: {status}"))
        .replace(
            "published: 2026-09-01",
            &format!("published: {published}\n  based_on: 2026-final"),
        )
        .replace("label: Final", &format!("label: {id}"));
    site.write(&plan, &text);
    let actions = format!("{PLAN}/{id}/priorities/better-reading/actions.yaml");
    site.write(
        &actions,
        &site
            .read(&actions)
            .replace("due: 31/07/2027", "due: 31/08/2028")
            .replace(
                "    - Head of School Improvement\n",
                "    - Director of Education\n",
            ),
    );
}

// Publishing a new version leaves every page of the older version, at its
// permanent address, byte for byte the same but for the tags in its head
// that name the canonical and the current address: the plain address moves on.
#[test]
fn adding_a_version_leaves_older_version_pages_unchanged() {
    let site = SiteTest::fixture("minimal");
    assert_eq!(site.run(&["build"]).code, 0);
    let folder = site.path().join("public/our-plan/versions/2026-final");
    let before = snapshot_without_current_address(&folder);
    assert!(before.len() >= 6, "{} pages", before.len());
    let page = "public/our-plan/versions/2026-final/kpis/index.html";
    let canonical = "<link href=\"https://plans.example.org/our-plan/kpis/\" rel=canonical>";
    assert!(site.read(page).contains(canonical), "{}", site.read(page));

    add_version(&site, "2027-refresh", "final", "2027-09-01");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(snapshot_without_current_address(&folder), before);
    let old = site.read(page);
    let own = "<link href=\"https://plans.example.org/our-plan/versions/2026-final/kpis/\" rel=canonical>";
    let current = "<link href=\"https://plans.example.org/our-plan/kpis/\" rel=latest-version>";
    assert!(old.contains(own) && old.contains(current), "{old}");
    let plain = site.read("public/our-plan/priorities/better-reading/index.html");
    assert!(
        plain.contains("Director of Education"),
        "the plain address shows the newest version"
    );
    assert!(site
        .path()
        .join("public/our-plan/versions/2027-refresh/index.html")
        .exists());
}

// Pages at a permanent address carry a banner in text; the plain address does not.
#[test]
fn version_pages_carry_a_banner_linking_the_current_page() {
    let site = SiteTest::fixture("minimal");
    add_version(&site, "2027-refresh", "final", "2027-09-01");
    assert_eq!(site.run(&["build", "--no-minify"]).code, 0);
    let old = site.read("public/our-plan/versions/2026-final/priorities/better-reading/index.html");
    assert!(
        old.contains("<strong>Version: Final</strong> (final, published"),
        "{old}"
    );
    assert!(old.contains(
        "href=\"/our-plan/priorities/better-reading/\">See the current version of this page</a>"
    ));
    assert!(old.contains("href=\"/our-plan/versions/\">all versions of this plan</a>"));
    let plain = site.read("public/our-plan/priorities/better-reading/index.html");
    assert!(!plain.contains("class=\"version-banner\""));
    let history = site.read("public/our-plan/versions/index.html");
    assert!(history.contains("2027-refresh</a> (current)"), "{history}");
    assert!(history.contains("/our-plan/compare/2026-final-to-2027-refresh/"));
}

// A page that the current version no longer has links to the plan's home.
#[test]
fn banner_links_the_nearest_page_when_the_page_was_removed() {
    let site = SiteTest::fixture("minimal");
    add_version(&site, "2027-refresh", "final", "2027-09-01");
    std::fs::remove_file(
        site.path()
            .join(PLAN)
            .join("2027-refresh/sections/foreword.md"),
    )
    .unwrap();
    assert_eq!(site.run(&["build", "--no-minify"]).code, 0);
    let old = site.read("public/our-plan/versions/2026-final/foreword/index.html");
    assert!(
        old.contains("href=\"/our-plan/\">See the current version of this page</a>"),
        "{old}"
    );
}

// Drafts are built only with --drafts, and never become the plain address.
#[test]
fn drafts_are_built_only_when_asked() {
    let site = SiteTest::fixture("minimal");
    add_version(&site, "2027-draft", "draft", "2027-09-01");
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(!site
        .path()
        .join("public/our-plan/versions/2027-draft")
        .exists());
    assert_eq!(site.run(&["build", "--drafts"]).code, 0);
    assert!(site
        .path()
        .join("public/our-plan/versions/2027-draft/index.html")
        .exists());
    let plain = site.read("public/our-plan/priorities/better-reading/index.html");
    assert!(
        !plain.contains("Director of Education"),
        "a draft is never the current version"
    );
}

// A version based on one that does not exist is an error with a suggestion.
#[test]
fn unknown_based_on_is_reported() {
    let site = SiteTest::fixture("minimal");
    add_version(&site, "2027-refresh", "final", "2027-09-01");
    let plan = format!("{PLAN}/2027-refresh/plan.yaml");
    site.write(
        &plan,
        &site
            .read(&plan)
            .replace("based_on: 2026-final", "based_on: 2026-fnal"),
    );
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("error[unknown-reference]"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("did you mean `2026-final`?"),
        "{}",
        out.stderr
    );
}

// The example's comparison of the consultation draft with the final plan
// shows the commitment added after consultation and every changed action
// field with its old and new values, on the page and in the JSON.
#[test]
fn example_comparison_shows_every_change_of_the_draft() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = run_in(
        Path::new(ROOT),
        &["build", "--out", out_dir.path().to_str().unwrap()],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let dir = out_dir
        .path()
        .join("education-2026-2029/compare/2025-consultation-to-2026-final");
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("changes.json")).unwrap()).unwrap();

    let commitments = json["commitments"].as_array().unwrap();
    assert_eq!(commitments.len(), 1);
    assert_eq!(commitments[0]["id"], "health-and-wellbeing");
    assert_eq!(commitments[0]["change"], "added");

    let actions = json["actions"].as_array().unwrap();
    let find = |id: &str| {
        actions
            .iter()
            .find(|a| a["id"] == id)
            .unwrap_or_else(|| panic!("{id} in {actions:?}"))
    };
    let field = |id: &str| find(id)["fields"][0].clone();
    assert_eq!(find("traded-services-review")["change"], "removed");
    let f = field("send-sufficiency");
    assert_eq!(f["field"], "Dates and deadlines");
    assert_eq!(
        f["old"],
        "Special school places delivery on track: 31/07/2028"
    );
    assert_eq!(
        f["new"],
        "Special school places delivery on track: 31/08/2029"
    );
    assert_eq!(field("heals-hub")["old"], "31/08/2028");
    assert_eq!(field("heals-hub")["new"], "31/08/2029");
    let f = field("ehcp-quality");
    assert_eq!(f["field"], "Responsible officers and linked services");
    assert_eq!(f["old"], Value::Null);
    assert_eq!(f["new"], "Principal Educational Psychologist");
    let post16 = &find("post-16-offer")["fields"];
    assert_eq!(post16[0]["old"], "Head of School Improvement");
    assert_eq!(post16[1]["new"], "Post 16 Senior Advisor");
    assert_eq!(
        field("reading-approach")["field"],
        "Key indicators of success"
    );
    assert_eq!(
        actions.len(),
        6,
        "only changed actions are listed: {actions:?}"
    );

    let page = std::fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(page.contains("Our commitment to the health and wellbeing of young people"));
    assert!(
        page.contains("[added: "),
        "screen-reader text for insertions"
    );
    assert!(
        page.contains("[removed: "),
        "screen-reader text for deletions"
    );
    assert!(
        page.contains("illustrative"),
        "the draft is labelled illustrative"
    );
    // Each changed action links to its row; a removed one to its row in the older version.
    assert!(page.contains("/education-2026-2029/versions/2026-final/priorities/send-and-inclusion/#action-send-sufficiency"));
    assert!(page.contains("/education-2026-2029/versions/2025-consultation/priorities/strength-and-sustainability/#action-traded-services-review"));
    assert_eq!(
        find("send-sufficiency")["priority_id"],
        "send-and-inclusion"
    );
}
