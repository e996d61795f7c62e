//! A blocking WebSocket client for tests, over plain TCP, a rustls stream or
//! a tunnel through a proxy alike: chapter 8's [`ClientHandshake`] for the
//! upgrade, chapter 9's [`Receiver`] and masked encoder for the frames.
//!
//! It answers every Ping with a Pong (RFC 6455 §5.5.2), as a browser does, so
//! a server's heartbeat keeps working through it; and it tells a Close frame
//! from a bare end of the connection, which a browser reports as code 1006
//! (§7.1.5). Every read is bounded by a deadline.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use ch05_http_parser::{Limits, ResponseBodyKind, Status};
use ch06_http_server::client::parse_response_head;
use ch08_ws_handshake::{ClientHandshake, ResponseError};
use ch09_ws_frames::encoder::encode_frame_masked;
use ch09_ws_frames::{Event, MessageKind, OpCode, Receiver, Role};
use rustls::{ClientConnection, StreamOwned};

use super::T;

/// A byte stream with a TCP socket under it, whose read timeout bounds each
/// read.
pub trait Wire: Read + Write {
    /// The socket under the stream.
    fn socket(&self) -> &TcpStream;
}

impl Wire for TcpStream {
    fn socket(&self) -> &TcpStream {
        self
    }
}

impl Wire for StreamOwned<ClientConnection, TcpStream> {
    fn socket(&self) -> &TcpStream {
        &self.sock
    }
}

/// What the client saw next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// A text message.
    Text(String),
    /// A binary message.
    Binary(Vec<u8>),
    /// A Close frame, with its code.
    Close(Option<u16>),
    /// The connection ended with no Close frame: what a browser reports as
    /// `CloseEvent.code` 1006, "abnormal closure".
    Ended(String),
    /// Nothing before the deadline.
    Quiet,
}

/// An open WebSocket (the 101 received) on `stream`.
pub struct WsClient<S: Wire> {
    /// The 101's head, as text.
    pub head: String,
    /// The stream under it.
    pub stream: S,
    rx: Receiver,
    /// Bytes read and not yet decoded.
    buf: Vec<u8>,
    /// Pings answered so far.
    pub pings: u32,
    /// Frames sent so far (each gets its own masking key).
    sent: u32,
}

/// The upgrade was refused: why, and everything the server answered (the
/// status line, the headers, the body its Content-Length announced).
#[derive(Debug)]
pub struct Refused {
    /// What chapter 8's check said of the answer (`None`: no whole answer came).
    pub error: Option<ResponseError>,
    /// Why, in words.
    pub why: String,
    /// The answer's bytes, as text.
    pub answer: String,
}

/// Sends the upgrade request for `hs` on `stream` and reads the answer
/// within `limit`: a 101 that passes `hs`'s checks opens the WebSocket,
/// anything else is [`Refused`].
pub fn open<S: Wire>(
    stream: S,
    hs: &ClientHandshake,
    limit: Duration,
) -> Result<WsClient<S>, Refused> {
    open_with(stream, hs, &hs.request(), limit)
}

/// As [`open`], sending `request` instead of `hs.request()` (to a forward
/// proxy, say, which wants the whole URL as the target).
pub fn open_with<S: Wire>(
    mut stream: S,
    hs: &ClientHandshake,
    request: &[u8],
    limit: Duration,
) -> Result<WsClient<S>, Refused> {
    stream.write_all(request).expect("sending the upgrade");
    let deadline = Instant::now() + limit;
    let mut buf = Vec::new();
    let refused = |buf: &[u8], error, why| Refused {
        error,
        why,
        answer: String::from_utf8_lossy(buf).into_owned(),
    };
    loop {
        match hs.check_response(&buf) {
            Ok(Status::Complete((_, used))) => {
                let head = String::from_utf8_lossy(&buf[..used]).into_owned();
                buf.drain(..used);
                return Ok(WsClient {
                    head,
                    stream,
                    rx: Receiver::new(Role::Client),
                    buf,
                    pings: 0,
                    sent: 0,
                });
            }
            Ok(Status::Partial) => {}
            Err(e) => {
                // Read the refusal's body too (a proxy may keep the
                // connection open after it, so not until the close).
                let whole = answer_length(&buf);
                while buf.len() < whole
                    && let Got::Bytes = read_more(&mut stream, &mut buf, deadline)
                {}
                let why = e.to_string();
                return Err(refused(&buf, Some(e), why));
            }
        }
        match read_more(&mut stream, &mut buf, deadline) {
            Got::Bytes => {}
            Got::End(why) => {
                return Err(refused(&buf, None, format!("during the handshake: {why}")));
            }
            Got::Timeout => return Err(refused(&buf, None, format!("no answer within {limit:?}"))),
        }
    }
}

/// The length of the response whose head is in `buf` (chapter 6's response
/// parser): head plus Content-Length; the head alone for other framings.
fn answer_length(buf: &[u8]) -> usize {
    match parse_response_head(buf, &Limits::default()) {
        Ok(Status::Complete((head, head_len))) => match head.body_kind(false) {
            Ok(ResponseBodyKind::Length(n)) => head_len + n as usize,
            _ => head_len,
        },
        _ => buf.len(),
    }
}

/// What one read did.
enum Got {
    Bytes,
    /// The end of the stream: a FIN (for TLS: a close_notify, or a FIN
    /// without one, which rustls reports as an unexpected EOF).
    End(String),
    /// The deadline passed.
    Timeout,
}

/// One read into `buf`, by `deadline`.
fn read_more(stream: &mut impl Wire, buf: &mut Vec<u8>, deadline: Instant) -> Got {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Got::Timeout;
    }
    if stream.socket().set_read_timeout(Some(left)).is_err() {
        return Got::End("the socket is gone".into());
    }
    let mut chunk = [0; 16 * 1024];
    loop {
        return match stream.read(&mut chunk) {
            Ok(0) => Got::End("the connection ended (FIN)".into()),
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                Got::Bytes
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            // SO_RCVTIMEO passing shows as EAGAIN.
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                Got::Timeout
            }
            Err(e) => Got::End(format!("{e} ({:?})", e.kind())),
        };
    }
}

impl<S: Wire> WsClient<S> {
    /// Sends one frame, masked as a client must (RFC 6455 §5.3; a test needs
    /// no unpredictable key, only a different one per frame).
    pub fn send(&mut self, opcode: OpCode, payload: &[u8]) {
        self.sent = self.sent.wrapping_add(1);
        let key = self.sent.wrapping_mul(0x9e37_79b9).to_be_bytes();
        let mut frame = Vec::new();
        encode_frame_masked(&mut frame, true, opcode, payload, key);
        self.stream.write_all(&frame).expect("sending a frame");
    }

    /// Sends a text message.
    pub fn send_text(&mut self, text: &str) {
        self.send(OpCode::Text, text.as_bytes());
    }

    /// The next message, Close or end of the connection, by `deadline`.
    /// Pings are answered on the way.
    pub fn next_by(&mut self, deadline: Instant) -> Seen {
        loop {
            while !self.buf.is_empty() {
                let (used, event) = match self.rx.feed(&mut self.buf) {
                    Ok((used, event)) => (used, event.map(owned)),
                    Err(v) => panic!("the server broke the protocol: {v}"),
                };
                self.buf.drain(..used);
                match event {
                    Some(Owned::Seen(seen)) => return seen,
                    Some(Owned::Ping(payload)) => {
                        self.send(OpCode::Pong, &payload);
                        self.pings += 1;
                    }
                    Some(Owned::Other) => {}
                    None => break,
                }
            }
            match read_more(&mut self.stream, &mut self.buf, deadline) {
                Got::Bytes => {}
                Got::End(why) => return Seen::Ended(why),
                Got::Timeout => return Seen::Quiet,
            }
        }
    }

    /// The next text message by `deadline`; panics on anything else.
    pub fn text_by(&mut self, deadline: Instant) -> String {
        match self.next_by(deadline) {
            Seen::Text(t) => t,
            other => panic!("expected a text message, saw {other:?}"),
        }
    }

    /// The next text message within [`T`]; panics on anything else.
    pub fn next_text(&mut self) -> String {
        self.text_by(Instant::now() + T)
    }
}

/// An event, owned (the receiver's borrow of the buffer ends here).
enum Owned {
    Seen(Seen),
    Ping(Vec<u8>),
    Other,
}

fn owned(event: Event<'_>) -> Owned {
    match event {
        Event::Message { kind, payload } => Owned::Seen(match kind {
            MessageKind::Text => Seen::Text(String::from_utf8_lossy(&payload).into_owned()),
            MessageKind::Binary => Seen::Binary(payload.into_owned()),
        }),
        Event::Close(f) => Owned::Seen(Seen::Close(f.code)),
        Event::Ping(p) => Owned::Ping(p.into_owned()),
        Event::Pong(_) => Owned::Other,
    }
}
