//! The SSE server: chapter 11's feed, served as event streams on chapter 7's loop.
//!
//! Every connection starts as HTTP (chapter 6's request reader and encoder, as
//! chapter 7 runs them). `GET /events` turns it into a stream for good: the
//! response head goes out, then the backlog, then every event as it is published.
//!
//! ```text
//!                      ┌──── POST /publish ──▶ feed.publish ──▶ broadcast ─────┐
//!  connection ─ HTTP ──┤                                                       ▼
//!                      └──── GET /events ───▶ stream: head, retry:, backlog ◀─ send_to
//!                                             │  on_drained: more backlog
//!                                             │  on_timer:   ": heartbeat"
//!                                             └─ queue full: dropped (client resumes)
//! ```
//!
//! Broadcasting: a new event is serialized and framed once, and the same bytes
//! are queued on every stream that is caught up. A stream still sending its
//! backlog is skipped: it reaches the new event through its own cursor.
//!
//! Slow consumers: a stream whose write queue is over the loop's
//! `max_write_queue` when an event arrives is dropped, not buffered without
//! bound. Nothing is lost by that: the client's `EventSource` reconnects with
//! the last id it fully received, and the feed's history serves the rest (or,
//! if the history no longer has it, an `event: reset` says exactly what is gone).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use ch06_http_server::connection::Config as HttpConfig;
use ch06_http_server::request::Request;
use ch06_http_server::response::{Body, Response};
use ch06_http_server::routes::wrong_method;
use ch06_http_server::static_files::serve_file;
use ch07_event_loop::http_send::LOW_WATER;
use ch07_event_loop::{ConnId, Cx, LoopCx, PushError, Service};
use ch11_long_polling::feed::Feed;
use ch11_long_polling::publisher::FeedMsg;
use ch11_long_polling::server::MAX_EVENT_BYTES;

use crate::conn::SseConn;
use crate::stream;

/// What the server is told at start.
#[derive(Debug, Clone)]
pub struct Config {
    /// The web root (`GET /` is its `index.html`).
    pub root: PathBuf,
    /// Events the feed keeps for clients that resume.
    pub history: usize,
    /// A `: heartbeat` comment goes to an idle stream this often.
    pub heartbeat: Duration,
    /// The `retry:` (ms) every stream starts with.
    pub retry_ms: u64,
    /// Enables `POST /drop-streams` and `POST /end` (for tests and demos).
    pub test_hooks: bool,
    /// Chapter 6's request limits and timeouts; `max_body` bounds one published event.
    pub http: HttpConfig,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            root: PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/www")),
            history: 1000,
            heartbeat: Duration::from_secs(15),
            retry_ms: 3000,
            test_hooks: false,
            // Chapter 11's bound on one event: the history's memory stays bounded
            // (1000 events × 64 KiB at most).
            http: HttpConfig {
                max_body: MAX_EVENT_BYTES,
                ..HttpConfig::default()
            },
        }
    }
}

/// A stream's place in the feed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cursor {
    /// The last id queued on this stream.
    pub(crate) after: u64,
    /// HTTP/1.1 chunked framing (else HTTP/1.0, close-delimited).
    pub(crate) chunked: bool,
}

/// What the server has done, for tests and `--trace`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counters {
    /// Streams opened.
    pub streams_opened: u64,
    /// Streams dropped because their write queue was full (slow consumers).
    pub dropped_slow: u64,
    /// `event: reset` sent (a cursor older than the history).
    pub resets: u64,
    /// Heartbeat comments sent.
    pub heartbeats: u64,
}

/// The service: the feed and the streams that follow it.
pub struct Sse {
    pub(crate) config: Config,
    pub(crate) feed: Feed,
    pub(crate) streams: HashMap<ConnId, Cursor>,
    /// After `end`: every `GET /events` gets 204 ("stop reconnecting").
    ended: bool,
    pub(crate) counters: Counters,
    /// Requests are parsed from a copy of the input: one buffer per loop
    /// (see chapter 7's `HttpSide::read`).
    pub(crate) scratch: Vec<u8>,
}

impl Sse {
    /// A server with an empty feed.
    pub fn new(config: Config) -> Sse {
        Sse {
            feed: Feed::new(config.history),
            config,
            streams: HashMap::new(),
            ended: false,
            counters: Counters::default(),
            scratch: Vec::new(),
        }
    }

    /// What the server has done so far.
    pub fn counters(&self) -> Counters {
        self.counters
    }

    /// Streams open now.
    pub fn streams(&self) -> usize {
        self.streams.len()
    }

    // ANCHOR: publish
    /// Appends `data` to the feed and queues it on every caught-up stream.
    /// Returns the new event's id.
    pub fn publish(&mut self, lp: &mut LoopCx<'_>, data: String) -> u64 {
        let id = self.feed.publish(data);
        let mut text = Vec::new();
        if let Ok(mut new) = self.feed.after(id - 1)
            && let Some(e) = new.next()
        {
            stream::event(e.id, &e.data, &mut text);
        }
        // Serialized once, framed once: the same bytes for every stream.
        let chunked = stream::frame(&text, true);
        let mut slow = Vec::new();
        let mut sent = 0;
        for (&conn, cursor) in &mut self.streams {
            if cursor.after != id - 1 {
                continue; // still sending its backlog: on_drained gets there
            }
            let bytes = if cursor.chunked { &chunked } else { &text };
            match lp.send_to(conn, bytes) {
                Ok(()) => {
                    cursor.after = id;
                    sent += 1;
                }
                Err(PushError::Full) => slow.push(conn),
                Err(PushError::Gone) => {} // closing; on_closed forgets it
            }
        }
        if sent > 0 {
            lp.trace().send(format!("{sent} stream(s)"), &text);
        }
        // The slow-consumer policy: drop the stream. Its client reconnects
        // with Last-Event-ID and the history fills the gap.
        for conn in slow {
            self.streams.remove(&conn);
            self.counters.dropped_slow += 1;
            lp.trace().note(
                format!("stream {conn:?}"),
                "write queue full: dropping the slow stream (its client will resume)",
            );
            lp.abort_conn(conn);
        }
        id
    }
    // ANCHOR_END: publish

    /// Drops every stream at once (a test hook: clients must reconnect and resume).
    pub fn drop_streams(&mut self, lp: &mut LoopCx<'_>) -> usize {
        let n = self.streams.len();
        for (conn, _) in self.streams.drain() {
            lp.abort_conn(conn);
        }
        n
    }

    /// Ends every stream cleanly and answers later `GET /events` with 204,
    /// which tells `EventSource` clients to stop reconnecting (WHATWG HTML §9.2.3).
    pub fn end(&mut self, lp: &mut LoopCx<'_>) -> usize {
        self.ended = true;
        let n = self.streams.len();
        for (conn, cursor) in self.streams.drain() {
            if cursor.chunked {
                // The last chunk: the body is complete, not broken.
                let _ = lp.send_to(conn, ch06_http_server::chunked::LAST_CHUNK);
            }
            lp.close_conn(conn);
        }
        n
    }

    /// Queues backlog on stream `cx.id()` until the queue holds [`LOW_WATER`]
    /// bytes (or half the loop's `max_write_queue`, if smaller) or the stream is caught up. A cursor the feed no longer serves
    /// gets an `event: reset` and continues from the oldest event kept.
    pub(crate) fn pump_stream(&mut self, cx: &mut Cx<'_>) {
        // Stay well under the loop's backpressure limit, so a published event
        // still fits behind the backlog.
        let high = LOW_WATER.min(cx.config().max_write_queue / 2).max(1);
        loop {
            let room = high.saturating_sub(cx.queued());
            let Some(cursor) = self.streams.get_mut(&cx.id()) else {
                return;
            };
            if room == 0 {
                return;
            }
            let mut text = Vec::new();
            match self.feed.after(cursor.after) {
                Err(gone) => {
                    cx.trace().note(cx.peer(), format!("reset: {gone}"));
                    cursor.after = stream::reset(&gone, &mut text);
                    self.counters.resets += 1;
                }
                Ok(events) => {
                    for e in events {
                        if text.len() >= room {
                            break;
                        }
                        stream::event(e.id, &e.data, &mut text);
                        cursor.after = e.id;
                    }
                }
            }
            if text.is_empty() {
                return;
            }
            let chunked = cursor.chunked;
            cx.trace().send(cx.peer(), &text);
            cx.write(&stream::frame(&text, chunked));
        }
    }
}

/// What a request turned into.
pub(crate) enum Routed {
    Respond(Response),
    Stream,
}

impl Sse {
    // ANCHOR: route
    /// Answers one request, or says it opens a stream.
    pub(crate) fn route(&mut self, cx: &mut Cx<'_>, req: &Request) -> Routed {
        let get = req.method == "GET" || req.method == "HEAD";
        let hooks = self.config.test_hooks;
        Routed::Respond(match req.path.as_str() {
            "/events" if req.method == "GET" => {
                if self.ended {
                    // WHATWG HTML §9.2.3: 204 makes an EventSource stop for good.
                    Response {
                        status: 204,
                        headers: Vec::new(),
                        body: Body::Bytes(Vec::new()),
                        close: false,
                    }
                } else {
                    match stream::start(req) {
                        Ok(_) => return Routed::Stream,
                        Err(e) => Response::error(400, &e.to_string()),
                    }
                }
            }
            "/events" if req.method == "HEAD" => stream::response(),
            "/events" => wrong_method(req, &["GET", "HEAD"]),
            "/publish" if req.method == "POST" => match String::from_utf8(req.body.clone()) {
                Ok(data) => {
                    let id = self.publish(cx, data);
                    Response::json(200, format!("{{\"id\":{id}}}"))
                        .with_header("Cache-Control", "no-store")
                }
                Err(_) => Response::error(400, "the message must be UTF-8 text"),
            },
            "/publish" => wrong_method(req, &["POST"]),
            "/drop-streams" if hooks && req.method == "POST" => {
                let n = self.drop_streams(cx);
                Response::json(200, format!("{{\"dropped\":{n}}}"))
            }
            "/end" if hooks && req.method == "POST" => {
                let n = self.end(cx);
                Response::json(200, format!("{{\"ended\":{n}}}"))
            }
            path if get => serve_file(&self.config.root, path),
            _ => wrong_method(req, &["GET", "HEAD"]),
        })
    }
    // ANCHOR_END: route
}

impl Service for Sse {
    type Conn = SseConn;
    type Msg = FeedMsg;

    fn accept(&mut self, cx: &mut Cx<'_>, _peer: SocketAddr) -> Option<SseConn> {
        Some(SseConn::new(&self.config.http, cx))
    }

    fn on_message(&mut self, lp: &mut LoopCx<'_>, msg: FeedMsg) {
        match msg {
            FeedMsg::Publish(data) => {
                self.publish(lp, data);
            }
        }
    }

    fn on_closed(&mut self, _lp: &mut LoopCx<'_>, id: ConnId, _conn: SseConn) {
        self.streams.remove(&id);
    }
}
