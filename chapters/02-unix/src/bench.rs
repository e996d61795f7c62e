//! Round-trip latency, Unix socket against TCP loopback: `ch02-client --bench`.
//!
//! One round trip = write a small message, wait until all of it has come back.
//! Over TCP, even on loopback, each message goes through the TCP/IP stack:
//! segments with headers and checksums (skipped for loopback, but still the code
//! path), sequence numbers, ACKs, the loopback device. A Unix stream socket
//! skips all of that: the kernel appends the bytes to the peer's receive queue.
//! Both still cost two system calls per direction and a wake-up of the other
//! process, which is why the gap is a factor, not an order of magnitude.

use std::fmt::Write as _;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use ch01_tcp::echo::echo;
use ch01_tcp::trace::Trace;

use crate::stats::{Summary, summarize};

/// Round trips per measurement unless `--count` says otherwise.
pub const DEFAULT_COUNT: usize = 10_000;

/// Message sizes measured, in bytes: the smallest, and a typical small message.
pub const SIZES: [usize; 2] = [1, 64];

// ANCHOR: round_trips
/// Sends `size` bytes and waits for all of them to come back, `count` times,
/// and returns how long each round trip took.
pub fn round_trips(
    stream: &mut (impl Read + Write),
    size: usize,
    count: usize,
) -> io::Result<Vec<Duration>> {
    let msg: Vec<u8> = (0..size).map(|i| b'a' + (i % 26) as u8).collect();
    let mut back = vec![0u8; size];
    let mut samples = Vec::with_capacity(count);
    for _ in 0..count {
        let start = Instant::now();
        stream.write_all(&msg)?;
        // The echo may come back in pieces: read_exact loops until all `size`
        // bytes are here (and fails with UnexpectedEof if the server closes).
        stream.read_exact(&mut back)?;
        samples.push(start.elapsed());
        if back != msg {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "the echo differs from what we sent",
            ));
        }
    }
    Ok(samples)
}
// ANCHOR_END: round_trips

/// Starts a TCP echo server on 127.0.0.1 with a free port, on a thread of this
/// process, running the same echo loop as `ch02-server`; returns its address.
/// Its threads end with the process.
pub fn tcp_echo_server() -> io::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            thread::spawn(move || {
                // One message per round trip, nothing else in flight: ask TCP
                // to send at once rather than wait to coalesce (chapter 3).
                let _ = stream.set_nodelay(true);
                let _ = echo(&mut stream, "bench", Trace::new(false));
            });
        }
    });
    Ok(addr)
}

/// How long one round trip may take before the benchmark gives up: a server
/// that stops answering makes `--bench` fail with an error instead of hanging.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// Connects to a TCP echo server for the benchmark (Nagle off, as on the
/// server; reads and writes bounded by [`PATIENCE`]).
pub fn tcp_connect(addr: SocketAddr) -> io::Result<TcpStream> {
    let stream = TcpStream::connect(addr)?;
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(PATIENCE))?;
    stream.set_write_timeout(Some(PATIENCE))?;
    Ok(stream)
}

/// One line of the report: a transport, a message size, its figures.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    /// `unix` or `tcp`.
    pub transport: &'static str,
    /// Message size in bytes.
    pub size: usize,
    /// The latency figures.
    pub summary: Summary,
}

/// Round trips per block when [`compare`] alternates between transports.
pub const BLOCK: usize = 100;

// ANCHOR: compare
/// Measures both transports with `size`-byte messages: `warmup` round trips on
/// each are thrown away (page faults, caches, CPU frequency), then `count` are
/// kept, taken in alternating blocks of [`BLOCK`]. Alternating matters on a
/// shared machine: a burst of other work, or the scheduler moving a process to
/// another core, then slows both transports alike instead of whichever
/// happened to be running.
pub fn compare(
    unix: &mut (impl Read + Write),
    tcp: &mut (impl Read + Write),
    size: usize,
    count: usize,
    warmup: usize,
) -> io::Result<[Row; 2]> {
    round_trips(unix, size, warmup)?;
    round_trips(tcp, size, warmup)?;
    let (mut u, mut t) = (Vec::with_capacity(count), Vec::with_capacity(count));
    while u.len() < count {
        let n = BLOCK.min(count - u.len());
        u.extend(round_trips(unix, size, n)?);
        t.extend(round_trips(tcp, size, n)?);
    }
    let none = || io::Error::new(io::ErrorKind::InvalidInput, "no round trips measured");
    let row = |transport, samples: &mut Vec<Duration>| {
        summarize(samples).map(|summary| Row {
            transport,
            size,
            summary,
        })
    };
    Ok([
        row("unix", &mut u).ok_or_else(none)?,
        row("tcp", &mut t).ok_or_else(none)?,
    ])
}
// ANCHOR_END: compare

fn micros(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

/// The table `--bench` prints, then the TCP/Unix ratio of medians per size.
pub fn report(rows: &[Row]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<9} {:>5} {:>11} {:>11} {:>11}",
        "transport", "size", "median", "p99", "max"
    );
    for r in rows {
        let _ = writeln!(
            out,
            "{:<9} {:>3} B {:>11} {:>11} {:>11}",
            r.transport,
            r.size,
            micros(r.summary.median),
            micros(r.summary.p99),
            micros(r.summary.max)
        );
    }
    for size in SIZES {
        let find = |t: &str| rows.iter().find(|r| r.transport == t && r.size == size);
        if let (Some(unix), Some(tcp)) = (find("unix"), find("tcp")) {
            let ratio =
                tcp.summary.median.as_secs_f64() / unix.summary.median.as_secs_f64().max(1e-9);
            let _ = writeln!(out, "{size:>3} B: tcp/unix median ratio {ratio:.2}x");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_against_the_in_process_server() {
        let addr = tcp_echo_server().unwrap();
        let mut s = tcp_connect(addr).unwrap();
        let samples = round_trips(&mut s, 64, 20).unwrap();
        assert_eq!(samples.len(), 20);
        // The same server twice stands in for both transports here.
        let mut other = tcp_connect(addr).unwrap();
        let rows = compare(&mut s, &mut other, 1, 250, 2).unwrap();
        assert_eq!(rows[0].summary.count, 250);
        assert_eq!(rows[1].summary.count, 250);
        let text = report(&rows);
        assert!(text.contains("tcp/unix median ratio"), "{text}");
    }

    #[test]
    fn a_wrong_echo_is_an_error() {
        // A "server" that answers with different bytes.
        struct Liar;
        impl Read for Liar {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                buf.fill(b'?');
                Ok(buf.len())
            }
        }
        impl Write for Liar {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let err = round_trips(&mut Liar, 8, 3).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    }
}
