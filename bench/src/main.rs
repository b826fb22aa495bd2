//! Benchmark: planpress against Hugo on the same pages, and the floor of
//! copying the output. Not a test; run it with `scripts/bench`, or
//!
//! ```sh
//! cargo build --release --workspace && target/release/planpress-bench [--sizes 1000,10000,100000] [--runs 5] [--serve-only]
//! target/release/planpress-bench --serve-load [--pages 1000]   # the preview server under load
//! target/release/planpress-bench --pages 10000 --generate DIR   # only write the corpus
//! ```
//!
//! For each size it writes a plan corpus ([`corpus`]) and
//! its Hugo twin, then, in alternation, builds each with the real binaries
//! (under `/usr/bin/time -v` for peak memory) and copies planpress's output
//! with `cp -r`, into a RAM-backed folder (`/dev/shm`) and into a folder on
//! disk. Every build starts from an empty output folder. It prints medians
//! with min and max, ratios, pages per second and peak memory as a Markdown
//! table, then the latency of `serve` after a one-file edit, then what the
//! search index adds to a build (with it, and with `--no-search`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use planpress::site::Changes;
use planpress::validate::Options;
use planpress_bench::corpus::{generate, hugo, CorpusSize};

mod serve_load;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let number =
        |flag: &str, default: usize| value(flag).and_then(|v| v.parse().ok()).unwrap_or(default);
    let runs = number("--runs", 5).max(1);
    if let Some(dir) = value("--generate") {
        // Only write the corpus, for profiling or for building by hand.
        let size = CorpusSize::for_pages(number("--pages", 10_000));
        generate(Path::new(&dir), &size).expect("the corpus is written");
        hugo::generate(&Path::new(&dir).join("hugo"), &size).expect("the Hugo corpus is written");
        println!(
            "wrote {} plans ({} pages) to {dir}, and its Hugo twin to {dir}/hugo",
            size.plans,
            size.pages()
        );
        return;
    }
    if args.iter().any(|a| a == "--serve-load") {
        let scratch = scratch_dir(Path::new("/dev/shm"));
        serve_load::run(&Tools::find().planpress, number("--pages", 1000), &scratch);
        let _ = std::fs::remove_dir_all(&scratch);
        return;
    }
    let sizes: Vec<usize> = value("--sizes")
        .unwrap_or_else(|| "1000,10000,100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let tools = Tools::find();
    let memory = scratch_dir(Path::new("/dev/shm"));
    let disk = scratch_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    println!(
        "planpress benchmark: {} cores; {}; {runs} runs of each, alternating",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        tools
            .hugo_version
            .as_deref()
            .unwrap_or("Hugo not found: its columns are empty"),
    );
    println!();
    // `--serve-only` measures the preview alone, and `--search-only` the
    // cost of the search index alone, for quick comparisons.
    let flag = |name: &str| args.iter().any(|a| a == name);
    if !flag("--search-only") {
        if !flag("--serve-only") {
            build_table(&tools, &sizes, runs, &memory, &disk);
        }
        println!();
        serve_table(&sizes, runs, &memory);
    }
    if !flag("--serve-only") {
        println!();
        search_table(&tools, &sizes, runs, &memory);
    }
    let _ = std::fs::remove_dir_all(&memory);
    let _ = std::fs::remove_dir_all(&disk);
}

/// The table of builds: planpress, Hugo and the copy floor at each size,
/// into RAM and onto disk.
fn build_table(tools: &Tools, sizes: &[usize], runs: usize, memory: &Path, disk: &Path) {
    println!("| pages | output to | planpress | Hugo | planpress / Hugo | copy floor (`cp -r`) | planpress / floor | planpress pages/s | peak memory planpress | peak memory Hugo |");
    println!("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    // Hugo's memory grows with the site (about 2.4 GiB at 10,000 pages here);
    // a size it cannot fit in this machine's memory is skipped, not run
    // into the out-of-memory killer.
    let mut hugo_kib_per_page: Option<f64> = None;
    for &pages in sizes {
        let size = CorpusSize::for_pages(pages);
        let corpus = memory.join(format!("corpus-{pages}"));
        generate(&corpus, &size).expect("the corpus is written");
        hugo::generate(&corpus.join("hugo"), &size).expect("the Hugo corpus is written");
        // Big corpora take minutes a run; fewer runs keep the whole under CI's limits.
        let runs = if pages > 50_000 { runs.min(3) } else { runs };
        let needed_kib = hugo_kib_per_page.map(|k| k * size.pages() as f64);
        let skip_hugo = needed_kib
            .filter(|&kib| kib > 0.8 * available_kib() as f64)
            .map(|kib| format!("skipped: needs about {:.0} GiB", kib / (1024.0 * 1024.0)));
        for (place, dir) in [("RAM (/dev/shm)", memory), ("disk", disk)] {
            let row = compare(tools, &corpus, dir, runs, skip_hugo.clone());
            row.print(size.pages(), place);
            if row.hugo.peak_kib > 0 {
                hugo_kib_per_page = Some(row.hugo.peak_kib as f64 / size.pages() as f64);
            }
        }
        let _ = std::fs::remove_dir_all(&corpus);
    }
}

/// The table of `serve` rebuild times after a one-file edit.
fn serve_table(sizes: &[usize], runs: usize, memory: &Path) {
    let edit_size = sizes
        .iter()
        .copied()
        .find(|&p| p >= 10_000)
        .unwrap_or(10_000);
    let size = CorpusSize::for_pages(edit_size);
    let corpus = memory.join("serve-corpus");
    generate(&corpus, &size).expect("the corpus is written");
    println!(
        "| `serve`, {} pages | pages re-rendered | median | min | max |",
        size.pages()
    );
    println!("| --- | ---: | ---: | ---: | ---: |");
    measure_serve("rebuild after a one-file edit", &corpus, runs);
    measure_save_to_served("from saving the file to serving the page", &corpus, runs);
}

/// The table of builds with and without the search index, into RAM, at
/// each size of 10,000 pages or more (or the largest size asked for), in
/// alternation: how much the index adds to a build.
fn search_table(tools: &Tools, sizes: &[usize], runs: usize, memory: &Path) {
    println!("| pages | planpress | planpress --no-search | with / without | the index adds | index files |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut chosen: Vec<usize> = sizes.iter().copied().filter(|&p| p >= 10_000).collect();
    if chosen.is_empty() {
        chosen.extend(sizes.iter().copied().max());
    }
    for pages in chosen {
        let size = CorpusSize::for_pages(pages);
        let corpus = memory.join(format!("search-corpus-{pages}"));
        generate(&corpus, &size).expect("the corpus is written");
        let out = memory.join("search-out");
        let (mut with, mut without) = (Runs::default(), Runs::default());
        let mut files = 0;
        for _ in 0..runs {
            for (runs, extra) in [(&mut with, None), (&mut without, Some("--no-search"))] {
                let _ = std::fs::remove_dir_all(&out);
                let mut build = Command::new(&tools.planpress);
                build.args(["build", "--quiet", "--root"]).arg(&corpus);
                build.arg("--out").arg(&out).args(extra);
                timed(runs, build);
                if extra.is_none() {
                    files = walkdir::WalkDir::new(out.join("assets/search"))
                        .into_iter()
                        .filter_map(Result::ok)
                        .filter(|e| e.file_type().is_file())
                        .count();
                }
            }
        }
        let _ = std::fs::remove_dir_all(&out);
        let _ = std::fs::remove_dir_all(&corpus);
        let (Some(w), Some(n)) = (with.median(), without.median()) else {
            println!(
                "| {} | {} | {} | | | |",
                size.pages(),
                with.cell(),
                without.cell()
            );
            continue;
        };
        let ratio = w.as_secs_f64() / n.as_secs_f64();
        println!(
            "| {} | {} | {} | {ratio:.2} | {:+.0}% ({}) | {files} |",
            size.pages(),
            with.cell(),
            without.cell(),
            (ratio - 1.0) * 100.0,
            secs(w.saturating_sub(n)),
        );
    }
}

/// The programs the benchmark runs.
struct Tools {
    planpress: PathBuf,
    hugo_version: Option<String>,
}

impl Tools {
    fn find() -> Self {
        let exe = std::env::current_exe().expect("own path");
        let planpress = exe.with_file_name("planpress");
        assert!(
            planpress.is_file(),
            "{} is missing: run `cargo build --release` first",
            planpress.display()
        );
        assert!(
            Path::new("/usr/bin/time").is_file(),
            "/usr/bin/time is missing: install the `time` package"
        );
        let hugo_version = Command::new("hugo")
            .arg("version")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| {
                let text = String::from_utf8_lossy(&o.stdout).into_owned();
                text.split_whitespace()
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(" ")
            });
        Tools {
            planpress,
            hugo_version,
        }
    }
}

/// Times of several runs, and the largest peak memory seen.
#[derive(Default)]
struct Runs {
    times: Vec<Duration>,
    peak_kib: u64,
    /// Why a run failed (Hugo running out of memory on a big corpus, say).
    failed: Option<String>,
}

impl Runs {
    fn median(&self) -> Option<Duration> {
        let mut t = self.times.clone();
        t.sort();
        t.get(t.len() / 2).copied()
    }

    fn cell(&self) -> String {
        if let Some(why) = &self.failed {
            return why.clone();
        }
        let Some(median) = self.median() else {
            return String::new();
        };
        let min = self.times.iter().min().expect("a run");
        let max = self.times.iter().max().expect("a run");
        format!("{} ({}–{})", secs(median), secs(*min), secs(*max))
    }

    fn peak(&self) -> String {
        if self.times.is_empty() {
            String::new()
        } else {
            format!("{} MiB", self.peak_kib / 1024)
        }
    }
}

/// One size, one place: planpress, Hugo and the copy floor.
struct Row {
    planpress: Runs,
    hugo: Runs,
    copy: Runs,
}

impl Row {
    fn print(&self, pages: usize, place: &str) {
        let ratio = |a: &Runs, b: &Runs| match (a.median(), b.median()) {
            (Some(m), Some(n)) if a.failed.is_none() && b.failed.is_none() => {
                format!("{:.2}", m.as_secs_f64() / n.as_secs_f64())
            }
            _ => String::new(),
        };
        let rate = self.planpress.median().map_or(String::new(), |m| {
            format!("{:.0}", pages as f64 / m.as_secs_f64())
        });
        println!(
            "| {pages} | {place} | {} | {} | {} | {} | {} | {rate} | {} | {} |",
            self.planpress.cell(),
            self.hugo.cell(),
            ratio(&self.planpress, &self.hugo),
            self.copy.cell(),
            ratio(&self.planpress, &self.copy),
            self.planpress.peak(),
            self.hugo.peak(),
        );
    }
}

/// Builds with planpress and Hugo and copies planpress's output, in turn.
fn compare(
    tools: &Tools,
    corpus: &Path,
    dir: &Path,
    runs: usize,
    skip_hugo: Option<String>,
) -> Row {
    let out = dir.join("planpress-out");
    let hugo_out = dir.join("hugo-out");
    let copy = dir.join("copy-out");
    let mut row = Row {
        planpress: Runs::default(),
        hugo: Runs {
            failed: skip_hugo,
            ..Runs::default()
        },
        copy: Runs::default(),
    };
    for _ in 0..runs {
        for path in [&out, &hugo_out, &copy] {
            let _ = std::fs::remove_dir_all(path);
        }
        let mut build = Command::new(&tools.planpress);
        build
            .args(["build", "--quiet", "--root"])
            .arg(corpus)
            .arg("--out")
            .arg(&out);
        timed(&mut row.planpress, build);
        if tools.hugo_version.is_some() && row.hugo.failed.is_none() {
            let mut build = Command::new("hugo");
            build
                .args(["--quiet", "--source"])
                .arg(corpus.join("hugo"))
                .arg("--destination")
                .arg(&hugo_out);
            timed(&mut row.hugo, build);
        }
        let mut cp = Command::new("cp");
        cp.arg("-r").arg(&out).arg(&copy);
        timed(&mut row.copy, cp);
    }
    for path in [&out, &hugo_out, &copy] {
        let _ = std::fs::remove_dir_all(path);
    }
    row
}

/// Memory the system can still give, from /proc/meminfo (Linux); 0 elsewhere.
fn available_kib() -> u64 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix("MemAvailable:"))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}

/// Runs `command` under `/usr/bin/time -v`, adding its wall time and peak memory to `runs`.
fn timed(runs: &mut Runs, command: Command) {
    let mut wrapped = Command::new("/usr/bin/time");
    wrapped
        .arg("-v")
        .arg(command.get_program())
        .args(command.get_args());
    let start = Instant::now();
    let output = wrapped.output().expect("the command starts");
    let took = start.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        eprintln!("{:?} failed:\n{stderr}", command.get_program());
        let killed = stderr.contains("signal 9");
        let why = if killed {
            "killed (out of memory?)"
        } else {
            "see its errors above"
        };
        runs.failed = Some(format!("failed: {why}"));
        return;
    }
    runs.times.push(took);
    let peak = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    runs.peak_kib = runs.peak_kib.max(peak);
}

/// What `serve` does after a save (besides its 100 ms debounce): a rebuild
/// in memory that re-renders only what the edit touches. Each run edits one
/// section file of the first plan found under `root`, which must be a scratch copy.
fn measure_serve(name: &str, root: &Path, runs: usize) {
    let section = first_section(&root.join("content/plans")).expect("a section file to edit");
    let mut build =
        planpress::serve::build_in_memory(root, Options::default(), None, Changes::Unknown)
            .unwrap_or_else(|report| panic!("{name} does not build:\n{}", report.render()));
    let total = build.rendered;
    let mut times = Vec::new();
    for run in 0..runs {
        let text = std::fs::read_to_string(&section).expect("readable");
        std::fs::write(&section, format!("{text}\nEdit {run}.\n")).expect("writable");
        let start = Instant::now();
        build = planpress::serve::build_in_memory(
            root,
            Options::default(),
            Some(&build),
            Changes::Files(std::slice::from_ref(&section)),
        )
        .unwrap_or_else(|report| panic!("{name} does not rebuild:\n{}", report.render()));
        times.push(start.elapsed());
    }
    let what = format!("{} of {total}", build.rendered);
    print_row(name, &what, &mut times);
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
    state.stop();
    print_row(name, "", &mut times);
}

/// A section of the first plan's latest version: the page most edited.
fn first_section(plans: &Path) -> Option<PathBuf> {
    let latest = planpress_bench::corpus::VERSIONS.last()?.0;
    walkdir::WalkDir::new(plans)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .find(|p| {
            p.parent().is_some_and(|d| d.ends_with("sections"))
                && p.extension().is_some_and(|e| e == "md")
                && p.components().any(|c| c.as_os_str() == latest)
        })
}

/// Prints one table row: median, min and max of the runs.
fn print_row(name: &str, what: &str, times: &mut [Duration]) {
    times.sort();
    println!(
        "| {name} | {what} | {} | {} | {} |",
        secs(times[times.len() / 2]),
        secs(times[0]),
        secs(*times.last().expect("at least one run")),
    );
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn scratch_dir(base: &Path) -> PathBuf {
    let base = if base.is_dir() {
        base.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let dir = base.join(format!("planpress-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}
