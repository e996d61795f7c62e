//! One event stream, the server side: the response head, where to start, and
//! how each piece is framed on the wire.
//!
//! ```text
//!  GET /events            Last-Event-ID: 41   (or ?after=41, or neither: only new events)
//!  ──────────────────────────────────────────────────────────────────────────────
//!  HTTP/1.1 200 OK
//!  Content-Type: text/event-stream
//!  Cache-Control: no-store, no-transform    (no cache keeps it; no proxy recompresses it)
//!  X-Accel-Buffering: no                    (nginx: pass each piece on at once)
//!  Transfer-Encoding: chunked               (HTTP/1.1; HTTP/1.0: Connection: close)
//!
//!  retry: 3000            ← first: how long the client waits before reconnecting
//!  id: 42 / data: …       ← the backlog after 41, then each new event as published
//!  : heartbeat            ← every --heartbeat seconds while nothing else is sent
//! ```
//!
//! Why chunked? A response without Content-Length must say where it ends
//! (RFC 9112 §6.3): by chunked framing, or by closing the connection. Both work
//! for `EventSource`. We use chunked for HTTP/1.1 clients because it lets the
//! client tell "the server ended the stream" (the last chunk) from "the
//! connection broke" (EOF mid-body), and the connection may even be reused after
//! a stream ends. An HTTP/1.0 client knows no chunks: it gets the same text,
//! unframed, and the stream ends when we close.

use ch06_http_server::chunked::write_chunk;
use ch06_http_server::encode::Encoder;
use ch06_http_server::request::Request;
use ch06_http_server::response::Response;
use ch11_long_polling::feed::Gone;

use crate::format::{Event, write_comment, write_event, write_retry};

/// Where a stream starts: right after this id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Resume after this id (`Last-Event-ID`, else `?after=N`).
    After(u64),
    /// Only events published from now on.
    Now,
}

/// Why a stream request is refused (400).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartError {
    /// `Last-Event-ID` is not an id this server hands out (a decimal number).
    BadLastEventId(String),
    /// `?after=` is not a number.
    BadAfter(String),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::BadLastEventId(v) => {
                write!(f, "Last-Event-ID must be an event id (a number), not {v:?}")
            }
            StartError::BadAfter(v) => write!(f, "after must be an event id (a number), not {v:?}"),
        }
    }
}

impl std::error::Error for StartError {}

// ANCHOR: start
/// Where the stream asked for by `req` starts. `Last-Event-ID` wins over
/// `?after=`: a reconnecting `EventSource` requests the same URL again (with the
/// same `?after=`) and adds the header with where it really is now.
pub fn start(req: &Request) -> Result<Start, StartError> {
    if let Some(raw) = req.header("last-event-id") {
        let text = String::from_utf8_lossy(raw);
        let text = text.trim();
        // §9.2.4: an empty last event id is not sent; if it is, it means "none".
        if !text.is_empty() {
            return text
                .parse()
                .map(Start::After)
                .map_err(|_| StartError::BadLastEventId(text.to_string()));
        }
    }
    match req.query().get("after") {
        None => Ok(Start::Now),
        Some(v) => v
            .parse()
            .map(Start::After)
            .map_err(|_| StartError::BadAfter(v.to_string())),
    }
}
// ANCHOR_END: start

// ANCHOR: head
/// The response that opens a stream: headers, and a body of pieces to come.
pub fn response() -> Response {
    Response::stream(200, "text/event-stream", std::iter::empty())
        // Never store or reuse a stream; and no transformation (a proxy that
        // compresses would buffer the small pieces to fill its blocks).
        .with_header("Cache-Control", "no-store, no-transform")
        // nginx buffers proxied responses unless told not to, per response.
        .with_header("X-Accel-Buffering", "no")
}

/// The response head that opens a stream, and whether its body is chunked.
pub fn head(req: &Request) -> (Vec<u8>, bool) {
    // Chapter 6's encoder picks the framing for a body of unknown length:
    // chunked for HTTP/1.1, close-delimited for HTTP/1.0; we take its head and
    // write the body ourselves, piece by piece, as events happen.
    let mut encoder = Encoder::new(response(), req.answering());
    let head = encoder.next_bytes().unwrap_or_default();
    let chunked = req.version == ch05_http_parser::Version::Http11;
    (head, chunked)
}
// ANCHOR_END: head

/// Appends the stream's first lines: `retry:`.
pub fn preamble(retry_ms: u64, text: &mut Vec<u8>) {
    write_retry(retry_ms, text);
}

// ANCHOR: reset
/// Appends the event that tells a client its cursor cannot be served without
/// a gap: `event: reset`, data `{"after":A,"oldest":O,"latest":L}`, and
/// `id: O-1` — the cursor from which the stream now continues, so that the
/// client's next `Last-Event-ID` is one the server can serve.
pub fn reset(gone: &Gone, text: &mut Vec<u8>) -> u64 {
    let resume = gone.resume_after();
    let id = resume.to_string();
    let data = format!(
        "{{\"after\":{},\"oldest\":{},\"latest\":{}}}",
        gone.after, gone.oldest, gone.latest
    );
    let event = Event {
        id: Some(&id),
        event: Some("reset"),
        data: &data,
        retry: None,
    };
    // Our own values: a number and a JSON object, never a line break.
    let _ = write_event(&event, text);
    resume
}
// ANCHOR_END: reset

/// Appends one feed event: `id: N` and its data lines.
pub fn event(id: u64, data: &str, text: &mut Vec<u8>) {
    let id = id.to_string();
    let event = Event {
        id: Some(&id),
        data,
        ..Event::default()
    };
    // The id is a number; data may hold anything and is split into lines.
    let _ = write_event(&event, text);
}

/// Appends a heartbeat comment.
pub fn heartbeat(text: &mut Vec<u8>) {
    write_comment("heartbeat", text);
}

/// `text` as it goes on the wire: one chunk, or as is for HTTP/1.0.
pub fn frame(text: &[u8], chunked: bool) -> Vec<u8> {
    if chunked {
        let mut out = Vec::with_capacity(text.len() + 12);
        write_chunk(text, &mut out);
        out
    } else {
        text.to_vec()
    }
}
