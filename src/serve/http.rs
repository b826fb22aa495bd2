//! The HTTP side of `serve`: files from memory, the event stream and the
//! build status. One thread per request, so long-lived event streams never
//! block other requests.

use std::io::Write;
use std::sync::Arc;

use percent_encoding::percent_decode_str;
use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

use super::State;

/// 'wasm-unsafe-eval' lets search (Pagefind) compile its WebAssembly.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub(crate) fn run(server: Server, state: Arc<State>) {
    for request in server.incoming_requests() {
        let state = Arc::clone(&state);
        std::thread::spawn(move || handle(request, &state));
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn handle(request: Request, state: &State) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request
            .respond(Response::from_string("Only GET and HEAD are allowed.").with_status_code(405));
        return;
    }
    let raw_path = request
        .url()
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
        let response = Response::from_data(bytes.to_vec())
            .with_header(header("Content-Type", content_type(&path)))
            .with_header(header("Cache-Control", "no-store"))
            .with_header(header("Content-Security-Policy", CSP))
            .with_header(header("X-Content-Type-Options", "nosniff"));
        let _ = request.respond(response);
    } else if files.contains_key(&format!("{path}/index.html")) {
        // A folder asked for without its slash: send the reader to the page.
        let location = format!("{}/", raw_path.trim_end_matches('/'));
        let _ = request.respond(Response::empty(301).with_header(header("Location", &location)));
    } else {
        not_found(request, state);
    }
}

fn not_found(request: Request, state: &State) {
    let files = Arc::clone(&state.files.read().expect("not poisoned"));
    let body = files
        .get("404.html")
        .map_or_else(|| b"Not found".to_vec(), |b| b.to_vec());
    let response = Response::from_data(body)
        .with_status_code(StatusCode(404))
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
        .with_header(header("Content-Security-Policy", CSP));
    let _ = request.respond(response);
}

fn status(request: Request, state: &State) {
    let error = state.error.read().expect("not poisoned").clone();
    let json = serde_json::json!({ "ok": error.is_none(), "error": error });
    let response = Response::from_string(json.to_string())
        .with_header(header("Content-Type", "application/json"))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

/// A Server-Sent Events stream, written by hand on the raw connection so each
/// event is flushed at once (tiny_http buffers chunked bodies).
fn events(request: Request, state: &State) {
    let rx = state.subscribe();
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: connected\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|_| writer.flush())
        .is_err()
    {
        return;
    }
    loop {
        // A comment every 15 s finds closed connections, so they are dropped.
        let message = match rx.recv_timeout(std::time::Duration::from_secs(15)) {
            Ok(event) => format!("event: {event}\ndata: {event}\n\n"),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(_) => return,
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|_| writer.flush())
            .is_err()
        {
            return;
        }
    }
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
