//! A WebSocket echo load client on mio: one thread drives every connection.
//!
//! ```text
//!  conn 0: ──frame──frame──frame──▶      K frames in flight; each echo that comes
//!          ◀──echo──────echo──────       back (checked) lets one more go out,
//!  conn 1: ...                           until the time is up; then it drains.
//! ```
//!
//! The client must cost its own core little, so that the server is what is
//! measured: every frame is the same, so it is masked once, K copies are laid
//! end to end, and writing m frames is one `write` of a slice of that buffer.
//! Echoes are parsed in a streaming way and compared with the payload in place,
//! without copying.
//!
//! The connections are chapter 7's [`Transport`]s, so the same client loads
//! a server over plain TCP ([`run`]) or, in chapter 14's bench, over TLS
//! ([`run_on`] with chapter 14's transport on the client side).
//!
//! One key for every frame is a shortcut a real client must not take: RFC 6455
//! §5.3 asks for a fresh, unpredictable key per frame, so that a hostile page
//! cannot choose the bytes a proxy sees (§10.3). On loopback, against servers we
//! started ourselves, no proxy is fooled; a server unmasks every frame the same
//! way whatever the key, and cannot tell.

use std::collections::VecDeque;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use ch05_http_parser::Status;
use ch07_bench::load::connect_from;
use ch07_event_loop::summary::percentile;
use ch07_event_loop::{Plain, Transport};
use ch08_ws_handshake::ClientHandshake;
use ch09_ws_frames::{FrameHeader, OpCode};
use mio::{Events, Interest, Poll, Token};

/// One load shape.
#[derive(Debug, Clone, Copy)]
pub struct EchoLoad {
    /// Connections.
    pub conns: usize,
    /// Messages in flight per connection.
    pub in_flight: usize,
    /// Payload bytes per message (binary).
    pub size: usize,
    /// How long new messages are sent; in-flight ones are then drained.
    pub duration: Duration,
}

/// What one run measured.
#[derive(Debug, Clone, Default)]
pub struct EchoResult {
    /// Echoes received and checked.
    pub messages: u64,
    /// From the first send to the last echo.
    pub elapsed: Duration,
    /// Each message's round trip (send queued → echo complete), microseconds.
    pub latencies_us: Vec<u32>,
}

impl EchoResult {
    /// Messages echoed per second.
    pub fn per_sec(&self) -> f64 {
        self.messages as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Round trip at percentile `p`, microseconds.
    pub fn latency_us(&self, p: f64) -> u32 {
        percentile(&self.latencies_us, p).unwrap_or(0)
    }
}

/// Opens a WebSocket to `addr` + `path` (blocking, from 127.0.0.(2 + i mod 8)):
/// sends the upgrade, checks the 101 and its `Sec-WebSocket-Accept` (§4.2.2).
pub fn connect_ws(i: usize, addr: SocketAddr, path: &str) -> io::Result<TcpStream> {
    let mut s = connect_from(i, addr)?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    upgrade(&mut s, i, addr, path)?;
    s.set_read_timeout(None)?;
    Ok(s)
}

/// Upgrades connection `i` to `ws://addr` + `path` over `stream`, which may be
/// a socket or a TLS stream over one (chapter 14's bench speaks wss this way):
/// sends chapter 8's upgrade request, reads the head of the answer and checks
/// it is a 101 with the right `Sec-WebSocket-Accept`. `stream` should have a
/// read timeout: a read that times out is reported as a missing 101.
pub fn upgrade<S: Read + Write>(
    stream: &mut S,
    i: usize,
    addr: SocketAddr,
    path: &str,
) -> io::Result<()> {
    // Chapter 8's client handshake: the request, and every check of the 101.
    let hs = ClientHandshake::new(&format!("ws://{addr}{path}"))
        .map_err(|e| io::Error::other(format!("bad URL: {e}")))?;
    stream.write_all(&hs.request())?;
    // Read byte by byte up to the blank line: a server may send frames right
    // after its 101, and they must not be swallowed here (only a few hundred
    // bytes per connection, once).
    let mut head = Vec::with_capacity(256);
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() > 8192 {
            return Err(io::Error::other("response head over 8 KiB"));
        }
        match stream.read(&mut byte) {
            Ok(0) => return Err(io::Error::other("closed during the handshake")),
            Ok(_) => head.push(byte[0]),
            // A read timeout is EAGAIN on Linux ("Resource temporarily
            // unavailable"), which reads like a connect failure: say what it is.
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Err(io::Error::new(
                    ErrorKind::TimedOut,
                    format!(
                        "connection {i}: no 101 from {addr} within 10 s (a server at its \
                         connection limit leaves new connections unanswered in its backlog)"
                    ),
                ));
            }
            Err(e) => return Err(e),
        }
    }
    match hs.check_response(&head) {
        Ok(Status::Complete(_)) => Ok(()),
        Ok(Status::Partial) => Err(io::Error::other("a response head without its end")),
        Err(e) => {
            let text = String::from_utf8_lossy(&head);
            Err(io::Error::other(format!("not a valid 101 ({e}): {text:?}")))
        }
    }
}

/// The payload every message carries: bytes that differ from their neighbours,
/// so a misplaced byte in an echo shows.
pub fn payload(size: usize) -> Vec<u8> {
    (0..size).map(|i| (i * 31 + i / 251) as u8).collect()
}

/// `copies` identical client frames (binary, FIN, masked with one key) end to end.
pub fn masked_frames(payload: &[u8], copies: usize) -> Vec<u8> {
    let key = [0x37, 0xfa, 0x21, 0x3d];
    let header = FrameHeader::new(true, OpCode::Binary, Some(key), payload.len() as u64);
    let mut frame = header.encode().as_slice().to_vec();
    frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ key[i & 3]));
    frame.repeat(copies)
}

/// Where the parser of one connection's echoes stands.
struct Echoes {
    /// Header bytes of the frame being read (at most 10 for a server frame).
    head: [u8; 10],
    head_len: usize,
    /// Payload bytes of the current frame checked so far, once the header is done.
    at: Option<usize>,
}

impl Echoes {
    /// The header length a server frame needs, once its second byte is known.
    fn head_needed(&self) -> usize {
        if self.head_len < 2 {
            return 2;
        }
        match self.head[1] & 0x7f {
            126 => 4,
            127 => 10,
            _ => 2,
        }
    }

    /// Consumes `input`; returns how many echoes it completed, or what was wrong.
    fn feed(&mut self, mut input: &[u8], want: &[u8]) -> Result<usize, String> {
        let mut done = 0;
        while !input.is_empty() {
            match self.at {
                None => {
                    let need = self.head_needed();
                    let take = (need - self.head_len).min(input.len());
                    self.head[self.head_len..self.head_len + take].copy_from_slice(&input[..take]);
                    self.head_len += take;
                    input = &input[take..];
                    if self.head_len == self.head_needed() {
                        let h = &self.head[..self.head_len];
                        let len = match h[1] & 0x7f {
                            126 => u16::from_be_bytes([h[2], h[3]]) as usize,
                            127 => u64::from_be_bytes(h[2..10].try_into().unwrap()) as usize,
                            n => n as usize,
                        };
                        // §5.2: FIN, binary, unmasked (a server's frames), our length.
                        if h[0] != 0x82 || h[1] & 0x80 != 0 || len != want.len() {
                            return Err(format!("unexpected frame header {h:02x?}"));
                        }
                        self.at = Some(0);
                    }
                }
                Some(at) => {
                    let take = (want.len() - at).min(input.len());
                    if input[..take] != want[at..at + take] {
                        return Err(format!("echo differs in payload bytes {at}..{}", at + take));
                    }
                    input = &input[take..];
                    self.at = Some(at + take);
                }
            }
            if self.at == Some(want.len()) {
                done += 1;
                self.at = None;
                self.head_len = 0;
            }
        }
        Ok(done)
    }
}

struct Client<T> {
    stream: T,
    echoes: Echoes,
    /// When each in-flight message was queued, oldest first.
    sent_at: VecDeque<Instant>,
    /// Whole frames still to write, and how far into the first one we are.
    unsent: usize,
    offset: usize,
    /// Waiting for WRITABLE.
    blocked: bool,
}

impl<T: Transport> Client<T> {
    /// Writes the transport's own pending bytes (TLS records already made:
    /// none over plain TCP), then as much of the queued frames as it takes.
    fn flush(&mut self, frames: &[u8], frame_len: usize) -> io::Result<()> {
        match self.stream.flush() {
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                self.blocked = true;
                return Ok(());
            }
            other => other?,
        }
        while self.unsent > 0 {
            let end = self.unsent * frame_len;
            match self.stream.write(&frames[self.offset..end]) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(n) => {
                    let written = self.offset + n;
                    self.unsent -= written / frame_len;
                    self.offset = written % frame_len;
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    self.blocked = true;
                    return Ok(());
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        // A TLS transport may have taken every frame and still hold records
        // the socket would not take: they go when it is WRITABLE again.
        self.blocked = self.stream.wants_write();
        Ok(())
    }
}

/// Opens `load.conns` WebSockets to the echo at `addr` + `path` over plain
/// TCP and runs `load` on them: [`run_on`] over [`Plain`] sockets.
pub fn run(addr: SocketAddr, path: &str, load: &EchoLoad) -> io::Result<EchoResult> {
    let conns = (0..load.conns)
        .map(|i| connect_plain(i, addr, path))
        .collect::<io::Result<Vec<_>>>()?;
    run_on(conns, load)
}

/// [`connect_ws`], made non-blocking, as the loop's [`Plain`] transport.
pub fn connect_plain(i: usize, addr: SocketAddr, path: &str) -> io::Result<Plain> {
    let s = connect_ws(i, addr, path)?;
    s.set_nonblocking(true)?;
    Ok(Plain(mio::net::TcpStream::from_std(s)))
}

// ANCHOR: echo_load
/// Runs `load` over `conns`, WebSockets already upgraded (non-blocking), and
/// checks every echo. Each connection is a chapter 7 [`Transport`]: [`Plain`]
/// TCP, or chapter 14's TLS, whose bytes of its own (`wants_write`) are
/// flushed like the frames.
pub fn run_on<T: Transport>(conns: Vec<T>, load: &EchoLoad) -> io::Result<EchoResult> {
    let want = payload(load.size);
    let frames = masked_frames(&want, load.in_flight.max(1));
    let frame_len = frames.len() / load.in_flight.max(1);
    let mut poll = Poll::new()?;
    let mut events = Events::with_capacity(1024);
    let mut clients = Vec::with_capacity(conns.len());
    for (i, mut stream) in conns.into_iter().enumerate() {
        poll.registry()
            .register(stream.source(), Token(i), Interest::READABLE)?;
        clients.push(Client {
            stream,
            echoes: Echoes {
                head: [0; 10],
                head_len: 0,
                at: None,
            },
            sent_at: VecDeque::with_capacity(load.in_flight),
            unsent: 0,
            offset: 0,
            blocked: false,
        });
    }
    let mut latencies_us = Vec::with_capacity(1 << 20);
    let mut chunk = vec![0u8; 256 * 1024];
    let start = Instant::now();
    let end = start + load.duration;
    let give_up = end + Duration::from_secs(20);
    for (i, c) in clients.iter_mut().enumerate() {
        c.unsent = load.in_flight;
        c.sent_at.extend(std::iter::repeat_n(start, load.in_flight));
        c.flush(&frames, frame_len)?;
        if c.blocked {
            poll.registry().reregister(
                c.stream.source(),
                Token(i),
                Interest::READABLE | Interest::WRITABLE,
            )?;
        }
    }
    let mut last = start;
    let mut waiting: usize = clients.iter().map(|c| c.sent_at.len()).sum();
    while waiting > 0 {
        let now = Instant::now();
        if now > give_up {
            return Err(io::Error::other(format!("{waiting} echoes never came")));
        }
        poll.poll(&mut events, Some(Duration::from_millis(100)))?;
        for event in events.iter() {
            let i = event.token().0;
            let c = &mut clients[i];
            let was_blocked = c.blocked;
            if event.is_writable() && c.blocked {
                c.flush(&frames, frame_len)?;
            }
            if !event.is_readable() {
                if was_blocked && !c.blocked {
                    poll.registry()
                        .reregister(c.stream.source(), Token(i), Interest::READABLE)?;
                }
                continue;
            }
            loop {
                let n = match c.stream.read(&mut chunk) {
                    Ok(0) => return Err(io::Error::other("the server closed a connection")),
                    Ok(n) => n,
                    Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                    Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                };
                let done = c
                    .echoes
                    .feed(&chunk[..n], &want)
                    .map_err(|e| io::Error::new(ErrorKind::InvalidData, e))?;
                if done > 0 {
                    let now = Instant::now();
                    for _ in 0..done {
                        let Some(t) = c.sent_at.pop_front() else {
                            return Err(io::Error::other("an echo of a message never sent"));
                        };
                        latencies_us.push(now.duration_since(t).as_micros() as u32);
                    }
                    waiting -= done;
                    last = now;
                    if now < end {
                        // Each echo lets one more message go: K stay in flight.
                        c.sent_at.extend(std::iter::repeat_n(now, done));
                        c.unsent += done;
                        waiting += done;
                    }
                }
                if n < chunk.len() {
                    break; // Linux: a short read means drained for now
                }
            }
            if (c.unsent > 0 || c.stream.wants_write()) && !c.blocked {
                c.flush(&frames, frame_len)?;
            }
            if c.blocked != was_blocked {
                let interest = if c.blocked {
                    Interest::READABLE | Interest::WRITABLE
                } else {
                    Interest::READABLE
                };
                poll.registry()
                    .reregister(c.stream.source(), Token(i), interest)?;
            }
        }
    }
    Ok(EchoResult {
        messages: latencies_us.len() as u64,
        elapsed: last.duration_since(start),
        latencies_us,
    })
}
// ANCHOR_END: echo_load

#[cfg(test)]
mod tests {
    use super::*;

    fn server_frame(payload: &[u8]) -> Vec<u8> {
        let h = FrameHeader::new(true, OpCode::Binary, None, payload.len() as u64);
        let mut f = h.encode().as_slice().to_vec();
        f.extend_from_slice(payload);
        f
    }

    #[test]
    fn echoes_parse_across_any_split_and_catch_a_wrong_byte() {
        for size in [0, 5, 125, 126, 300, 70_000] {
            let want = payload(size);
            let two = server_frame(&want).repeat(2);
            for cut in [1, 2, 3, 7, 11, two.len() / 2, two.len() - 1] {
                let cut = cut.min(two.len());
                let mut e = Echoes {
                    head: [0; 10],
                    head_len: 0,
                    at: None,
                };
                let a = e.feed(&two[..cut], &want).unwrap();
                let b = e.feed(&two[cut..], &want).unwrap();
                assert_eq!(a + b, 2, "size {size} cut {cut}");
            }
            if size > 0 {
                let mut bad = server_frame(&want);
                let last = bad.len() - 1;
                bad[last] ^= 1;
                let mut e = Echoes {
                    head: [0; 10],
                    head_len: 0,
                    at: None,
                };
                assert!(e.feed(&bad, &want).is_err());
            }
        }
        // A text frame, or a masked one, is not our echo.
        let mut e = Echoes {
            head: [0; 10],
            head_len: 0,
            at: None,
        };
        assert!(e.feed(&[0x81, 0x00], &[]).is_err());
    }

    #[test]
    fn frames_are_masked_copies() {
        let f = masked_frames(b"abc", 3);
        assert_eq!(f.len(), 3 * (2 + 4 + 3));
        assert_eq!(&f[..2], &[0x82, 0x83]);
        assert_eq!(f[..9], f[9..18]);
    }
}
