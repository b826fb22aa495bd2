//! Each check on the fixtures it is seeded from (so a check that rejects
//! good input fails here first), and every crash the fuzzers found, as the
//! minimized input.

use super::*;

#[test]
fn sources_of_the_fixtures_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/full/content");
    for entry in walkdir::WalkDir::new(&root) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().to_string();
        let kind = match name.as_str() {
            "site.yaml" => 0,
            "plan.yaml" => 1,
            "actions.yaml" => 2,
            "kpis.yaml" => 3,
            "priority.md" => 4,
            n if n.ends_with(".md") => 5,
            _ => continue,
        };
        let text = std::fs::read_to_string(entry.path()).unwrap();
        check_source(kind, &text);
        check_front_matter(&text);
        check_markdown(&text);
    }
}

#[test]
fn a_source_with_problems_passes_when_located() {
    check_source(2, "- id: a\n  title: [\n");
    check_source(3, "- id: x\n  unknown: 1\n");
    check_source(4, "---\ntitle: A\n");
}

#[test]
#[should_panic(expected = "a <script> tag")]
fn the_markdown_check_sees_a_script() {
    // The check itself, on HTML that was not sanitised.
    let out = crate::markdown::render("<script>alert(1)</script>", "f", true);
    if let Some(found) = html::dangerous(&out) {
        panic!("{found}");
    }
}

#[test]
fn the_markdown_check_sees_handlers_and_script_addresses() {
    for bad in [
        "<a href=\"java\nscript:x\">",
        "<img src=x onerror=\"y\">",
        "<a href='JavaScript&colon;x'>",
        "<p><svg><a xlink:href=\"javascript:1\"></a></svg>",
        "<a href=\" \u{1}\tjava\tscript:x\">",
        "<iframe src=\"DATA: text/html,x\">",
    ] {
        assert!(html::dangerous(bad).is_some(), "{bad}");
    }
    for fine in [
        "<a href=\"/javascript:x\">",
        "<img alt=\"javascript: x\">",
        "a &lt;script&gt;",
        // DEL ends a scheme: browsers read this as a relative path.
        "<a href=\"jav\u{7f}ascript:x\">",
        "<img src=\"data:image/png,x\">",
    ] {
        assert_eq!(html::dangerous(fine), None, "{fine}");
    }
    check_markdown("<script>x</script> <a href=\"javascript:x\" onclick=\"y\">z</a>");
    check_markdown("[a](javascript:alert(1)) ![b](javascript:x)");
    // Found by the fuzzer: the check had read DEL as ignored in a scheme.
    check_markdown("<a href=\"&#106;av\u{7f}ascript:alert(1)\">x</a>");
}

#[test]
fn dates_and_diffs_pass() {
    for text in [
        "2026-07-31",
        "31/07/2026",
        "July 2026",
        "2026/27",
        "Summer term 2026",
        "Ongoing",
    ] {
        check_dates(text);
    }
    check_word_diff("one two  three", "one three four\n");
}

#[test]
fn the_minimal_site_and_an_import_pass() {
    let dir = std::env::temp_dir().join(format!("planpress-fuzzing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let minimal = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal/content");
    let read = |p: &str| std::fs::read(minimal.join(p)).unwrap();
    let v1 = "plans/our-plan/2026-final/";
    let parts = [
        read("site.yaml"),
        read(&format!("{v1}plan.yaml")),
        read(&format!("{v1}priorities/better-reading/priority.md")),
        read(&format!("{v1}priorities/better-reading/actions.yaml")),
    ];
    check_site(&dir, &parts.join(&0u8));
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let first = std::fs::read_dir(&seed)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    check_import(&dir, &std::fs::read(first).unwrap(), false);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Every input a fuzzer failed on, kept as `TARGET-HASH` in
/// `tests/fixtures/fuzz-found/`, passes its target now.
#[test]
fn every_input_the_fuzzers_failed_on_passes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz-found");
    let mut replayed = 0;
    let mut failed = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with(".md") {
            continue;
        }
        let (target, _) = name.rsplit_once('-').expect("named TARGET-HASH");
        let data = std::fs::read(&path).unwrap();
        if std::panic::catch_unwind(|| run(target, &data)).is_err() {
            failed.push(name);
        }
        replayed += 1;
    }
    assert!(failed.is_empty(), "these fail again: {failed:?}");
    assert!(replayed >= 4, "only {replayed} inputs in {}", dir.display());
}
