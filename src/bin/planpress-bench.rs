//! Benchmark: build times and pages per second for the example site and for
//! generated sites of a given size. Not a test; run it with
//!
//! ```sh
//! cargo run --release --bin planpress-bench -- [--pages 10000] [--runs 5]
//! cargo run --release --bin planpress-bench -- --pages 10000 --generate DIR   # only write the corpus
//! ```
//!
//! Output goes to a RAM-backed folder (`/dev/shm`) when there is one, so disk
//! noise does not drown the figures.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use planpress::bench_corpus::{generate, CorpusSize};
use planpress::pipeline::build;
use planpress::validate::Options;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str, default: usize| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let pages = value("--pages", 10_000);
    let runs = value("--runs", 5).max(1);
    if let Some(dir) = args
        .iter()
        .position(|a| a == "--generate")
        .and_then(|i| args.get(i + 1))
    {
        // Only write the corpus, for profiling or for building by hand.
        let size = CorpusSize::for_pages(pages);
        generate(Path::new(dir), &size).expect("the corpus is written");
        println!("wrote {} plans (about {pages} pages) to {dir}", size.plans);
        return;
    }
    let scratch = scratch_dir();
    println!(
        "planpress benchmark: {} cores, {runs} runs each, output under {}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        scratch.display()
    );
    println!();
    println!("| site | pages | median | min | max | pages/s |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");

    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    measure(
        "example (content/)",
        example,
        &scratch.join("example-out"),
        runs,
    );
    let example_copy = scratch.join("example-copy");
    copy_tree(&example.join("content"), &example_copy.join("content"));
    measure_serve("example: serve after a one-file edit", &example_copy, runs);
    measure_save_to_served("example: serve, end to end", &example_copy, runs);

    let corpus = scratch.join(format!("corpus-{pages}"));
    let _ = std::fs::remove_dir_all(&corpus);
    let size = CorpusSize::for_pages(pages);
    generate(&corpus, &size).expect("the corpus is written");
    measure(
        &format!("generated, {} plans", size.plans),
        &corpus,
        &scratch.join("corpus-out"),
        runs,
    );
    measure_serve("generated: serve after a one-file edit", &corpus, runs);
    measure_save_to_served("generated: serve, end to end", &corpus, runs);

    println!();
    println!(
        "peak resident memory of this process: {} MiB",
        peak_rss_mib()
    );
    let _ = std::fs::remove_dir_all(&scratch);
}

fn measure(name: &str, root: &Path, out: &Path, runs: usize) {
    let mut times = Vec::new();
    let mut count = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let stats = build(root, out, Options::default(), true).unwrap_or_else(|report| {
            panic!("{name} does not build:\n{}", report.render());
        });
        times.push(start.elapsed());
        count = stats.pages;
    }
    print_row(name, &count.to_string(), &mut times, Some(count));
}

/// What `serve` does after a save (besides its 100 ms debounce): a rebuild
/// in memory that re-renders only what the edit touches. Each run edits one
/// section file of the first plan found under `root`, which must be a scratch copy.
fn measure_serve(name: &str, root: &Path, runs: usize) {
    let section = first_section(&root.join("content/plans")).expect("a section file to edit");
    let mut build = planpress::serve::build_in_memory(root, Options::default(), None)
        .unwrap_or_else(|report| panic!("{name} does not build:\n{}", report.render()));
    let total = build.rendered;
    let mut times = Vec::new();
    for run in 0..runs {
        let text = std::fs::read_to_string(&section).expect("readable");
        std::fs::write(&section, format!("{text}\nEdit {run}.\n")).expect("writable");
        let start = Instant::now();
        build = planpress::serve::build_in_memory(root, Options::default(), Some(&build))
            .unwrap_or_else(|report| panic!("{name} does not rebuild:\n{}", report.render()));
        times.push(start.elapsed());
    }
    let what = format!("{} of {total} re-rendered", build.rendered);
    print_row(name, &what, &mut times, None);
}

/// From saving a file to the rebuilt page being in the served site: the
/// watcher's debounce, the rebuild and the swap, as `serve` runs them.
fn measure_save_to_served(name: &str, root: &Path, runs: usize) {
    let section = first_section(&root.join("content/plans")).expect("a section file to edit");
    // content/plans/<plan>/<version>/sections/<id>.md is served at <plan>/versions/<version>/<id>/.
    let rel = section
        .strip_prefix(root.join("content/plans"))
        .expect("under plans");
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let page = format!(
        "{}/versions/{}/{}/index.html",
        parts[0],
        parts[1],
        parts[3].trim_end_matches(".md")
    );
    let state = planpress::serve::start_preview(root, Options::default())
        .unwrap_or_else(|report| panic!("{name} does not build:\n{}", report.render()));
    std::thread::sleep(Duration::from_millis(300));
    let mut times = Vec::new();
    for run in 0..runs {
        let marker = format!("Marker{run}x{}", std::process::id());
        let text = std::fs::read_to_string(&section).expect("readable");
        let start = Instant::now();
        std::fs::write(&section, format!("{text}\n{marker}\n")).expect("writable");
        loop {
            let files = std::sync::Arc::clone(&state.files.read().expect("not poisoned"));
            if files
                .get(&page)
                .is_some_and(|b| String::from_utf8_lossy(b).contains(&marker))
            {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "{page} never showed the edit"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        let took = start.elapsed();
        times.push(took);
        // Let any rebuild still queued by this save finish before the next one.
        std::thread::sleep(took * 2 + Duration::from_millis(300));
    }
    print_row(name, "save to served", &mut times, None);
}

fn first_section(plans: &Path) -> Option<PathBuf> {
    walkdir::WalkDir::new(plans)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .find(|p| {
            p.parent().is_some_and(|d| d.ends_with("sections"))
                && p.extension().is_some_and(|e| e == "md")
        })
}

/// Prints one table row: median, min and max of the runs, and pages per
/// second when `pages` is given.
fn print_row(name: &str, what: &str, times: &mut [Duration], pages: Option<usize>) {
    times.sort();
    let median = times[times.len() / 2];
    let rate = pages.map_or(String::new(), |n| {
        format!("{:.0}", n as f64 / median.as_secs_f64())
    });
    println!(
        "| {name} | {what} | {} | {} | {} | {rate} |",
        secs(median),
        secs(times[0]),
        secs(*times.last().expect("at least one run")),
    );
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn scratch_dir() -> PathBuf {
    let base = if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let dir = base.join(format!("planpress-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = to.join(entry.path().strip_prefix(from).expect("under from"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("scratch folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Peak resident set size from /proc (Linux); 0 elsewhere.
fn peak_rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}
