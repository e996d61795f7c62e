//! The SSE server: chapter 11's feed, served as event streams on chapter 7's loop.
//!
//! Every connection starts as HTTP (chapter 6's request reader and encoder, as
//! chapter 7 runs them). `GET /events` turns it into a stream for good: the
//! response head goes out, then the backlog, then every event as it is published.
//!
//! ```text
//!                      ┌──── POST /publish ──▶ feed.publish ──▶ waiters.wake_all ─┐
//!  connection ─ HTTP ──┤                                                          ▼
//!                      └──── GET /events ───▶ stream: head, retry:, backlog ◀── on_wake: push
//!                                             │  on_drained: more backlog
//!                                             │  on_timer:   ": heartbeat"
//!                                             └─ too slow: dropped (client resumes)
//! ```
//!
//! Pushing is chapter 11's [`Cursor`](ch11_long_polling::push::Cursor), as
//! every streaming transport in the book does it ([`crate::push`]): a publish
//! wakes every parked stream, and each one sends what is after its own cursor,
//! a budget at a time.
//!
//! Slow consumers: a caught-up stream whose write queue holds more than half
//! the loop's `max_write_queue` when an event arrives is dropped, not buffered
//! without bound. Nothing is lost by that: the client's `EventSource`
//! reconnects with the last id it fully received, and the feed's history
//! serves the rest (or, if the history no longer has it, an `event: reset`
//! says exactly what is gone).

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use ch06_http_server::connection::HttpConfig;
use ch06_http_server::request::Request;
use ch06_http_server::response::{Body, Response};
use ch06_http_server::routes::wrong_method;
use ch06_http_server::static_files::serve_file;
use ch07_event_loop::{ConnId, Cx, LoopCx};
use ch11_long_polling::Waiters;
use ch11_long_polling::feed::Feed;
use ch11_long_polling::server::MAX_EVENT_BYTES;

use crate::stream;

/// What the server is told at start.
#[derive(Debug, Clone)]
pub struct SseConfig {
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

impl Default for SseConfig {
    fn default() -> SseConfig {
        SseConfig {
            root: ch06_http_server::www_dir!(),
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

/// What the server has done, for tests and `--trace`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counters {
    /// Streams opened.
    pub streams_opened: u64,
    /// Streams dropped because their write queue was full (slow consumers).
    pub dropped_slow: u64,
    /// Heartbeat comments sent.
    pub heartbeats: u64,
}

/// The service: the feed and the streams that follow it.
pub struct SseService {
    pub(crate) config: SseConfig,
    pub(crate) feed: Feed,
    /// Every open stream, and whether its body is chunked (for `end`).
    pub(crate) streams: HashMap<ConnId, bool>,
    /// The streams that are caught up, waiting for the next publish.
    pub(crate) waiters: Waiters,
    /// After `end`: every `GET /events` gets 204 ("stop reconnecting").
    ended: bool,
    pub(crate) counters: Counters,
}

impl SseService {
    /// A server with an empty feed.
    pub fn new(config: SseConfig) -> SseService {
        SseService {
            feed: Feed::new(config.history),
            config,
            streams: HashMap::new(),
            waiters: Waiters::new(),
            ended: false,
            counters: Counters::default(),
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
    /// Appends `data` to the feed and wakes every caught-up stream: each one
    /// sends it from its own cursor, in its `on_wake`, later in this turn.
    /// Returns the new event's id.
    pub fn publish(&mut self, lp: &mut LoopCx<'_>, data: String) -> u64 {
        let id = self.feed.publish(data);
        let woken = self.waiters.wake_all(lp);
        if lp.trace().enabled() {
            lp.trace().note(
                "feed",
                format!("published id {id}; waking {woken} stream(s)"),
            );
        }
        id
    }
    // ANCHOR_END: publish

    /// Drops every stream at once (a test hook: clients must reconnect and resume).
    pub fn drop_streams(&mut self, lp: &mut LoopCx<'_>) -> usize {
        let n = self.streams.len();
        for (conn, _) in self.streams.drain() {
            self.waiters.unpark(conn);
            lp.abort_conn(conn);
        }
        n
    }

    /// Ends every stream cleanly and answers later `GET /events` with 204,
    /// which tells `EventSource` clients to stop reconnecting (WHATWG HTML §9.2.3).
    pub fn end(&mut self, lp: &mut LoopCx<'_>) -> usize {
        self.ended = true;
        let n = self.streams.len();
        for (conn, chunked) in self.streams.drain() {
            self.waiters.unpark(conn);
            if chunked {
                // The last chunk: the body is complete, not broken.
                let _ = lp.send_to(conn, ch06_http_server::chunked::LAST_CHUNK);
            }
            lp.close_conn(conn);
        }
        n
    }
}

/// What a request turned into.
pub(crate) enum Routed {
    Respond(Response),
    Stream,
}

impl SseService {
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
