//! `planpress serve`: live rebuilds, the error overlay's status, and a server
//! that never hands out a file from outside the site.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{SiteTest, BIN};

/// A running `serve`, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
    /// What serve printed to stderr after its address.
    log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    /// How many rebuilds the server has reported so far.
    fn rebuilds(&self) -> usize {
        let log = self.log.lock().unwrap();
        log.iter().filter(|l| l.starts_with("Rebuilt")).count()
    }

    fn start(site: &SiteTest) -> Server {
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
        let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = std::sync::Arc::clone(&log);
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        Server { child, addr, log }
    }

    /// Sends a raw request line and returns (status, body).
    fn request(&self, method: &str, target: &str) -> (u16, String) {
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

    fn get(&self, target: &str) -> (u16, String) {
        self.request("GET", target)
    }

    /// Polls until `check` holds for the page, within a bounded wait.
    fn wait_for(&self, target: &str, what: &str, check: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let (_, body) = self.get(target);
            if check(&body) {
                return body;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "timed out waiting for {what}; last body:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const FOREWORD: &str = "content/plans/our-plan/2026-final/sections/foreword.md";

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

    site.write(
        FOREWORD,
        &site
            .read(FOREWORD)
            .replace("title: Foreword", "title: Foreword, revised"),
    );
    server.wait_for("/our-plan/foreword/", "the edit", |b| {
        b.contains("<h1>Foreword, revised</h1>")
    });

    site.write(
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

    site.write(
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
#[test]
fn serve_stays_idle_when_nothing_changes() {
    let site = SiteTest::fixture("minimal");
    let server = Server::start(&site);
    for _ in 0..5 {
        server.get("/our-plan/");
    }
    std::thread::sleep(Duration::from_millis(1500));
    let rebuilds = server.rebuilds();
    assert_eq!(rebuilds, 0, "{:?}", server.log.lock().unwrap());

    site.write(
        FOREWORD,
        &site
            .read(FOREWORD)
            .replace("title: Foreword", "title: Foreword again"),
    );
    server.wait_for("/our-plan/foreword/", "the edit", |b| {
        b.contains("Foreword again")
    });
    std::thread::sleep(Duration::from_millis(1500));
    let rebuilds = server.rebuilds();
    assert_eq!(
        rebuilds,
        1,
        "one save, one rebuild: {:?}",
        server.log.lock().unwrap()
    );
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
