//! Incremental rebuilds of the generated corpus, as `serve` makes them:
//! the same bytes as a clean build, with only what an edit touches
//! rendered again (counted exactly here, where the corpus's shape is known).

use planpress::serve::build_in_memory;
use planpress::site::Changes;
use planpress::validate::Options;
use planpress_bench::corpus::{generate, CorpusSize};

// An incremental rebuild gives the same bytes as a clean build, and
// re-renders only the edited plan's pages and the home page.
#[test]
fn incremental_rebuild_equals_a_clean_build() {
    let tmp = tempfile::tempdir().unwrap();
    let size = CorpusSize::for_pages(200);
    generate(tmp.path(), &size).unwrap();
    let options = Options::default();
    let first = build_in_memory(tmp.path(), options, None, Changes::Unknown).unwrap();

    let file = tmp
        .path()
        .join("content/plans/plan-00001/2026-final/sections/section-0.md");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("title: Section 0", "title: Section zero");
    std::fs::write(&file, text).unwrap();
    // Whether or not the watcher names the file, and so whether only the
    // plan is re-read or the whole site.
    for changed in [
        Changes::Unknown,
        Changes::Files(std::slice::from_ref(&file)),
    ] {
        let incremental = build_in_memory(tmp.path(), options, Some(&first), changed).unwrap();
        let clean = build_in_memory(tmp.path(), options, None, Changes::Unknown).unwrap();
        assert!(
            incremental.files == clean.files,
            "incremental and clean builds differ"
        );
        // The edited (latest) version's pages at both its addresses,
        // the plan's history and comparison, the home page, which lists
        // the plan's sections, and the search page (its A to Z).
        assert_eq!(
            incremental.rendered,
            size.pages_per_version() + size.pages_at_any_address() + 2 + 1 + 1
        );
        assert!(clean.rendered > incremental.rendered * 2);
    }
    let incremental = build_in_memory(tmp.path(), options, Some(&first), Changes::Unknown).unwrap();

    // Prose that the home page does not show leaves it alone; a new file
    // and a removed one are picked up by re-reading only their plan.
    let prose = file.with_file_name("section-1.md");
    let text = std::fs::read_to_string(&prose).unwrap() + "\nMore words.\n";
    std::fs::write(&prose, text).unwrap();
    let edited = build_in_memory(
        tmp.path(),
        options,
        Some(&incremental),
        Changes::Files(&[prose]),
    )
    .unwrap();
    // The search page declares every version's sources (see `page_inputs`).
    assert_eq!(
        edited.rendered,
        size.pages_per_version() + size.pages_at_any_address() + 2 + 1
    );
    let added = file.with_file_name("section-9.md");
    std::fs::write(&added, "---\ntitle: Added\n---\n\nNew.\n").unwrap();
    let with_new = build_in_memory(
        tmp.path(),
        options,
        Some(&edited),
        Changes::Files(std::slice::from_ref(&added)),
    )
    .unwrap();
    assert!(
        with_new.files
            == build_in_memory(tmp.path(), options, None, Changes::Unknown)
                .unwrap()
                .files
    );
    std::fs::remove_file(&added).unwrap();
    let without = build_in_memory(
        tmp.path(),
        options,
        Some(&with_new),
        Changes::Files(&[added]),
    )
    .unwrap();
    assert!(
        without.files
            == build_in_memory(tmp.path(), options, None, Changes::Unknown)
                .unwrap()
                .files
    );

    // A page template touches the pages that use it...
    std::fs::create_dir_all(tmp.path().join("templates")).unwrap();
    std::fs::write(
        tmp.path().join("templates/404.html"),
        "{% extends \"base.html\" %}",
    )
    .unwrap();
    let after_404 = build_in_memory(tmp.path(), options, Some(&without), Changes::Unknown).unwrap();
    assert_eq!(after_404.rendered, 1);
    assert!(
        after_404.files
            == build_in_memory(tmp.path(), options, None, Changes::Unknown)
                .unwrap()
                .files
    );
    // ...and one that every page extends touches every page.
    let base = include_str!("../../themes/default/templates/base.html")
        .replace("<body>", "<body class=\"x\">");
    std::fs::write(tmp.path().join("templates/base.html"), base).unwrap();
    let after_base =
        build_in_memory(tmp.path(), options, Some(&after_404), Changes::Unknown).unwrap();
    assert_eq!(after_base.rendered, first.rendered);
}

// A new latest version moves what the plan's plain address shows without
// moving any page: every page there must follow, not only the edited
// version's.
#[test]
fn a_new_latest_version_rerenders_the_plain_address() {
    let tmp = tempfile::tempdir().unwrap();
    generate(tmp.path(), &CorpusSize::for_pages(200)).unwrap();
    let options = Options { drafts: true };
    let first = build_in_memory(tmp.path(), options, None, Changes::Unknown).unwrap();
    let plan_yaml = tmp
        .path()
        .join("content/plans/plan-00001/2026-final/plan.yaml");
    let text = std::fs::read_to_string(&plan_yaml)
        .unwrap()
        .replace("status: final", "status: draft");
    std::fs::write(&plan_yaml, text).unwrap();
    let next = build_in_memory(
        tmp.path(),
        options,
        Some(&first),
        Changes::Files(&[plan_yaml]),
    )
    .unwrap();
    let clean = build_in_memory(tmp.path(), options, None, Changes::Unknown).unwrap();
    assert!(
        next.files == clean.files,
        "incremental and clean builds differ"
    );
}
