//! The README is documentation people follow: its headings must not skip a
//! level (an accessibility rule), and the commands it gives must exist.

use std::path::Path;

use crate::support::ROOT;

#[test]
fn readme_headings_do_not_skip_levels() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let mut in_code = false;
    let mut previous = 0;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        }
        if in_code {
            continue;
        }
        let level = line.chars().take_while(|c| *c == '#').count();
        if level > 0 && line[level..].starts_with(' ') {
            assert!(level <= previous + 1, "heading skips a level: {line}");
            previous = level;
        }
    }
    assert!(previous > 0, "README has headings");
}

#[test]
fn readme_commands_exist() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    assert!(readme.contains("cargo run --release -- build"));
    // `cargo run` without `--bin` needs to know which of the two binaries
    // (planpress, planpress-bench) the README's commands mean.
    let manifest = std::fs::read_to_string(Path::new(ROOT).join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("default-run = \"planpress\""),
        "`cargo run` must run planpress"
    );
    assert!(readme.contains("scripts/test-all"));
    assert!(Path::new(ROOT).join("scripts/test-all").exists());
    assert!(readme.contains("scripts/test-browser"));
    assert!(Path::new(ROOT).join("scripts/test-browser").exists());
    assert!(readme.contains("scripts/bench"));
    assert!(Path::new(ROOT).join("scripts/bench").exists());
    let ci = std::fs::read_to_string(Path::new(ROOT).join(".ci/run")).unwrap();
    assert!(
        ci.contains("scripts/test-all"),
        ".ci/run runs the README's test command"
    );
}
