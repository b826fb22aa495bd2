//! Faults during a build: a build killed at any moment, a write that fails
//! (a full disk), an output folder that cannot be written, and sources
//! changed while builds read them. After each, the output folder is the last
//! good site byte for byte (or, once the swap is done, the new one), nothing
//! half written is left beside it, and the next build succeeds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::support::{copy_tree, run_in, snapshot, SiteTest, BIN, ROOT, SOURCE_DATE_EPOCH};

type Files = BTreeMap<PathBuf, Vec<u8>>;

/// What dead or failed builds may leave beside `public/`: staging folders.
fn leftovers(site: &Path) -> Vec<String> {
    std::fs::read_dir(site)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("planpress-staging"))
        .collect()
}

/// A copy of the example site, large enough that a build takes a while.
fn example_copy() -> SiteTest {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(ROOT).join("content"),
        &dir.path().join("content"),
    );
    SiteTest { dir }
}

/// Builds `site` as it is now into a folder of its own, for comparison.
fn reference(site: &SiteTest, name: &str) -> Files {
    let out = site.path().join(name);
    let built = site.run(&["build", "--quiet", "--out", out.to_str().unwrap()]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let files = snapshot(&out);
    std::fs::remove_dir_all(&out).unwrap();
    files
}

fn build_command(site: &Path) -> Command {
    let mut command = Command::new(BIN);
    command
        .args(["build", "--quiet"])
        .current_dir(site)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

// Builds killed with SIGKILL at moments spread over a whole build, the
// sources switching between two states each time: every time, public/ is
// the site it was before or the new one, whole, and the next build cleans
// what the killed ones left.
#[test]
fn a_build_killed_at_any_moment_leaves_the_last_good_or_the_new_site() {
    let site = example_copy();
    let site_yaml = site.read("content/site.yaml");
    let states = [
        site_yaml.clone(),
        site_yaml.replacen("title:", "title: Renamed", 1),
    ];
    assert_ne!(states[0], states[1], "site.yaml has a title");
    site.write("content/site.yaml", &states[1]);
    let started = Instant::now();
    let new_site = reference(&site, "reference");
    let took = started.elapsed();
    site.write("content/site.yaml", &states[0]);
    let sites = [reference(&site, "reference"), new_site];
    assert_eq!(site.run(&["build", "--quiet"]).code, 0);
    let mut shown = 0;
    let rounds = 8;
    for round in 0..rounds {
        let next = 1 - shown;
        site.write("content/site.yaml", &states[next]);
        // From the start to a little after a whole build's time.
        let delay = took.mul_f64(1.2 * round as f64 / (rounds - 1) as f64);
        let mut child = build_command(site.path()).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        child.wait().unwrap();
        let now = site.snapshot("public");
        shown = match (now == sites[shown], now == sites[next]) {
            (true, _) => shown,
            (_, true) => next,
            _ => panic!("killed after {delay:?}: public/ is neither the last site nor the new one"),
        };
    }
    let last = site.run(&["build", "--quiet"]);
    assert_eq!(last.code, 0, "{}", last.stderr);
    let expected = if site.read("content/site.yaml") == states[0] {
        0
    } else {
        1
    };
    assert!(site.snapshot("public") == sites[expected]);
    assert_eq!(leftovers(site.path()), Vec::<String>::new());
}

// A write that fails as on a full disk: the build runs with a file size
// limit (RLIMIT_FSIZE, SIGXFSZ ignored), so writing any file over 2 KiB
// fails in the build's real write path.
#[test]
fn a_write_that_fails_names_the_file_and_keeps_the_last_good_site() {
    let site = SiteTest::fixture("minimal");
    assert_eq!(site.run(&["build"]).code, 0);
    let good = site.snapshot("public");
    let site_yaml = site.read("content/site.yaml");
    site.write(
        "content/site.yaml",
        &site_yaml.replacen("title:", "title: Renamed", 1),
    );
    let out = Command::new("sh")
        .args(["-c", "trap '' XFSZ; ulimit -f 4; exec \"$0\" build", BIN])
        .current_dir(site.path())
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[io]: cannot write "), "{stderr}");
    assert!(stderr.contains("File too large"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(site.snapshot("public") == good, "public/ changed");
    assert_eq!(leftovers(site.path()), Vec::<String>::new());

    let next = site.run(&["build"]);
    assert_eq!(next.code, 0, "{}", next.stderr);
    assert!(site.read("public/index.html").contains("Renamed"));
}

fn is_root() -> bool {
    let id = Command::new("id").arg("-u").output().unwrap();
    String::from_utf8_lossy(&id.stdout).trim() == "0"
}

// An output folder that cannot be written: under a file (which stops root
// too), and, for other users, in a folder without write permission.
#[test]
fn an_output_folder_that_cannot_be_written_fails_the_build_clearly() {
    let site = SiteTest::fixture("minimal");
    site.write("blocker", "a file, not a folder\n");
    let out = site.run(&["build", "--out", "blocker/public"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("error[io]"), "{}", out.stderr);
    assert!(out.stderr.contains("blocker"), "{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);

    if is_root() {
        eprintln!("skipped the read-only folder: root writes through permissions");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let parent = site.path().join("out");
    std::fs::create_dir_all(&parent).unwrap();
    let target = parent.join("public");
    let target = target.to_str().unwrap();
    assert_eq!(site.run(&["build", "--out", target]).code, 0);
    let good = snapshot(&parent.join("public"));
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o555)).unwrap();
    let failed = site.run(&["build", "--out", target]);
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(failed.code, 1, "{}", failed.stderr);
    assert!(
        failed.stderr.contains("Permission denied"),
        "{}",
        failed.stderr
    );
    assert!(snapshot(&parent.join("public")) == good);
    assert_eq!(site.run(&["build", "--out", target]).code, 0);
}

// A source replaced or deleted again and again while builds run: each
// build succeeds with the whole site of one state of the sources, or fails
// with a located error; none panics, and public/ is always a whole site.
#[test]
fn sources_changed_during_builds_give_a_whole_site_or_a_located_error() {
    let site = SiteTest::fixture("minimal");
    let rel = "content/plans/our-plan/2026-final/sections/foreword.md";
    let original = site.read(rel);
    let rewritten = original.replace("\n\n", "\n\nRewritten while building.\n\n");
    assert_ne!(original, rewritten);
    site.write(rel, &rewritten);
    let mut sites = vec![reference(&site, "reference")];
    site.write(rel, &original);
    sites.push(reference(&site, "reference"));
    assert_eq!(site.run(&["build"]).code, 0);

    let path = site.path().join(rel);
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let spare = path.with_extension("md.new");
            let mut turn = 0usize;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                // Replaced as editors save (a new file renamed over it), or gone.
                match turn % 3 {
                    0 => std::fs::write(&spare, &rewritten).unwrap(),
                    1 => std::fs::write(&spare, &original).unwrap(),
                    _ => {
                        let _ = std::fs::remove_file(&path);
                    }
                }
                if turn % 3 != 2 {
                    std::fs::rename(&spare, &path).unwrap();
                }
                turn += 1;
                std::thread::yield_now();
            }
            std::fs::write(&path, &original).unwrap();
        });
        for _ in 0..12 {
            let out = run_in(site.path(), &["build", "--quiet"]);
            assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
            let now = site.snapshot("public");
            match out.code {
                0 => assert!(sites.contains(&now) || now_without_section(&now)),
                1 => {
                    assert!(
                        out.stderr.contains(" ┌─ ") || out.stderr.contains(" --> "),
                        "{}",
                        out.stderr
                    );
                    assert!(sites.contains(&now) || now_without_section(&now));
                }
                code => panic!("exit code {code}: {}", out.stderr),
            }
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
    });
    let last = site.run(&["build"]);
    assert_eq!(last.code, 0, "{}", last.stderr);
    assert!(site.snapshot("public") == sites[1]);
}

/// A site built while the section was gone: whole, with no foreword page.
fn now_without_section(files: &Files) -> bool {
    files.contains_key(Path::new("index.html"))
        && !files
            .keys()
            .any(|p| p.to_string_lossy().contains("foreword"))
}
