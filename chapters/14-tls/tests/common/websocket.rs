//! A small WebSocket client over any byte stream: TCP, TLS, or a tunnel
//! through a proxy. Chapter 8's handshake, chapter 9's frames; the stream
//! only carries the bytes.

use std::io::{Read, Write};
use std::time::Instant;

use ch05_http_parser::{Limits, ResponseBodyKind, Status};
use ch06_http_server::client::parse_response_head;
use ch08_ws_handshake::ClientHandshake;
use ch08_ws_handshake::ResponseError;
use ch09_ws_frames::encoder::encode_frame_masked;
use ch09_ws_frames::{Event, OpCode, Receiver, Role};

use super::T;

/// An open WebSocket (the 101 received) on `stream`.
pub struct WsClient<S> {
    pub stream: S,
    /// Bytes read and not yet decoded.
    buf: Vec<u8>,
    rx: Receiver,
}

/// A handshake that did not end in a 101: why, and every byte received.
#[derive(Debug)]
pub struct Refused {
    pub error: ResponseError,
    pub answer: Vec<u8>,
}

impl<S: Read + Write> WsClient<S> {
    /// Sends `request` (normally `hs.request()`; a proxy may want another
    /// form of it) and reads the answer until its head is complete; a 101
    /// that passes `hs`'s checks opens the WebSocket.
    pub fn open(mut stream: S, hs: &ClientHandshake, request: &[u8]) -> Result<Self, Refused> {
        stream.write_all(request).expect("sending the handshake");
        let mut buf = Vec::new();
        let deadline = Instant::now() + T;
        loop {
            match hs.check_response(&buf) {
                Ok(Status::Complete((_, used))) => {
                    buf.drain(..used);
                    let rx = Receiver::new(Role::Client);
                    return Ok(WsClient { stream, buf, rx });
                }
                Ok(Status::Partial) => {}
                Err(error) => {
                    read_body_into(&mut stream, &mut buf);
                    return Err(Refused { error, answer: buf });
                }
            }
            assert!(Instant::now() < deadline, "no answer head within {T:?}");
            let mut chunk = [0; 4096];
            let n = stream
                .read(&mut chunk)
                .expect("reading the handshake answer");
            assert!(
                n > 0,
                "closed during the handshake: {}",
                String::from_utf8_lossy(&buf)
            );
            buf.extend_from_slice(&chunk[..n]);
        }
    }

    /// Sends a text message, masked as a client must (RFC 6455 §5.3).
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

    /// The next text message, within [`T`] (pings and pongs are skipped: the
    /// server's heartbeat is longer than a test).
    pub fn next_text(&mut self) -> String {
        let deadline = Instant::now() + T;
        loop {
            let (used, text, need_more) = {
                let (n, event) = self.rx.feed(&mut self.buf).expect("valid frames");
                if let Some(Event::Close(c)) = &event {
                    panic!("the server closed the WebSocket: {c:?}");
                }
                let text = event.as_ref().and_then(Event::as_text).map(str::to_owned);
                (n, text, event.is_none())
            };
            self.buf.drain(..used);
            if let Some(t) = text {
                return t;
            }
            if need_more {
                assert!(Instant::now() < deadline, "no message within {T:?}");
                let mut chunk = [0; 4096];
                let n = self.stream.read(&mut chunk).expect("reading frames");
                assert!(n > 0, "the connection closed");
                self.buf.extend_from_slice(&chunk[..n]);
            }
        }
    }
}

/// After a refusal's head: reads the body its Content-Length announces, so
/// the caller can show the whole answer (a proxy may keep the connection
/// open, so reading to the close would wait for its timeout).
fn read_body_into(stream: &mut impl Read, buf: &mut Vec<u8>) {
    let Ok(Status::Complete((head, head_len))) = parse_response_head(buf, &Limits::default())
    else {
        return;
    };
    let Ok(ResponseBodyKind::Length(length)) = head.body_kind(false) else {
        return;
    };
    let whole = head_len + length as usize;
    let deadline = Instant::now() + T;
    while buf.len() < whole && Instant::now() < deadline {
        let mut chunk = [0; 4096];
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}
