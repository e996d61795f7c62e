//! What one event costs on the wire over TLS: a WebSocket message on `/ws`
//! and an SSE event on `/events` of chapter 13's showdown, served by
//! `ch14-server`, at a given payload size.
//!
//! Each event is taken apart layer by layer, from the inside out:
//!
//! ```text
//!   payload                  the bytes published (POST /publish)
//!   + event JSON             {"t":"msg","text":"…","ts":…}, and on /ws the
//!                            feed's {"id":N,"data":"…"} around it, quotes escaped
//!   + framing                WebSocket: the frame header (2, 4 or 10 bytes);
//!                            SSE: "id: N\n", "data: ", "\n\n", and the chunk's
//!                            size line and CRLF (HTTP/1.1 chunked coding)
//!   = plaintext              what rustls decrypted for the client
//!   + TLS                    per record: a 5-byte header, 1 byte of real content
//!                            type, a 16-byte AEAD tag (RFC 8446 §5.1, §5.2)
//!   = on the wire            what the client's socket received
//! ```
//!
//! Wire bytes and records are counted below rustls ([`Counted`]), so the
//! last step is measured, then checked against the arithmetic: wire =
//! plaintext + 22 × records, and records = ⌈plaintext / 16,384⌉ when the
//! event was written at once.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;

use ch09_ws_frames::FrameHeader;
use ch14_tls::testing::Pki;
use rustls::{ClientConfig, ClientConnection, StreamOwned};

use crate::client::{Counted, connect_tcp, handshake};

/// What TLS 1.3 adds to every record with an AEAD cipher: the 5-byte record
/// header, the real content type (1 byte, inside the encryption), and the
/// 16-byte authentication tag of AES-GCM or ChaCha20-Poly1305.
pub const PER_RECORD: usize = 5 + 1 + 16;

/// The most plaintext one record carries (RFC 8446 §5.1: 2^14 bytes).
pub const MAX_FRAGMENT: usize = 16_384;

/// One event as it crossed the wire, layer by layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layers {
    /// The published bytes.
    pub payload: usize,
    /// The event's JSON around them.
    pub json: usize,
    /// The transport's own framing (see the module's diagram).
    pub framing: usize,
    /// Ciphertext bytes the client's socket received for this event.
    pub wire: usize,
    /// TLS records they came in.
    pub records: usize,
}

impl Layers {
    /// Everything inside TLS.
    pub fn plaintext(&self) -> usize {
        self.payload + self.json + self.framing
    }

    /// What TLS added, measured.
    pub fn tls(&self) -> usize {
        self.wire - self.plaintext()
    }

    /// Whether the measured bytes are what the arithmetic says: 22 per
    /// record, and as few records as the plaintext needs.
    pub fn adds_up(&self) -> bool {
        self.wire == self.plaintext() + PER_RECORD * self.records
            && self.records == self.plaintext().div_ceil(MAX_FRAGMENT)
    }
}

/// One size, both transports.
#[derive(Debug, Clone, Copy)]
pub struct Overhead {
    /// The last of the events sent, on `/ws`.
    pub ws: Layers,
    /// The same event on `/events`.
    pub sse: Layers,
    /// Events sent at this size, and how many of them (on either transport)
    /// did not add up: see [`Layers::adds_up`].
    pub events: usize,
    /// See `events`.
    pub wrong: usize,
}

type Stream = StreamOwned<ClientConnection, Counted<TcpStream>>;

/// Letters, so that the JSON escapes nothing and the arithmetic stays plain.
fn payload(size: usize) -> String {
    (0..size).map(|i| (b'a' + (i % 26) as u8) as char).collect()
}

/// Reads plaintext from `s` into `buf` until `complete(buf)` says how much
/// of it is one whole unit; returns that unit, leaving the rest in `buf`.
fn read_unit(
    s: &mut Stream,
    buf: &mut Vec<u8>,
    complete: impl Fn(&[u8]) -> io::Result<Option<usize>>,
) -> io::Result<Vec<u8>> {
    let mut chunk = [0u8; 16_384];
    loop {
        if let Some(n) = complete(buf)? {
            return Ok(buf.drain(..n).collect());
        }
        match s.read(&mut chunk)? {
            0 => return Err(io::Error::other("the server closed the stream")),
            n => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

/// The length of the server frame at the start of `buf`, once it is whole.
fn whole_frame(buf: &[u8]) -> io::Result<Option<usize>> {
    match FrameHeader::decode(buf) {
        Ok(Some((h, len))) => Ok((buf.len() as u64 >= len as u64 + h.payload_len)
            .then_some(len + h.payload_len as usize)),
        Ok(None) => Ok(None),
        Err(e) => Err(io::Error::new(ErrorKind::InvalidData, format!("{e:?}"))),
    }
}

/// The length of the HTTP/1.1 chunk (size line, data, CRLF) at the start of
/// `buf`, once it is whole.
fn whole_chunk(buf: &[u8]) -> io::Result<Option<usize>> {
    let Some(eol) = buf.windows(2).position(|w| w == b"\r\n") else {
        return Ok(None);
    };
    let size = std::str::from_utf8(&buf[..eol])
        .ok()
        .and_then(|hex| usize::from_str_radix(hex, 16).ok())
        .ok_or_else(|| io::Error::other("not a chunk size line"))?;
    let end = eol + 2 + size + 2;
    Ok((buf.len() >= end).then_some(end))
}

/// The length of the response head at the start of `buf`, once it is whole.
fn whole_head(buf: &[u8]) -> io::Result<Option<usize>> {
    Ok(buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|at| at + 4))
}

/// Subscribes to `/ws` and to `/events` on `addr`, then publishes `events`
/// payloads of each size in `sizes` over https, one at a time, and takes the
/// event each subscriber receives apart.
pub fn measure(
    pki: &Pki,
    addr: SocketAddr,
    config: &Arc<ClientConfig>,
    sizes: &[usize],
    events: usize,
) -> io::Result<Vec<Overhead>> {
    let mut ws = handshake(Counted::new(connect_tcp(0, addr)?), config)?;
    ch10_bench::echo_load::upgrade(&mut ws, 0, addr, "/ws")?;
    let mut ws_buf = Vec::new();
    let mut sse = handshake(Counted::new(connect_tcp(1, addr)?), config)?;
    sse.write_all(b"GET /events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")?;
    let mut sse_buf = Vec::new();
    let head = read_unit(&mut sse, &mut sse_buf, whole_head)?;
    if !head.starts_with(b"HTTP/1.1 200") || !String::from_utf8_lossy(&head).contains("chunked") {
        return Err(io::Error::other("no chunked event stream from /events"));
    }
    read_unit(&mut sse, &mut sse_buf, whole_chunk)?; // the `retry:` preamble
    let mut out = Vec::new();
    for &size in sizes {
        let text = payload(size);
        let mut last = None;
        let mut wrong = 0;
        for _ in 0..events.max(1) {
            let at = [
                (ws.sock.bytes_in, ws.sock.records_in),
                (sse.sock.bytes_in, sse.sock.records_in),
            ];
            let answer = pki.request(&addr.to_string(), "POST", "/publish", &text);
            if !answer.starts_with("HTTP/1.1 200") {
                return Err(io::Error::other(format!("publish: {answer:?}")));
            }
            let frame = read_unit(&mut ws, &mut ws_buf, whole_frame)?;
            let chunk = read_unit(&mut sse, &mut sse_buf, whole_chunk)?;
            // Nothing else may be on the way: then the counts are this event's.
            if !ws_buf.is_empty() || !sse_buf.is_empty() {
                return Err(io::Error::other("more than one event arrived"));
            }
            let ws_layers = ws_layers(&frame, &text, &ws, at[0])?;
            let sse_layers = sse_layers(&chunk, &text, &sse, at[1])?;
            wrong += usize::from(!ws_layers.adds_up()) + usize::from(!sse_layers.adds_up());
            last = Some((ws_layers, sse_layers));
        }
        let (ws, sse) = last.expect("at least one event");
        out.push(Overhead {
            ws,
            sse,
            events: events.max(1),
            wrong,
        });
    }
    Ok(out)
}

/// A WebSocket frame: header, then the feed's JSON message.
fn ws_layers(frame: &[u8], text: &str, s: &Stream, at: (u64, u64)) -> io::Result<Layers> {
    let (header, header_len) = FrameHeader::decode(frame)
        .ok()
        .flatten()
        .ok_or_else(|| io::Error::other("no frame header"))?;
    let message = &frame[header_len..];
    if header.payload_len as usize != message.len() || !contains(message, text.as_bytes()) {
        return Err(io::Error::other("the message does not carry the payload"));
    }
    Ok(Layers {
        payload: text.len(),
        json: message.len() - text.len(),
        framing: header_len,
        wire: (s.sock.bytes_in - at.0) as usize,
        records: (s.sock.records_in - at.1) as usize,
    })
}

/// An SSE event in one chunk: the size line and CRLF, the `id:` and `data:`
/// lines, the blank line; the data is the event's JSON.
fn sse_layers(chunk: &[u8], text: &str, s: &Stream, at: (u64, u64)) -> io::Result<Layers> {
    let body_at = chunk.windows(2).position(|w| w == b"\r\n").unwrap_or(0) + 2;
    let body = &chunk[body_at..chunk.len() - 2];
    let data = body
        .split(|&b| b == b'\n')
        .find_map(|line| line.strip_prefix(b"data: "))
        .ok_or_else(|| io::Error::other("an event without data"))?;
    if !contains(data, text.as_bytes()) {
        return Err(io::Error::other("the event does not carry the payload"));
    }
    Ok(Layers {
        payload: text.len(),
        json: data.len() - text.len(),
        framing: chunk.len() - data.len(),
        wire: (s.sock.bytes_in - at.0) as usize,
        records: (s.sock.records_in - at.1) as usize,
    })
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}
