//! The preview server's connections: accepted on a std `TcpListener`, one
//! request each (every response closes the connection), the request head
//! parsed with httparse. This layer holds the limits that keep one client
//! from starving the others or growing the server's memory:
//!
//! - at most [`MAX_CONNECTIONS`] connections are served at once (one thread
//!   each); past that a connection gets `503` with `Retry-After` at once;
//! - the whole request head must arrive within [`HEAD_DEADLINE`] (`408`),
//!   so slow clients (slowloris) cannot hold a thread for long;
//! - a head over [`HEAD_LIMIT`] bytes, or with more than [`MAX_HEADERS`]
//!   headers, is refused (`431`) before more of it is read;
//! - a request with a body is refused (`413`): only GET and HEAD are served;
//! - a malformed request line or header gets `400`;
//! - a client that stops reading is dropped after [`WRITE_TIMEOUT`].

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Connections served at once, page requests and event streams together.
pub(crate) const MAX_CONNECTIONS: usize = 256;
/// The request line and headers, in bytes.
pub(crate) const HEAD_LIMIT: usize = 16 * 1024;
/// Headers in one request.
pub(crate) const MAX_HEADERS: usize = 64;
/// The time a client has to send its whole request head.
pub(crate) const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// The time a client has to take each part of a response.
pub(crate) const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// A request's method, as far as the server cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Head,
    Other,
}

/// One parsed request and its connection.
pub(crate) struct Request {
    pub(crate) method: Method,
    /// The request target as sent (`/a/b/?q`).
    pub(crate) target: String,
    stream: TcpStream,
}

impl Request {
    /// Sends a whole response and closes the connection.
    pub(crate) fn respond(mut self, status: u16, headers: &[(&str, &str)], body: &[u8]) {
        let body = if self.method == Method::Head {
            &[][..]
        } else {
            body
        };
        let _ = write_response(&mut self.stream, status, headers, body, None);
    }

    /// The connection itself, for a response written bit by bit.
    pub(crate) fn into_stream(self) -> TcpStream {
        self.stream
    }
}

/// A connection slot, given back when dropped.
pub(crate) struct Slot(Arc<AtomicUsize>);

impl Slot {
    /// Takes a slot if fewer than `max` are taken.
    pub(crate) fn take(count: &Arc<AtomicUsize>, max: usize) -> Option<Slot> {
        count
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot(Arc::clone(count)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Accepts connections for ever, handing each parsed request to `handle` on
/// a thread of its own.
pub(crate) fn serve(listener: TcpListener, handle: Arc<dyn Fn(Request) + Send + Sync>) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        let Some(slot) = Slot::take(&open, MAX_CONNECTIONS) else {
            // A fresh socket's send buffer takes these few bytes at once.
            let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
            let _ = busy(&mut stream);
            continue;
        };
        let handle = Arc::clone(&handle);
        let spawned = std::thread::Builder::new().spawn(move || {
            let _slot = slot;
            if let Some(request) = read_request(stream) {
                handle(request);
            }
        });
        if spawned.is_err() {
            eprintln!("warning: cannot start a thread for a connection");
        }
    }
}

/// `503` with `Retry-After`: the server is at a limit; try again soon.
pub(crate) fn busy(stream: &mut TcpStream) -> std::io::Result<()> {
    let headers = [("Retry-After", "1"), ("Content-Type", "text/plain")];
    write_response(stream, 503, &headers, b"Busy: try again.", None)
}

/// Reads and parses the request head, answering and closing the connection
/// itself when it breaks a limit or is malformed.
fn read_request(mut stream: TcpStream) -> Option<Request> {
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let refusal = match read_head(&mut stream) {
        Ok(request) => {
            return request.map(|(method, target)| Request {
                method,
                target,
                stream,
            })
        }
        Err(status) => status,
    };
    let body: &[u8] = match refusal {
        400 => b"Malformed request.",
        408 => b"The request took too long to arrive.",
        413 => b"Only GET and HEAD without a body are served.",
        _ => b"Request header too large.",
    };
    let _ = write_response(&mut stream, refusal, &[], body, None);
    linger(stream);
    None
}

/// The head's method and target; `Ok(None)` when the client went away
/// before sending anything; `Err(status)` when it must be refused.
fn read_head(stream: &mut TcpStream) -> Result<Option<(Method, String)>, u16> {
    let deadline = Instant::now() + HEAD_DEADLINE;
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(408);
        }
        let n = match stream.read(&mut chunk) {
            Ok(0) if buf.is_empty() => return Ok(None),
            Ok(0) => return Err(400),
            Ok(n) => n,
            Err(e) if is_timeout(&e) => return Err(408),
            Err(_) => return Ok(None),
        };
        buf.extend_from_slice(&chunk[..n]);
        if let Some(head) = parse_head(&buf)? {
            return Ok(Some(head));
        }
        if buf.len() > HEAD_LIMIT {
            return Err(431);
        }
    }
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
    )
}

/// Parses a complete head within [`HEAD_LIMIT`]; `Ok(None)` while partial.
pub(crate) fn parse_head(buf: &[u8]) -> Result<Option<(Method, String)>, u16> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    let end = match request.parse(buf) {
        Ok(httparse::Status::Complete(end)) => end,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(431),
        Err(_) => return Err(400),
    };
    if end > HEAD_LIMIT {
        return Err(431);
    }
    if has_body(request.headers) {
        return Err(413);
    }
    let method = match request.method {
        Some("GET") => Method::Get,
        Some("HEAD") => Method::Head,
        _ => Method::Other,
    };
    let target = request.path.unwrap_or("/").to_string();
    Ok(Some((method, target)))
}

/// A request body is announced by a non-zero length or any transfer coding.
fn has_body(headers: &[httparse::Header]) -> bool {
    headers.iter().any(|h| {
        let name = h.name;
        name.eq_ignore_ascii_case("transfer-encoding")
            || (name.eq_ignore_ascii_case("content-length") && h.value.trim_ascii() != b"0")
    })
}

/// Closes after a refusal without losing the response: the unread rest of
/// the request would make the close a reset, which can discard the
/// response before the client reads it. So stop writing, and read (and
/// drop) what is left for a short, bounded while.
fn linger(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    // One second in all, not per read: a client that trickles a byte at a
    // time would otherwise hold its slot for ever.
    let deadline = Instant::now() + Duration::from_secs(1);
    let mut chunk = [0u8; 4096];
    let mut left: usize = 1024 * 1024;
    while left > 0 {
        let wait = deadline.saturating_duration_since(Instant::now());
        if wait.is_zero() || stream.set_read_timeout(Some(wait)).is_err() {
            break;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

/// Writes a response head, and the body when given; `length` overrides the
/// Content-Length (`Some` without a body is for a stream).
pub(crate) fn write_response(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    length: Option<usize>,
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let length = length.unwrap_or(body.len());
    head.push_str(&format!(
        "Content-Length: {length}\r\nConnection: close\r\n\r\n"
    ));
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_parsed_or_refused_with_the_right_status() {
        let get = parse_head(b"GET /a/?q HTTP/1.1\r\nHost: x\r\n\r\n");
        assert_eq!(get, Ok(Some((Method::Get, "/a/?q".into()))));
        assert_eq!(parse_head(b"GET / HTTP/1.1\r\nHost"), Ok(None));
        assert_eq!(parse_head(b"GET\x01/ HTTP/1.1\r\n\r\n"), Err(400));
        let body = b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello";
        assert_eq!(parse_head(body), Err(413));
        let chunked = b"GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        assert_eq!(parse_head(chunked), Err(413));
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "A: b\r\n".repeat(MAX_HEADERS + 1)
        );
        assert_eq!(parse_head(many.as_bytes()), Err(431));
    }
}
