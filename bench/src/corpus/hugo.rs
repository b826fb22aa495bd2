//! The benchmark corpus for Hugo: the same pages as the planpress corpus, one
//! Markdown file each, with the same Markdown bodies and the action and KPI
//! tables as Markdown tables (lists in cells as HTML, as Word pastes them),
//! under minimal layouts. Only for comparing build times.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use super::{
    actions, commitment_body, kpis, plan_id, priority_body, prose, section_body, summary,
    CorpusSize, VERSIONS,
};
use planpress::load::raw::{Amount, ListItem, RawAction, RawCell, RawDeadline};

const CONFIG: &str = r#"baseURL = "https://plans.example.org/"
languageCode = "en-gb"
title = "Benchmark plans"
disableKinds = ["taxonomy", "term", "RSS"]
enableRobotsTXT = true
[markup.goldmark.renderer]
unsafe = true
"#;

/// One layout for every page: the page's title and content in a document.
const LAYOUT: &str = r##"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{ .Title }} - {{ site.Title }}</title><link rel="stylesheet" href="/site.css"></head>
<body><a href="#main">Skip to main content</a>
<header><a href="/">{{ site.Title }}</a></header>
<main id="main"><h1>{{ .Title }}</h1>{{ .Content }}</main>
<footer><a href="/accessibility/">Accessibility statement</a></footer>
</body>
</html>
"##;

/// Writes the Hugo twin of the corpus `size` describes under `root`.
pub fn generate(root: &Path, size: &CorpusSize) -> io::Result<()> {
    let content = root.join("content");
    std::fs::create_dir_all(&content)?;
    std::fs::write(root.join("hugo.toml"), CONFIG)?;
    let layouts = root.join("layouts").join("_default");
    std::fs::create_dir_all(&layouts)?;
    for name in ["single.html", "list.html"] {
        std::fs::write(layouts.join(name), LAYOUT)?;
    }
    std::fs::write(root.join("layouts").join("index.html"), LAYOUT)?;
    std::fs::write(root.join("layouts").join("404.html"), LAYOUT)?;
    page(&content.join("_index.md"), "Benchmark plans", "Our plans.")?;
    page(
        &content.join("accessibility.md"),
        "Accessibility statement",
        &prose(1, 300),
    )?;
    for p in 0..size.plans {
        let dir = content.join(plan_id(p));
        std::fs::create_dir_all(&dir)?;
        let latest = VERSIONS.len() - 1;
        // The plan's address shows the final version; `_index.md` is its home.
        write_version(&dir, "", p, latest, size)?;
        for (version, (folder, ..)) in VERSIONS.iter().enumerate() {
            write_version(&dir, &format!("{folder}-"), p, version, size)?;
        }
        let history: String = VERSIONS
            .iter()
            .map(|(folder, label, ..)| format!("- [{label}]({folder}-home/)\n"))
            .collect();
        page(&dir.join("versions.md"), "Versions", &history)?;
        page(&dir.join("compare.md"), "Changes", &comparison(p, size))?;
    }
    Ok(())
}

fn page(path: &Path, title: &str, body: &str) -> io::Result<()> {
    std::fs::write(path, format!("---\ntitle: \"{title}\"\n---\n\n{body}\n"))
}

/// The pages of one version, with file names starting with `prefix`.
fn write_version(
    dir: &Path,
    prefix: &str,
    p: usize,
    version: usize,
    size: &CorpusSize,
) -> io::Result<()> {
    let home = if prefix.is_empty() {
        dir.join("_index.md")
    } else {
        dir.join(format!("{prefix}home.md"))
    };
    page(&home, &format!("Plan {p}"), &summary(p, version))?;
    for s in 0..size.sections {
        page(
            &dir.join(format!("{prefix}section-{s}.md")),
            &format!("Section {s}"),
            &section_body(p, version, s),
        )?;
    }
    page(
        &dir.join(format!("{prefix}commitments.md")),
        "Our commitment",
        &commitment_body(p),
    )?;
    let mut all = Vec::new();
    for q in 0..size.priorities {
        let rows = actions(p, version, q, size);
        let body = format!(
            "{}\n\n{}\n\n{}",
            prose(p + q, 50),
            priority_body(p, q),
            action_table(&rows)
        );
        page(
            &dir.join(format!("{prefix}priority-{q}.md")),
            &format!("Priority {q}"),
            &body,
        )?;
        all.extend(rows);
    }
    page(
        &dir.join(format!("{prefix}actions.md")),
        "All actions",
        &action_table(&all),
    )?;
    all.sort_by_key(|a| a.deadlines.first().map(when));
    page(
        &dir.join(format!("{prefix}actions-by-deadline.md")),
        "Actions by deadline",
        &action_table(&all),
    )?;
    page(
        &dir.join(format!("{prefix}kpis.md")),
        "Key performance indicators",
        &kpi_table(p, version, size),
    )
}

fn action_table(rows: &[RawAction]) -> String {
    let mut out = String::from(
        "| Action | Key indicators of success | Performance metrics | Responsible officers | Dates and deadlines |\n|---|---|---|---|---|\n",
    );
    for a in rows {
        let deadlines: Vec<String> = a
            .deadlines
            .iter()
            .map(|d| match &d.label {
                Some(label) => format!("{label}: {}", when(d)),
                None => when(d),
            })
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            a.action,
            cell(&a.indicators),
            cell(&a.metrics),
            cell(&a.officers),
            deadlines.join("<br>")
        );
    }
    out
}

/// A list in a table cell, as HTML.
fn cell(cell: &RawCell) -> String {
    match cell {
        RawCell::Items(items) => list(items),
        RawCell::SameAs(_) => String::new(),
    }
}

fn list(items: &[ListItem]) -> String {
    let mut out = String::from("<ul>");
    for item in items {
        out.push_str("<li>");
        out.push_str(item.text());
        if !item.children().is_empty() {
            out.push_str(&list(item.children()));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    out
}

fn kpi_table(p: usize, version: usize, size: &CorpusSize) -> String {
    let mut out = String::from(
        "| Indicator | Direction | Baseline | Target | Latest |\n|---|---|---|---|---|\n",
    );
    for k in kpis(p, version, size) {
        let _ = writeln!(
            out,
            "| {} | {:?} | {} | {} | {} |",
            k.indicator,
            k.direction,
            k.baseline.map_or(String::new(), |b| amount(&b.value)),
            k.target.map_or(String::new(), |t| amount(&t.value)),
            k.actuals.last().map_or(String::new(), |m| amount(&m.value)),
        );
    }
    out
}

fn when(d: &RawDeadline) -> String {
    match (&d.due, &d.when) {
        (Some(due), _) => due.0.to_string(),
        (None, Some(words)) => words.clone(),
        (None, None) => String::new(),
    }
}

fn amount(a: &Amount) -> String {
    match a {
        Amount::Number(n) => n.to_string(),
        Amount::Words(w) => w.clone(),
    }
}

/// What changed between the draft and the final plan, as a table.
fn comparison(p: usize, size: &CorpusSize) -> String {
    let mut out = String::from("| Action | Draft | Final |\n|---|---|---|\n");
    for q in 0..size.priorities {
        let draft = &actions(p, 0, q, size)[0];
        let last = &actions(p, 1, q, size)[0];
        let _ = writeln!(out, "| {} | {} | {} |", last.id, draft.action, last.action);
    }
    out
}
