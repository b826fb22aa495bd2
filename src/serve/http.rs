//! The HTTP side of `serve`: files from memory, the event stream and the
//! build status. One thread per request, so long-lived event streams never
//! block other requests.

use std::io::{ErrorKind, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use percent_encoding::percent_decode_str;

use super::conn::{self, Method, Request, Slot};
use super::State;

/// 'wasm-unsafe-eval' lets search (Pagefind) compile its WebAssembly.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Live-reload streams open at once: fewer than the connections, so open
/// pages can never take every connection from page requests.
pub(crate) const MAX_STREAMS: usize = 128;

/// How often an idle stream checks that its client is still there.
const STREAM_CHECK: Duration = Duration::from_millis(500);

pub(crate) fn run(listener: TcpListener, state: Arc<State>) {
    conn::serve(listener, Arc::new(move |request| handle(request, &state)));
}

fn handle(request: Request, state: &State) {
    if request.method == Method::Other {
        return request.respond(405, &[], b"Only GET and HEAD are allowed.");
    }
    let raw_path = request
        .target
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    let base = state.base_path.read().expect("not poisoned").clone();
    match raw_path.strip_prefix(&base).map(|p| p.to_string()) {
        Some(rel) if rel == "__planpress/events" => events(request, state),
        Some(rel) if rel == "__planpress/status" => status(request, state),
        Some(rel) => file(request, state, &rel, &raw_path),
        None => not_found(request, state),
    }
}

/// Resolves a request path to a file of the built site, or nothing. Decoded
/// `..`, `.`, backslashes and NUL bytes are refused outright.
pub(crate) fn resolve(rel: &str) -> Option<String> {
    let decoded = percent_decode_str(rel).decode_utf8().ok()?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" => {}
            "." | ".." => return None,
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if decoded.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "pdf" => "application/pdf",
        "csv" => "text/csv; charset=utf-8",
        "wasm" => "application/wasm",
        // The search index's files (Pagefind's own formats).
        "pagefind" | "pf_meta" | "pf_index" | "pf_fragment" | "pf_filter" => {
            "application/octet-stream"
        }
        _ => "application/octet-stream",
    }
}

fn file(request: Request, state: &State, rel: &str, raw_path: &str) {
    let files = Arc::clone(&state.files.read().expect("not poisoned"));
    let Some(path) = resolve(rel) else {
        return not_found(request, state);
    };
    if let Some(bytes) = files.get(&path) {
        let headers = [
            ("Content-Type", content_type(&path)),
            ("Cache-Control", "no-store"),
            ("Content-Security-Policy", CSP),
            ("X-Content-Type-Options", "nosniff"),
        ];
        request.respond(200, &headers, bytes);
    } else if files.contains_key(&format!("{path}/index.html")) {
        // A folder asked for without its slash: send the reader to the page.
        let location = format!("{}/", raw_path.trim_end_matches('/'));
        request.respond(301, &[("Location", &location)], b"");
    } else {
        not_found(request, state);
    }
}

fn not_found(request: Request, state: &State) {
    let files = Arc::clone(&state.files.read().expect("not poisoned"));
    let body = files.get("404.html").map_or(&b"Not found"[..], |b| &b[..]);
    let headers = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Security-Policy", CSP),
    ];
    request.respond(404, &headers, body);
}

fn status(request: Request, state: &State) {
    let error = state.error.read().expect("not poisoned").clone();
    let json = serde_json::json!({ "ok": error.is_none(), "error": error });
    let headers = [
        ("Content-Type", "application/json"),
        ("Cache-Control", "no-store"),
    ];
    request.respond(200, &headers, json.to_string().as_bytes());
}

/// A Server-Sent Events stream, written on the raw connection so each event
/// is sent at once. At most [`MAX_STREAMS`] are open; each ends as soon as
/// its client goes away, so closed pages leave no thread behind.
fn events(request: Request, state: &State) {
    let Some(_slot) = Slot::take(&state.streams, MAX_STREAMS) else {
        let _ = conn::busy(&mut request.into_stream());
        return;
    };
    let rx = state.subscribe();
    let mut stream = request.into_stream();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: connected\n\n";
    if send(&mut stream, head).is_err() {
        return;
    }
    let mut last_sent = Instant::now();
    loop {
        let message = match rx.recv_timeout(STREAM_CHECK) {
            Ok(event) => format!("event: {event}\ndata: {event}\n\n"),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                if client_is_gone(&stream) {
                    return;
                }
                // A comment now and then keeps proxies and browsers from
                // closing an idle stream.
                if last_sent.elapsed() < Duration::from_secs(15) {
                    continue;
                }
                ": keep-alive\n\n".to_string()
            }
            Err(_) => return,
        };
        if send(&mut stream, &message).is_err() {
            return;
        }
        last_sent = Instant::now();
    }
}

fn send(stream: &mut TcpStream, text: &str) -> std::io::Result<()> {
    stream.write_all(text.as_bytes())?;
    stream.flush()
}

/// True once the client has closed its side (or the connection broke); an
/// event stream's client sends nothing, so anything readable is its end.
fn client_is_gone(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let mut byte = [0u8; 1];
    let gone = match stream.peek(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != ErrorKind::WouldBlock,
    };
    gone || stream.set_nonblocking(false).is_err()
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn resolve_refuses_every_way_out_of_the_site() {
        for bad in [
            "../Cargo.toml",
            "a/../../etc/passwd",
            "%2e%2e/secret",
            "%2E%2E%2Fsecret",
            "a/%2e%2e/%2e%2e/x",
            "a\\..\\b",
            "x%00.html",
            "./a",
        ] {
            assert_eq!(resolve(bad), None, "{bad}");
        }
    }

    #[test]
    fn resolve_maps_folders_to_their_index() {
        assert_eq!(resolve("").as_deref(), Some("index.html"));
        assert_eq!(resolve("plan/").as_deref(), Some("plan/index.html"));
        assert_eq!(
            resolve("assets/site.css").as_deref(),
            Some("assets/site.css")
        );
        assert_eq!(resolve("a%20b/").as_deref(), Some("a b/index.html"));
    }
}
