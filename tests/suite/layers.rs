//! The modules' dependencies point one way, from the sources to the pages:
//! each module of `src/` may use only the modules listed for it here, so a
//! backward import (the model reaching into the loader, rendering into the
//! site) fails this test. Test code (after `#[cfg(test)]`) and comments are
//! not counted.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::ROOT;

/// Each module and the modules it may use, lowest first.
const LAYERS: &[(&str, &[&str])] = &[
    ("diagnostics", &[]),
    ("output", &[]),
    ("cli", &[]),
    ("date", &["diagnostics"]),
    ("model", &["date", "diagnostics"]),
    ("load", &["date", "diagnostics", "model"]),
    ("markdown", &["diagnostics", "model"]),
    ("markdown_check", &["diagnostics", "markdown", "model"]),
    (
        "validate",
        &[
            "date",
            "diagnostics",
            "load",
            "markdown",
            "markdown_check",
            "model",
        ],
    ),
    ("diff", &["date", "diagnostics", "markdown", "model"]),
    ("import", &["date", "load", "model"]),
    ("minify", &[]),
    ("theme", &["diagnostics", "load", "markdown", "minify"]),
    (
        "render",
        &["date", "diagnostics", "diff", "markdown", "model", "theme"],
    ),
    ("search", &["diagnostics", "model", "render"]),
    (
        "site",
        &[
            "date",
            "diagnostics",
            "load",
            "markdown_check",
            "model",
            "render",
            "search",
            "theme",
            "validate",
        ],
    ),
    ("serve", &["diagnostics", "load", "site", "validate"]),
    // The fuzz targets' properties: above every stage they drive.
    (
        "fuzzing",
        &[
            "date",
            "diagnostics",
            "diff",
            "import",
            "load",
            "markdown",
            "model",
            "site",
        ],
    ),
    (
        "cmd",
        &[
            "cli",
            "diagnostics",
            "import",
            "output",
            "serve",
            "site",
            "validate",
        ],
    ),
];

/// The `crate::x` modules that the non-test code of `file` names.
fn uses(file: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(file).unwrap();
    let code = text.split("#[cfg(test)]").next().unwrap();
    let mut found = BTreeSet::new();
    for line in code.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        for (at, _) in line.match_indices("crate::") {
            let before = line[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let name: String = line[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.insert(name);
        }
        // `use crate::{a, b}` names several.
        if let Some(rest) = line.strip_prefix("use crate::{") {
            for part in rest.split(['{', '}', ',']) {
                let name = part.trim().split("::").next().unwrap_or("");
                if !name.is_empty() {
                    found.insert(name.to_string());
                }
            }
        }
    }
    found
}

#[test]
fn modules_use_only_the_layers_below_them() {
    let src = Path::new(ROOT).join("src");
    let allowed: BTreeMap<&str, &[&str]> = LAYERS.iter().copied().collect();
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&src).unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = top.trim_end_matches(".rs");
        if matches!(module, "lib" | "main") {
            continue;
        }
        let Some(may) = allowed.get(module) else {
            problems.push(format!("src/{top} is not in LAYERS: place it"));
            continue;
        };
        for used in uses(entry.path()) {
            if used != module && !may.contains(&used.as_str()) {
                problems.push(format!("src/{} uses crate::{used}", rel.display()));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "backward imports:\n{}",
        problems.join("\n")
    );
}
