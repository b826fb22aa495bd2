//! Building good sites: the pages, their goldens, and the files around them.

use std::path::Path;

use crate::support::{assert_golden, fixtures, main_region, snapshot, SiteTest, ROOT};

// The main region of every page of the minimal site matches its golden file,
// and no golden is left over for a page that is no longer built.
#[test]
fn minimal_site_pages_match_goldens() {
    let site = SiteTest::fixture("minimal");
    let out = site.run(&["build", "--no-minify"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let expected_dir = fixtures().join("minimal/expected");
    let pages: Vec<_> = snapshot(&site.path().join("public"))
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
        .collect();
    assert!(pages.len() >= 9, "{} pages", pages.len());
    for (path, bytes) in &pages {
        let html = String::from_utf8(bytes.clone()).unwrap();
        assert_golden(&expected_dir.join(path), &main_region(&html));
    }
    for (golden, _) in snapshot(&expected_dir) {
        if golden.starts_with(MINIFIED) {
            continue;
        }
        assert!(
            pages.iter().any(|(p, _)| *p == golden),
            "stale golden file {} (no page is built there any more)",
            golden.display()
        );
    }
    assert!(
        !pages.iter().any(|(p, _)| p.starts_with(MINIFIED)),
        "a page is built under /{MINIFIED}/, where the minified goldens are"
    );
}

/// The folder of `tests/fixtures/minimal/expected/` with whole minified pages.
const MINIFIED: &str = "minified";

/// The pages of the minimal site whose whole minified form is a golden file:
/// the home page, a plan's overview, a priority with its action table, and
/// the KPI annex.
const MINIFIED_PAGES: [&str; 4] = [
    "index.html",
    "our-plan/index.html",
    "our-plan/priorities/better-reading/index.html",
    "our-plan/kpis/index.html",
];

// Pages as users get them: `build` minifies by default, so a few whole pages
// of that (head, navigation and footer too) are goldens as well. Minified
// HTML comes in a few long lines, so the goldens have a line break before
// each tag, which the page gets too before the comparison (see
// `one_tag_a_line`): any change to the page's bytes shows, line by line.
#[test]
fn minimal_site_minified_pages_match_goldens() {
    let site = SiteTest::fixture("minimal");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let expected_dir = fixtures().join("minimal/expected").join(MINIFIED);
    for page in MINIFIED_PAGES {
        let html = site.read(&format!("public/{page}"));
        assert_golden(&expected_dir.join(page), &one_tag_a_line(&html));
    }
    for (golden, _) in snapshot(&expected_dir) {
        assert!(
            MINIFIED_PAGES.iter().any(|page| Path::new(page) == golden),
            "stale golden file {MINIFIED}/{} (not one of MINIFIED_PAGES)",
            golden.display()
        );
    }
}

/// `html` with a line break before every `<` but a leading one. Nothing is
/// lost: taking out the break before each `<` gives `html` back, so two
/// pages are equal exactly when their results are.
fn one_tag_a_line(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    for (i, c) in html.char_indices() {
        if c == '<' && i > 0 {
            out.push('\n');
        }
        out.push(c);
    }
    out
}

// The build writes the sitemap, robots.txt, the 404 page and the theme's assets.
#[test]
fn site_files_are_written() {
    let site = SiteTest::fixture("minimal");
    assert_eq!(site.run(&["build"]).code, 0);
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        sitemap
            .contains("<loc>https://plans.example.org/our-plan/priorities/better-reading/</loc>"),
        "{sitemap}"
    );
    assert!(
        !sitemap.contains("404"),
        "the 404 page is not in the sitemap"
    );
    assert!(site
        .read("public/robots.txt")
        .contains("Sitemap: https://plans.example.org/sitemap.xml"));
    assert!(site.read("public/404.html").contains("Page not found"));
    assert!(site.path().join("public/assets/site.css").exists());
}

// Every page links the accessibility statement from its footer, and the
// statement has the headings the model statement requires.
#[test]
fn accessibility_statement_is_complete_and_linked_everywhere() {
    let site = SiteTest::fixture("minimal");
    assert_eq!(site.run(&["build", "--no-minify"]).code, 0);
    let statement = site.read("public/accessibility/index.html");
    for heading in [
        "Accessibility statement for Our plans",
        "How accessible this website is",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Technical information about this website's accessibility",
        "Compliance status",
        "Non-accessible content",
        "What we're doing to improve accessibility",
        "Preparation of this accessibility statement",
    ] {
        assert!(statement.contains(heading), "missing heading {heading}");
    }
    assert!(statement.contains("partially compliant"));
    assert!(statement.contains("mailto:accessibility@example.org"));
    assert!(statement.contains("4.1.2 Name, Role, Value"));
    for (path, bytes) in snapshot(&site.path().join("public")) {
        if path.extension().is_some_and(|e| e == "html") {
            let html = String::from_utf8(bytes).unwrap();
            assert!(
                html.contains("href=\"/accessibility/\">Accessibility statement</a>"),
                "{}",
                path.display()
            );
        }
    }
}

// No page carries inline script or style, so a strict CSP holds, and nothing
// is loaded from another host.
#[test]
fn pages_have_no_inline_script_or_style_and_no_external_loads() {
    let site = SiteTest::fixture("full");
    let out = site.run(&["build", "--no-minify"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for (path, bytes) in snapshot(&site.path().join("public")) {
        if path.extension().is_some_and(|e| e == "html") {
            let html = crate::support::without_external_scripts(&String::from_utf8(bytes).unwrap());
            assert!(
                !html.contains("<script"),
                "{}: inline script",
                path.display()
            );
            assert!(!html.contains("style="), "{}: inline style", path.display());
            assert!(
                !html.contains("<style"),
                "{}: style element",
                path.display()
            );
            for attr in ["src=\"http", "href=\"//"] {
                assert!(!html.contains(attr), "{}: {attr}", path.display());
            }
            let stylesheets = html.matches("rel=\"stylesheet\" href=\"http").count();
            assert_eq!(stylesheets, 0, "{}", path.display());
        }
    }
}

// A site's own template overrides the theme's, and its static files are copied.
#[test]
fn site_templates_and_static_files_override_the_theme() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Lost</h1>{% endblock content %}",
    );
    site.write("static/documents/plan.txt", "plain text copy");
    site.write("static/assets/site.css", "body { color: black; }");
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(site.read("public/404.html").contains("<h1>Lost</h1>"));
    assert_eq!(site.read("public/documents/plan.txt"), "plain text copy");
    assert_eq!(
        site.read("public/assets/site.css"),
        "body { color: black; }"
    );
}

// A template error names the template and the page, and the build fails cleanly.
#[test]
fn broken_template_is_reported_with_its_file() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "templates/section.html",
        "{% extends \"base.html\" %}{% block content %}{{ section.nope }}{% endblock content %}",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("error[template]"), "{}", out.stderr);
    assert!(
        out.stderr.contains("templates/section.html"),
        "{}",
        out.stderr
    );
    assert!(!site.path().join("public").exists());
}

// The priority table template is rendered once per version and address and
// shown by the pages; an error in it names that template and fails the build.
#[test]
fn broken_priority_table_template_is_reported_with_its_file() {
    let site = SiteTest::fixture("minimal");
    site.write("templates/priority_actions.html", "{{ priority.nope }}");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("Variable `priority.nope` not found in context"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("templates/priority_actions.html:1:4"),
        "{}",
        out.stderr
    );
    assert!(!site.path().join("public").exists());
}

// A theme whose pages do not show `actions_table_html` never has the priority
// table template rendered: here its `macros.html` has no `action_table`, which
// the built-in `priority_actions.html` (kept) would call.
#[test]
fn priority_table_template_is_rendered_only_when_a_page_shows_it() {
    let site = SiteTest::fixture("minimal");
    let theme = Path::new(ROOT).join("themes/default/templates");
    let read = |name: &str| std::fs::read_to_string(theme.join(name)).unwrap();
    let renamed = |text: String| text.replace("action_table", "own_table");
    site.write("templates/macros.html", &renamed(read("macros.html")));
    site.write("templates/deadlines.html", &renamed(read("deadlines.html")));
    site.write("templates/filtered.html", &renamed(read("filtered.html")));
    let own_table = "{% extends \"base.html\" %}{% import \"macros.html\" as m %}{% block content %}<h1>{{ priority.title }}</h1>{{ m::own_table(actions=priority.actions, columns=priority.columns, caption=\"Own\", id=\"own\") }}{% endblock content %}";
    site.write("templates/priority.html", own_table);
    for page in ["actions.html", "print.html"] {
        site.write(
            &format!("templates/{page}"),
            "{% extends \"base.html\" %}{% block content %}<h1>All</h1>{% endblock content %}",
        );
    }
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let page = site.read("public/our-plan/priorities/better-reading/index.html");
    assert!(
        page.contains("<caption id=\"own-caption\">Own</caption>"),
        "{page}"
    );
}

// Building twice gives the same bytes: output is deterministic.
#[test]
fn builds_are_reproducible() {
    let site = SiteTest::fixture("full");
    assert_eq!(site.run(&["build"]).code, 0);
    let first = site.snapshot("public");
    assert_eq!(site.run(&["build"]).code, 0);
    assert_eq!(site.snapshot("public"), first);
}

// The same sources give the same bytes wherever and however they are built:
// another folder and output folder name, another time zone, locale, home
// and number of threads, a later time of day (the build date is a day, from
// SOURCE_DATE_EPOCH, which both share). The example site is the biggest, with
// the search index, open data, feeds and charts.
#[test]
fn builds_are_reproducible_across_folders_and_environments() {
    let build = |parent: &std::path::Path, env: &[(&str, &str)]| {
        let root = parent.join("sources of the plan");
        crate::support::copy_tree(
            &std::path::Path::new(ROOT).join("content"),
            &root.join("content"),
        );
        let out = parent.join("site out");
        let status = std::process::Command::new(crate::support::BIN)
            .args(["build", "--quiet", "--root"])
            .arg(&root)
            .arg("--out")
            .arg(&out)
            .env("SOURCE_DATE_EPOCH", crate::support::SOURCE_DATE_EPOCH)
            .envs(env.iter().copied())
            .status()
            .unwrap();
        assert!(status.success());
        crate::support::snapshot(&out)
    };
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::Builder::new()
        .prefix("élsewhere ")
        .tempdir()
        .unwrap();
    let first = build(
        one.path(),
        &[("TZ", "UTC"), ("LANG", "C"), ("RAYON_NUM_THREADS", "1")],
    );
    let second = build(
        two.path(),
        &[
            ("TZ", "Pacific/Kiritimati"),
            ("LANG", "de_DE.UTF-8"),
            ("LC_ALL", "de_DE.UTF-8"),
            ("HOME", two.path().to_str().unwrap()),
            ("RAYON_NUM_THREADS", "2"),
            // A later second of the same build day.
            (
                "SOURCE_DATE_EPOCH",
                &(crate::support::SOURCE_DATE_EPOCH.parse::<i64>().unwrap() + 86_399).to_string(),
            ),
        ],
    );
    assert!(first.len() > 100, "the example builds many files");
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(second[path] == *bytes, "{} differs", path.display());
    }
    let text: String = first
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    for leak in ["sources of the plan", "site out", "élsewhere"] {
        assert!(
            !text.contains(leak),
            "a folder name leaks into the output: {leak}"
        );
    }
}

// The full fixture shows nested lists, code blocks, footnotes, KPIs and pages.
#[test]
fn full_fixture_renders_every_feature() {
    let site = SiteTest::fixture("full");
    assert_eq!(site.run(&["build", "--no-minify"]).code, 0);
    let priority = site.read("public/better-schools/priorities/reading/index.html");
    assert!(
        priority.contains("<caption id=\"actions-reading-caption\">"),
        "caption"
    );
    assert!(priority
        .contains("<th scope=\"col\" id=\"actions-reading-deadlines\">Dates and deadlines</th>"));
    assert!(priority.contains("<th scope=\"row\" id=\"actions-reading-row-"));
    assert!(priority.contains("<time datetime=\"2027-07-31\">31 July 2027</time>"));
    assert!(
        priority.contains("<ul class=\"cell-list\"><li>phonics</li>"),
        "nested list"
    );
    let kpis = site.read("public/better-schools/kpis/index.html");
    assert!(kpis.contains("Lower is better"));
    assert!(kpis.contains("Target met"));
    assert!(kpis.contains("Target not met"));
    let section = site.read("public/better-schools/data/index.html");
    assert!(section.contains("class=\"hl-code\""), "highlighted code");
    assert!(section.contains("footnote-definition"), "footnote");
    assert!(
        site.path().join("public/about/index.html").exists(),
        "standalone page"
    );
}

// File and folder names with capitals, spaces and accents become clean
// addresses, and a section without a title takes its file's name as written.
#[test]
fn file_and_folder_names_become_clean_addresses() {
    let site = SiteTest::fixture("minimal");
    let version = site.path().join("content/plans/our-plan/2026-final");
    std::fs::rename(
        version.join("priorities/better-reading"),
        version.join("priorities/Better Reading"),
    )
    .unwrap();
    site.write(
        "content/plans/our-plan/2026-final/sections/Café plan – notes.md",
        "---\nweight: 30\n---\n\nNotes from the café.\n",
    );
    let out = site.run(&["build", "--no-minify"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let notes = site.read("public/our-plan/cafe-plan-notes/index.html");
    assert!(notes.contains("<h1>Café plan – notes</h1>"), "{notes}");
    assert!(notes.contains("Notes from the café."), "{notes}");
    let priority = site.read("public/our-plan/priorities/better-reading/index.html");
    assert!(priority.contains("Better reading for every child"));
    let home = site.read("public/our-plan/index.html");
    assert!(home.contains("/our-plan/cafe-plan-notes/"), "{home}");

    // Two names with one address are an error naming both files ...
    site.write(
        "content/plans/our-plan/2026-final/sections/Foreword.md",
        "---\ntitle: Another foreword\n---\n\nText.\n",
    );
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "error[duplicate-id]: `Foreword.md` and `foreword.md` would both be at the address `foreword`"
        ),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("give one a `slug:`"), "{}", out.stderr);

    // ... and an explicit `slug:` still sets the address, and is still checked.
    site.write(
        "content/plans/our-plan/2026-final/sections/Foreword.md",
        "---\ntitle: Another foreword\nslug: another-foreword\n---\n\nText.\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(site
        .path()
        .join("public/our-plan/another-foreword/index.html")
        .exists());
    site.write(
        "content/plans/our-plan/2026-final/sections/Foreword.md",
        "---\ntitle: Another foreword\nslug: Another Foreword\n---\n\nText.\n",
    );
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("`Another Foreword` cannot be part of a web address"),
        "{}",
        out.stderr
    );
}
