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
    measure_serve("example: serve's rebuild in memory", example, runs);

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
    measure_serve("generated: serve's rebuild in memory", &corpus, runs);

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
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "| {name} | {count} | {} | {} | {} | {:.0} |",
        secs(median),
        secs(times[0]),
        secs(*times.last().expect("at least one run")),
        count as f64 / median.as_secs_f64()
    );
}

/// What `serve` does after a save (besides its 100 ms debounce): a whole
/// rebuild in memory, without minifying.
fn measure_serve(name: &str, root: &Path, runs: usize) {
    let mut times = Vec::new();
    let mut count = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let (files, _) = planpress::serve::build_in_memory(root, Options::default())
            .unwrap_or_else(|report| panic!("{name} does not build:\n{}", report.render()));
        times.push(start.elapsed());
        count = files.len();
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "| {name} | {count} files | {} | {} | {} | {:.0} |",
        secs(median),
        secs(times[0]),
        secs(*times.last().expect("at least one run")),
        count as f64 / median.as_secs_f64()
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
