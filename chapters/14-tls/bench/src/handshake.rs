//! What a new connection costs: connect, (TLS handshake,) one small request,
//! the answer, the close. Run over plain TCP and over TLS against the same
//! server, the difference is what the handshake costs.
//!
//! Per connection the client counts its *flights* (runs of writes between the
//! server's answers): each one but the last is a round trip spent before the
//! request could go, on top of TCP's own SYN round trip. It also times the
//! first byte of the answer, and counts bytes on the wire both ways.
//!
//! ```text
//!  TLS 1.3 full     ClientHello ─▶          ◀─ ServerHello … Finished
//!                   Finished, GET ─▶        ◀─ tickets, 200          2 flights
//!  TLS 1.3 resumed  ClientHello + PSK ─▶    ◀─ ServerHello … Finished (no certificate)
//!                   Finished, GET ─▶        ◀─ 200                   2 flights
//!  TLS 1.2 full     ClientHello ─▶ ◀─ …HelloDone; KeyExchange, Finished ─▶
//!                   ◀─ Finished; GET ─▶ ◀─ 200                       3 flights
//! ```
//!
//! Many connections run on a few client threads at once, so that the server,
//! not the client's wait for it, sets the pace; the server's CPU time is read
//! from `/proc` before and after.

use std::io::{self, ErrorKind, Read, Write};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ch07_bench::procfs;
use ch13_showdown::cpu::{current_tid, thread_cpu};
use rustls::HandshakeKind;
use rustls::{ClientConfig, ClientConnection};

use crate::client::{Counted, NAME, connect_tcp};

/// The request every connection makes; `Connection: close`, so the server
/// closes first and its side keeps the TIME_WAIT, not the client's ports.
pub const REQUEST: &[u8] = b"GET /state HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

/// One connection, as the client saw it.
#[derive(Debug, Clone, Copy)]
pub struct Conn {
    /// The client's flights up to the answer's first byte.
    pub flights: u32,
    /// From `connect` to the first byte of the answer's plaintext.
    pub first_byte: Duration,
    /// Bytes the client sent and received on the socket, the whole connection.
    pub bytes_out: u64,
    /// See `bytes_out`.
    pub bytes_in: u64,
    /// rustls says the handshake resumed a session.
    pub resumed: bool,
}

/// Connection number `i` to `addr`, over TLS with `tls`, else plain TCP:
/// sends [`REQUEST`], reads until the server closes, checks for a 200.
pub fn one(i: usize, addr: SocketAddr, tls: Option<&Arc<ClientConfig>>) -> io::Result<Conn> {
    let start = Instant::now();
    let mut sock = Counted::new(connect_tcp(i, addr)?);
    let mut answer = Vec::with_capacity(512);
    let mut first_byte = None;
    let mut flights_then = 0;
    let mut resumed = false;
    let mut buf = [0u8; 4096];
    match tls {
        None => {
            sock.write_all(REQUEST)?;
            loop {
                let n = sock.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                if first_byte.is_none() {
                    first_byte = Some(start.elapsed());
                    flights_then = sock.flights;
                }
                answer.extend_from_slice(&buf[..n]);
            }
        }
        Some(config) => {
            let name = NAME.try_into().map_err(io::Error::other)?;
            let mut conn = ClientConnection::new(config.clone(), name).map_err(io::Error::other)?;
            // Queued now, sent as soon as the handshake allows (after the
            // client's Finished), in the same flight.
            conn.writer().write_all(REQUEST)?;
            'conn: loop {
                while conn.wants_write() {
                    conn.write_tls(&mut sock)?;
                }
                if conn.read_tls(&mut sock)? == 0 {
                    break;
                }
                let state = conn
                    .process_new_packets()
                    .map_err(|e| io::Error::new(ErrorKind::InvalidData, e))?;
                if state.plaintext_bytes_to_read() > 0 && first_byte.is_none() {
                    first_byte = Some(start.elapsed());
                    flights_then = sock.flights;
                }
                loop {
                    match conn.reader().read(&mut buf) {
                        Ok(0) => break 'conn, // close_notify
                        Ok(n) => answer.extend_from_slice(&buf[..n]),
                        Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                        Err(e) if e.kind() == ErrorKind::UnexpectedEof => break 'conn,
                        Err(e) => return Err(e),
                    }
                }
            }
            resumed = conn.handshake_kind() == Some(HandshakeKind::Resumed);
        }
    }
    if !answer.starts_with(b"HTTP/1.1 200") {
        let head = String::from_utf8_lossy(&answer[..answer.len().min(80)]).into_owned();
        return Err(io::Error::other(format!("not a 200: {head:?}")));
    }
    Ok(Conn {
        flights: flights_then,
        first_byte: first_byte.unwrap_or_default(),
        bytes_out: sock.bytes_out,
        bytes_in: sock.bytes_in,
        resumed,
    })
}

/// What a run of many connections measured.
#[derive(Debug, Clone, Default)]
pub struct Run {
    /// Every connection, in the order they finished.
    pub conns: Vec<Conn>,
    /// From the first connect to the last close.
    pub elapsed: Duration,
    /// CPU time the server processes used meanwhile (all their threads).
    pub server_cpu: Duration,
    /// CPU time the client threads used meanwhile.
    pub client_cpu: Duration,
}

impl Run {
    /// Connections (handshakes) per second.
    pub fn per_sec(&self) -> f64 {
        self.conns.len() as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Server CPU per connection, microseconds.
    pub fn server_us(&self) -> f64 {
        self.server_cpu.as_secs_f64() * 1e6 / self.conns.len().max(1) as f64
    }

    /// Client CPU per connection, microseconds.
    pub fn client_us(&self) -> f64 {
        self.client_cpu.as_secs_f64() * 1e6 / self.conns.len().max(1) as f64
    }

    /// How many resumed a session.
    pub fn resumed(&self) -> usize {
        self.conns.iter().filter(|c| c.resumed).count()
    }
}

/// The CPU time of `pids` together.
fn cpu(pids: &[u32]) -> io::Result<Duration> {
    let mut ns = 0;
    for &pid in pids {
        ns += procfs::cpu_ns(pid)?;
    }
    Ok(Duration::from_nanos(ns))
}

/// `n` connections to `addr` (see [`one`]) from `threads` client threads,
/// each making its next connection when the last one closed; numbered from
/// `first` so that runs spread over the source addresses. With `prime`,
/// `threads` connections first fill the session cache of a resuming `tls`
/// configuration (TLS 1.3 tickets are used once; each connection is given
/// two), so that no thread starts without one. The CPU time of `server_pids`
/// is read before and after.
pub fn run(
    addr: SocketAddr,
    tls: Option<Arc<ClientConfig>>,
    prime: bool,
    n: usize,
    threads: usize,
    first: usize,
    server_pids: &[u32],
) -> io::Result<Run> {
    if prime {
        for _ in 0..threads.max(1) {
            one(first, addr, tls.as_ref())?;
        }
    }
    let next = AtomicUsize::new(0);
    let server_before = cpu(server_pids)?;
    let start = Instant::now();
    // Each client thread reads its own CPU time (schedstat) as it ends: a
    // thread that has ended no longer shows in /proc/self/task.
    let results: Vec<io::Result<(Vec<Conn>, Duration)>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads.max(1))
            .map(|_| {
                s.spawn(|| {
                    let tid =
                        current_tid().ok_or_else(|| io::Error::other("no /proc/thread-self"))?;
                    let before = thread_cpu(tid).unwrap_or_default();
                    let mut mine = Vec::new();
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        if k >= n {
                            return Ok((mine, thread_cpu(tid).unwrap_or_default() - before));
                        }
                        mine.push(one(first + 1 + k, addr, tls.as_ref())?);
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|_| Err(io::Error::other("a client panicked")))
            })
            .collect()
    });
    let elapsed = start.elapsed();
    let server_cpu = cpu(server_pids)? - server_before;
    let mut conns = Vec::with_capacity(n);
    let mut client_cpu = Duration::ZERO;
    for r in results {
        let (mine, used) = r?;
        conns.extend(mine);
        client_cpu += used;
    }
    Ok(Run {
        conns,
        elapsed,
        server_cpu,
        client_cpu,
    })
}
