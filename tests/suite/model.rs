//! The content model on plans of other shapes than the example's: the
//! plan's own terms and columns, shared cells, word targets, contents order,
//! and what is left out when a plan does not say it.

use serde_json::Value;

use crate::support::SiteTest;

const VERSION: &str = "content/plans/our-plan/2026-final";

/// The minimal site turned into a trust-style plan: its own terms and
/// columns, numbered key areas, one KPI list shared by three rows.
fn trust_site() -> SiteTest {
    let site = SiteTest::fixture("minimal");
    site.write(
        &format!("{VERSION}/plan.yaml"),
        "title: Trust plan\nperiod: 2022/23 to 2024/25\nversion:\n  label: Final\n  status: final\n  published: 2026-09-01\n\
terms:\n  priority: Strategic aim\n  action_plan: Key strategic areas\n\
columns:\n  - key: action\n    heading: Key strategic area\n  - key: kpis\n    heading: KPIs\n  - key: evidence\n    heading: Exemplar evidence\n  - key: deadlines\n    heading: Dates\n\
contents:\n  - priorities\n  - foreword\n  - kpis\n",
    );
    site.write(
        &format!("{VERSION}/priorities/better-reading/priority.md"),
        "---\nnumber: 1\ntitle: Better reading\n---\n",
    );
    site.write(
        &format!("{VERSION}/priorities/better-reading/actions.yaml"),
        "- id: ksa-1-1\n  number: \"1.1\"\n  action: Curriculum\n  cells:\n    kpis: [All pupils read well, Attendance rises]\n    evidence: Curriculum reviews\n\
- id: ksa-1-2\n  number: \"1.2\"\n  action: Teaching\n  cells:\n    kpis: { same_as: ksa-1-1 }\n  deadlines:\n    - due: Summer 2023\n\
- id: ksa-1-3\n  number: \"1.3\"\n  action: Assessment\n  cells:\n    kpis: { same_as: ksa-1-1 }\n    evidence: Moderation records\n",
    );
    site.write(
        &format!("{VERSION}/kpis.yaml"),
        "- id: good-schools\n  indicator: Schools judged good or better\n  baseline: \"2013: only 2 schools\"\n  target: In line with the top 15% of local authorities\n  notes: Judgements as published.\n\
- id: ks2\n  indicator: Pupils reading at the expected standard\n  unit: \"%\"\n  direction: higher_is_better\n  baseline: { value: 74, period: 2024/25 }\n  target: { value: 80, by: 2029 }\n  actuals:\n    - { value: 76, period: 2025/26 }\n",
    );
    site
}

fn build(site: &SiteTest) {
    let out = site.run(&["build", "--no-minify"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn a_shared_cell_spans_its_rows_with_headers_for_each() {
    let site = trust_site();
    build(&site);
    let page = site.read("public/our-plan/priorities/better-reading/index.html");
    let id = "actions-better-reading";
    assert!(page.contains(&format!(
        "<td rowspan=\"3\" headers=\"{id}-kpis {id}-row-ksa-1-1 {id}-row-ksa-1-2 {id}-row-ksa-1-3\""
    )));
    // Shown once: the list is in the table once, and the card label says which rows it is for.
    assert_eq!(page.matches("All pupils read well").count(), 1);
    assert!(page.contains("KPIs, for 1.1 to 1.3"));
    assert!(!page.to_lowercase().contains("see above"));
    // The plan's own words.
    assert!(page.contains(">Key strategic area</th>"));
    assert!(page.contains(">Exemplar evidence</th>"));
    assert!(page.contains("<h2 id=\"action-plan\">Key strategic areas</h2>"));
    assert!(page.contains("<p class=\"caption\">Strategic aim 1</p>"));
    // In deadline order the rows are apart, so each shows the list itself.
    let by_deadline = site.read("public/our-plan/actions/by-deadline/index.html");
    assert_eq!(by_deadline.matches("All pupils read well").count(), 3);
    assert!(!by_deadline.contains("rowspan"));
}

#[test]
fn columns_no_row_fills_and_unsaid_fields_are_left_out() {
    let site = trust_site();
    build(&site);
    let page = site.read("public/our-plan/priorities/better-reading/index.html");
    for absent in [
        "Responsible officers",
        "Performance metrics",
        "Led by",
        "None given",
        "Not stated",
    ] {
        assert!(!page.contains(absent), "{absent}");
    }
    let home = site.read("public/our-plan/index.html");
    assert!(home.contains("<dd>2022/23 to 2024/25</dd>"));
    assert!(!home.contains("<dt>Owner</dt>"));
    assert!(!home.contains("<dt>Organisation</dt>"));
    let kpis = site.read("public/our-plan/kpis/index.html");
    assert!(!kpis.contains("Service area"), "no KPI has one");
    assert!(!kpis.contains("No data") && !kpis.contains("No target"));
}

#[test]
fn targets_in_words_are_shown_as_written_and_numbers_keep_met_or_not() {
    let site = trust_site();
    build(&site);
    let kpis = site.read("public/our-plan/kpis/index.html");
    assert!(kpis.contains("2013: only 2 schools"));
    assert!(kpis.contains("In line with the top 15% of local authorities"));
    assert!(kpis.contains("Judgements as published."));
    assert!(kpis.contains("80% by <time datetime=\"2029\">2029</time>"));
    assert!(kpis.contains("76% (2025/26)"));
    assert_eq!(kpis.matches("Target not met").count(), 1);
    assert!(kpis.contains("Higher is better"));
}

#[test]
fn contents_puts_sections_after_priorities() {
    let site = trust_site();
    build(&site);
    let home = site.read("public/our-plan/index.html");
    let nav = &home[home.find("class=\"plan-nav\"").unwrap()..];
    let (priority, section, kpis) = (
        nav.find("Strategic aim 1: Better reading").unwrap(),
        nav.find(">Foreword<").unwrap(),
        nav.find(">Key performance indicators<").unwrap(),
    );
    assert!(priority < section && section < kpis, "{nav}");
}

#[test]
fn a_plan_without_actions_has_no_action_pages_or_counts() {
    let site = trust_site();
    std::fs::remove_file(
        site.path()
            .join(VERSION)
            .join("priorities/better-reading/actions.yaml"),
    )
    .unwrap();
    build(&site);
    assert!(!site.path().join("public/our-plan/actions").exists());
    let home = site.read("public/our-plan/index.html");
    assert!(
        !home.contains("/our-plan/actions/"),
        "no link to action pages"
    );
    assert!(!home.contains("0 actions"));
    let priority = site.read("public/our-plan/priorities/better-reading/index.html");
    assert!(!priority.contains("action-plan"));
    assert!(!priority.contains("no actions"));
}

#[test]
fn a_shared_cell_must_follow_its_rows_and_custom_columns_must_be_declared() {
    let site = trust_site();
    let actions = format!("{VERSION}/priorities/better-reading/actions.yaml");
    let text = site
        .read(&actions)
        .replace(
            "    kpis: { same_as: ksa-1-1 }\n  deadlines",
            "    kpis: [Own list]\n  deadlines",
        )
        .replace(
            "evidence: Moderation records",
            "evidnce: Moderation records",
        );
    site.write(&actions, &text);
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "action `ksa-1-3` shares its `kpis` cell with `ksa-1-1`, but a row between them does not share it"
        ),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("actions.yaml:18:13"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("fills the column `evidnce`, which this plan's table does not have"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("did you mean `evidence`?"),
        "{}",
        out.stderr
    );
}

#[test]
fn contents_must_name_every_part() {
    let site = trust_site();
    let plan = format!("{VERSION}/plan.yaml");
    site.write(
        &plan,
        &site.read(&plan).replace("  - foreword\n", "  - forword\n"),
    );
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("`contents` names `forword`, which is not a part of this version"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("did you mean `foreword`?"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("`contents` leaves out the section `foreword`"),
        "{}",
        out.stderr
    );
}

#[test]
fn comparisons_match_custom_columns_and_word_targets_by_key() {
    let site = trust_site();
    crate::support::copy_tree(
        &site.path().join(VERSION),
        &site.path().join("content/plans/our-plan/2027-refresh"),
    );
    let next = "content/plans/our-plan/2027-refresh";
    let plan = format!("{next}/plan.yaml");
    site.write(
        &plan,
        &site
            .read(&plan)
            .replace("label: Final", "label: Refresh")
            .replace(
                "published: 2026-09-01",
                "published: 2027-09-01\n  based_on: 2026-final",
            )
            .replace(
                "heading: Exemplar evidence",
                "heading: What good looks like",
            ),
    );
    let actions = format!("{next}/priorities/better-reading/actions.yaml");
    site.write(
        &actions,
        &site
            .read(&actions)
            .replace("Curriculum reviews", "Curriculum reviews each term"),
    );
    let kpis = format!("{next}/kpis.yaml");
    site.write(
        &kpis,
        &site.read(&kpis).replace(
            "top 15% of local authorities",
            "top 10% of local authorities",
        ),
    );
    let before = site.snapshot("public");
    let out = site.run(&["build", "--no-minify"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    drop(before);
    let json: Value = serde_json::from_str(
        &site.read("public/our-plan/compare/2026-final-to-2027-refresh/changes.json"),
    )
    .unwrap();
    let action = json["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "ksa-1-1")
        .expect("the changed action");
    let keys: Vec<&str> = action["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["evidence", "evidence"], "{action}");
    assert_eq!(action["fields"][0]["field"], "What good looks like");
    let kpi = &json["kpis"][0];
    assert_eq!(kpi["id"], "good-schools");
    assert_eq!(kpi["fields"][0]["key"], "target");
    assert_eq!(
        kpi["fields"][0]["new"],
        "In line with the top 10% of local authorities"
    );
    let page = site.read("public/our-plan/compare/2026-final-to-2027-refresh/index.html");
    assert!(page.contains("What good looks like"));
}

#[test]
fn old_versions_stay_byte_stable_with_custom_columns() {
    let site = trust_site();
    build(&site);
    let folder = site.path().join("public/our-plan/versions/2026-final");
    let before = crate::support::snapshot_without_current_address(&folder);
    crate::support::copy_tree(
        &site.path().join(VERSION),
        &site.path().join("content/plans/our-plan/2027-refresh"),
    );
    let plan = "content/plans/our-plan/2027-refresh/plan.yaml";
    site.write(
        plan,
        &site
            .read(plan)
            .replace("label: Final", "label: Refresh")
            .replace("published: 2026-09-01", "published: 2027-09-01"),
    );
    build(&site);
    let after = crate::support::snapshot_without_current_address(&folder);
    assert_eq!(after, before);
}

#[test]
fn the_action_column_comes_first() {
    let site = trust_site();
    let plan = format!("{VERSION}/plan.yaml");
    site.write(
        &plan,
        &site.read(&plan).replace(
            "  - key: action\n    heading: Key strategic area\n  - key: kpis\n    heading: KPIs\n",
            "  - key: kpis\n    heading: KPIs\n  - key: action\n    heading: Key strategic area\n",
        ),
    );
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("the `action` column must come first"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("plan.yaml:13:"), "{}", out.stderr);
}

#[test]
fn a_deadline_in_words_is_shown_as_written_and_needs_one_of_due_or_when() {
    let site = trust_site();
    let actions = format!("{VERSION}/priorities/better-reading/actions.yaml");
    site.write(
        &actions,
        &site.read(&actions).replace(
            "    - due: Summer 2023\n",
            "    - due: Summer 2023\n    - label: Review\n      when: after the first inspection\n",
        ),
    );
    build(&site);
    let page = site.read("public/our-plan/priorities/better-reading/index.html");
    assert!(
        page.contains("<li>Review: after the first inspection</li>"),
        "{page}"
    );
    let by_deadline = site.read("public/our-plan/actions/by-deadline/index.html");
    assert!(by_deadline.contains("after the first inspection"));

    site.write(
        &actions,
        &site.read(&actions).replace(
            "      when: after the first inspection\n",
            "      due: TBC\n",
        ),
    );
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("`TBC`"), "{}", out.stderr);
    assert!(out.stderr.contains("goes under `when:`"), "{}", out.stderr);

    site.write(
        &actions,
        &site
            .read(&actions)
            .replace("      due: TBC\n", "      when: soon\n      due: 2024\n"),
    );
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("the 2nd deadline of this action gives both `due:` and `when:`"),
        "{}",
        out.stderr
    );
}
