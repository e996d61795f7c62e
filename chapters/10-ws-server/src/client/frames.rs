//! The client's two halves: a reader that turns bytes into owned events, and a
//! writer that masks every frame it sends.

use std::fmt;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use ch01_tcp::trace::Trace;
use ch09_ws_frames::encoder::{encode_close, encode_frame_masked};
use ch09_ws_frames::explain::{describe, summary, trace_line};
use ch09_ws_frames::{Event, FrameHeader, MessageKind, OpCode, Receiver, Violation};

use super::liveness::Liveness;

/// What the server sent, owned (the reader's buffer is reused).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    /// A whole message.
    Message {
        /// Text (valid UTF-8) or binary.
        kind: MessageKind,
        /// The payload.
        payload: Vec<u8>,
    },
    /// A Ping: answer with a Pong of the same payload.
    Ping(Vec<u8>),
    /// A Pong.
    Pong(Vec<u8>),
    /// A Close, with its code (if any) and reason.
    Close(Option<u16>, String),
    /// TCP ended (read returned 0).
    Eof,
}

/// Why reading failed.
#[derive(Debug)]
pub enum ReadError {
    /// The socket failed (reset, timeout).
    Io(io::Error),
    /// The server broke a rule: send a Close with its code and stop.
    Protocol(Violation),
    /// The deadline given to [`FrameReader::next_event_by`] passed with no
    /// event (bytes may have come: see [`FrameReader::heard_at`]).
    Quiet,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "read failed: {e}"),
            ReadError::Protocol(v) => write!(f, "protocol error from the server: {v}"),
            ReadError::Quiet => write!(f, "nothing from the server in time"),
        }
    }
}

impl std::error::Error for ReadError {}

/// The reading half.
pub struct FrameReader {
    stream: TcpStream,
    rx: Receiver,
    buf: Vec<u8>,
    /// `buf[start..end]` is read but not yet decoded.
    start: usize,
    end: usize,
    peer: String,
    trace: Trace,
    /// When the last byte arrived (the handshake, at first).
    heard_at: Instant,
    /// The heartbeat `pump` runs, if any (see `liveness.rs`).
    liveness: Option<Liveness>,
}

impl FrameReader {
    /// A reader on `stream`, with `leftover` bytes read past the handshake.
    pub fn new(
        stream: TcpStream,
        rx: Receiver,
        leftover: &[u8],
        peer: String,
        trace: Trace,
    ) -> FrameReader {
        let mut buf = vec![0u8; 64 * 1024];
        // The leftover is at most one read of the handshake: it fits.
        let end = leftover.len().min(buf.len());
        buf[..end].copy_from_slice(&leftover[..end]);
        FrameReader {
            stream,
            rx,
            buf,
            start: 0,
            end,
            peer,
            trace,
            heard_at: Instant::now(),
            liveness: None,
        }
    }

    /// Runs `pump`'s heartbeat on this connection (`None`: no heartbeat).
    pub fn with_liveness(mut self, liveness: Option<Liveness>) -> FrameReader {
        self.liveness = liveness;
        self
    }

    /// The heartbeat settings, if it runs one.
    pub fn liveness(&self) -> Option<Liveness> {
        self.liveness
    }

    /// When the last byte from the server arrived.
    pub fn heard_at(&self) -> Instant {
        self.heard_at
    }

    /// Ends the TCP connection now, from the reading side: a writer blocked
    /// on a full send buffer in another thread wakes with an error.
    pub fn shutdown(&self) {
        let _ = self.stream.shutdown(Shutdown::Both);
    }

    /// Bounds each read (used while waiting for the server's FIN after a close).
    pub fn set_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
        self.stream.set_read_timeout(timeout)
    }

    /// Blocks until the next event.
    pub fn next_event(&mut self) -> Result<Incoming, ReadError> {
        self.next_event_by(None)
    }

    // ANCHOR: next_event
    /// Blocks until the next event, or until `deadline` passes without one
    /// ([`ReadError::Quiet`]; a partial frame stays buffered for the next call).
    /// The deadline is the socket's read timeout, set before each read.
    pub fn next_event_by(&mut self, deadline: Option<Instant>) -> Result<Incoming, ReadError> {
        loop {
            if self.start < self.end {
                let (trace, peer) = (self.trace, &self.peer);
                let mut on_frame = |h: &FrameHeader| {
                    trace.annotated("<-", peer, format!("frame {}", summary(h)));
                };
                match self
                    .rx
                    .feed_with(&mut self.buf[self.start..self.end], &mut on_frame)
                {
                    Ok((n, Some(event))) => {
                        self.start += n;
                        if self.trace.enabled() {
                            self.trace.annotated("<-", &self.peer, describe(&event));
                        }
                        return Ok(owned(event));
                    }
                    Ok((_, None)) => self.start = self.end, // all consumed
                    Err(v) => return Err(ReadError::Protocol(v)),
                }
            }
            self.start = 0;
            self.end = 0;
            if let Some(deadline) = deadline {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(ReadError::Quiet);
                }
                self.stream
                    .set_read_timeout(Some(left))
                    .map_err(ReadError::Io)?;
            }
            match self.stream.read(&mut self.buf) {
                Ok(0) => return Ok(Incoming::Eof),
                Ok(n) => {
                    self.end = n;
                    self.heard_at = Instant::now();
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) if deadline.is_some() && is_read_timeout(&e) => {
                    return Err(ReadError::Quiet);
                }
                Err(e) => return Err(ReadError::Io(e)),
            }
        }
    }
    // ANCHOR_END: next_event

    /// After the close handshake: read until the server closes TCP (RFC 6455
    /// §7.1.1: the server closes first), at most `timeout`; then close ours.
    pub fn wait_for_fin(&mut self, timeout: Duration) {
        let _ = self.stream.set_read_timeout(Some(timeout));
        let mut scratch = [0u8; 4096];
        let waited = loop {
            match self.stream.read(&mut scratch) {
                Ok(0) => break "the server closed TCP",
                Ok(_) => continue, // frames after a Close are dropped
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(_) => break "no FIN from the server in time: closing TCP ourselves",
            }
        };
        self.trace.note(&self.peer, waited);
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}

/// Whether a read failed because its timeout passed: EAGAIN on Unix. Not
/// ETIMEDOUT, which there is the kernel giving up on the connection
/// (`TCP_USER_TIMEOUT`, keepalive): a real failure. Windows says WSAETIMEDOUT.
fn is_read_timeout(e: &io::Error) -> bool {
    if cfg!(windows) {
        e.kind() == ErrorKind::TimedOut
    } else {
        e.kind() == ErrorKind::WouldBlock
    }
}

fn owned(event: Event<'_>) -> Incoming {
    match event {
        Event::Message { kind, payload } => Incoming::Message {
            kind,
            payload: payload.into_owned(),
        },
        Event::Ping(p) => Incoming::Ping(p.into_owned()),
        Event::Pong(p) => Incoming::Pong(p.into_owned()),
        Event::Close(f) => Incoming::Close(f.code, f.reason),
    }
}

/// The writing half. Once a Close is sent, nothing else is (§5.5.1).
pub struct FrameWriter {
    stream: TcpStream,
    peer: String,
    trace: Trace,
    /// One output buffer, reused: header and masked payload leave in one write.
    out: Vec<u8>,
    close_sent: bool,
}

impl FrameWriter {
    /// A writer on `stream`.
    pub fn new(stream: TcpStream, peer: String, trace: Trace) -> FrameWriter {
        FrameWriter {
            stream,
            peer,
            trace,
            out: Vec::new(),
            close_sent: false,
        }
    }

    /// Whether we sent a Close already.
    pub fn close_sent(&self) -> bool {
        self.close_sent
    }

    // ANCHOR: send
    /// Sends one final frame, masked with a fresh random key (§5.3, §10.3: a
    /// key the page's script cannot predict, so it cannot shape the bytes on
    /// the wire to fool a proxy).
    pub fn send(&mut self, opcode: OpCode, payload: &[u8]) -> io::Result<()> {
        if self.close_sent {
            return Err(io::Error::new(
                ErrorKind::NotConnected,
                "a Close was already sent",
            ));
        }
        let key: [u8; 4] = rand::random();
        if self.trace.enabled() {
            let h = FrameHeader::new(true, opcode, Some(key), payload.len() as u64);
            self.trace.annotated(
                "->",
                &self.peer,
                format!("frame {}", trace_line(&h, payload)),
            );
        }
        self.out.clear();
        encode_frame_masked(&mut self.out, true, opcode, payload, key);
        self.stream.write_all(&self.out)
    }
    // ANCHOR_END: send

    /// Sends a Close with `code` and `reason` (once; later calls do nothing).
    pub fn close(&mut self, code: u16, reason: &str) -> io::Result<()> {
        if self.close_sent {
            return Ok(());
        }
        self.close_sent = true;
        let key: [u8; 4] = rand::random();
        self.out.clear();
        encode_close(&mut self.out, code, reason, Some(key));
        if self.trace.enabled() {
            let mut payload = self.out[6..].to_vec();
            ch09_ws_frames::mask::apply_mask(&mut payload, key, 0);
            let h = FrameHeader::new(true, OpCode::Close, Some(key), payload.len() as u64);
            self.trace.annotated(
                "->",
                &self.peer,
                format!("frame {}", trace_line(&h, &payload)),
            );
        }
        self.stream.write_all(&self.out)
    }

    /// Ends the TCP connection now (after a protocol error, or a timeout).
    pub fn shutdown(&self) {
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}
