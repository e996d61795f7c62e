//! The echo server on a Unix socket: chapter 1's accept loop with a path for an
//! address. The echo loop itself is chapter 1's [`ch01_tcp::echo::echo`], which
//! works on anything that is `Read + Write` — a `UnixStream` as well as a
//! `TcpStream`. Streams are streams: partial reads, `Ok(0)` at end of stream and
//! half-close (`shutdown(Write)`) behave the same on both.

use std::fmt;
use std::os::unix::net::{SocketAddr, UnixListener, UnixStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use ch01_tcp::echo::echo;
use ch01_tcp::trace::Trace;

/// Where `ch02-server` binds when no `--addr` is given.
pub const DEFAULT_PATH: &str = "/tmp/ch02.sock";

/// Clients served at once by default; more are closed right after `accept`.
pub const DEFAULT_MAX_CLIENTS: usize = 64;

/// How the server behaves.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// Print every byte to stderr.
    pub trace: Trace,
    /// Clients served at once (a thread each).
    pub max_clients: usize,
    /// Return after this many connections have been served (`--exit-after`);
    /// `None` serves forever.
    pub exit_after: Option<u64>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            trace: Trace::new(false),
            max_clients: DEFAULT_MAX_CLIENTS,
            exit_after: None,
        }
    }
}

/// Names a connection in logs and traces. A client's Unix socket usually has no
/// address at all (it never called `bind`), so unlike TCP there is no peer
/// address and port to tell connections apart: we number them.
#[derive(Debug, Clone, Copy)]
pub struct Conn(pub u64);

impl fmt::Display for Conn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unix#{}", self.0)
    }
}

/// How `ls`-minded humans read a Unix socket address: `unix:/path`, or
/// `(unnamed)` for the usual client socket that never bound a path.
pub fn describe(addr: &SocketAddr) -> String {
    match addr.as_pathname() {
        Some(path) => format!("unix:{}", path.display()),
        None if addr.is_unnamed() => "(unnamed)".to_string(),
        None => "(abstract)".to_string(), // Linux's abstract namespace: no file at all
    }
}

// ANCHOR: serve
/// Accepts connections and echoes each on its own thread, as chapter 1 does.
/// Returns only when `config.exit_after` connections have been served.
pub fn serve(listener: &UnixListener, config: Config) {
    let active = Arc::new(AtomicUsize::new(0));
    let mut threads = Vec::new();
    let mut served = 0u64;
    while config.exit_after.is_none_or(|max| served < max) {
        let stream = match listener.accept() {
            Ok((stream, _addr)) => stream,
            Err(e) => {
                // EMFILE (out of descriptors) must not stop the server; pause so
                // it does not spin.
                eprintln!("accept failed: {e}");
                thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        served += 1;
        let conn = Conn(served);
        if active.fetch_add(1, Ordering::AcqRel) >= config.max_clients {
            active.fetch_sub(1, Ordering::AcqRel);
            eprintln!(
                "{conn}: refused, already serving {} clients",
                config.max_clients
            );
            continue; // dropping the stream closes it
        }
        let slot = Arc::clone(&active);
        let spawned = thread::Builder::new()
            .name(conn.to_string())
            .spawn(move || {
                handle(stream, conn, config.trace);
                slot.fetch_sub(1, Ordering::AcqRel); // this client's place is free again
            });
        match spawned {
            // Keep handles only when we will wait for them; a forever-server
            // would otherwise grow this list without bound.
            Ok(handle) if config.exit_after.is_some() => threads.push(handle),
            Ok(_) => {}
            Err(e) => {
                active.fetch_sub(1, Ordering::AcqRel);
                eprintln!("{conn}: cannot start a thread: {e}");
            }
        }
    }
    for handle in threads {
        let _ = handle.join();
    }
}
// ANCHOR_END: serve

// ANCHOR: handle
/// Serves one connection: says who connected, echoes, says how it ended.
fn handle(mut stream: UnixStream, conn: Conn, trace: Trace) {
    let local = stream.local_addr().map_or("?".into(), |a| describe(&a));
    let peer = stream.peer_addr().map_or("?".into(), |a| describe(&a));
    eprintln!("{conn}: connected (local {local}, peer {peer})");
    // The same loop as chapter 1: a UnixStream is Read + Write like a TcpStream.
    match echo(&mut stream, conn, trace) {
        Ok(n) => eprintln!("{conn}: closed after echoing {n} bytes"),
        // A client that closes with our echo still unread in its buffer makes
        // our next read fail with ECONNRESET; writing to a closed one, EPIPE.
        Err(e) => eprintln!("{conn}: dropped: {e}"),
    }
}
// ANCHOR_END: handle
