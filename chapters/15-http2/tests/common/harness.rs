//! A small blocking HTTP/2 server for the interop tests: a TCP listener on
//! 127.0.0.1:0, a thread per connection that feeds socket bytes to an
//! `H2Conn` and writes its output, answering each request from its path.
//! It is the simplest transport there is (blocking reads with a short
//! timeout for the timers); the real server runs the same `H2Conn` on
//! chapter 7's loop.

use std::collections::HashMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use ch06_http_server::request::Request;
use ch06_http_server::response::Response;
use ch15_http2::ErrorCode;
use ch15_http2::conn::{
    BodyPump, Collected, Event, H2Config, H2Conn, Pumped, RequestCollector, respond,
};

/// The longest one connection may live in a test.
const CONNECTION_LIMIT: Duration = Duration::from_secs(30);

/// What the server saw, for the tests to check.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    /// TCP connections accepted.
    pub connections: usize,
    /// Requests answered.
    pub requests: usize,
    /// Connection errors, as text.
    pub failures: Vec<String>,
}

/// The server; stopped (threads joined) on drop.
pub struct Harness {
    pub addr: SocketAddr,
    pub stats: Arc<Mutex<Stats>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// The `/big` body: 1 MiB that is not all one byte, so a misplaced frame shows.
pub fn big_body() -> Vec<u8> {
    // Made once: in a debug build, making it per request costs more than sending it.
    static BIG: std::sync::LazyLock<Vec<u8>> =
        std::sync::LazyLock::new(|| (0..1 << 20).map(|i: u32| (i % 251) as u8).collect());
    BIG.clone()
}

/// The answer to each path.
fn route(request: &Request) -> Response {
    match (request.method.as_str(), request.path.as_str()) {
        (_, "/big") => Response::new(200, "application/octet-stream", big_body()),
        (_, "/stream") => {
            let pieces = (0..100).map(|i| format!("line {i}\n").into_bytes());
            Response::stream(200, "text/plain", pieces)
        }
        ("POST", "/echo") => Response::new(200, "application/octet-stream", request.body.clone()),
        (_, "/bye") => Response::text(200, "goodbye\n"),
        (_, "/missing") => Response::error(404, ""),
        (_, path) => Response::text(200, format!("hello from ch15, you asked for {path}\n")),
    }
}

impl Harness {
    /// Starts listening with `config` for every connection.
    pub fn start(config: H2Config) -> Harness {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        listener.set_nonblocking(true).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let stats = Arc::new(Mutex::new(Stats::default()));
        let thread = {
            let (stop, stats) = (stop.clone(), stats.clone());
            std::thread::spawn(move || accept_loop(listener, config, stop, stats))
        };
        Harness {
            addr,
            stats,
            stop,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT/path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// What the server saw so far.
    pub fn stats(&self) -> Stats {
        self.stats.lock().unwrap().clone()
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn accept_loop(
    listener: TcpListener,
    config: H2Config,
    stop: Arc<AtomicBool>,
    stats: Arc<Mutex<Stats>>,
) {
    let mut threads = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        match listener.accept() {
            Ok((socket, _)) => {
                stats.lock().unwrap().connections += 1;
                let (config, stop, stats) = (config.clone(), stop.clone(), stats.clone());
                threads.push(std::thread::spawn(move || {
                    serve(socket, config, &stop, &stats)
                }));
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(5))
            }
            Err(_) => break,
        }
    }
    for t in threads {
        let _ = t.join();
    }
}

/// One connection, to its end.
fn serve(mut socket: TcpStream, config: H2Config, stop: &AtomicBool, stats: &Mutex<Stats>) {
    let _ = socket.set_nonblocking(false);
    let _ = socket.set_nodelay(true);
    let _ = socket.set_read_timeout(Some(Duration::from_millis(20)));
    let _ = socket.set_write_timeout(Some(Duration::from_secs(10)));
    let started = Instant::now();
    let mut conn = H2Conn::new(config, started);
    let mut app = App {
        collector: RequestCollector::new(4 << 20),
        pumps: HashMap::new(),
    };
    let mut buf = vec![0; 64 * 1024];
    loop {
        if flush(&mut socket, &mut conn, &mut app, stats).is_err() {
            break;
        }
        if conn.is_done() || stop.load(Ordering::Relaxed) || started.elapsed() > CONNECTION_LIMIT {
            break;
        }
        let now = Instant::now();
        match socket.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                if let Err(e) = conn.feed(&buf[..n], now) {
                    stats.lock().unwrap().failures.push(e.to_string());
                }
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                if let Err(e) = conn.on_timer(now) {
                    stats.lock().unwrap().failures.push(e.to_string());
                }
            }
            Err(_) => break,
        }
    }
    let _ = flush(&mut socket, &mut conn, &mut app, stats);
    let _ = socket.shutdown(Shutdown::Write);
}

/// The application side: gathering requests, and the bodies being pumped.
struct App {
    collector: RequestCollector,
    pumps: HashMap<u32, BodyPump>,
}

// ANCHOR: flush
/// Handles every event, then writes everything the connection has to say,
/// until neither produces more.
fn flush(
    socket: &mut TcpStream,
    conn: &mut H2Conn,
    app: &mut App,
    stats: &Mutex<Stats>,
) -> std::io::Result<()> {
    loop {
        while let Some(event) = conn.next_event() {
            handle(conn, app, event, stats);
        }
        let out = conn.pending_output(usize::MAX);
        if out.is_empty() {
            return Ok(());
        }
        socket.write_all(out)?;
        let n = out.len();
        conn.consumed_output(n);
    }
}
// ANCHOR_END: flush

fn handle(conn: &mut H2Conn, app: &mut App, event: Event, stats: &Mutex<Stats>) {
    match app.collector.collect(conn, event) {
        Collected::Request { stream, request } => {
            stats.lock().unwrap().requests += 1;
            if request.path == "/bye" {
                // A graceful GOAWAY, for the book's trace.
                conn.goaway(ErrorCode::NO_ERROR, Instant::now());
            }
            let head = request.method == "HEAD";
            if let Ok(Some(pump)) = respond(conn, stream, route(&request), head) {
                app.pumps.insert(stream, pump);
            }
        }
        Collected::Other(Event::SendReady { stream }) => {
            if let Some(pump) = app.pumps.get_mut(&stream)
                && pump.pump(conn, stream) != Pumped::More
            {
                app.pumps.remove(&stream);
            }
        }
        Collected::Other(Event::Reset { stream, .. }) => {
            app.pumps.remove(&stream);
        }
        _ => {}
    }
}

/// What a program printed, and how it ended.
pub struct Ran {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    pub took: Duration,
}

/// Runs `program` with `args`, killed if it takes longer than `limit`
/// (its output goes to files in `dir`, so a chatty one cannot block on a pipe).
pub fn run(program: &str, args: &[&str], dir: &Path, limit: Duration) -> Ran {
    let out_path = dir.join("stdout.txt");
    let err_path = dir.join("stderr.txt");
    let started = Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("starting {program}: {e}"));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{program} {args:?} still running after {limit:?}; stderr:\n{}",
                std::fs::read_to_string(&err_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Ran {
        status,
        stdout: std::fs::read_to_string(&out_path).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err_path).unwrap_or_default(),
        took: started.elapsed(),
    }
}

/// The path `build.rs` found for `tool`, or a clear panic.
pub fn tool(tool: &str) -> &'static str {
    let found = match tool {
        "nghttp" => option_env!("CH15_NGHTTP"),
        "h2load" => option_env!("CH15_H2LOAD"),
        "curl" => option_env!("CH15_CURL"),
        _ => None,
    };
    found.unwrap_or_else(|| {
        panic!("no {tool} was found when this test was built (`.ci/run` installs nghttp2-client)")
    })
}
