//! `planpress serve`: live rebuilds, the error overlay's status, and a server
//! that never hands out a file from outside the site.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{SiteTest, BIN};

/// A running `serve`, stopped when dropped.
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) addr: String,
    /// What serve printed to stderr after its address.
    log: Arc<Mutex<Vec<String>>>,
}

/// How long any wait for the server lasts before the test fails: generous,
/// since a wait ends as soon as what it waits for happens.
pub(crate) const PATIENCE: Duration = Duration::from_secs(30);

/// Polls `done` every few milliseconds until it holds; fails after [`PATIENCE`].
pub(crate) fn wait_until(what: &str, mut done: impl FnMut() -> Result<(), String>) {
    let start = Instant::now();
    loop {
        let last = match done() {
            Ok(()) => return,
            Err(last) => last,
        };
        assert!(
            start.elapsed() < PATIENCE,
            "timed out after {PATIENCE:?} waiting for {what}; {last}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Saves a file the way many editors do, whole at once: written beside the
/// site's watched folders, then renamed into place. A plain write is a
/// truncation and a write, which the watcher may see as two changes when the
/// test is slowed down between them, and build in between.
pub(crate) fn save(site: &SiteTest, rel: &str, text: &str) {
    let scratch = site.path().join("saving.tmp");
    std::fs::write(&scratch, text).unwrap();
    std::fs::rename(&scratch, site.path().join(rel)).unwrap();
}

impl Server {
    pub(crate) fn start(site: &SiteTest) -> Server {
        let mut child = Command::new(BIN)
            .args(["serve", "--port", "0"])
            .current_dir(site.path())
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let addr = loop {
            let line = lines.next().expect("serve prints its address").unwrap();
            if let Some(rest) = line.split("http://").nth(1) {
                break rest.split('/').next().unwrap().to_string();
            }
        };
        // Keep reading stderr so the server never blocks on a full pipe.
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let server = Server { child, addr, log };
        // serve prints its address, then starts watching and only then
        // answers requests, so once it has answered, no change is missed.
        assert_eq!(server.get("/__planpress/status").0, 200);
        server
    }

    /// The rebuilds reported so far, as their log lines.
    pub(crate) fn rebuilt_lines(&self) -> Vec<String> {
        let log = self.log.lock().unwrap();
        log.iter()
            .filter(|l| l.starts_with("Rebuilt"))
            .cloned()
            .collect()
    }

    /// Subscribes to the live-reload events; the names of those received
    /// so far (`reload`, `build-error`) are in the returned list.
    pub(crate) fn events(&self) -> Arc<Mutex<Vec<String>>> {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET /__planpress/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut lines = BufReader::new(stream).lines();
        // The server subscribes before it answers, so no event after this
        // line is missed.
        loop {
            let line = lines.next().expect("the event stream answers").unwrap();
            if line == ": connected" {
                break;
            }
        }
        let events = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&events);
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                if let Some(name) = line.strip_prefix("event: ") {
                    sink.lock().unwrap().push(name.to_string());
                }
            }
        });
        events
    }

    /// Sends a raw request line and returns (status, body).
    pub(crate) fn request(&self, method: &str, target: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let status = response
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    pub(crate) fn get(&self, target: &str) -> (u16, String) {
        self.request("GET", target)
    }

    /// Polls until `check` holds for the page, within a bounded wait.
    pub(crate) fn wait_for(
        &self,
        target: &str,
        what: &str,
        check: impl Fn(&str) -> bool,
    ) -> String {
        let mut seen = String::new();
        wait_until(what, || {
            seen = self.get(target).1;
            if check(&seen) {
                Ok(())
            } else {
                Err(format!("last body:\n{seen}"))
            }
        });
        seen
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) const FOREWORD: &str = "content/plans/our-plan/2026-final/sections/foreword.md";

/// Renames the foreword and waits until its page is served with the new title.
fn revise_foreword(site: &SiteTest, server: &Server) {
    save(
        site,
        FOREWORD,
        &site
            .read(FOREWORD)
            .replace("title: Foreword", "title: Foreword, revised"),
    );
    server.wait_for("/our-plan/foreword/", "the edit", |b| {
        b.contains("<h1>Foreword, revised</h1>")
    });
}

// After an edit the new pages are served first and the search index after
// them: the index's entry file then names the new index, whose files are
// all served, and none of the old index's files are left.
#[test]
fn serve_makes_the_search_index_again_after_the_pages() {
    let site = SiteTest::fixture("minimal");
    let server = Server::start(&site);
    const ENTRY: &str = "/assets/search/pagefind-entry.json";
    let (status, before) = server.get(ENTRY);
    assert_eq!(status, 200, "{before}");
    revise_foreword(&site, &server);
    let after = server.wait_for(ENTRY, "the new index", |b| b != before);
    // The entry names the index of each language by a hash of its content.
    let hash = |entry: &str| -> String {
        let json: serde_json::Value = serde_json::from_str(entry).unwrap();
        let languages = json["languages"].as_object().unwrap();
        let language = languages.values().next().unwrap();
        language["hash"].as_str().unwrap().to_string()
    };
    let (old, new) = (hash(&before), hash(&after));
    assert_ne!(old, new);
    let meta = |hash: &str| format!("/assets/search/pagefind.{hash}.pf_meta");
    assert_eq!(
        server.request("HEAD", &meta(&new)).0,
        200,
        "the new index is served"
    );
    assert_eq!(
        server.request("HEAD", &meta(&old)).0,
        404,
        "the old index is gone"
    );
}

// Edit, break, fix: the page follows good edits, keeps the last good content
// while the sources are broken, reports the error, and recovers.
#[test]
fn serve_rebuilds_on_change_and_survives_a_bad_edit() {
    let site = SiteTest::fixture("minimal");
    let server = Server::start(&site);
    let (status, page) = server.get("/our-plan/foreword/");
    assert_eq!(status, 200);
    assert!(page.contains("<h1>Foreword</h1>"), "{page}");
    assert!(
        page.contains("__planpress/live.js"),
        "serve adds the reload script"
    );

    revise_foreword(&site, &server);

    save(
        &site,
        FOREWORD,
        &site.read(FOREWORD).replace("weight: 10", "weight: [10"),
    );
    let status = server.wait_for("/__planpress/status", "the error", |b| {
        b.contains("\"ok\":false")
    });
    assert!(status.contains("foreword.md:3:9"), "{status}");
    let (code, page) = server.get("/our-plan/foreword/");
    assert_eq!(code, 200);
    assert!(
        page.contains("<h1>Foreword, revised</h1>"),
        "the last good page is still served"
    );

    save(
        &site,
        FOREWORD,
        &site.read(FOREWORD).replace("weight: [10", "weight: 10"),
    );
    server.wait_for("/__planpress/status", "recovery", |b| {
        b.contains("\"ok\":true")
    });

    // A new version folder is picked up without a restart.
    crate::support::copy_tree(
        &site.path().join("content/plans/our-plan/2026-final"),
        &site.path().join("content/plans/our-plan/2027-refresh"),
    );
    server.wait_for("/our-plan/versions/", "the new version", |b| {
        b.contains("2027-refresh")
    });
}

// Regression: inotify reports files being opened, and a rebuild opens every
// source, so counting reads as changes made each rebuild start the next.
// One save gives one rebuild and one `reload`, and reading the sources gives
// none. Nothing happening has no event to wait for, so after each save the
// test watches for a rebuild that must not come, for ten times as long as
// the save's rebuild took (with the bug, the next starts 5 ms after it).
#[test]
fn serve_stays_idle_when_nothing_changes() {
    let site = SiteTest::fixture("minimal");
    let server = Server::start(&site);
    let events = server.events();
    for _ in 0..5 {
        server.get("/our-plan/");
    }
    let original = site.read(FOREWORD);

    for (saves, title) in ["Foreword again", "Foreword once more"]
        .into_iter()
        .enumerate()
        .map(|(i, title)| (i + 1, title))
    {
        save(
            &site,
            FOREWORD,
            &original.replace("title: Foreword", &format!("title: {title}")),
        );
        // `reload` is sent once the page is served, after the log line.
        wait_until("the rebuild", || {
            let (rebuilt, reloads) = (server.rebuilt_lines(), events.lock().unwrap().clone());
            if rebuilt.len() >= saves && reloads.len() >= saves {
                Ok(())
            } else {
                Err(format!("rebuilds: {rebuilt:?}; events: {reloads:?}"))
            }
        });
        let (_, page) = server.get("/our-plan/foreword/");
        assert!(page.contains(&format!("<h1>{title}</h1>")), "{page}");

        // Read every source, as a rebuild does, then watch.
        let _ = site.snapshot("content");
        let rebuilt = server.rebuilt_lines();
        let took = rebuilt.last().map_or(0, |line| rebuild_ms(line));
        let watch = Duration::from_millis((10 * took).clamp(250, 3000));
        let start = Instant::now();
        while start.elapsed() < watch {
            let rebuilt = server.rebuilt_lines();
            let reloads = events.lock().unwrap().clone();
            let log = server.log.lock().unwrap().clone();
            assert_eq!(
                (rebuilt.len(), reloads.len()),
                (saves, saves),
                "{saves} saves, {saves} rebuilds and reloads: events {reloads:?}, log {log:?}"
            );
            assert!(reloads.iter().all(|e| e == "reload"), "{reloads:?}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// The milliseconds in `Rebuilt in 12 ms (...)`.
fn rebuild_ms(line: &str) -> u64 {
    line.strip_prefix("Rebuilt in ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|ms| ms.parse().ok())
        .unwrap_or_else(|| panic!("no time in `{line}`"))
}

// Traversal attempts get the 404 page, never a file from outside the site.
#[test]
fn serve_never_serves_files_outside_the_site() {
    let site = SiteTest::fixture("minimal");
    site.write("secret.txt", "TOP SECRET");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        site.path().join("secret.txt"),
        site.path().join("static-link.txt"),
    )
    .unwrap();
    let server = Server::start(&site);
    for target in [
        "/../secret.txt",
        "/../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/our-plan/..%2F..%2Fsecret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt",
        "/..\\secret.txt",
        "/content/site.yaml",
        "/static-link.txt",
        "/secret.txt",
    ] {
        let (status, body) = server.get(target);
        assert_eq!(status, 404, "{target}");
        assert!(
            !body.contains("TOP SECRET") && !body.contains("root:"),
            "{target} leaked"
        );
        assert!(body.contains("Page not found"), "{target}: the 404 page");
    }
}

// Content types, HEAD, and many requests at once.
#[test]
fn serve_answers_head_with_types_and_under_concurrent_load() {
    let site = SiteTest::fixture("minimal");
    let server = Server::start(&site);
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    write!(
        stream,
        "HEAD /assets/site.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut head = String::new();
    stream.read_to_string(&mut head).unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_lowercase().contains("content-type: text/css"),
        "{head}"
    );
    assert!(
        head.split_once("\r\n\r\n").unwrap().1.is_empty(),
        "HEAD has no body"
    );

    let handles: Vec<_> = (0..64)
        .map(|i| {
            let addr = server.addr.clone();
            std::thread::spawn(move || {
                let target = if i % 2 == 0 { "/" } else { "/our-plan/kpis/" };
                let mut stream = TcpStream::connect(&addr).unwrap();
                stream
                    .set_read_timeout(Some(Duration::from_secs(10)))
                    .unwrap();
                write!(
                    stream,
                    "GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                )
                .unwrap();
                let mut response = String::new();
                stream.read_to_string(&mut response).unwrap();
                response.starts_with("HTTP/1.1 200")
            })
        })
        .collect();
    let ok = handles
        .into_iter()
        .map(|h| h.join().unwrap())
        .filter(|ok| *ok)
        .count();
    assert_eq!(ok, 64);
}
