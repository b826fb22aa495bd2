//! KPI charts on the built pages of `tests/fixtures/charts/`: which KPIs
//! get one, the numbers each carries against its row of the table, and the
//! sentence that states the trend.

use crate::support::SiteTest;

const KPIS: &str = "public/skills-plan/kpis/index.html";

fn built() -> (SiteTest, String) {
    let site = SiteTest::fixture("charts");
    let out = site.run(&["build", "--no-minify"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let page = site.read(KPIS);
    (site, page)
}

/// The text between `start` and the next `end` after it, from `from` on.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let at = text.find(start)? + start.len();
    Some(&text[at..at + text[at..].find(end)?])
}

/// Text without its tags, and without the labels of the stacked cards.
fn plain(html: &str) -> String {
    let mut html = html.to_string();
    while let Some(at) = html.find("<span class=\"cell-label\"") {
        let end = at + html[at..].find("</span>").unwrap() + "</span>".len();
        html.replace_range(at..end, "");
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// The chart of KPI `id`, if the page has one.
fn chart<'a>(page: &'a str, id: &str) -> Option<&'a str> {
    between(
        page,
        &format!("<figure class=\"kpi-chart\" id=\"kpi-chart-{id}\">"),
        "</figure>",
    )
}

/// The `<title>` texts of a chart's points of one kind, in order.
fn points(chart: &str, kind: &str) -> Vec<String> {
    chart
        .split(&format!("<g class=\"chart-point chart-{kind}\""))
        .skip(1)
        .map(|g| between(g, "<title>", "</title>").unwrap().to_string())
        .collect()
}

/// The cells of KPI `id`'s row, by the class of the column's heading order:
/// (baseline, target, results as list items).
fn row(page: &str, id: &str) -> (Option<String>, Option<String>, Vec<String>) {
    let row = between(page, &format!("<tr id=\"kpi-{id}\">"), "</tr>").unwrap();
    let cell = |label: &str| {
        row.split("<td ")
            .find(|td| td.contains(&format!("aria-hidden=\"true\">{label}</span>")))
            .map(|td| plain(&format!("<td {}", td.split("</td>").next().unwrap())))
            .filter(|t| !t.is_empty())
    };
    let results = row
        .split("<td ")
        .find(|td| td.contains("aria-hidden=\"true\">Results</span>"))
        .map(|td| {
            td.split("<li>")
                .skip(1)
                .map(|li| plain(li.split("</li>").next().unwrap()))
                .collect()
        })
        .unwrap_or_default();
    (cell("Baseline"), cell("Target"), results)
}

#[test]
fn kpis_whose_values_are_all_numbers_get_a_chart_and_the_others_none() {
    let (_site, page) = built();
    for id in [
        "learners",
        "no-qualifications",
        "course-cost",
        "digital-skills",
        "waiting-days",
    ] {
        assert!(chart(&page, id).is_some(), "{id} has a chart");
    }
    // Words, a single value, words among numbers.
    for id in ["satisfaction", "employers", "progression"] {
        assert!(
            page.contains(&format!("<tr id=\"kpi-{id}\">")),
            "{id} is in the table"
        );
        assert!(chart(&page, id).is_none(), "{id} has no chart");
    }
}

#[test]
fn every_chart_carries_exactly_its_rows_numbers() {
    let (_site, page) = built();
    let mut checked = 0;
    for piece in page
        .split("<figure class=\"kpi-chart\" id=\"kpi-chart-")
        .skip(1)
    {
        let id = piece.split('"').next().unwrap();
        let chart = chart(&page, id).unwrap();
        let (baseline, target, results) = row(&page, id);
        assert_eq!(
            points(chart, "baseline"),
            baseline.into_iter().collect::<Vec<_>>(),
            "{id}"
        );
        assert_eq!(points(chart, "actual"), results, "{id}");
        assert_eq!(
            points(chart, "target"),
            target.into_iter().collect::<Vec<_>>(),
            "{id}"
        );
        checked += 1;
    }
    assert_eq!(checked, 5);
}

#[test]
fn a_chart_states_its_trend_in_words_and_is_named_by_it() {
    let (site, page) = built();
    let sentence = |id: &str| {
        let chart = chart(&page, id).unwrap();
        let named = format!("aria-labelledby=\"kpi-chart-{id}-summary\"");
        assert!(
            chart.contains(&named) && chart.contains("role=\"img\""),
            "{chart}"
        );
        between(chart, &format!("id=\"kpi-chart-{id}-summary\">"), "</p>")
            .unwrap()
            .to_string()
    };
    assert_eq!(
        sentence("learners"),
        "Rose from 4,200 in 2023/24, through 4,350 in 2024/25, 4,290 in 2025/26, to 4,610 in 2026/27; target 5,000 by 2028. Higher is better."
    );
    assert_eq!(
        sentence("no-qualifications"),
        "Fell from 9.5% in 2023 to 8.8% in 2024; target 7% by 31 August 2029. Lower is better."
    );
    assert_eq!(
        sentence("course-cost"),
        "Stayed at £1,250 from 2024/25 to 2025/26."
    );
    assert_eq!(
        sentence("digital-skills"),
        "Was 300; target 900. Higher is better."
    );
    assert_eq!(
        sentence("waiting-days"),
        "Fell from 21 days, through 18 days, to 14 days."
    );
    // The same chart at the version's permanent address; the older version's own.
    let permanent = site.read("public/skills-plan/versions/2026-final/kpis/index.html");
    assert!(permanent.contains("id=\"kpi-chart-learners\""));
    let draft = site.read("public/skills-plan/versions/2025-draft/kpis/index.html");
    assert!(draft.contains("Was 4,200 in 2023/24; target 5,000 by 2028. Higher is better."));
    // No style attribute or element: the strict CSP.
    assert!(!page.contains("style="), "no style attribute");
}

#[test]
fn a_site_without_numeric_series_has_no_charts_section() {
    let site = SiteTest::fixture("narrative");
    assert_eq!(site.run(&["build"]).code, 0);
    let kpis = site.read("public/learning-strategy/kpis/index.html");
    assert!(!kpis.contains("kpi-chart"), "words only: no chart");
}
