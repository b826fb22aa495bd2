//! The three shape fixtures (`narrative`, `trust`, `sections-after`) are
//! published honestly: they build cleanly, no page says something their
//! sources do not (filler such as "No data"), and every value their sources
//! do say is visible on some page.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use planpress::date::{display_date, parse_date, Due};
use planpress::diagnostics::SourceFile;
use planpress::load::front_matter;
use planpress::markdown::render_inline;
use planpress::model::number;
use serde_json::Value;

use crate::support::{snapshot, SiteTest};

/// The fixtures written from real plans' shapes (see issue 10).
const SHAPES: &[&str] = &["narrative", "trust", "sections-after"];

/// Words a page must never show: each would stand in for something the plan
/// does not say. Matched case-insensitively in the pages' visible text.
const FILLER: &[&str] = &[
    "no data",
    "not named",
    "none given",
    "not stated",
    "0 actions",
    "this priority has no actions yet",
    "not yet known",
    "no target",
    // A count of nothing ("All 0 rows of the plan's tables") is filler too:
    // a plan without actions has no action counts.
    "0 rows",
    // A version whose plan gives no publication date was still published.
    "not published",
];

/// Keys whose values are identifiers or settings rather than content, so they
/// are not looked for in the pages' text, each with the reason. Every other
/// key's value is looked for, and so is every key under `terms:` (its
/// `priority` is the plan's word for a priority, not a reference to one).
const NOT_CONTENT: &[(&str, &str)] = &[
    (
        "id",
        "a stable identifier: it appears in addresses and fragments, not as text",
    ),
    ("slug", "a page's address, not its text"),
    ("url", "a navigation link's address; its `title` is checked"),
    (
        "base_url",
        "where the site is published: used in sitemap.xml, not shown",
    ),
    ("language", "the pages' `lang` attribute, not text"),
    ("theme", "which templates build the site, not text"),
    (
        "status",
        "a setting; readers see the version's `label` and the banner's wording",
    ),
    (
        "based_on",
        "a reference to a version folder; shown as a link to the comparison",
    ),
    (
        "priority",
        "a reference to a priority folder; shown as that priority's title",
    ),
    (
        "supporting_documents",
        "slugs of standalone pages; shown as those pages' titles",
    ),
    ("contents", "the order of the plan's parts, as ids"),
    (
        "plan",
        "in `comparisons`: a plan folder; shown as the comparison's page",
    ),
    (
        "from",
        "in `comparisons`: a version folder; shown as that version's label",
    ),
    (
        "to",
        "in `comparisons`: a version folder; shown as that version's label",
    ),
    ("weight", "an order, not text"),
    ("key", "a column's stable key; its `heading` is checked"),
    (
        "same_as",
        "the id of the row whose cell is shared; the shared cell is checked there",
    ),
    (
        "direction",
        "shown as words, checked as those words (see `direction_words`)",
    ),
    (
        "unit",
        "shown joined to the numbers it qualifies, and checked in that form",
    ),
];

/// What a page shows for a KPI's `direction`.
fn direction_words(value: &str) -> &'static str {
    match value {
        "higher_is_better" => "higher is better",
        "lower_is_better" => "lower is better",
        other => panic!("unknown direction `{other}`"),
    }
}

/// One value from the sources, and the forms a page may show it in.
#[derive(Debug)]
struct Scalar {
    /// `file: key.path[0]`, for the failure message.
    place: String,
    forms: Vec<String>,
}

/// A fixture built once and shared by this file's tests.
struct Built {
    site: SiteTest,
    stderr: String,
    code: i32,
    /// Each HTML page's visible text, by its path under `public/`.
    pages: Vec<(PathBuf, String)>,
}

fn built(name: &'static str) -> &'static Built {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, &'static Built>>> = OnceLock::new();
    // Held while building, so each fixture is built once; a failed test
    // elsewhere does not poison it for the others.
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(&b) = cache.get(name) {
        return b;
    }
    let site = SiteTest::fixture(name);
    let out = site.run(&["build", "--quiet"]);
    let pages = snapshot(&site.path().join("public"))
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
        .map(|(p, bytes)| (p, visible_text(&String::from_utf8(bytes).unwrap())))
        .collect();
    let b: &'static Built = Box::leak(Box::new(Built {
        site,
        stderr: out.stderr,
        code: out.code,
        pages,
    }));
    cache.insert(name, b);
    b
}

// Each shape builds with exit 0 and says nothing on standard error.
#[test]
fn shape_fixtures_build_cleanly() {
    for name in SHAPES {
        let b = built(name);
        assert_eq!(b.code, 0, "{name}: {}", b.stderr);
        assert!(b.stderr.trim().is_empty(), "{name} printed:\n{}", b.stderr);
        assert!(b.pages.len() > 5, "{name}: only {} pages", b.pages.len());
    }
}

// No page of a shape fixture shows filler for what its plan does not say.
#[test]
fn shape_pages_show_no_filler() {
    let mut found = Vec::new();
    for name in SHAPES {
        for (path, text) in &built(name).pages {
            for phrase in filler_in(text) {
                found.push(format!("{name}/{}: \"{phrase}\"", path.display()));
            }
        }
    }
    assert!(found.is_empty(), "filler on pages:\n{}", found.join("\n"));
}

// A plan without actions (the narrative strategy) has no action pages: no
// list of all actions and none by deadline, and no link to them.
#[test]
fn a_plan_without_actions_has_no_action_pages() {
    let b = built("narrative");
    let action_pages: Vec<_> = b
        .pages
        .iter()
        .map(|(p, _)| p.display().to_string())
        .filter(|p| p.contains("/actions/"))
        .collect();
    assert!(action_pages.is_empty(), "{action_pages:?}");
    for (path, bytes) in snapshot(&b.site.path().join("public")) {
        if path.extension().is_some_and(|e| e == "html") {
            let html = String::from_utf8(bytes).unwrap();
            assert!(
                !html.contains("/actions/"),
                "{} links to an action page",
                path.display()
            );
        }
    }
}

// A `Table: ...` line right before a Markdown table becomes the table's
// caption (the narrative strategy's annex of statutory duties), with header
// cells that have a scope and the lists inside its cells kept as lists.
#[test]
fn a_markdown_table_caption_becomes_a_caption() {
    let b = built("narrative");
    let html = b
        .site
        .read("public/learning-strategy/statutory-duties/index.html");
    let caption = "Statutory duties, who carries them out, and the data sets and tools used";
    let table = html.find("<table").expect("the annex has a table");
    let at = html[table..].find("<caption").map(|i| table + i);
    assert!(
        at.is_some_and(|i| html[i..].find(caption).is_some_and(|c| c < 200)),
        "no <caption> with the caption's text"
    );
    let text = &b
        .pages
        .iter()
        .find(|(p, _)| p.ends_with("learning-strategy/statutory-duties/index.html"))
        .unwrap()
        .1;
    assert!(
        !text.contains("Table:"),
        "the caption line is shown as text: {text}"
    );
    assert!(
        html.contains("scope=\"col\"") || html.contains("scope=col"),
        "header cells have no scope"
    );
    assert!(
        html.contains("<li>School census</li>"),
        "lists in cells are kept"
    );
}

// Links written in the stable form (`plan:priorities/<id>`, `plan:kpis`,
// `page:<slug>`, ...) reach the page's address on every page and version.
#[test]
fn stable_links_are_resolved() {
    let mut raw = Vec::new();
    for name in SHAPES {
        let b = built(name);
        for (path, bytes) in snapshot(&b.site.path().join("public")) {
            let html = String::from_utf8_lossy(&bytes);
            if ["plan:", "page:"]
                .iter()
                .any(|scheme| has_href_starting(&html, scheme))
            {
                raw.push(format!("{name}/{}", path.display()));
            }
        }
    }
    assert!(
        raw.is_empty(),
        "links left unresolved on:\n{}",
        raw.join("\n")
    );
    let b = built("sections-after");
    // In the section's own text, not the navigation around it.
    let context = prose(&b.site.read("public/youth-plan/context/index.html"));
    for href in [
        "/youth-plan/priorities/early-help/",
        "/youth-offer/",
        "/youth-plan/actions/",
        "/youth-plan/commitments/",
        "/youth-plan/",
        "/youth-plan/kpis/#kpi-hub-attendance",
    ] {
        assert!(
            has_href(&context, href),
            "no link to {href} on the context page"
        );
    }
    let old = prose(
        &b.site
            .read("public/youth-plan/versions/2024-consultation/context/index.html"),
    );
    assert!(
        has_href(
            &old,
            "/youth-plan/versions/2024-consultation/priorities/early-help/"
        ),
        "the consultation draft's link does not stay in its version"
    );
}

// Every value in every YAML file and front matter of a shape fixture is
// visible on some page of its build.
#[test]
fn every_source_value_of_the_shapes_is_visible() {
    let mut missing = Vec::new();
    for name in SHAPES {
        let b = built(name);
        assert_eq!(b.code, 0, "{name}: {}", b.stderr);
        let scalars = site_scalars(&b.site.path().join("content"));
        assert!(scalars.len() > 50, "{name}: only {} values", scalars.len());
        missing.extend(
            missing_from(&scalars, &b.pages)
                .into_iter()
                .map(|s| format!("{name}: {s}")),
        );
    }
    assert!(
        missing.is_empty(),
        "values in the sources that no page shows:\n{}",
        missing.join("\n")
    );
}

// The check fails when a value is dropped: removing one deadline ("Summer
// 2023", in every form it is shown in) from every built page of the trust
// fixture, as a template that stopped showing it would, is reported with its
// file and key.
#[test]
fn a_dropped_value_is_reported() {
    let b = built("trust");
    let scalars = site_scalars(&b.site.path().join("content"));
    let place = "quality-of-education/actions.yaml: [2].deadlines[0].due";
    let due = scalars
        .iter()
        .find(|s| s.place.contains(place))
        .expect("row 1.3 has a date");
    let dropped: Vec<(PathBuf, String)> = b
        .pages
        .iter()
        .map(|(p, t)| {
            let t = due
                .forms
                .iter()
                .fold(t.clone(), |t, f| t.replace(f.as_str(), ""));
            (p.clone(), t)
        })
        .collect();
    let before = missing_from(&scalars, &b.pages);
    let missing: Vec<String> = missing_from(&scalars, &dropped)
        .into_iter()
        .filter(|m| !before.contains(m))
        .collect();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].contains(place), "{missing:?}");

    // And on a made-up source: a mapping whose `notes` no page shows.
    let yaml = "- id: x\n  indicator: Pupils **reading** daily\n  unit: \"%\"\n  target: { value: 1250.5, by: 31/07/2026 }\n  direction: lower_is_better\n  notes: Counted in May.\n";
    let mut scalars = Vec::new();
    collect(
        &parse_yaml("kpis.yaml", yaml),
        "kpis.yaml",
        "",
        None,
        &mut scalars,
    );
    let page = visible_text(
        "<body><p>Pupils <strong>reading</strong> daily</p><td>1,250.5%</td><time>31 July 2026</time><p>Lower is better</p></body>",
    );
    let missing = missing_from(&scalars, &[(PathBuf::from("kpis/index.html"), page)]);
    assert_eq!(
        missing,
        vec!["kpis.yaml: [0].notes = `Counted in May.`".to_string()]
    );
}

// Identifiers are not looked for, but the plan's own words under `terms:` are,
// whatever their keys.
#[test]
fn only_settings_and_identifiers_are_left_out() {
    let yaml = "terms:\n  priority: Strategic aim\npriority: early-help\ncolumns:\n  - key: kpis\n    heading: KPIs\n";
    let mut scalars = Vec::new();
    collect(
        &parse_yaml("plan.yaml", yaml),
        "plan.yaml",
        "",
        None,
        &mut scalars,
    );
    let mut places: Vec<&str> = scalars.iter().map(|s| s.place.as_str()).collect();
    places.sort_unstable();
    assert_eq!(
        places,
        vec![
            "plan.yaml: columns[0].heading = `KPIs`",
            "plan.yaml: terms.priority = `Strategic aim`"
        ]
    );
}

// The filler scan reads visible text only, and does not take "10 actions", or
// a 0 in one table cell followed by "Actions" in the next, for "0 actions".
#[test]
fn filler_scan_reads_words_not_markup() {
    let text = visible_text(
        "<body><p>10 actions</p><p title=\"No data\">Fine</p><td>Not<br>stated</td></body>",
    );
    assert_eq!(filler_in(&text), vec!["not stated"]);
    assert_eq!(
        filler_in(&visible_text("<body><p>0 actions</p></body>")),
        vec!["0 actions"]
    );
    // A count in one cell and a heading in the next are not a phrase.
    let table = visible_text("<body><tr><td>0</td><td>0</td></tr><tr><th>Actions</th></tr></body>");
    assert_eq!(table, "0\n0\nActions");
    assert!(filler_in(&table).is_empty());
}

/// A section page's rendered Markdown: its first `prose` block.
fn prose(html: &str) -> String {
    let start = html
        .find("class=prose>")
        .or_else(|| html.find("class=\"prose\">"))
        .expect("the page has a prose block");
    let end = html[start..]
        .find("</div>")
        .map_or(html.len(), |i| start + i);
    html[start..end].to_string()
}

/// Whether a page links to `url`, its attribute quoted or (minified) not.
fn has_href(html: &str, url: &str) -> bool {
    html.contains(&format!("href=\"{url}\""))
        || html.contains(&format!("href={url}>"))
        || html.contains(&format!("href={url} "))
}

/// Whether a page has a link whose address starts with `prefix`.
fn has_href_starting(html: &str, prefix: &str) -> bool {
    html.contains(&format!("href=\"{prefix}")) || html.contains(&format!("href={prefix}"))
}

/// The filler phrases found in a page's visible text.
fn filler_in(text: &str) -> Vec<&'static str> {
    let spaced = text.to_lowercase();
    FILLER
        .iter()
        .copied()
        .filter(|phrase| {
            spaced.match_indices(phrase).any(|(at, _)| {
                // "10 actions" is not "0 actions"; "not namedly" is not "not named".
                let before = spaced[..at].chars().next_back();
                let after = spaced[at + phrase.len()..].chars().next();
                !before.is_some_and(|c| c.is_alphanumeric())
                    && !after.is_some_and(|c| c.is_alphanumeric())
            })
        })
        .collect()
}

/// The scalars of `site.yaml`, every plan YAML file and every front matter
/// under a site's `content/` folder.
fn site_scalars(content: &Path) -> Vec<Scalar> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(content).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        let rel = path.strip_prefix(content).unwrap().display().to_string();
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let value = match path.extension().and_then(|e| e.to_str()) {
            Some("yaml") => parse_yaml(&rel, &text),
            Some("md") => {
                let split = front_matter::split(&text).expect("front matter");
                parse_yaml(&rel, split.yaml)
            }
            _ => continue,
        };
        collect(&value, &rel, "", None, &mut out);
    }
    out
}

/// Parses YAML the way planpress does (through its one YAML module).
fn parse_yaml(rel: &str, text: &str) -> Value {
    let file = SourceFile::new(rel, text);
    planpress::load::yaml::parse::<Value>(&file, 0, text, "entry")
        .unwrap_or_else(|d| panic!("{rel}: {d:?}"))
}

/// Walks a parsed file; `unit` is the nearest enclosing mapping's `unit`.
fn collect(value: &Value, file: &str, path: &str, unit: Option<&str>, out: &mut Vec<Scalar>) {
    let place = |forms: Vec<String>, shown: &str| Scalar {
        place: format!("{file}: {path} = `{shown}`"),
        forms,
    };
    match value {
        Value::Object(map) => {
            let unit = map.get("unit").and_then(Value::as_str).or(unit);
            for (key, v) in map {
                if key == "direction" {
                    if let Some(d) = v.as_str() {
                        let words = direction_words(d);
                        out.push(Scalar {
                            place: format!(
                                "{file}: {path}.direction = `{d}` (shown as \"{words}\")"
                            ),
                            forms: vec![words.to_string()],
                        });
                    }
                    continue;
                }
                // `terms:` holds the plan's own words, whatever their keys.
                if path != "terms" && NOT_CONTENT.iter().any(|(k, _)| k == key) {
                    continue;
                }
                let sub = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                collect(v, file, &sub, unit, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect(v, file, &format!("{path}[{i}]"), unit, out);
            }
        }
        Value::String(s) => out.push(place(text_forms(s), s)),
        Value::Number(n) => {
            let raw = n.to_string();
            let mut forms = text_forms(&raw);
            if let Some(f) = n.as_f64() {
                forms.push(number(f, unit));
                forms.push(number(f, None));
            }
            out.push(place(forms, &raw));
        }
        Value::Bool(b) => out.push(place(vec![b.to_string()], &b.to_string())),
        Value::Null => {}
    }
}

/// The forms a text value may take on a page: as written, as rendered
/// Markdown, and as a displayed date or deadline (`31/07/2026` shows as
/// `31 July 2026`).
fn text_forms(s: &str) -> Vec<String> {
    let mut forms = vec![s.to_string(), visible_text(&render_inline(s))];
    if let Ok(date) = parse_date(s) {
        forms.push(display_date(date));
    }
    if let Ok(due) = Due::parse(s) {
        forms.push(due.to_string());
    }
    forms
}

/// The scalars none of whose forms is in any page's text.
fn missing_from(scalars: &[Scalar], pages: &[(PathBuf, String)]) -> Vec<String> {
    // Compared without whitespace and case: markup between words (a list, a
    // line break) must not hide a value, and it must not need the same spacing.
    let squeeze = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let pages: Vec<String> = pages.iter().map(|(_, t)| squeeze(t)).collect();
    scalars
        .iter()
        .filter(|s| {
            !s.forms
                .iter()
                .map(|f| squeeze(f))
                .any(|f| !f.is_empty() && pages.iter().any(|p| p.contains(&f)))
        })
        .map(|s| s.place.clone())
        .collect()
}

/// A page's visible text: the `<body>` without tags, scripts and styles,
/// entities decoded, whitespace collapsed. Each block or table cell is on a
/// line of its own, so that a phrase is never read across two cells (a `0`
/// in one and `Actions` in the next are not "0 actions").
fn visible_text(html: &str) -> String {
    const BLOCKS: &[&str] = &[
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ];
    let body = match (html.find("<body"), html.rfind("</body>")) {
        (Some(a), Some(b)) if a < b => &html[a..b],
        _ => html,
    };
    let mut text = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let tag = &rest[lt..];
        let skip_to = ["<script", "<style", "<template"]
            .iter()
            .find(|open| tag.starts_with(**open))
            .and_then(|open| {
                tag.find(&format!("</{}>", &open[1..]))
                    .map(|i| i + open.len() + 2)
            });
        let end = skip_to.unwrap_or_else(|| tag.find('>').map_or(tag.len(), |i| i + 1));
        let name: String = tag[1..]
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        text.push(if BLOCKS.contains(&name.as_str()) {
            '\n'
        } else {
            ' '
        });
        rest = &tag[end.min(tag.len())..];
    }
    text.push_str(rest);
    decode_entities(&text)
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let Some(semi) = tail[..tail.len().min(12)].find(';') else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let name = &tail[1..semi];
        let ch = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &tail[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
