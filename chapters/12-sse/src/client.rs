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
//!            anything else ──────────▶ fail for good (ClientError)        │
//!  network error, EOF, end of body, parse limit ─▶ wait `retry` ms ───────┘
//! ```
//!
//! The body may be chunked (our server, HTTP/1.1), have a Content-Length, or
//! run until the connection closes (HTTP/1.0 style): all three are handled,
//! and every way a stream ends leads to the same reconnection. What makes the
//! reconnection lossless is the parser's last event id, which survives the
//! connection and goes back to the server as `Last-Event-ID`.
//!
//! Left out: redirects (a browser follows them; here a 3xx is an error) and
//! TLS (`https://`), which this book does not cover.

use std::fmt;
use std::io::{ErrorKind, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use ch01_tcp::trace::Trace;
use ch05_http_parser::{ChunkedDecoder, Limits as HeadLimits, Status};
use ch08_ws_handshake::{ResponseHead, WsUrl, parse_response_head};

use crate::parser::{Item, Limits, Parser};

/// Browsers wait a few seconds before reconnecting when the server said nothing.
pub const DEFAULT_RETRY: Duration = Duration::from_secs(3);

/// Where and how to connect.
#[derive(Debug, Clone)]
pub struct Options {
    /// The stream's URL (`http://host:port/path?query`).
    pub url: Target,
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
    pub fn new(url: Target) -> Options {
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

/// An `http://` URL: the same shape as chapter 8's `ws://` URLs, so we reuse
/// that parser (RFC 6455 §3 borrowed the http syntax).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target(WsUrl);

impl Target {
    /// Parses `http://host[:port][/path][?query]`.
    pub fn parse(url: &str) -> Result<Target, ClientError> {
        let bad = || ClientError::Url(url.to_string());
        let rest = match url.get(..7) {
            Some(s) if s.eq_ignore_ascii_case("http://") => &url[7..],
            _ => return Err(bad()),
        };
        WsUrl::parse(&format!("ws://{rest}"))
            .map(Target)
            .map_err(|_| bad())
    }

    /// The request-target: `/events?after=3`.
    pub fn resource(&self) -> &str {
        &self.0.resource
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "http://{}:{}{}",
            self.0.host, self.0.port, self.0.resource
        )
    }
}

/// Why the client stopped for good (a reconnect would not help).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientError {
    /// The URL is not `http://host[:port]/…`.
    Url(String),
    /// The server answered with a status other than 200 or 204 (§9.2.3: "fail
    /// the connection", no reconnect).
    Status(u16),
    /// 200, but not `text/event-stream` (§9.2.3: fail the connection).
    NotEventStream(String),
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Url(u) => write!(f, "not an http://host:port/path URL: {u}"),
            ClientError::Status(s) => write!(f, "the server answered {s}: not an event stream"),
            ClientError::NotEventStream(t) => {
                write!(f, "the response is {t:?}, not text/event-stream")
            }
        }
    }
}

impl std::error::Error for ClientError {}

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

/// How the response body is delimited (RFC 9112 §6.3).
enum Framing {
    Chunked(ChunkedDecoder),
    Length(u64),
    UntilClose,
}

// ANCHOR: run
/// Runs the client until the server says 204, the callback says stop, or the
/// server answers something that is not an event stream.
pub fn run(
    mut opts: Options,
    mut on: impl FnMut(Happening<'_>) -> Flow,
) -> Result<Ended, ClientError> {
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
pub fn request(url: &Target, last_event_id: &str) -> Vec<u8> {
    let mut req = format!(
        "GET {} HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n",
        url.resource(),
        url.0.host_header()
    );
    // §9.2.4: sent only when there is a last event id. It cannot hold CR or
    // LF (the parser split lines there) nor NUL (such ids are ignored).
    if !last_event_id.is_empty() {
        req.push_str(&format!("Last-Event-ID: {last_event_id}\r\n"));
    }
    req.push_str("\r\n");
    req.into_bytes()
}
// ANCHOR_END: request

/// One connection: request, response head, body until it ends.
fn connect_once(
    opts: &mut Options,
    parser: &mut Parser,
    on: &mut impl FnMut(Happening<'_>) -> Flow,
) -> Result<Outcome, ClientError> {
    let lost = |what: &str, e: std::io::Error| Ok(Outcome::Lost(format!("{what}: {e}")));
    let addr = match opts
        .url
        .0
        .socket_addr()
        .to_socket_addrs()
        .map(|mut a| a.next())
    {
        Ok(Some(addr)) => addr,
        Ok(None) => return Ok(Outcome::Lost("the host has no address".into())),
        Err(e) => return lost("resolving the host", e),
    };
    let mut stream = match TcpStream::connect_timeout(&addr, opts.connect_timeout) {
        Ok(s) => s,
        Err(e) => return lost("connecting", e),
    };
    let _ = stream.set_read_timeout(Some(opts.idle_timeout));
    let _ = stream.set_write_timeout(Some(opts.connect_timeout));
    let req = request(&opts.url, parser.last_event_id());
    opts.trace.send(addr, &req);
    if let Err(e) = stream.write_all(&req) {
        return lost("sending the request", e);
    }

    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 16 * 1024];
    // The response head.
    let (head, head_len) = loop {
        match parse_response_head(&buf, &HeadLimits::default()) {
            Ok(Status::Complete(done)) => break done,
            Ok(Status::Partial) => {}
            Err(e) => return Ok(Outcome::Lost(format!("a bad response head: {e}"))),
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Ok(Outcome::Lost("closed before the response head".into())),
            Ok(n) => {
                opts.trace.recv(addr, &chunk[..n]);
                buf.extend_from_slice(&chunk[..n]);
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return lost("reading the response head", e),
        }
    };
    let mut framing = match check_head(&head)? {
        Some(framing) => framing,
        None => return Ok(Outcome::Ended(Ended::NoContent)),
    };
    if on(Happening::Open {
        resumed_after: parser.last_event_id(),
    }) == Flow::Stop
    {
        return Ok(Outcome::Ended(Ended::Stopped));
    }

    // The body: de-frame, parse, report, until it ends.
    let mut pending = buf.split_off(head_len);
    let mut body = Vec::new();
    let mut items = Vec::new();
    loop {
        body.clear();
        let used = match &mut framing {
            Framing::Chunked(dec) => match dec.decode(&pending, &mut body) {
                Ok(d) => d.consumed,
                Err(e) => return Ok(Outcome::Lost(format!("bad chunked framing: {e}"))),
            },
            Framing::Length(left) => {
                let n = pending.len().min(*left as usize);
                body.extend_from_slice(&pending[..n]);
                *left -= n as u64;
                n
            }
            Framing::UntilClose => {
                body.extend_from_slice(&pending);
                pending.len()
            }
        };
        pending.drain(..used);
        items.clear();
        let parsed = parser.feed(&body, &mut items);
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
        let finished = match &framing {
            Framing::Chunked(dec) => dec.is_done(),
            Framing::Length(left) => *left == 0,
            Framing::UntilClose => false,
        };
        if finished {
            return Ok(Outcome::Lost("the server ended the stream".into()));
        }
        match stream.read(&mut chunk) {
            Ok(0) if matches!(framing, Framing::UntilClose) => {
                return Ok(Outcome::Lost("the server closed the stream".into()));
            }
            Ok(0) => return Ok(Outcome::Lost("the connection closed mid-body".into())),
            Ok(n) => {
                opts.trace.recv(addr, &chunk[..n]);
                pending.extend_from_slice(&chunk[..n]);
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Ok(Outcome::Lost(format!(
                    "nothing received for {:?}",
                    opts.idle_timeout
                )));
            }
            Err(e) => return lost("reading", e),
        }
    }
}

/// §9.2.3: 200 with `text/event-stream` opens the stream (its framing is
/// returned); 204 means stop (`None`); anything else fails the connection.
fn check_head(head: &ResponseHead) -> Result<Option<Framing>, ClientError> {
    match head.status {
        204 => return Ok(None),
        200 => {}
        other => return Err(ClientError::Status(other)),
    }
    let content_type = head
        .header("content-type")
        .map(|v| String::from_utf8_lossy(v).into_owned())
        .unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case("text/event-stream") {
        return Err(ClientError::NotEventStream(content_type));
    }
    let chunked = head.headers_named("transfer-encoding").any(|v| {
        String::from_utf8_lossy(v)
            .split(',')
            .any(|c| c.trim().eq_ignore_ascii_case("chunked"))
    });
    if chunked {
        return Ok(Some(Framing::Chunked(ChunkedDecoder::new())));
    }
    let length = head
        .header("content-length")
        .and_then(|v| std::str::from_utf8(v).ok()?.trim().parse::<u64>().ok());
    Ok(Some(match length {
        Some(n) => Framing::Length(n),
        None => Framing::UntilClose,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_requests() {
        let url = Target::parse("http://127.0.0.1:7012/events?after=3").unwrap();
        assert_eq!(url.resource(), "/events?after=3");
        assert_eq!(url.to_string(), "http://127.0.0.1:7012/events?after=3");
        assert!(Target::parse("https://x/").is_err());
        assert!(Target::parse("ws://x/").is_err());
        let req = String::from_utf8(request(&url, "41")).unwrap();
        assert!(req.starts_with("GET /events?after=3 HTTP/1.1\r\nHost: 127.0.0.1:7012\r\n"));
        assert!(req.contains("\r\nLast-Event-ID: 41\r\n"), "{req}");
        let first = String::from_utf8(request(&url, "")).unwrap();
        assert!(!first.contains("Last-Event-ID"), "no id, no header");
    }
}
