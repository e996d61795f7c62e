//! A load client on mio: one thread drives every client connection.
//!
//! Two shapes of load:
//!
//! - [`hold_idle`]: N connections that each make one keep-alive request, read
//!   the answer, and then say nothing: what idle clients of a real-time server
//!   (a chat tab left open) cost it;
//! - [`closed_loop`]: C clients that each send the next request the moment the
//!   last answer is complete, for a fixed time: requests per second and latency.
//!
//! Connections come from source addresses 127.0.0.2 … 127.0.0.9 in turn, so
//! that tens of thousands of them (and their TIME_WAIT leftovers from earlier
//! rounds) do not run out of the ~28,000 ephemeral ports one address has.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpStream};
use std::time::{Duration, Instant};

use mio::{Events, Interest, Poll, Token};
use socket2::{Domain, SockRef, Socket, Type};

/// The request both servers answer the same way: the clock as JSON.
pub const GET_TIME: &[u8] = b"GET /time HTTP/1.1\r\nHost: bench\r\n\r\n";

/// How many loopback source addresses connections are spread over.
const SOURCES: u32 = 8;

/// Connects to `addr` from 127.0.0.(2 + i mod 8).
pub fn connect_from(i: usize, addr: SocketAddr) -> io::Result<TcpStream> {
    let source = Ipv4Addr::new(127, 0, 0, 2 + (i as u32 % SOURCES) as u8);
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    socket.bind(&SocketAddr::V4(SocketAddrV4::new(source, 0)).into())?;
    socket.connect(&addr.into())?;
    let stream: TcpStream = socket.into();
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// The length of the complete response at the start of `buf`, if there is one
/// (the servers answer `/time` with a Content-Length body).
pub fn response_len(buf: &[u8]) -> io::Result<Option<usize>> {
    let mut headers = [httparse::EMPTY_HEADER; 32];
    let mut resp = httparse::Response::new(&mut headers);
    let head = match resp.parse(buf) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(e) => return Err(io::Error::new(ErrorKind::InvalidData, e)),
    };
    if resp.code != Some(200) {
        return Err(io::Error::other(format!("status {:?}", resp.code)));
    }
    let len = resp
        .headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("content-length"))
        .and_then(|h| {
            std::str::from_utf8(h.value)
                .ok()?
                .trim()
                .parse::<usize>()
                .ok()
        })
        .ok_or_else(|| io::Error::other("a response without Content-Length"))?;
    Ok((buf.len() >= head + len).then_some(head + len))
}

// ANCHOR: hold_idle
/// Opens `n` connections, makes one `request` on each (so each is a used
/// keep-alive connection) and returns them open and idle.
pub fn hold_idle(addr: SocketAddr, n: usize, request: &[u8]) -> io::Result<Vec<TcpStream>> {
    let mut conns = Vec::with_capacity(n);
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    for i in 0..n {
        let mut s = connect_from(i, addr)?;
        s.set_read_timeout(Some(Duration::from_secs(10)))?;
        s.write_all(request)?;
        buf.clear();
        while response_len(&buf)?.is_none() {
            match s.read(&mut chunk)? {
                0 => return Err(io::Error::other(format!("connection {i} closed early"))),
                k => buf.extend_from_slice(&chunk[..k]),
            }
        }
        conns.push(s);
    }
    Ok(conns)
}
// ANCHOR_END: hold_idle

/// What a closed-loop run measured.
#[derive(Debug, Clone)]
pub struct LoadResult {
    /// Responses received.
    pub requests: u64,
    /// From the first request to the last response.
    pub elapsed: Duration,
    /// Each request's latency, microseconds.
    pub latencies_us: Vec<u32>,
}

impl LoadResult {
    /// Requests per second.
    pub fn per_sec(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    /// Latency at percentile `p`, microseconds.
    pub fn latency_us(&self, p: f64) -> u32 {
        ch07_event_loop::summary::percentile(&self.latencies_us, p).unwrap_or(0)
    }
}

struct Client {
    stream: mio::net::TcpStream,
    buf: Vec<u8>,
    sent_at: Instant,
    waiting: bool,
}

/// Writes a small request whole. A fresh request on a connection whose last
/// answer was read always fits in the socket buffer; if it ever did not, we
/// retry briefly rather than build a write queue into the load client.
fn send(c: &mut Client, request: &[u8]) -> io::Result<()> {
    let mut rest = request;
    let give_up = Instant::now() + Duration::from_secs(5);
    while !rest.is_empty() {
        match c.stream.write(rest) {
            Ok(0) => return Err(ErrorKind::WriteZero.into()),
            Ok(n) => rest = &rest[n..],
            Err(e) if e.kind() == ErrorKind::WouldBlock && Instant::now() < give_up => {
                std::thread::yield_now()
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    c.sent_at = Instant::now();
    c.waiting = true;
    Ok(())
}

// ANCHOR: closed_loop
/// `clients` keep-alive connections, each sending `request` again as soon as
/// the previous answer is complete, for `duration`.
///
/// `quickack` (Linux): acknowledge every segment at once (`TCP_QUICKACK`, set
/// again after each read, since the kernel clears it) instead of delaying ACKs
/// by up to 40 ms. A server that writes one response in two small writes
/// without `TCP_NODELAY` waits for that ACK (Nagle, chapter 3); a quick-acking
/// client takes that stall out of the measurement.
pub fn closed_loop(
    addr: SocketAddr,
    clients: usize,
    duration: Duration,
    request: &[u8],
    quickack: bool,
) -> io::Result<LoadResult> {
    let mut poll = Poll::new()?;
    let mut events = Events::with_capacity(1024);
    let mut conns = Vec::with_capacity(clients);
    for i in 0..clients {
        let s = connect_from(i, addr)?;
        s.set_nonblocking(true)?;
        let mut stream = mio::net::TcpStream::from_std(s);
        poll.registry()
            .register(&mut stream, Token(i), Interest::READABLE)?;
        conns.push(Client {
            stream,
            buf: Vec::with_capacity(1024),
            sent_at: Instant::now(),
            waiting: false,
        });
    }
    let mut latencies_us = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    let start = Instant::now();
    let end = start + duration;
    let give_up = end + Duration::from_secs(10);
    for c in &mut conns {
        send(c, request)?;
    }
    let mut last = start;
    while conns.iter().any(|c| c.waiting) {
        if Instant::now() > give_up {
            return Err(io::Error::other("responses stopped coming"));
        }
        poll.poll(&mut events, Some(Duration::from_millis(100)))?;
        for event in events.iter() {
            let c = &mut conns[event.token().0];
            loop {
                match c.stream.read(&mut chunk) {
                    Ok(0) => return Err(io::Error::other("the server closed a connection")),
                    Ok(n) => {
                        c.buf.extend_from_slice(&chunk[..n]);
                        if quickack {
                            SockRef::from(&c.stream).set_tcp_quickack(true)?;
                        }
                        if n < chunk.len() {
                            // Linux: a short read means drained for now (see
                            // ReadMode::ShortReadMeansDrained). The client saves a
                            // syscall per response, so it is less of a bottleneck.
                            break;
                        }
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            while let Some(len) = response_len(&c.buf)? {
                c.buf.drain(..len);
                let now = Instant::now();
                latencies_us.push(now.duration_since(c.sent_at).as_micros() as u32);
                c.waiting = false;
                last = now;
                if now < end {
                    send(c, request)?;
                }
            }
        }
    }
    Ok(LoadResult {
        requests: latencies_us.len() as u64,
        elapsed: last.duration_since(start),
        latencies_us,
    })
}
// ANCHOR_END: closed_loop
