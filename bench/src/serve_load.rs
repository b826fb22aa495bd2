//! `--serve-load`: the preview server under load. Runs `planpress serve` on
//! a generated corpus and prints requests per second and p99 latency for a
//! page, then for live-reload streams: connect to the first event, and a
//! save to every open stream's `reload`. Clients are plain threads with
//! std's TcpStream, one request per connection (the server closes each).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use planpress_bench::corpus::{generate, CorpusSize};

const CLIENTS: usize = 32;
const REQUESTS_PER_CLIENT: usize = 500;
const STREAMS: usize = 100;
const SAVES: usize = 5;

/// Runs the whole measurement on a corpus of `pages` pages under `scratch`.
pub(crate) fn run(planpress: &Path, pages: usize, scratch: &Path) {
    let root = scratch.join("serve-load");
    generate(&root, &CorpusSize::for_pages(pages)).expect("the corpus is written");
    let (mut child, addr) = start(planpress, &root);
    println!("| serve, {pages}-page corpus | requests/s | p50 | p99 |");
    println!("| --- | ---: | ---: | ---: |");
    let (rate, mut times) = page_load(&addr);
    print_row(
        &format!("GET / ({CLIENTS} clients)"),
        Some(rate),
        &mut times,
    );
    let mut streams = Vec::new();
    let mut connect = Vec::new();
    for _ in 0..STREAMS {
        let start = Instant::now();
        streams.push(open_stream(&addr));
        connect.push(start.elapsed());
    }
    print_row(
        &format!("event stream: connect to first event ({STREAMS})"),
        None,
        &mut connect,
    );
    let mut notify = save_to_reload(&root, &mut streams);
    print_row(
        &format!("save to `reload` on {STREAMS} streams ({SAVES} saves)"),
        None,
        &mut notify,
    );
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&root);
}

fn start(planpress: &Path, root: &Path) -> (Child, String) {
    let mut child = Command::new(planpress)
        .args(["serve", "--port", "0"])
        .current_dir(root)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("serve starts");
    let mut lines = BufReader::new(child.stderr.take().expect("piped")).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("serve prints its address")
            .expect("text");
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.split('/').next().expect("an address").to_string();
        }
    };
    // Keep reading, so serve never blocks on a full pipe.
    std::thread::spawn(move || lines.map_while(Result::ok).for_each(drop));
    (child, addr)
}

/// Every client asks for the home page in turn; returns requests per
/// second over all, and each request's latency.
fn page_load(addr: &str) -> (f64, Vec<Duration>) {
    let barrier = Arc::new(Barrier::new(CLIENTS));
    let start = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (addr, barrier) = (addr.to_string(), Arc::clone(&barrier));
            std::thread::spawn(move || {
                barrier.wait();
                (0..REQUESTS_PER_CLIENT)
                    .map(|_| get_home(&addr))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let times: Vec<Duration> = clients
        .into_iter()
        .flat_map(|c| c.join().expect("client"))
        .collect();
    (times.len() as f64 / start.elapsed().as_secs_f64(), times)
}

fn get_home(addr: &str) -> Duration {
    let start = Instant::now();
    let mut stream = TcpStream::connect(addr).expect("connects");
    write!(stream, "GET / HTTP/1.1\r\nHost: x\r\n\r\n").expect("sends");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("reads");
    assert!(response.starts_with(b"HTTP/1.1 200"), "the page is served");
    start.elapsed()
}

fn open_stream(addr: &str) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(addr).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    write!(
        stream,
        "GET /__planpress/events HTTP/1.1\r\nHost: x\r\n\r\n"
    )
    .expect("sends");
    let mut reader = BufReader::new(stream);
    wait_for_line(&mut reader, ": connected");
    reader
}

fn wait_for_line(reader: &mut BufReader<TcpStream>, wanted: &str) {
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            reader.read_line(&mut line).expect("reads") > 0,
            "stream ended"
        );
        if line.trim_end() == wanted {
            return;
        }
    }
}

/// Saves a section file, then times until each stream has its `reload`.
fn save_to_reload(root: &Path, streams: &mut [BufReader<TcpStream>]) -> Vec<Duration> {
    let section = walkdir::WalkDir::new(root.join("content/plans"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "md"))
        .expect("a section file")
        .into_path();
    let mut times = Vec::new();
    for save in 0..SAVES {
        let text = std::fs::read_to_string(&section).expect("readable");
        let start = Instant::now();
        std::fs::write(&section, format!("{text}\nEdit {save}.\n")).expect("writable");
        for stream in streams.iter_mut() {
            wait_for_line(stream, "event: reload");
            times.push(start.elapsed());
        }
        // Let a second rebuild of the same save (a write seen twice) pass.
        std::thread::sleep(Duration::from_millis(500));
        for stream in streams.iter_mut() {
            drain(stream);
        }
    }
    times
}

/// Drops what a stream has already received, without waiting for more.
fn drain(stream: &mut BufReader<TcpStream>) {
    stream.get_ref().set_nonblocking(true).expect("nonblocking");
    let mut line = String::new();
    while stream.read_line(&mut line).is_ok_and(|n| n > 0) {
        line.clear();
    }
    stream.get_ref().set_nonblocking(false).expect("blocking");
}

fn print_row(what: &str, rate: Option<f64>, times: &mut [Duration]) {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
    let rate = rate.map_or_else(|| "".to_string(), |r| format!("{r:.0}"));
    println!("| {what} | {rate} | {} | {} |", ms(at(0.5)), ms(at(0.99)));
}
