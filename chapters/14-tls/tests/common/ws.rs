//! A WebSocket client for the proxy experiments, over plain TCP or over a
//! rustls stream alike: chapter 8's [`ClientHandshake`] for the upgrade,
//! chapter 9's [`Receiver`] and masked encoder for the frames. It answers
//! every Ping with a Pong (RFC 6455 §5.5.2), as a browser does, so a server's
//! heartbeat keeps working through it; and it tells a Close frame from a bare
//! end of the connection, which a browser reports as code 1006 (§7.1.5).

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use ch05_http_parser::Status;
use ch08_ws_handshake::ClientHandshake;
use ch09_ws_frames::encoder::encode_frame_masked;
use ch09_ws_frames::{Event, OpCode, Receiver, Role};
use rustls::{ClientConnection, StreamOwned};

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
    /// A Close frame, with its code.
    Close(Option<u16>),
    /// The connection ended with no Close frame: what a browser reports as
    /// `CloseEvent.code` 1006, "abnormal closure".
    Ended(String),
    /// Nothing before the deadline.
    Quiet,
}

/// An open WebSocket.
pub struct WsClient<S: Wire> {
    /// The 101's head, as text.
    pub head: String,
    stream: S,
    rx: Receiver,
    buf: Vec<u8>,
    /// Pings answered so far.
    pub pings: u32,
}

/// The upgrade was refused: everything the server answered before it closed
/// (the status line, the headers, maybe a body), as text.
#[derive(Debug)]
pub struct Refused {
    pub answer: String,
    pub why: String,
}

/// Sends the upgrade request for `handshake` on `stream` and reads the answer
/// within `limit`: a 101 gives an open WebSocket, anything else the answer.
pub fn open<S: Wire>(
    mut stream: S,
    handshake: &ClientHandshake,
    limit: Duration,
) -> Result<WsClient<S>, Refused> {
    stream.socket().set_read_timeout(Some(limit)).unwrap();
    stream.write_all(&handshake.request()).unwrap();
    let deadline = Instant::now() + limit;
    let mut buf = Vec::new();
    loop {
        let refused = |buf: &[u8], why: String| Refused {
            answer: String::from_utf8_lossy(buf).into_owned(),
            why,
        };
        match handshake.check_response(&buf) {
            Ok(Status::Complete((_, used))) => {
                let head = String::from_utf8_lossy(&buf[..used]).into_owned();
                buf.drain(..used);
                return Ok(WsClient {
                    head,
                    stream,
                    rx: Receiver::new(Role::Client),
                    buf,
                    pings: 0,
                });
            }
            Ok(Status::Partial) => {}
            Err(e) => {
                // Read the refusal's body too (a proxy may keep the
                // connection open after it, so not until the close).
                while buf.len() < refusal_length(&buf)
                    && let Got::Bytes = read_more(&mut stream, &mut buf, deadline)
                {}
                return Err(refused(&buf, e.to_string()));
            }
        }
        match read_more(&mut stream, &mut buf, deadline) {
            Got::Bytes => {}
            Got::End(why) => return Err(refused(&buf, format!("during the handshake: {why}"))),
            Got::Timeout => return Err(refused(&buf, format!("no answer within {limit:?}"))),
        }
    }
}

/// The length of a response whose head is in `buf`: head plus its
/// Content-Length (enough for the refusals these tests read).
fn refusal_length(buf: &[u8]) -> usize {
    let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
        return usize::MAX; // the head is not complete yet
    };
    let body = String::from_utf8_lossy(&buf[..end])
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    end + 4 + body
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
    stream.socket().set_read_timeout(Some(left)).unwrap();
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
    /// Sends a text message, masked with a fixed key (these tests need no
    /// unpredictability; RFC 6455 §5.3 wants it against cache poisoning).
    pub fn send_text(&mut self, text: &str) {
        let mut frame = Vec::new();
        encode_frame_masked(
            &mut frame,
            true,
            OpCode::Text,
            text.as_bytes(),
            [7, 1, 4, 2],
        );
        self.stream.write_all(&frame).unwrap();
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
                    Some(Owned::Text(t)) => return Seen::Text(t),
                    Some(Owned::Close(code)) => return Seen::Close(code),
                    Some(Owned::Ping(payload)) => {
                        let mut pong = Vec::new();
                        encode_frame_masked(&mut pong, true, OpCode::Pong, &payload, [3, 1, 4, 1]);
                        self.stream.write_all(&pong).unwrap();
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
}

/// An event, owned (the receiver's borrow of the buffer ends here).
enum Owned {
    Text(String),
    Close(Option<u16>),
    Ping(Vec<u8>),
    Other,
}

fn owned(event: Event<'_>) -> Owned {
    match event {
        Event::Close(f) => Owned::Close(f.code),
        Event::Ping(p) => Owned::Ping(p.into_owned()),
        e => match e.as_text() {
            Some(t) => Owned::Text(t.to_owned()),
            None => Owned::Other,
        },
    }
}
