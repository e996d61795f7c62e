//! Test support shared by every HTTP server's end-to-end tests (ch06, ch07,
//! ch10–ch13): a web root in the temp dir, the server's resident memory, and a
//! peer that attacks on purpose. Each chapter's `tests/under_attack.rs` runs
//! these against its own binary. Loopback only, every loop bounded in count
//! and time. (Library code only so that six crates' tests share one copy, as
//! chapter 1's `testing` module does; nothing in a server calls it.)
//!
//! - A client that pipelines requests and never reads the answers must cost
//!   the server at most about its write-queue limit: backpressure stops
//!   *reading* (and so parsing and answering), and the requests wait in the
//!   kernel, not in the server.
//! - A chunk whose size alone is over the body limit is refused with 413 as
//!   soon as its size line is read, not after a read timeout.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use ch01_tcp::testing::Server;

/// A directory (a web root, say) in the temp dir, removed on drop.
pub struct Root(PathBuf);

impl Root {
    /// A fresh, empty directory; `tag` goes into its name.
    pub fn new(tag: &str) -> Root {
        Root(ch01_tcp::testing::fresh_dir(&format!("ch06-{tag}")).expect("a temporary directory"))
    }
    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.0
    }
    /// Where it is, as a command-line argument.
    pub fn arg(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Root {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The resident set size of process `pid`, in bytes (`VmRSS` in /proc).
pub fn vm_rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmRSS line");
    kib * 1024
}

/// The server's address, as the socket calls want it.
fn addr_of(server: &Server) -> SocketAddr {
    server.addr().parse().expect("a socket address")
}

const KIB: u64 = 1024;

/// A small file in a fresh web root, for `--root`.
pub fn small_site() -> Root {
    let root = Root::new("attack");
    std::fs::write(root.path().join("hello.txt"), b"hello\n").unwrap();
    root
}

/// One honest request on its own connection: the status line, or what went
/// wrong (a server at its limit may refuse or reset the connection).
pub fn honest_get(addr: SocketAddr, path: &str) -> String {
    let mut s = match TcpStream::connect(addr) {
        Ok(s) => s,
        Err(e) => return format!("connect: {e}"),
    };
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    if let Err(e) = s.write_all(request.as_bytes()) {
        return format!("write: {e}");
    }
    let mut got = Vec::new();
    let _ = s.read_to_end(&mut got);
    String::from_utf8_lossy(&got)
        .lines()
        .next()
        .unwrap_or("")
        .to_string()
}

// ANCHOR: pipelined
/// `conns` clients each pipeline `per` requests for `path` and never read an
/// answer, for `secs` seconds: the server's memory may grow by at most about
/// `queue_limit` (its write-queue limit) plus `slack` per client, and an
/// honest client is served meanwhile. Returns (bytes of requests the
/// attackers got the kernel to take, growth per client) for the book.
pub fn pipelined_requests_that_are_never_read(
    server: &Server,
    path: &str,
    queue_limit: u64,
    slack: u64,
) -> (u64, u64) {
    let (conns, per, secs) = (10, 50_000, 4.0);
    let addr = addr_of(server);
    let before = vm_rss(server.pid());
    let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n");
    let all = request.repeat(per).into_bytes();
    let mut attackers: Vec<(TcpStream, usize)> = (0..conns)
        .map(|_| {
            let s = TcpStream::connect(addr).unwrap();
            s.set_nonblocking(true).unwrap();
            (s, 0)
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs_f64(secs);
    let mut peak = before;
    while Instant::now() < deadline {
        for (s, sent) in &mut attackers {
            if *sent < all.len() {
                let end = (*sent + 64 * 1024).min(all.len());
                match s.write(&all[*sent..end]) {
                    Ok(n) => *sent += n,
                    Err(e) if e.kind() == ErrorKind::WouldBlock => {}
                    Err(_) => *sent = all.len(), // cut by the server: fine
                }
            }
        }
        peak = peak.max(vm_rss(server.pid()));
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = honest_get(addr, path);
    assert!(
        status.starts_with("HTTP/1.1 200"),
        "an honest client during the attack got {status:?}"
    );
    peak = peak.max(vm_rss(server.pid()));
    let growth = peak.saturating_sub(before) / conns as u64;
    let taken: u64 = attackers.iter().map(|(_, n)| *n as u64).sum();
    eprintln!(
        "pipelining attack: {conns} clients x {per} requests for {path}, never read: \
         the kernel took {} KiB of requests per client; server RSS {} -> {} KiB \
         (+{} KiB per client)",
        taken / conns as u64 / KIB,
        before / KIB,
        peak / KIB,
        growth / KIB
    );
    assert!(
        growth < queue_limit + slack,
        "each client that never reads grew the server by {} KiB (limit {} KiB + {} KiB)",
        growth / KIB,
        queue_limit / KIB,
        slack / KIB
    );
    (taken, growth)
}
// ANCHOR_END: pipelined

// ANCHOR: chunk_over_limit
/// A chunked body whose first chunk size alone is over the body limit (or
/// does not fit in 64 bits) gets 413 at once, like nginx answers, not a 408
/// after the read timeout: the size line is all it takes to know.
pub fn a_chunk_over_the_body_limit_is_refused_at_once(server: &Server, path: &str) {
    for size in ["100001", "ffffffffffffffff", "10000000000000000"] {
        let mut s = TcpStream::connect(addr_of(server)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
        let started = Instant::now();
        write!(
            s,
            "POST {path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n{size}\r\n"
        )
        .unwrap();
        let mut got = Vec::new();
        let mut buf = [0u8; 1024];
        while !got.windows(4).any(|w| w == b"\r\n\r\n") {
            match s.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
        let head = String::from_utf8_lossy(&got);
        assert!(
            head.starts_with("HTTP/1.1 413"),
            "chunk size {size}: got {head:?} after {:?}",
            started.elapsed()
        );
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "chunk size {size}: 413 only after {:?}",
            started.elapsed()
        );
    }
}
// ANCHOR_END: chunk_over_limit

// ANCHOR: slow_readers
/// `conns` clients each ask for `path` (a file of `len` bytes in the server's
/// root) and then read nothing for a few seconds: each may grow the server by
/// at most about `queue_limit` plus `slack`, never by a copy of the file, and
/// an honest client gets `small` meanwhile. Returns the growth per client.
pub fn big_file_readers_that_stop_reading(
    server: &Server,
    path: &str,
    small: &str,
    queue_limit: u64,
    slack: u64,
) -> u64 {
    let conns = 10;
    let addr = addr_of(server);
    let before = vm_rss(server.pid());
    let stalled: Vec<TcpStream> = (0..conns)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
            s
        })
        .collect();
    let mut peak = before;
    let deadline = Instant::now() + Duration::from_secs(3);
    while Instant::now() < deadline {
        peak = peak.max(vm_rss(server.pid()));
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = honest_get(addr, small);
    assert!(
        status.starts_with("HTTP/1.1 200"),
        "an honest client while {conns} stalled got {status:?}"
    );
    peak = peak.max(vm_rss(server.pid()));
    drop(stalled);
    let growth = peak.saturating_sub(before) / conns as u64;
    eprintln!(
        "slow readers: {conns} clients asked for {path} and read nothing: server RSS \
         {} -> {} KiB (+{} KiB per client)",
        before / KIB,
        peak / KIB,
        growth / KIB
    );
    assert!(
        growth < queue_limit + slack,
        "each stalled reader grew the server by {} KiB (limit {} KiB + {} KiB)",
        growth / KIB,
        queue_limit / KIB,
        slack / KIB
    );
    growth
}
// ANCHOR_END: slow_readers

/// A web root with `hello.txt` and a `big.bin` of `big` bytes.
pub fn site_with_big_file(big: usize) -> Root {
    let root = small_site();
    let bytes: Vec<u8> = (0..big).map(|i| (i * 31 + i / 251) as u8).collect();
    std::fs::write(root.path().join("big.bin"), bytes).unwrap();
    root
}

// ANCHOR: slowloris
/// `conns` slowloris clients: each opens a connection and sends a request
/// head one byte at a time, never finishing it, for `secs` seconds, while an
/// honest client asks for `small` five times a second. Returns (how many
/// honest requests got a 200, how many were made); the caller decides what
/// is acceptable (chapter 7's loop: all; chapter 6's threads: see its page).
pub fn slowloris(server: &Server, conns: usize, secs: f64, small: &str) -> (usize, usize) {
    let addr = addr_of(server);
    let head = b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    let mut slow: Vec<(TcpStream, usize)> = Vec::with_capacity(conns);
    let started = Instant::now();
    for _ in 0..conns {
        match TcpStream::connect(addr) {
            Ok(s) => {
                s.set_nonblocking(true).unwrap();
                slow.push((s, 0));
            }
            Err(_) => break, // out of ports or descriptors: attack with what we have
        }
    }
    let connected_in = started.elapsed();
    let deadline = Instant::now() + Duration::from_secs_f64(secs);
    let (mut asked, mut served) = (0, 0);
    while Instant::now() < deadline {
        for (s, sent) in &mut slow {
            let byte = if *sent < head.len() {
                head[*sent]
            } else {
                b'a'
            };
            if s.write(&[byte]).is_ok() {
                *sent += 1;
            }
        }
        asked += 1;
        if honest_get(addr, small).starts_with("HTTP/1.1 200") {
            served += 1;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    // Still open: a read of a non-blocking socket says WouldBlock, not EOF.
    let mut byte = [0u8; 1];
    let mut open = 0;
    for (s, _) in &mut slow {
        if matches!(s.read(&mut byte), Err(e) if e.kind() == ErrorKind::WouldBlock) {
            open += 1;
        }
    }
    eprintln!(
        "slowloris: {} slow connections (connected in {connected_in:?}) for {secs} s; an honest \
         client was served {served} of {asked} times; {open} slow connections still open",
        slow.len()
    );
    (served, asked)
}
// ANCHOR_END: slowloris

// ANCHOR: attack_tests
/// The attack tests of a server on chapter 7's loop, against its binary:
/// `ch06_http_server::loop_server_attack_tests!("ch10-server");` in a test
/// file writes them (one copy of the tests for chapters 10 to 13).
#[macro_export]
macro_rules! loop_server_attack_tests {
    ($bin:literal) => {
        /// The loop's default `max_write_queue`.
        const QUEUE: u64 = 256 * 1024;
        /// The loop's read buffer, a request's parse, the allocator's rounding.
        const SLACK: u64 = 512 * 1024;

        fn server(root: &$crate::testing::Root) -> $crate::testing::Server {
            $crate::testing::Server::start(
                env!(concat!("CARGO_BIN_EXE_", $bin)),
                &["--addr", "127.0.0.1:0", "--root", root.arg()],
            )
            .expect(concat!($bin, " starts"))
        }

        #[test]
        fn pipelined_requests_that_are_never_read_cost_at_most_the_write_queue() {
            let site = $crate::testing::small_site();
            let s = server(&site);
            $crate::testing::pipelined_requests_that_are_never_read(&s, "/hello.txt", QUEUE, SLACK);
        }

        #[test]
        fn readers_of_a_big_file_that_stop_reading_cost_at_most_the_write_queue() {
            let site = $crate::testing::site_with_big_file(16 << 20);
            let s = server(&site);
            $crate::testing::big_file_readers_that_stop_reading(
                &s,
                "/big.bin",
                "/hello.txt",
                QUEUE,
                SLACK,
            );
        }

        #[test]
        fn a_chunk_over_the_body_limit_gets_413_at_once() {
            let site = $crate::testing::small_site();
            let s = server(&site);
            $crate::testing::a_chunk_over_the_body_limit_is_refused_at_once(&s, "/");
        }
    };
}
// ANCHOR_END: attack_tests
