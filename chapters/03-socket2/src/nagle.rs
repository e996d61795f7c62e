//! Nagle's algorithm meets delayed ACK: why a header-then-body write pattern can
//! cost 40 ms per request on Linux, and how TCP_NODELAY removes it.
//!
//! Nagle (RFC 896; RFC 1122 §4.2.3.4): while sent data is still unacknowledged,
//! hold back a small segment until the ACK arrives (or a full segment builds up).
//! Delayed ACK (RFC 1122 §4.2.3.2): the receiver may wait (up to 500 ms; Linux
//! uses 40 ms at least) before acknowledging, hoping to piggyback the ACK on a reply.
//!
//! ```text
//!   client                                   server
//!   write(header) ── 4 bytes ─────────────▶  read header; no reply yet, so the
//!   write(body)   (held: header not ACKed)   ACK is delayed…
//!         ⋮                 40 ms                  ⋮
//!                 ◀───────────────── ACK ──  delayed-ACK timer fires
//!   (body released) ── 100 bytes ─────────▶  read body, reply
//!   read(reply)   ◀────────────── reply ───
//! ```
//!
//! Each side waits for the other. With TCP_NODELAY the body leaves at once.
//! One write of header+body (or `writev`) avoids the trap even with Nagle on.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use ch01_tcp::trace::Trace;

/// The largest body the responder accepts: its buffer is allocated from a length
/// the peer sends, so the peer must not choose it freely.
pub const MAX_BODY: usize = 1 << 20;

/// A bound on every read, so a broken peer fails a run instead of hanging it.
pub const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// How the client sends each request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Header and body in one write, Nagle on: the baseline.
    WriteRead,
    /// Header, then body, in two writes, Nagle on: the trap.
    WriteWriteRead,
    /// Two writes with TCP_NODELAY: the fix.
    WriteWriteReadNodelay,
}

impl Mode {
    /// All three, in the order they are printed.
    pub const ALL: [Mode; 3] = [
        Mode::WriteRead,
        Mode::WriteWriteRead,
        Mode::WriteWriteReadNodelay,
    ];

    /// A label for tables.
    pub fn label(self) -> &'static str {
        match self {
            Mode::WriteRead => "write-read (one write), Nagle on",
            Mode::WriteWriteRead => "write-write-read, Nagle on",
            Mode::WriteWriteReadNodelay => "write-write-read, TCP_NODELAY",
        }
    }
}

/// Starts the responder in a thread on `addr`: for each of `connections`
/// connections, it answers every request (4-byte big-endian length, then that
/// many bytes) with the same bytes, in one write, once both parts have arrived.
pub fn spawn_responder(
    addr: SocketAddr,
    connections: usize,
) -> io::Result<(SocketAddr, JoinHandle<io::Result<()>>)> {
    let listener = TcpListener::bind(addr)?;
    let local = listener.local_addr()?;
    let handle = thread::spawn(move || {
        for _ in 0..connections {
            let (stream, _) = listener.accept()?;
            respond(stream)?;
        }
        Ok(())
    });
    Ok((local, handle))
}

// ANCHOR: respond
/// Serves one connection until the client closes it.
fn respond(mut stream: TcpStream) -> io::Result<()> {
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    let mut frame = Vec::new();
    loop {
        let mut header = [0u8; 4];
        match stream.read_exact(&mut header) {
            Ok(()) => {}
            // EOF between requests is the client saying goodbye.
            Err(e) if e.kind() == ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        }
        let len = u32::from_be_bytes(header) as usize;
        if len > MAX_BODY {
            return Err(io::Error::new(
                ErrorKind::InvalidData,
                format!("body of {len} bytes is over the {MAX_BODY}-byte limit"),
            ));
        }
        // The reply waits for the whole request, as a real server's would.
        frame.clear();
        frame.extend_from_slice(&header);
        frame.resize(4 + len, 0);
        stream.read_exact(&mut frame[4..])?;
        stream.write_all(&frame)?;
    }
}
// ANCHOR_END: respond

// ANCHOR: round
/// Connects to a responder at `server` and times `rounds` requests with a
/// `body`-byte body, sent as `mode` says. Returns one duration per round.
pub fn measure(
    server: SocketAddr,
    mode: Mode,
    rounds: usize,
    body: usize,
    trace: Trace,
) -> io::Result<Vec<Duration>> {
    let mut stream = TcpStream::connect(server)?;
    stream.set_nodelay(mode == Mode::WriteWriteReadNodelay)?;
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    trace.note(server, format_args!("new connection: {}", mode.label()));
    let len = u32::try_from(body).map_err(|_| io::Error::from(ErrorKind::InvalidInput))?;
    let header = len.to_be_bytes();
    let payload = vec![b'x'; body];
    let whole: Vec<u8> = header.iter().chain(&payload).copied().collect();
    let mut reply = vec![0u8; whole.len()];
    let mut times = Vec::with_capacity(rounds);
    for round in 1..=rounds {
        let start = Instant::now();
        // ANCHOR: writes
        if mode == Mode::WriteRead {
            stream.write_all(&whole)?;
            trace.send(server, &whole);
        } else {
            // Two small writes: the second meets Nagle unless TCP_NODELAY is on.
            stream.write_all(&header)?;
            trace.send(server, &header);
            stream.write_all(&payload)?;
            trace.send(server, &payload);
        }
        stream.read_exact(&mut reply)?;
        let took = start.elapsed();
        // ANCHOR_END: writes
        trace.recv(server, &reply);
        trace.note(
            server,
            format_args!("round {round}: reply after {}", show(took)),
        );
        if reply != whole {
            return Err(io::Error::new(ErrorKind::InvalidData, "the reply differs"));
        }
        times.push(took);
    }
    Ok(times)
}
// ANCHOR_END: round

/// Median and 99th percentile of a set of measurements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// The middle value (the lower one of the two middles for an even count).
    pub median: Duration,
    /// The nearest-rank 99th percentile: 99% of rounds took this long or less.
    pub p99: Duration,
}

impl Summary {
    /// Summarizes `times`; `None` when there are none.
    pub fn of(times: &[Duration]) -> Option<Summary> {
        if times.is_empty() {
            return None;
        }
        let mut sorted = times.to_vec();
        sorted.sort();
        let n = sorted.len();
        // Nearest rank: the smallest value with at least 99% of values ≤ it.
        let rank = (n * 99).div_ceil(100);
        Some(Summary {
            median: sorted[(n - 1) / 2],
            p99: sorted[rank - 1],
        })
    }
}

/// `31.2 µs` or `43.9 ms`: the unit that keeps the figure readable.
pub fn show(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 1000.0 {
        format!("{us:.1} µs")
    } else {
        format!("{:.1} ms", us / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(v: &[u64]) -> Vec<Duration> {
        v.iter().map(|&m| Duration::from_millis(m)).collect()
    }

    #[test]
    fn figures_are_shown_in_a_readable_unit() {
        assert_eq!(show(Duration::from_nanos(4_210)), "4.2 µs");
        assert_eq!(show(Duration::from_micros(43_960)), "44.0 ms");
    }

    #[test]
    fn median_and_p99() {
        assert_eq!(Summary::of(&[]), None);
        let one = Summary::of(&ms(&[7])).unwrap();
        assert_eq!((one.median, one.p99), (ms(&[7])[0], ms(&[7])[0]));
        // 1..=100 ms shuffled: median 50, p99 99.
        let mut v: Vec<u64> = (1..=100).rev().collect();
        v.swap(3, 70);
        let s = Summary::of(&ms(&v)).unwrap();
        assert_eq!(s.median, Duration::from_millis(50));
        assert_eq!(s.p99, Duration::from_millis(99));
        let s = Summary::of(&ms(&[1, 40, 40, 41])).unwrap();
        assert_eq!(s.median, Duration::from_millis(40));
        assert_eq!(s.p99, Duration::from_millis(41));
    }

    #[test]
    fn responder_rejects_a_huge_length() {
        let (addr, handle) = spawn_responder("127.0.0.1:0".parse().unwrap(), 1).unwrap();
        let mut s = TcpStream::connect(addr).unwrap();
        s.write_all(&u32::MAX.to_be_bytes()).unwrap();
        let err = handle.join().unwrap().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidData);
    }

    #[test]
    fn rounds_echo_the_request() {
        let (addr, handle) = spawn_responder("127.0.0.1:0".parse().unwrap(), 3).unwrap();
        for mode in Mode::ALL {
            let times = measure(addr, mode, 3, 10, Trace::new(false)).unwrap();
            assert_eq!(times.len(), 3);
        }
        handle.join().unwrap().unwrap();
    }
}
