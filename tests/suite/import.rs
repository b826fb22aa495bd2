//! `planpress import`: each seed text imports to a version that builds with
//! no errors and shows every table cell's words; the 2026 plan's actions
//! are the example's; bad input gives an error and writes nothing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use planpress::model::PlanVersion;
use planpress::site::{Mode, Site};

use crate::support::{fixtures, run_in, ROOT};

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const SEEDS: &[&str] = &[
    "education-2026-2029",
    "hlt-2019-2022",
    "good-to-great-appendix-3",
];

fn seed(name: &str) -> PathBuf {
    fixtures().join("import").join(format!("{name}.txt"))
}

/// A new site (`planpress init`) in a temporary folder.
fn new_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let made = run_in(dir.path(), &["init", site.to_str().unwrap()]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    dir
}

fn import(root: &Path, file: &Path, plan: &str) -> crate::support::Outcome {
    import_with(root, file, plan, "imported", &[])
}

/// `planpress import` of `file` into `plan`'s `version`, with `extra` flags.
fn import_with(
    root: &Path,
    file: &Path,
    plan: &str,
    version: &str,
    extra: &[&str],
) -> crate::support::Outcome {
    let mut args = vec![
        "import",
        file.to_str().unwrap(),
        "--plan",
        plan,
        "--version",
        version,
        "--root",
        root.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run_in(root, &args)
}

/// The words of a text: runs of three letters or more, lowercased.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .collect()
}

/// Text without its tags (and without scripts and styles).
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        out.push(' ');
        let tail = &rest[open..];
        let skip_to = ["<script", "<style"]
            .iter()
            .find(|t| tail.starts_with(**t))
            .map(|t| format!("</{}", &t[1..]));
        rest = match skip_to.and_then(|end| tail.find(&end)) {
            Some(end) => &tail[end + 2..],
            None => &tail[1..],
        };
        rest = rest.find('>').map_or("", |i| &rest[i + 1..]);
    }
    out.push_str(rest);
    out.replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
}

fn built_words(public: &Path) -> BTreeSet<String> {
    let mut all = BTreeSet::new();
    for entry in walkdir::WalkDir::new(public) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            all.extend(words(&visible(&html)));
        }
    }
    all
}

#[test]
fn each_seed_builds_and_shows_every_table_cell() {
    for name in SEEDS {
        let dir = new_site();
        let root = dir.path().join("site");
        let imported = import(&root, &seed(name), name);
        assert_eq!(imported.code, 0, "{name}: {}", imported.stderr);
        let built = run_in(&root, &["build", "--root", root.to_str().unwrap()]);
        assert_eq!(built.code, 0, "{name}: {}", built.stderr);
        assert!(!built.stderr.contains("error"), "{name}: {}", built.stderr);
        let shown = built_words(&root.join("public"));
        let text = std::fs::read_to_string(seed(name)).unwrap();
        let mut missing = Vec::new();
        for (n, line) in text.lines().enumerate().filter(|(_, l)| l.contains('\t')) {
            for cell in line.split('\t') {
                let cell = visible(cell);
                for word in words(&cell) {
                    // A month written short (`Oct 2019`) is shown in full.
                    let month = MONTHS
                        .iter()
                        .any(|m| m.starts_with(&word) && shown.contains(*m));
                    if !shown.contains(&word) && !month {
                        missing.push(format!("line {}: {word}", n + 1));
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "{name}: words of table cells not on any page: {missing:?}"
        );
    }
}

fn plan_version(root: &Path, plan: &str) -> PlanVersion {
    let site = Site::load(root, Mode::default()).unwrap();
    let plan = site
        .content
        .plans
        .into_iter()
        .find(|p| p.id == plan)
        .unwrap();
    plan.versions.last().unwrap().clone()
}

/// Every word the import gives a priority or an action (its text, cells,
/// deadlines, title, summary, lists, leads) is a word of the document.
#[test]
fn nothing_is_invented() {
    for name in SEEDS {
        let dir = new_site();
        let root = dir.path().join("site");
        assert_eq!(import(&root, &seed(name), "plan").code, 0);
        let source: BTreeSet<String> = words(&std::fs::read_to_string(seed(name)).unwrap())
            .into_iter()
            .collect();
        let version = plan_version(&root, "plan");
        let mut texts: Vec<String> = Vec::new();
        for p in &version.priorities {
            texts.extend([p.title.clone(), p.summary.clone()]);
            texts.extend(
                p.leads
                    .iter()
                    .chain(&p.goals)
                    .chain(&p.key_actions)
                    .chain(&p.key_indicators)
                    .chain(&p.funding)
                    .cloned(),
            );
            texts.extend(p.headline_indicator.clone());
            for a in &p.actions {
                texts.push(a.text.clone());
                texts.push(format!("{:?}", a.cells));
                for d in &a.deadlines {
                    texts.extend(d.label.clone());
                    if let planpress::model::When::Words(w) = &d.due {
                        texts.push(w.clone());
                    }
                }
            }
        }
        let debug_words = ["items", "text", "nested", "children", "nesteditem"];
        let invented: BTreeSet<String> = texts
            .iter()
            .flat_map(|t| words(t))
            .filter(|w| !source.contains(w) && !debug_words.contains(&w.as_str()))
            .collect();
        assert!(invented.is_empty(), "{name}: {invented:?}");
    }
}

#[test]
fn the_2026_seed_gives_the_examples_30_actions() {
    let dir = new_site();
    let root = dir.path().join("site");
    let imported = import(&root, &seed("education-2026-2029"), "education");
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let ours = plan_version(&root, "education");
    let site = Site::load(Path::new(ROOT), Mode::default()).unwrap();
    let example = site
        .content
        .plans
        .iter()
        .find(|p| p.id == "education-2026-2029")
        .unwrap();
    let theirs = example
        .versions
        .iter()
        .find(|v| v.id == "2026-final")
        .unwrap();
    let rows = |v: &PlanVersion| {
        v.priorities
            .iter()
            .flat_map(|p| p.actions.clone())
            .collect::<Vec<_>>()
    };
    let (ours, theirs) = (rows(&ours), rows(theirs));
    assert_eq!(ours.len(), 30);
    assert_eq!(theirs.len(), 30);
    let mut changed = Vec::new();
    for (a, b) in ours.iter().zip(&theirs) {
        if a.text != b.text {
            changed.push(format!("{}: text", b.id));
        }
        for ((key, ours), (_, theirs)) in a.cells.iter().zip(&b.cells) {
            if ours != theirs && !run_together(ours, theirs) {
                changed.push(format!("{}: {key}: {ours:?} / {theirs:?}", b.id));
            }
        }
        if a.cells.len() != b.cells.len() {
            changed.push(format!("{}: columns", b.id));
        }
    }
    assert!(changed.is_empty(), "{changed:#?}");
    // Deadlines as the seed writes them, typos (`21/10//2025`, `31/03/026`)
    // kept as words and reported, never guessed.
    for (a, b) in ours.iter().zip(&theirs) {
        assert_eq!(a.deadlines, b.deadlines, "{}", b.id);
    }
}

/// Where the seed itself runs several officers together on one line
/// (`Head of SEND Assistant Director of School Estates`), the example splits
/// them by hand; the importer keeps the line as written, never guessing
/// where one name ends.
fn run_together(ours: &planpress::model::Cell, theirs: &planpress::model::Cell) -> bool {
    let text = |c: &planpress::model::Cell| format!("{c:?}");
    let (ours, theirs) = (text(ours), text(theirs));
    let letters = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    let strip = |s: &str| letters(&s.replace("Text(", "").replace("Items(", ""));
    strip(&ours) == strip(&theirs)
}

#[test]
fn next_years_import_compares_cleanly_with_this_one() {
    let dir = new_site();
    let root = dir.path().join("site");
    let file = seed("education-2026-2029");
    let r = root.to_str().unwrap();
    let first = import_with(&root, &file, "edu", "first", &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let second = import_with(&root, &file, "edu", "second", &["--based-on", "first"]);
    assert_eq!(second.code, 0, "{}", second.stderr);
    let built = run_in(&root, &["build", "--root", r]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let changes =
        std::fs::read_to_string(root.join("public/edu/compare/first-to-second/changes.json"))
            .unwrap();
    let changes: serde_json::Value = serde_json::from_str(&changes).unwrap();
    for kind in ["sections", "priorities", "actions", "kpis"] {
        assert_eq!(
            changes[kind],
            serde_json::json!([]),
            "{kind}: {}",
            changes[kind]
        );
    }
}

#[test]
fn a_mapping_file_corrects_what_was_recognised() {
    let dir = new_site();
    let root = dir.path().join("site");
    let map = dir.path().join("map.yaml");
    let mapping = "title: Hackney Education Strategic Plan 2026 to 2029\n\
        columns:\n  Performance metrics: measures\n\
        sections:\n  \"Introduction from Cllr Anntoinette Bramble, Deputy Mayor and Cabinet Member for Children's Services and Young People\": foreword\n\
        order: [background, foreword]\n";
    std::fs::write(&map, mapping).unwrap();
    let file = seed("education-2026-2029");
    let r = root.to_str().unwrap();
    let outcome = import_with(&root, &file, "edu", "v1", &["--map", map.to_str().unwrap()]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let plan = std::fs::read_to_string(root.join("content/plans/edu/v1/plan.yaml")).unwrap();
    assert!(
        plan.contains("title: Hackney Education Strategic Plan 2026 to 2029"),
        "{plan}"
    );
    assert!(
        plan.contains("- key: measures\n  heading: Performance metrics"),
        "{plan}"
    );
    assert!(root
        .join("content/plans/edu/v1/sections/foreword.md")
        .is_file());
    assert!(
        plan.contains("contents:\n- background\n- foreword\n- accessibility-statement\n"),
        "{plan}"
    );
    let built = run_in(&root, &["build", "--root", r]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    std::fs::write(&map, "colums: {}\n").unwrap();
    let bad = import_with(&root, &file, "edu", "v2", &["--map", map.to_str().unwrap()]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("unknown field `colums`"),
        "{}",
        bad.stderr
    );
}

#[test]
fn the_readmes_mapping_example_is_read() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let start = readme
        .find("# import mapping (--map)\n")
        .expect("the README shows a mapping file");
    let example = &readme[start..start + readme[start..].find("```").unwrap()];
    let dir = new_site();
    let root = dir.path().join("site");
    let map = dir.path().join("map.yaml");
    std::fs::write(&map, example).unwrap();
    let file = seed("hlt-2019-2022");
    let r = root.to_str().unwrap();
    let outcome = import_with(&root, &file, "hlt", "v1", &["--map", map.to_str().unwrap()]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let built = run_in(&root, &["build", "--root", r]);
    assert_eq!(built.code, 0, "{}", built.stderr);
}

#[test]
fn bad_input_is_an_error_and_writes_nothing() {
    let dir = new_site();
    let root = dir.path().join("site");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.txt", Vec::new(), "is empty"),
        (
            "plan.docx",
            b"not a zip at all".to_vec(),
            "not a Word document",
        ),
        ("corrupt.docx", b"PK\x03\x04 broken".to_vec(), "error"),
        (
            "binary.txt",
            vec![0xff, 0xfe, 0x00, 0x81],
            "neither a Word document",
        ),
    ];
    for (file, bytes, says) in cases {
        let path = dir.path().join(file);
        std::fs::write(&path, bytes).unwrap();
        let outcome = import(&root, &path, "bad");
        assert_eq!(outcome.code, 2, "{file}: {}", outcome.stderr);
        assert!(outcome.stderr.contains(says), "{file}: {}", outcome.stderr);
        assert!(
            !root.join("content/plans/bad").join("imported").exists(),
            "{file}"
        );
    }
    let big = dir.path().join("big.txt");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(50 * 1024 * 1024 + 1).unwrap();
    let outcome = import(&root, &big, "bad");
    assert_eq!(outcome.code, 2);
    assert!(outcome.stderr.contains("50 MB"), "{}", outcome.stderr);
    let plans = root.join("content/plans/bad");
    let left: Vec<_> = std::fs::read_dir(&plans)
        .map(|d| d.flatten().collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_table_without_a_header_row_is_kept_and_reported() {
    let dir = new_site();
    let root = dir.path().join("site");
    let file = dir.path().join("plan.txt");
    let text = "**Our plan**\n\n## Priority 1: Reading\n\nWe will read.\n\nBooks for all\tLibrarian\t31/07/2026\n";
    std::fs::write(&file, text).unwrap();
    let outcome = import(&root, &file, "plan");
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(
        outcome
            .stderr
            .contains("line 7: kept as written: a table without a header row"),
        "{}",
        outcome.stderr
    );
    let built = run_in(&root, &["build", "--root", root.to_str().unwrap()]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let page =
        std::fs::read_to_string(root.join("public/plan/priorities/reading/index.html")).unwrap();
    assert!(
        page.contains("Books for all") && page.contains("Librarian"),
        "{page}"
    );
}

#[test]
fn a_section_and_a_priority_of_one_title_get_two_ids() {
    let dir = new_site();
    let root = dir.path().join("site");
    let file = dir.path().join("plan.txt");
    std::fs::write(
        &file,
        "Our plan\n\n## Reading\n\nWhy.\n\n## Priority 1: Reading\n\nWhat.\n",
    )
    .unwrap();
    assert_eq!(import(&root, &file, "plan").code, 0);
    let built = run_in(&root, &["build", "--root", root.to_str().unwrap()]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(root
        .join("content/plans/plan/imported/sections/reading.md")
        .is_file());
    assert!(root
        .join("content/plans/plan/imported/priorities/reading-2/priority.md")
        .is_file());
}

#[test]
fn a_zip_that_is_not_a_word_document_is_an_error() {
    let dir = new_site();
    let root = dir.path().join("site");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("notes.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, b"hello").unwrap();
    let path = dir.path().join("notes.docx");
    std::fs::write(&path, zip.finish().unwrap().into_inner()).unwrap();
    let outcome = import(&root, &path, "bad");
    assert_eq!(outcome.code, 2);
    assert!(
        outcome.stderr.contains("no word/document.xml"),
        "{}",
        outcome.stderr
    );
    assert!(!root.join("content/plans/bad/imported").exists());
}

#[test]
fn an_existing_version_is_never_overwritten() {
    let dir = new_site();
    let root = dir.path().join("site");
    let file = seed("good-to-great-appendix-3");
    assert_eq!(import(&root, &file, "policy").code, 0);
    let again = import(&root, &file, "policy");
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
}

/// Every file of a folder, by its path inside it.
fn files(dir: &Path) -> std::collections::BTreeMap<PathBuf, String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_word_document_imports_as_its_text_does() {
    for name in SEEDS {
        let dir = new_site();
        let root = dir.path().join("site");
        let text = std::fs::read_to_string(seed(name)).unwrap();
        let docx = dir.path().join(format!("{name}.docx"));
        std::fs::write(&docx, crate::docx_fixture::docx_from_text(&text)).unwrap();
        let from_text = import(&root, &seed(name), "from-text");
        assert_eq!(from_text.code, 0, "{name}: {}", from_text.stderr);
        let from_word = import(&root, &docx, "from-word");
        assert_eq!(from_word.code, 0, "{name}: {}", from_word.stderr);
        let built = run_in(&root, &["build", "--root", root.to_str().unwrap()]);
        assert_eq!(built.code, 0, "{name}: {}", built.stderr);
        let plans = root.join("content/plans");
        let (a, b) = (
            files(&plans.join("from-text/imported")),
            files(&plans.join("from-word/imported")),
        );
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "{name}"
        );
        // Only the places differ: lines of the text, paragraphs of the document.
        let place = |s: &str| {
            s.lines()
                .map(
                    |l| match l.strip_prefix("*From ").and_then(|r| r.split_once(':')) {
                        Some((_, why)) => format!("*From [place]:{why}"),
                        None => l.to_string(),
                    },
                )
                .collect::<Vec<_>>()
                .join("\n")
        };
        for (path, text) in &a {
            let (text, word) = (place(text), place(&b[path]));
            let word = &word;
            if &text != word {
                let first = text.lines().zip(word.lines()).find(|(x, y)| x != y);
                panic!("{name}: {} differs: {first:?}", path.display());
            }
        }
    }
}

// A document's first heading is the plan's title (a Word file's `Title`
// style reads as one), and a KPI row says its direction in any of its cells,
// in the words plans use; a site made with `init --no-plan` holds only the
// imported plan. Found by a new user's trial.
#[test]
fn the_first_heading_is_the_title_and_a_note_can_give_the_direction() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let made = run_in(dir.path(), &["init", root.to_str().unwrap(), "--no-plan"]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    assert!(!root.join("content/plans").exists());
    let text =
        "# Greenvale neighbourhoods strategy\n\nProud of our place\n\n## Foreword\n\nWelcome.\n\n\
## Annex: indicators\n\nIndicator\tBaseline\tTarget\tNote\n\
Fly-tipping reports\t420\t300\tDescending target: a lower value is better\n\
Parks satisfaction\t61\t75\t\n";
    for (name, bytes) in [
        ("plan.txt", text.as_bytes().to_vec()),
        ("plan.docx", crate::docx_fixture::docx_from_text(text)),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        let plan = name.replace('.', "-");
        let outcome = import(&root, &file, &plan);
        assert_eq!(outcome.code, 0, "{}", outcome.stderr);
        let v = plan_version(&root, &plan);
        assert_eq!(v.title, "Greenvale neighbourhoods strategy", "{name}");
        assert_eq!(v.strapline.as_deref(), Some("Proud of our place"), "{name}");
        let directions: Vec<_> = v.kpis.iter().map(|k| k.direction).collect();
        assert_eq!(
            directions,
            [Some(planpress::model::Direction::LowerIsBetter), None],
            "{name}"
        );
        assert_eq!(
            v.kpis[0].notes.as_deref(),
            Some("Descending target: a lower value is better")
        );
    }
    let built = run_in(&root, &["build", "--root", root.to_str().unwrap()]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let kpis = std::fs::read_to_string(root.join("public/plan-txt/kpis/index.html")).unwrap();
    assert!(kpis.contains("Lower is better"));
}

// A document without a title is an error, not a made-up title, and the
// failed import of a new plan leaves no empty plan folder behind (which
// would break the next build).
#[test]
fn no_title_is_an_error_and_a_failed_import_leaves_no_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let made = run_in(dir.path(), &["init", root.to_str().unwrap(), "--no-plan"]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let file = dir.path().join("list.txt");
    std::fs::write(&file, "- a list and nothing else\n").unwrap();
    let outcome = import(&root, &file, "new-plan");
    assert_eq!(outcome.code, 2, "{}", outcome.stderr);
    assert!(outcome.stderr.contains("--title"), "{}", outcome.stderr);
    assert!(!root.join("content/plans").exists());
    let built = run_in(&root, &["build", "--root", root.to_str().unwrap()]);
    assert_eq!(built.code, 0, "{}", built.stderr);
}

// What --title (or the mapping) replaces is kept for review, not dropped.
#[test]
fn a_replaced_title_is_kept_for_review() {
    let dir = new_site();
    let root = dir.path().join("site");
    let file = dir.path().join("plan.txt");
    std::fs::write(&file, "# Old title\n\n## Foreword\n\nWelcome.\n").unwrap();
    let outcome = import_with(
        &root,
        &file,
        "renamed",
        "imported",
        &["--title", "New title"],
    );
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(
        outcome
            .stderr
            .contains("line 1: to review: read as the title"),
        "{}",
        outcome.stderr
    );
    let v = plan_version(&root, "renamed");
    assert_eq!(v.title, "New title");
    let review = v
        .sections
        .iter()
        .find(|s| s.id == "imported-text-to-review")
        .unwrap();
    assert!(review.body.contains("Old title"), "{:?}", review.body);
}
