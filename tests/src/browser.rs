//! A real browser as a test peer: headless Chromium loads a page, the page
//! reports what it saw by POSTing to a tiny listener run by the test.
//!
//! ```text
//!  test ──starts──▶ server under test (port 0)
//!   │                      ▲  GET /page?report=…, GET /time, …
//!   ├──starts──▶ chromium --headless ─┘
//!   │                      │  POST http://127.0.0.1:R/report  {"ok":true,…}
//!   └── ReportSink (port R) ◀──────┘        → `wait()` returns the body
//! ```
//!
//! The page decides what to report and when; it finds the sink's address in its
//! own query string (`?report=URL`). The POST is a "simple" cross-origin request
//! (`text/plain` body), so the browser sends it without a CORS preflight; the
//! sink still answers with `Access-Control-Allow-Origin: *` so a page may read
//! the reply.
//!
//! Chromium is found as `$CHROMIUM`, or `chromium`, `chromium-browser`,
//! `google-chrome` on the PATH (see [`chromium_lookup`](crate::chromium_lookup)).
//! Missing, the browser tests are *ignored*: `tests/build.rs` sets
//! `cfg(no_chromium)` and every browser test carries
//! `#[cfg_attr(no_chromium, ignore = "no chromium …")]`, so the summary
//! counts them as ignored instead of passed. Under CI (`CI=true`) they are never
//! ignored, and a missing browser is a failure.
//!
//! Everything is bounded: [`run_page`] waits at most its timeout, and the
//! [`Chromium`] guard kills the browser (its whole process group) and removes
//! its temporary profile when dropped, also when the test panics.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

/// Whether we run under CI, where browser tests must run, not skip.
pub fn in_ci() -> bool {
    crate::chromium_lookup::ci(std::env::var_os("CI").as_deref())
}

/// The Chromium executable, if there is one.
pub fn chromium_path() -> Option<PathBuf> {
    crate::chromium_lookup::find(
        std::env::var_os("CHROMIUM").as_deref(),
        std::env::var_os("PATH").as_deref(),
    )
}

/// The browser to use, or `None` after printing why the test is skipped.
/// Under CI a missing browser panics instead: the test must run there.
///
/// Normally a missing browser never gets here: the build marked the test
/// ignored. This covers a browser removed since the build, and
/// `cargo test -- --ignored`. The message is written to stderr directly, not
/// with `eprintln!`, which the test harness captures and hides when a test
/// passes.
pub fn chromium_or_skip(test: &str) -> Option<PathBuf> {
    match chromium_path() {
        Some(p) => Some(p),
        None if in_ci() => panic!("{test}: chromium is required under CI=true but was not found"),
        None => {
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED {test}: chromium not found (install it, or set CHROMIUM=path)"
            );
            None
        }
    }
}

/// The flags every headless run uses (see the chapter 6 brief: no sandbox in
/// containers, no GPU, no QUIC, and no background traffic to the internet).
pub const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// A fresh, empty directory under the temp dir (Chromium's profile).
fn fresh_dir(tag: &str) -> std::io::Result<PathBuf> {
    ch01_tcp::testing::fresh_dir(tag)
}

/// A running headless Chromium; killed, reaped and its profile removed on drop.
pub struct Chromium {
    child: Child,
    profile: PathBuf,
}

impl Chromium {
    /// Starts `program` headless at `url` with [`FLAGS`] and a fresh profile.
    /// Its stderr goes to a log file in the profile (see [`Chromium::log_tail`]).
    pub fn open(program: &Path, url: &str) -> anyhow::Result<Chromium> {
        Chromium::open_with_preferences(program, url, None)
    }

    /// As [`Chromium::open`], with `preferences` (JSON) written to the fresh
    /// profile's `Default/Preferences` first: the settings a user would change
    /// in the browser's settings page, such as whether third-party cookies are
    /// allowed (`{"profile":{"cookie_controls_mode":0}}`).
    pub fn open_with_preferences(
        program: &Path,
        url: &str,
        preferences: Option<&str>,
    ) -> anyhow::Result<Chromium> {
        Chromium::open_with(program, url, preferences, &[])
    }

    /// As [`Chromium::open_with_preferences`], with `extra` flags after
    /// [`FLAGS`] (such as `--ignore-certificate-errors-spki-list=…`, which
    /// makes it trust one certificate's key: chapter 14's local CA is not in
    /// its trust store).
    pub fn open_with(
        program: &Path,
        url: &str,
        preferences: Option<&str>,
        extra: &[String],
    ) -> anyhow::Result<Chromium> {
        use std::os::unix::process::CommandExt;
        let profile = fresh_dir("chromium-profile").context("creating a profile directory")?;
        if let Some(json) = preferences {
            let written = std::fs::create_dir_all(profile.join("Default"))
                .and_then(|()| std::fs::write(profile.join("Default/Preferences"), json));
            if let Err(e) = written {
                let _ = std::fs::remove_dir_all(&profile);
                return Err(e).context("writing the profile's preferences");
            }
        }
        let log = std::fs::File::create(profile.join("chromium.log"))?;
        let child = Command::new(program)
            .args(FLAGS)
            .args(extra)
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            // Its own process group, so that drop can end every helper process
            // Chromium starts (zygote, renderer, network service) by that group id.
            .process_group(0)
            .spawn();
        match child {
            Ok(child) => Ok(Chromium { child, profile }),
            Err(e) => {
                let _ = std::fs::remove_dir_all(&profile);
                Err(e).with_context(|| format!("starting {}", program.display()))
            }
        }
    }

    /// The last lines Chromium wrote to stderr, for failure messages.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(self.profile.join("chromium.log")).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        // The group id is the child's pid (process_group(0) above).
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        // Helpers may still be closing files in the profile: retry briefly.
        for _ in 0..20 {
            if std::fs::remove_dir_all(&self.profile).is_ok() || !self.profile.exists() {
                break;
            }
            thread::sleep(Duration::from_millis(50));
        }
    }
}

/// A tiny HTTP listener that receives reports: every `POST` body becomes one
/// message. It runs in a background thread until dropped.
pub struct ReportSink {
    addr: SocketAddr,
    reports: mpsc::Receiver<String>,
    stop: Arc<AtomicBool>,
}

/// The biggest report accepted (a page's JSON summary).
const MAX_REPORT: usize = 1024 * 1024;

impl ReportSink {
    /// Binds 127.0.0.1 on a free port and starts accepting.
    pub fn start() -> anyhow::Result<ReportSink> {
        let listener = TcpListener::bind("127.0.0.1:0").context("binding the report sink")?;
        let addr = listener.local_addr()?;
        let (tx, reports) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    let tx = tx.clone();
                    thread::spawn(move || {
                        if let Some(report) = receive(stream) {
                            let _ = tx.send(report);
                        }
                    });
                }
            }
        });
        Ok(ReportSink {
            addr,
            reports,
            stop,
        })
    }

    /// Where pages POST their reports.
    pub fn url(&self) -> String {
        format!("http://{}/report", self.addr)
    }

    /// The next report, waiting at most `timeout`.
    pub fn wait(&self, timeout: Duration) -> Option<String> {
        self.reports.recv_timeout(timeout).ok()
    }
}

impl Drop for ReportSink {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
    }
}

/// Serves one connection of the sink: answers CORS preflights and returns the
/// body of the first POST. Parsed with httparse, an implementation independent
/// of the book's own parser.
fn receive(mut stream: TcpStream) -> Option<String> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let (method, head_len, body_len) = loop {
            let mut headers = [httparse::EMPTY_HEADER; 64];
            let mut req = httparse::Request::new(&mut headers);
            if let httparse::Status::Complete(len) = req.parse(&buf).ok()? {
                let body_len = req
                    .headers
                    .iter()
                    .find(|h| h.name.eq_ignore_ascii_case("content-length"))
                    .and_then(|h| std::str::from_utf8(h.value).ok()?.trim().parse().ok())
                    .unwrap_or(0usize);
                break (req.method?.to_string(), len, body_len);
            }
            if buf.len() > 64 * 1024 {
                return None;
            }
            let n = stream.read(&mut chunk).ok()?;
            if n == 0 {
                return None;
            }
            buf.extend_from_slice(&chunk[..n]);
        };
        if body_len > MAX_REPORT {
            return None;
        }
        while buf.len() < head_len + body_len {
            match stream.read(&mut chunk) {
                Ok(0) => return None,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        }
        let body: Vec<u8> = buf.drain(..head_len + body_len).skip(head_len).collect();
        let _ = stream.write_all(
            b"HTTP/1.1 204 No Content\r\n\
              Access-Control-Allow-Origin: *\r\n\
              Access-Control-Allow-Methods: POST\r\n\
              Access-Control-Allow-Headers: *\r\n\
              Access-Control-Allow-Private-Network: true\r\n\r\n",
        );
        if method == "POST" {
            return Some(String::from_utf8_lossy(&body).into_owned());
        }
        // A preflight (OPTIONS): the POST follows on this or another connection.
    }
}

/// Appends `report=SINK_URL` to `page_url`'s query string.
fn with_report_param(page_url: &str, sink: &str) -> String {
    let encoded: String = sink
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    let sep = if page_url.contains('?') { '&' } else { '?' };
    format!("{page_url}{sep}report={encoded}")
}

/// Loads `page_url` in headless Chromium and returns the first report the page
/// POSTs to `?report=…` (added to the URL here), waiting at most `timeout`.
///
/// `Ok(None)` means the test should skip: no Chromium, not under CI (a message
/// was printed). No report in time is an error that includes Chromium's log.
pub fn run_page(test: &str, page_url: &str, timeout: Duration) -> anyhow::Result<Option<String>> {
    run_page_with(test, page_url, timeout, &[])
}

/// As [`run_page`], with `extra` Chromium flags (see [`Chromium::open_with`]).
pub fn run_page_with(
    test: &str,
    page_url: &str,
    timeout: Duration,
    extra: &[String],
) -> anyhow::Result<Option<String>> {
    let Some(program) = chromium_or_skip(test) else {
        return Ok(None);
    };
    let sink = ReportSink::start()?;
    let url = with_report_param(page_url, &sink.url());
    let started = Instant::now();
    let browser = Chromium::open_with(&program, &url, None, extra)?;
    match sink.wait(timeout) {
        Some(report) => Ok(Some(report)),
        None => bail!(
            "{test}: no report from {url} within {:?}; chromium said:\n{}",
            started.elapsed(),
            browser.log_tail()
        ),
    }
}

/// The integer after `"key":` in the object that follows `"object":{` in
/// `report` (enough JSON reading for a page's flat report, such as chapter
/// 13's `{"panels":{"ws":{"received":12,…},…}}`).
pub fn field(report: &str, object: &str, key: &str) -> Option<i64> {
    let at = report.find(&format!("\"{object}\":{{"))?;
    let rest = &report[at..];
    let k = rest.find(&format!("\"{key}\":"))? + key.len() + 3;
    let digits: String = rest[k..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    digits.parse().ok()
}

/// A TCP proxy that can *freeze*: the connections open at that moment stay
/// open but carry nothing more, in either direction, while new connections
/// pass as usual. To the page it is a server gone silent (a process stopped
/// with SIGSTOP, a NAT that forgot the mapping): no FIN, no RST, no bytes.
/// An in-process server cannot be SIGSTOPped; a proxy can freeze the path.
///
/// ```text
///  chromium ──▶ FreezeProxy (port P) ──▶ server under test
///               freeze(): open connections black-holed, new ones pass
/// ```
///
/// Dropping it closes everything it holds.
pub struct FreezeProxy {
    /// Where the page connects.
    pub addr: SocketAddr,
    /// Bumped by `freeze`: a connection accepted under an older generation is frozen.
    generation: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl FreezeProxy {
    /// Listens on 127.0.0.1 (a free port) and forwards to `upstream`.
    pub fn start(upstream: SocketAddr) -> anyhow::Result<FreezeProxy> {
        let listener = TcpListener::bind("127.0.0.1:0").context("binding the proxy")?;
        let addr = listener.local_addr()?;
        let generation = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (g, st) = (generation.clone(), stop.clone());
        thread::spawn(move || {
            for client in listener.incoming() {
                if st.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect_timeout(&upstream, Duration::from_secs(5))
                else {
                    continue;
                };
                let born = g.load(Ordering::SeqCst);
                for (from, to) in [
                    (client.try_clone(), server.try_clone()),
                    (server.try_clone(), client.try_clone()),
                ] {
                    let (Ok(from), Ok(to)) = (from, to) else {
                        continue;
                    };
                    let (g, st) = (g.clone(), st.clone());
                    thread::spawn(move || forward(from, to, born, &g, &st));
                }
            }
        });
        Ok(FreezeProxy {
            addr,
            generation,
            stop,
        })
    }

    /// From now on the connections open so far carry nothing.
    pub fn freeze(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }
}

/// Copies `from` to `to` until either ends; once frozen, reads and discards
/// (so the sender's kernel sees its bytes ACKed, as with a stopped process)
/// and keeps both sockets open until the proxy stops.
fn forward(
    mut from: TcpStream,
    mut to: TcpStream,
    born: usize,
    generation: &AtomicUsize,
    stop: &AtomicBool,
) {
    let _ = from.set_read_timeout(Some(Duration::from_millis(100)));
    let mut buf = [0u8; 16 * 1024];
    while !stop.load(Ordering::SeqCst) {
        let read = from.read(&mut buf);
        // Checked after the read returns: bytes read just after a freeze are held back too.
        let frozen = generation.load(Ordering::SeqCst) != born;
        match read {
            Ok(0) if frozen => thread::sleep(Duration::from_millis(100)),
            Ok(0) => break,
            Ok(_) if frozen => {}
            Ok(n) => {
                if to.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) if frozen => thread::sleep(Duration::from_millis(100)),
            Err(_) => break,
        }
    }
    let _ = to.shutdown(std::net::Shutdown::Write);
}

impl Drop for FreezeProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
    }
}

/// The number after `"key":` in a flat JSON report (enough JSON reading for
/// the pages' reports), or `None`.
pub fn number(report: &str, key: &str) -> Option<f64> {
    let at = report.find(&format!("\"{key}\":"))? + key.len() + 3;
    let text: String = report[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | 'e' | '+'))
        .collect();
    text.parse().ok()
}

/// Milliseconds since the Unix epoch: the clock a page reports with
/// (`performance.timeOrigin + performance.now()`), on the same machine.
pub fn epoch_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chromium_lookup::{candidates, ci, find};
    use std::ffi::OsStr;

    #[test]
    fn the_browser_is_found_on_the_path_or_named_by_chromium() {
        let dir = fresh_dir("lookup").unwrap();
        let (empty, bin) = (dir.join("empty"), dir.join("bin"));
        std::fs::create_dir_all(&empty).unwrap();
        std::fs::create_dir_all(&bin).unwrap();
        let browser = bin.join("chromium-browser");
        std::fs::write(&browser, "").unwrap();
        let path = std::env::join_paths([&empty, &bin]).unwrap();

        assert_eq!(find(None, Some(&path)), Some(browser.clone()));
        assert_eq!(find(None, Some(empty.as_os_str())), None, "not on PATH");
        assert_eq!(find(None, None), None, "no PATH at all");
        // $CHROMIUM wins over PATH, and naming no file means "no browser".
        assert_eq!(find(Some(browser.as_os_str()), None), Some(browser.clone()));
        let gone = dir.join("nonexistent");
        assert_eq!(find(Some(gone.as_os_str()), Some(&path)), None);
        // What the build script watches while none is found: every candidate.
        assert_eq!(candidates(Some(empty.as_os_str())).len(), 3);
        let _ = std::fs::remove_dir_all(&dir);

        assert!(ci(Some(OsStr::new("true"))) && ci(Some(OsStr::new("1"))));
        assert!(!ci(Some(OsStr::new("false"))) && !ci(None));
    }

    /// A browser test without the attribute would print `ok` without a browser.
    #[test]
    fn every_browser_test_is_ignored_without_chromium() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
        let mut files = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.starts_with("browser") || !name.ends_with(".rs") {
                continue;
            }
            files += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            let lines: Vec<&str> = text.lines().map(str::trim).collect();
            for (i, line) in lines.iter().enumerate() {
                if *line != "#[test]" {
                    continue;
                }
                // The attributes between `#[test]` and the `fn`, as one string.
                let attrs: String = lines[i + 1..]
                    .iter()
                    .take_while(|l| !l.starts_with("fn ") && !l.starts_with("pub fn "))
                    .copied()
                    .collect();
                assert!(
                    attrs.contains("#[cfg_attr(no_chromium, ignore"),
                    "{name}:{}: a browser test needs \
                     #[cfg_attr(no_chromium, ignore = \"…\")] after #[test]",
                    i + 1
                );
            }
        }
        assert!(
            files >= 5,
            "found only {files} browser test files in {dir:?}"
        );
    }

    #[test]
    fn the_proxy_forwards_then_freezes_old_connections_only() {
        let upstream = TcpListener::bind("127.0.0.1:0").unwrap();
        let up = upstream.local_addr().unwrap();
        thread::spawn(move || {
            for s in upstream.incoming().flatten() {
                thread::spawn(move || {
                    let (mut r, mut w) = (s.try_clone().unwrap(), s);
                    let _ = std::io::copy(&mut r, &mut w); // echo
                });
            }
        });
        let proxy = FreezeProxy::start(up).unwrap();
        let echo = |s: &mut TcpStream, what: &[u8]| -> Option<Vec<u8>> {
            s.write_all(what).ok()?;
            let mut buf = vec![0u8; what.len()];
            s.read_exact(&mut buf).ok()?;
            Some(buf)
        };
        let mut old = TcpStream::connect(proxy.addr).unwrap();
        old.set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        assert_eq!(echo(&mut old, b"one").as_deref(), Some(&b"one"[..]));
        proxy.freeze();
        assert_eq!(echo(&mut old, b"two"), None, "frozen: nothing comes back");
        let mut new = TcpStream::connect(proxy.addr).unwrap();
        new.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        assert_eq!(echo(&mut new, b"three").as_deref(), Some(&b"three"[..]));
        assert_eq!(number(r#"{"a":1,"fired":12.5}"#, "fired"), Some(12.5));
    }

    #[test]
    fn report_param_is_encoded() {
        assert_eq!(
            with_report_param("http://a/p?x=1", "http://127.0.0.1:9/report"),
            "http://a/p?x=1&report=http%3A%2F%2F127.0.0.1%3A9%2Freport"
        );
        assert_eq!(with_report_param("http://a/", "r"), "http://a/?report=r");
    }

    #[test]
    fn the_sink_receives_a_post() {
        let sink = ReportSink::start().unwrap();
        let mut s = TcpStream::connect(sink.addr).unwrap();
        s.write_all(b"POST /report HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\n{\"ok\":1}\n")
            .unwrap();
        assert_eq!(
            sink.wait(Duration::from_secs(5)).as_deref(),
            Some("{\"ok\":1}\n")
        );
        let mut answer = String::new();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut buf = [0u8; 512];
        let n = s.read(&mut buf).unwrap();
        answer.push_str(&String::from_utf8_lossy(&buf[..n]));
        assert!(answer.starts_with("HTTP/1.1 204"), "{answer}");
        assert!(sink.wait(Duration::from_millis(50)).is_none());
    }
}
