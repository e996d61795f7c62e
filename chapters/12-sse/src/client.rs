//! An `EventSource` in Rust: connect, read the stream, reconnect, resume.
//!
//! It follows the processing model of WHATWG HTML §9.2.3 on a blocking socket:
//!
//! ```text
//!            ┌───────────────────────────────────────────────────────────┐
//!            ▼                                                           │
//!  connect ─▶ GET url  (Accept: text/event-stream, Cache-Control: no-cache,│
//!            │          Last-Event-ID: <last id>, if there is one)        │
//!            ▼                                                           │
//!  response: 200 + text/event-stream ─▶ "open": parse the body ─┐        │
//!            204 No Content ─────────▶ stop for good (Ended::NoContent)   │
//!            anything else ──────────▶ fail for good (EventSourceError)        │
//!  network error, EOF, end of body, parse limit ─▶ wait `retry` ms ───────┘
//! ```
//!
//! The HTTP is chapter 6's client (`ch06_http_server::client`): the URL, the
//! request head, the response head, and the body's framing. An event stream is
//! just a body that is read as it arrives: chunked (our server, HTTP/1.1), with
//! a Content-Length, or until the connection closes (HTTP/1.0 style), each
//! piece handed to the event-stream parser as soon as it is de-framed. Every
//! way a stream ends leads to the same reconnection. What makes the
//! reconnection lossless is the parser's last event id, which survives the
//! connection and goes back to the server as `Last-Event-ID`.
//!
//! Left out: redirects (a browser follows them; here a 3xx is an error) and
//! TLS (`https://`), which this book does not cover.

use std::fmt;
use std::time::Duration;

use ch01_tcp::trace::Trace;
use ch06_http_server::client::{
    ClientLimits, Connection, HttpError, HttpUrl, ResponseHead, request_head,
};

use crate::parser::{Item, Limits, Parser};

/// Browsers wait a few seconds before reconnecting when the server said nothing.
pub const DEFAULT_RETRY: Duration = Duration::from_secs(3);

/// Where and how to connect.
#[derive(Debug, Clone)]
pub struct Options {
    /// The stream's URL (`http://host:port/path?query`).
    pub url: HttpUrl,
    /// The id to resume after on the first connection (empty: from now on).
    pub last_event_id: String,
    /// The reconnection time until the server sends `retry:`.
    pub retry: Duration,
    /// No byte at all (not even a heartbeat comment) for this long → the
    /// connection is presumed dead and replaced.
    pub idle_timeout: Duration,
    /// How long connecting may take.
    pub connect_timeout: Duration,
    /// The parser's limits.
    pub limits: Limits,
    /// `--trace`: the request and every byte received, to stderr.
    pub trace: Trace,
}

impl Options {
    /// Defaults for `url`: resume from nothing, 3 s retry, 60 s idle timeout.
    pub fn new(url: HttpUrl) -> Options {
        Options {
            url,
            last_event_id: String::new(),
            retry: DEFAULT_RETRY,
            idle_timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(5),
            limits: Limits::default(),
            trace: Trace::new(false),
        }
    }
}

/// Why the client stopped for good (a reconnect would not help).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventSourceError {
    /// The server answered with a status other than 200 or 204 (§9.2.3: "fail
    /// the connection", no reconnect).
    Status(u16),
    /// 200, but not `text/event-stream` (§9.2.3: fail the connection).
    NotEventStream(String),
}

impl fmt::Display for EventSourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventSourceError::Status(s) => {
                write!(f, "the server answered {s}: not an event stream")
            }
            EventSourceError::NotEventStream(t) => {
                write!(f, "the response is {t:?}, not text/event-stream")
            }
        }
    }
}

impl std::error::Error for EventSourceError {}

/// How the client ended without an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The server answered 204 No Content: "stop reconnecting" (§9.2.3).
    NoContent,
    /// The callback asked to stop.
    Stopped,
}

/// What the client tells its caller.
#[derive(Debug)]
pub enum Happening<'a> {
    /// A stream is open (200, text/event-stream); `resumed_after` is the
    /// `Last-Event-ID` that was sent, if any.
    Open {
        /// The id sent as `Last-Event-ID` (empty if none).
        resumed_after: &'a str,
    },
    /// An event, a `retry:` or a comment from the stream.
    Item(&'a Item),
    /// The connection is gone; the client waits `retry` and reconnects.
    Lost {
        /// Why, in words.
        why: String,
        /// How long until the next attempt.
        retry: Duration,
    },
}

/// What the callback wants next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Keep going.
    Continue,
    /// Stop now: `run` returns `Ended::Stopped`.
    Stop,
}

/// How one connection ended.
enum Outcome {
    Ended(Ended),
    Lost(String),
}

// ANCHOR: run
/// Runs the client until the server says 204, the callback says stop, or the
/// server answers something that is not an event stream.
pub fn run(
    mut opts: Options,
    mut on: impl FnMut(Happening<'_>) -> Flow,
) -> Result<Ended, EventSourceError> {
    let mut parser = Parser::with_limits(opts.limits);
    parser.set_last_event_id(&opts.last_event_id);
    loop {
        let outcome = connect_once(&mut opts, &mut parser, &mut on)?;
        // Whatever happened, an event not finished by an empty line is dropped;
        // the last event id survives for the next request.
        parser.end_of_stream();
        match outcome {
            Outcome::Ended(ended) => return Ok(ended),
            Outcome::Lost(why) => {
                let retry = opts.retry;
                if on(Happening::Lost { why, retry }) == Flow::Stop {
                    return Ok(Ended::Stopped);
                }
                std::thread::sleep(retry);
            }
        }
        opts.last_event_id = parser.last_event_id().to_string();
    }
}
// ANCHOR_END: run

// ANCHOR: request
/// The request an `EventSource` sends (§9.2.2, §9.2.4).
pub fn request(url: &HttpUrl, last_event_id: &str) -> Vec<u8> {
    let mut fields = vec![
        ("Accept", "text/event-stream"),
        ("Cache-Control", "no-cache"),
    ];
    // §9.2.4: sent only when there is a last event id. It cannot hold CR or
    // LF (the parser split lines there) nor NUL (such ids are ignored).
    if !last_event_id.is_empty() {
        fields.push(("Last-Event-ID", last_event_id));
    }
    request_head("GET", &url.target, &url.host_header(), &fields)
}
// ANCHOR_END: request

/// One connection: request, response head, body until it ends.
fn connect_once(
    opts: &mut Options,
    parser: &mut Parser,
    on: &mut impl FnMut(Happening<'_>) -> Flow,
) -> Result<Outcome, EventSourceError> {
    let lost = |what: &str, e: HttpError| Ok(Outcome::Lost(format!("{what}: {e}")));
    // A read that waits `idle_timeout` with nothing (not even a heartbeat)
    // is how a dead connection shows itself.
    let addr = opts.url.socket_addr();
    let mut conn = match Connection::connect(&addr, opts.connect_timeout, opts.idle_timeout) {
        Ok(conn) => conn.with_trace(opts.trace).with_limits(ClientLimits {
            // The stream never ends by design; what is kept of it is bounded
            // by the parser's limits, since each piece is parsed and dropped.
            max_body: u64::MAX,
            ..ClientLimits::default()
        }),
        Err(e) => return lost("connecting", e),
    };
    if let Err(e) = conn.send(&request(&opts.url, parser.last_event_id())) {
        return lost("sending the request", e);
    }
    let (head, mut body) = match conn.read_head() {
        Ok(done) => done,
        Err(e) => return lost("reading the response head", e),
    };
    if !check_head(&head)? {
        return Ok(Outcome::Ended(Ended::NoContent));
    }
    if on(Happening::Open {
        resumed_after: parser.last_event_id(),
    }) == Flow::Stop
    {
        return Ok(Outcome::Ended(Ended::Stopped));
    }

    // The body: each de-framed piece parsed and reported, until it ends.
    let mut data = Vec::new();
    let mut items = Vec::new();
    loop {
        data.clear();
        let finished = match conn.read_body(&mut body, &mut data) {
            Ok(finished) => finished,
            Err(e) if e.is_timeout() => {
                let idle = opts.idle_timeout;
                return Ok(Outcome::Lost(format!("nothing received for {idle:?}")));
            }
            Err(e) => return lost("reading the stream", e),
        };
        items.clear();
        let parsed = parser.feed(&data, &mut items);
        for item in &items {
            if let Item::Retry(ms) = item {
                // §9.2.6: "set the event stream's reconnection time".
                opts.retry = Duration::from_millis(*ms);
            }
            if on(Happening::Item(item)) == Flow::Stop {
                return Ok(Outcome::Ended(Ended::Stopped));
            }
        }
        if let Err(e) = parsed {
            return Ok(Outcome::Lost(e.to_string()));
        }
        if finished {
            let why = if body.is_close_delimited() {
                "the server closed the stream"
            } else {
                "the server ended the stream"
            };
            return Ok(Outcome::Lost(why.into()));
        }
    }
}

/// §9.2.3: 200 with `text/event-stream` opens the stream (`true`); 204 means
/// stop (`false`); anything else fails the connection. How the body is
/// framed, chapter 6's client already knows from the same head.
fn check_head(head: &ResponseHead) -> Result<bool, EventSourceError> {
    match head.status {
        204 => return Ok(false),
        200 => {}
        other => return Err(EventSourceError::Status(other)),
    }
    let content_type = head
        .header("content-type")
        .map(|v| String::from_utf8_lossy(v).into_owned())
        .unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case("text/event-stream") {
        return Err(EventSourceError::NotEventStream(content_type));
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_requests() {
        let url = HttpUrl::parse("http://127.0.0.1:7012/events?after=3").unwrap();
        assert_eq!(url.target, "/events?after=3");
        let req = String::from_utf8(request(&url, "41")).unwrap();
        assert!(req.starts_with("GET /events?after=3 HTTP/1.1\r\nHost: 127.0.0.1:7012\r\n"));
        assert!(req.contains("\r\nLast-Event-ID: 41\r\n"), "{req}");
        let first = String::from_utf8(request(&url, "")).unwrap();
        assert!(!first.contains("Last-Event-ID"), "no id, no header");
    }
}
