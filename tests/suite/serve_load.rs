//! `planpress serve` under load and abuse: many connections, slow clients,
//! oversized and malformed requests, many live-reload streams, and a burst
//! of saves. Each test checks that a normal client still gets its page and
//! that the server's threads and memory stay bounded; none times anything
//! except to guard against a hang.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::serve::{save, wait_until, Server, FOREWORD, PATIENCE};
use crate::support::SiteTest;

/// The server's own limits (src/serve/conn.rs and http.rs).
const MAX_CONNECTIONS: usize = 256;
const MAX_STREAMS: usize = 128;
/// How long a slow client may take over its head, plus a margin.
const SLOW_PATIENCE: Duration = Duration::from_secs(60);

/// A field of the server's /proc status (`VmHWM`, `Threads`), as a number
/// (kB for memory).
fn proc_status(server: &Server, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {field} in the server's status"))
}

/// Sends raw bytes and returns the response's status (0 when none came).
fn raw(server: &Server, bytes: &[u8]) -> u16 {
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let _ = stream.write_all(bytes);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response);
    text.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// Asks for the home page until it is served (a `503` says try again),
/// within `patience`: the proof that other clients are still answered.
/// A refused connection may also be reset, since the server closes it
/// without reading the request: that counts as a `503`.
fn home_page_is_served(server: &Server, patience: Duration) {
    let start = Instant::now();
    loop {
        let status = raw_response(server, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        if let Some((200, body)) = &status {
            assert!(body.contains("</html>"), "a whole page");
            return;
        }
        let status = status.map(|(s, _)| s);
        assert!(
            matches!(status, None | Some(503)),
            "only 'busy' before the page: {status:?}"
        );
        assert!(start.elapsed() < patience, "no page within {patience:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The status and body of a response, or `None` when the connection broke.
fn raw_response(server: &Server, bytes: &[u8]) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(&server.addr).ok()?;
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.write_all(bytes).ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok())?;
    Some((status, text))
}

#[test]
fn serve_answers_200_connections_at_once() {
    let site = SiteTest::fixture("minimal");
    let server = Server::start(&site);
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(200));
    let handles: Vec<_> = (0..200)
        .map(|_| {
            let (addr, barrier) = (server.addr.clone(), barrier.clone());
            std::thread::spawn(move || {
                let mut stream = TcpStream::connect(&addr).unwrap();
                stream.set_read_timeout(Some(PATIENCE)).unwrap();
                // All 200 are connected before any asks.
                barrier.wait();
                write!(stream, "GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
                let mut response = String::new();
                stream.read_to_string(&mut response).unwrap();
                response.starts_with("HTTP/1.1 200") && response.ends_with("</html>\n")
            })
        })
        .collect();
    let ok = handles
        .into_iter()
        .filter(|_| true)
        .map(|h| h.join().unwrap());
    assert_eq!(ok.filter(|ok| *ok).count(), 200);
}

// More slow clients than the server has connections: each sends its head a
// byte at a time. They are cut off at the head deadline, so a normal client
// is served, and the server never runs more threads than its cap.
#[test]
fn serve_outlasts_slow_clients_with_bounded_threads() {
    let site = SiteTest::fixture("minimal");
    let server = Server::start(&site);
    let threads_before = proc_status(&server, "Threads");
    let mut slow: Vec<TcpStream> = (0..MAX_CONNECTIONS + 100)
        .map(|_| {
            let mut s = TcpStream::connect(&server.addr).unwrap();
            s.write_all(b"GET / HTTP/1.1\r\n").unwrap();
            s
        })
        .collect();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let trickle = {
        let done = done.clone();
        std::thread::spawn(move || {
            let start = Instant::now();
            while !done.load(std::sync::atomic::Ordering::SeqCst)
                && start.elapsed() < SLOW_PATIENCE + Duration::from_secs(5)
            {
                for s in &mut slow {
                    let _ = s.write_all(b"X");
                }
                std::thread::sleep(Duration::from_millis(500));
            }
        })
    };
    wait_until("the slow clients to be taken in", || {
        let threads = proc_status(&server, "Threads") as usize;
        (threads >= threads_before as usize + MAX_CONNECTIONS / 2)
            .then_some(())
            .ok_or(format!("{threads} threads"))
    });
    let threads = proc_status(&server, "Threads") as usize;
    assert!(
        threads <= threads_before as usize + MAX_CONNECTIONS + 4,
        "{threads} threads for {} slow clients",
        MAX_CONNECTIONS + 100
    );
    home_page_is_served(&server, SLOW_PATIENCE);
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    trickle.join().unwrap();
}

#[test]
fn serve_refuses_oversized_heads_and_bodies() {
    let site = SiteTest::fixture("minimal");
    let server = Server::start(&site);
    let long = format!("GET / HTTP/1.1\r\nX-Long: {}\r\n\r\n", "a".repeat(20_000));
    assert_eq!(raw(&server, long.as_bytes()), 431);
    let many = format!("GET / HTTP/1.1\r\n{}\r\n", "X-A: b\r\n".repeat(100));
    assert_eq!(raw(&server, many.as_bytes()), 431);
    let body = b"GET / HTTP/1.1\r\nContent-Length: 100000000\r\n\r\nhello";
    assert_eq!(raw(&server, body), 413);
    let chunked = b"GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n";
    assert_eq!(raw(&server, chunked), 413);
    home_page_is_served(&server, PATIENCE);
}

// Clients that send a head of 256 MiB, four at once: the server reads no
// more than its limit of each, so its peak memory grows by far less.
#[test]
fn serve_memory_stays_bounded_under_endless_heads() {
    const FLOOD: usize = 256 * 1024 * 1024;
    let site = SiteTest::fixture("minimal");
    let server = Server::start(&site);
    let peak_before = proc_status(&server, "VmHWM");
    let floods: Vec<_> = (0..4)
        .map(|_| {
            let addr = server.addr.clone();
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(&addr).unwrap();
                s.set_write_timeout(Some(PATIENCE)).unwrap();
                s.write_all(b"GET / HTTP/1.1\r\nX-Flood: ").unwrap();
                let chunk = vec![b'a'; 1024 * 1024];
                // Stops when the server closes the connection.
                for _ in 0..FLOOD / chunk.len() {
                    if s.write_all(&chunk).is_err() {
                        break;
                    }
                }
            })
        })
        .collect();
    home_page_is_served(&server, PATIENCE);
    for flood in floods {
        flood.join().unwrap();
    }
    let grown_mib = proc_status(&server, "VmHWM").saturating_sub(peak_before) / 1024;
    assert!(grown_mib < 64, "peak memory grew by {grown_mib} MiB");
}

#[test]
fn serve_answers_malformed_requests_with_400() {
    let site = SiteTest::fixture("minimal");
    let server = Server::start(&site);
    for bad in [
        &b"GARBAGE\r\n\r\n"[..],
        b"GET\r\n\r\n",
        b"\x00\x01\x02\x03\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"GET / HTTP/1.1\r\nNo colon here\r\n\r\n",
        b"GET /\x7f HTTP/1.1\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x",
    ] {
        let mut request = bad.to_vec();
        if !request.ends_with(b"\r\n\r\n") {
            // A head cut short, then the client closes its side.
            let mut s = TcpStream::connect(&server.addr).unwrap();
            s.set_read_timeout(Some(PATIENCE)).unwrap();
            s.write_all(&request).unwrap();
            s.shutdown(std::net::Shutdown::Write).unwrap();
            let mut response = String::new();
            let _ = s.read_to_string(&mut response);
            assert!(response.starts_with("HTTP/1.1 400"), "{response}");
            continue;
        }
        request.truncate(bad.len());
        let text = String::from_utf8_lossy(bad).into_owned();
        assert_eq!(raw(&server, &request), 400, "{text:?}");
    }
    home_page_is_served(&server, PATIENCE);
}

/// Opens an event stream; `Some` once the server says it is connected.
fn open_stream(server: &Server) -> Option<BufReader<TcpStream>> {
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "GET /__planpress/events HTTP/1.1\r\nHost: x\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    if line.starts_with("HTTP/1.1 503") {
        return None;
    }
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        if line.trim_end() == ": connected" {
            return Some(reader);
        }
    }
}

// More live-reload streams than the cap: the rest are told to come back,
// pages are still served, and closed streams leave no thread behind.
#[test]
fn serve_caps_live_reload_streams_and_frees_closed_ones() {
    let site = SiteTest::fixture("minimal");
    let server = Server::start(&site);
    let threads_before = proc_status(&server, "Threads");
    let streams: Vec<_> = (0..MAX_STREAMS + 20)
        .map(|_| open_stream(&server))
        .collect();
    let open = streams.iter().filter(|s| s.is_some()).count();
    assert_eq!(open, MAX_STREAMS, "streams beyond the cap are refused");
    home_page_is_served(&server, PATIENCE);
    drop(streams);
    wait_until("closed streams to end their threads", || {
        let threads = proc_status(&server, "Threads");
        (threads <= threads_before + 2)
            .then_some(())
            .ok_or(format!("{threads} threads, {threads_before} before"))
    });
    assert!(open_stream(&server).is_some(), "a stream opens again");
}

// A thousand saves as fast as they come: rebuilt a few times, not a
// thousand, every page served meanwhile whole, and the last save wins.
#[test]
fn serve_coalesces_a_burst_of_saves() {
    let site = SiteTest::fixture("minimal");
    let server = Server::start(&site);
    let events = server.events();
    let text = site.read(FOREWORD);
    for n in 0..1000 {
        let revised = text.replace("title: Foreword", &format!("title: Foreword g{n}"));
        save(&site, FOREWORD, &revised);
        if n % 100 == 0 {
            let (status, body) = server.get("/our-plan/foreword/");
            assert_eq!(status, 200);
            assert!(body.ends_with("</html>\n"), "a whole page");
        }
    }
    server.wait_for("/our-plan/foreword/", "the last save", |b| {
        b.contains("<h1>Foreword g999</h1>")
    });
    let rebuilds = server.rebuilt_lines().len();
    assert!(rebuilds <= 100, "{rebuilds} rebuilds for 1,000 saves");
    assert!(events.lock().unwrap().iter().any(|e| e == "reload"));
}
