//! Markdown from many hands: raw HTML is sanitised (with warnings that name
//! file and line), and `plan:` links resolve on every page and version.

use crate::support::{snapshot, SiteTest};

// Everything the hostile fixture pastes is removed from every page, the
// build still succeeds, and each removal is a warning at its line.
#[test]
fn hostile_markdown_builds_with_warnings_and_nothing_dangerous_reaches_a_page() {
    let site = SiteTest::fixture("hostile");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let foreword = "content/plans/our-plan/2026-final/sections/foreword.md";
    for (message, position) in [
        ("removed a `<script>` element", format!("{foreword}:16:1")),
        (
            "removed the `onclick` attribute",
            format!("{foreword}:18:4"),
        ),
        ("removed the `style` attribute", format!("{foreword}:18:23")),
        ("removed a `<iframe>` element", format!("{foreword}:20:1")),
        ("removed a `javascript:` link", format!("{foreword}:22:10")),
        ("removed a `javascript:` link", format!("{foreword}:22:56")),
        (
            "removed the `onerror` attribute",
            format!("{foreword}:23:9"),
        ),
    ] {
        assert!(
            out.stderr
                .contains(&format!("warning[removed-html]: {message}")),
            "{message}:\n{}",
            out.stderr
        );
        assert!(
            out.stderr.contains(&position),
            "{position}:\n{}",
            out.stderr
        );
    }
    assert!(!out.stderr.contains("error["), "{}", out.stderr);
    let pages = snapshot(&site.path().join("public"));
    let attribute = regex_free_attribute_finder();
    for (path, bytes) in &pages {
        if path.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let html = crate::support::without_external_scripts(&String::from_utf8_lossy(bytes));
        for bad in ["<script", "javascript:", "<iframe", " style="] {
            assert!(!html.contains(bad), "{bad} in {}", path.display());
        }
        assert!(
            attribute(&html).is_none(),
            "{:?} in {}",
            attribute(&html),
            path.display()
        );
    }
    let page = site.read("public/our-plan/foreword/index.html");
    for kept in [
        "<abbr title=\"Special educational needs\">SEN</abbr>",
        "line<br>break",
        "x<sup>2</sup>",
        "<caption id=\"foreword-table-1-caption\">Schools taking part</caption>",
        "<ul><li>phonics</li><li>reading for pleasure</li></ul>",
    ] {
        assert!(page.contains(kept), "{kept} not in the foreword");
    }
}

/// Finds an ` on…=` event handler attribute in a page, if there is one.
fn regex_free_attribute_finder() -> impl Fn(&str) -> Option<String> {
    |html: &str| {
        html.match_indices(" on").find_map(|(i, _)| {
            let rest = &html[i + 3..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase())
                .collect();
            (!name.is_empty() && rest[name.len()..].starts_with('=')).then(|| format!("on{name}"))
        })
    }
}

// With `allow_raw_html: true` the site's raw HTML is kept and not reported.
#[test]
fn allow_raw_html_keeps_raw_html_without_warnings() {
    let site = SiteTest::fixture("hostile");
    let config = site.read("content/site.yaml");
    site.write(
        "content/site.yaml",
        &format!("{config}allow_raw_html: true\n"),
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    let page = site.read("public/our-plan/foreword/index.html");
    assert!(page.contains("onclick="), "raw HTML kept");
}

// A priority summary's `plan:` links resolve to the plain address on the
// latest version's plain pages and to the permanent one on its permanent pages.
#[test]
fn plan_links_resolve_per_address() {
    let site = SiteTest::fixture("hostile");
    assert_eq!(site.run(&["build"]).code, 0);
    let plain = site.read("public/our-plan/priorities/better-reading/index.html");
    assert!(
        plain.contains("href=\"/our-plan/kpis/\""),
        "plain kpis link"
    );
    assert!(
        plain.contains("href=\"/our-plan/foreword/\""),
        "plain section link"
    );
    let permanent =
        site.read("public/our-plan/versions/2026-final/priorities/better-reading/index.html");
    assert!(
        permanent.contains("href=\"/our-plan/versions/2026-final/kpis/\""),
        "permanent kpis link"
    );
    assert!(
        permanent.contains("href=\"/our-plan/versions/2026-final/foreword/\""),
        "permanent section link"
    );
    assert!(!plain.contains("__planpress") && !permanent.contains("__planpress"));
}
