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
use std::time::{Duration, Instant};

use ch06_http_server::connection::Config as HttpConfig;
use ch06_http_server::encode::{Answering, Encoder};
use ch06_http_server::http_trace;
use ch06_http_server::incoming::{CONTINUE, Incoming, Next};
use ch06_http_server::request::Request;
use ch06_http_server::response::{Body, Response};
use ch06_http_server::routes::wrong_method;
use ch06_http_server::static_files::serve_file;
use ch07_event_loop::http_send::{LOW_WATER, Pumped, Sending};
use ch07_event_loop::{ConnId, Connection, Cx, LoopCx, PushError, Service};
use ch11_long_polling::feed::Feed;
use ch11_long_polling::publisher::FeedMsg;
use ch11_long_polling::server::MAX_EVENT_BYTES;

use crate::stream::{self, Start};

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
struct Cursor {
    /// The last id queued on this stream.
    after: u64,
    /// HTTP/1.1 chunked framing (else HTTP/1.0, close-delimited).
    chunked: bool,
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
    config: Config,
    feed: Feed,
    streams: HashMap<ConnId, Cursor>,
    /// After `end`: every `GET /events` gets 204 ("stop reconnecting").
    ended: bool,
    counters: Counters,
    /// Requests are parsed from a bounded copy (see chapter 7's `http.rs`).
    window: usize,
    scratch: Vec<u8>,
}

impl Sse {
    /// A server with an empty feed.
    pub fn new(config: Config) -> Sse {
        let window = (config.http.limits.max_head_bytes + 1).max(16 * 1024);
        Sse {
            feed: Feed::new(config.history),
            config,
            streams: HashMap::new(),
            ended: false,
            counters: Counters::default(),
            window,
            scratch: Vec::with_capacity(window),
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
    fn pump_stream(&mut self, cx: &mut Cx<'_>) {
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

    fn deadline(&self, cx: &Cx<'_>) -> Instant {
        cx.now() + self.config.http.read_timeout
    }
}

/// What a request turned into.
enum Routed {
    Respond(Response),
    Stream,
}

impl Sse {
    // ANCHOR: route
    /// Answers one request, or says it opens a stream.
    fn route(&mut self, cx: &mut Cx<'_>, req: &Request) -> Routed {
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

/// One connection: HTTP requests until one of them opens a stream.
pub struct SseConn {
    incoming: Incoming,
    sending: Option<Sending>,
    /// Bytes of a request arrived since the last response (a timeout is a 408).
    started: bool,
    eof: bool,
    paused: bool,
    /// This connection is an event stream now.
    streaming: bool,
}

impl Service for Sse {
    type Conn = SseConn;
    type Msg = FeedMsg;

    fn accept(&mut self, cx: &mut Cx<'_>, _peer: SocketAddr) -> Option<SseConn> {
        let at = self.deadline(cx);
        cx.set_timer(Some(at));
        Some(SseConn {
            incoming: Incoming::new(self.config.http.limits, self.config.http.max_body),
            sending: None,
            started: false,
            eof: false,
            paused: false,
            streaming: false,
        })
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

impl SseConn {
    fn respond(&mut self, svc: &mut Sse, cx: &mut Cx<'_>, response: Response, to: Answering) {
        self.sending = Some(Sending::new(Encoder::new(response, to)));
        self.pump(svc, cx);
    }

    /// Chapter 7's response pump: queue pieces, pause reading while a big one is out.
    fn pump(&mut self, svc: &mut Sse, cx: &mut Cx<'_>) {
        let Some(sending) = self.sending.as_mut() else {
            return;
        };
        match sending.pump(cx, svc.config.http.trace) {
            Pumped::More => {
                if !self.paused {
                    self.paused = true;
                    cx.pause_reading(true);
                }
                let at = svc.deadline(cx);
                cx.set_timer(Some(at));
            }
            Pumped::Done { keep_alive } => {
                self.sending = None;
                self.started = false;
                if keep_alive && !self.eof {
                    let at = svc.deadline(cx);
                    cx.set_timer(Some(at));
                    if self.paused {
                        self.paused = false;
                        cx.pause_reading(false);
                    }
                } else {
                    cx.close();
                }
            }
        }
    }

    // ANCHOR: open_stream
    /// Turns this connection into a stream: head, `retry:`, backlog.
    fn open_stream(&mut self, svc: &mut Sse, cx: &mut Cx<'_>, req: &Request) {
        let (head, chunked) = stream::head(req);
        http_trace::sent(&svc.config.http.trace, cx.peer(), &head, true);
        cx.write(&head);
        let after = match stream::start(req) {
            Ok(Start::After(n)) => n,
            // Only what comes next: the cursor is the newest id so far.
            _ => svc.feed.latest_id(),
        };
        svc.streams.insert(cx.id(), Cursor { after, chunked });
        svc.counters.streams_opened += 1;
        self.streaming = true;
        let mut text = Vec::new();
        stream::preamble(svc.config.retry_ms, &mut text);
        svc.config.http.trace.send(cx.peer(), &text);
        cx.write(&stream::frame(&text, chunked));
        svc.pump_stream(cx);
        // From now on the timer is the heartbeat, not a request deadline.
        let at = cx.now() + svc.config.heartbeat;
        cx.set_timer(Some(at));
    }
    // ANCHOR_END: open_stream
}

impl Connection<Sse> for SseConn {
    fn on_data(&mut self, svc: &mut Sse, cx: &mut Cx<'_>, input: &[u8]) -> usize {
        if self.streaming {
            // An EventSource sends nothing after its request; anything else is
            // read and dropped (reading on is how we notice the client leave).
            return input.len();
        }
        if self.sending.is_some() {
            return 0;
        }
        self.started = true;
        let window = input.len().min(svc.window);
        svc.scratch.clear();
        svc.scratch.extend_from_slice(&input[..window]);
        let next = self.incoming.next(&mut svc.scratch);
        let used = window - svc.scratch.len();
        match next {
            Next::Request(request) => {
                http_trace::request(&svc.config.http.trace, cx.peer(), &request);
                match svc.route(cx, &request) {
                    Routed::Respond(response) => {
                        self.respond(svc, cx, response, request.answering());
                    }
                    Routed::Stream => self.open_stream(svc, cx, &request),
                }
            }
            Next::NeedMore => {}
            Next::SendContinue => {
                http_trace::sent(&svc.config.http.trace, cx.peer(), CONTINUE, true);
                cx.write(CONTINUE);
            }
            Next::Reject(response) => {
                self.respond(svc, cx, response, Answering::broken_request());
            }
        }
        used
    }

    fn on_drained(&mut self, svc: &mut Sse, cx: &mut Cx<'_>) {
        if self.streaming {
            svc.pump_stream(cx);
        } else {
            self.pump(svc, cx);
        }
    }

    // ANCHOR: heartbeat
    fn on_timer(&mut self, svc: &mut Sse, cx: &mut Cx<'_>) {
        let trace = svc.config.http.trace;
        if self.streaming {
            // A comment every `heartbeat` keeps proxies from closing an idle
            // connection and lets both ends notice a dead one. Skipped when
            // bytes are still queued: the connection is not idle then.
            if cx.queued() == 0
                && let Some(cursor) = svc.streams.get(&cx.id())
            {
                let mut text = Vec::new();
                stream::heartbeat(&mut text);
                trace.send(cx.peer(), &text);
                cx.write(&stream::frame(&text, cursor.chunked));
                svc.counters.heartbeats += 1;
            }
            let at = cx.now() + svc.config.heartbeat;
            cx.set_timer(Some(at));
        } else if self.sending.is_some() {
            trace.note(cx.peer(), "write timeout: the client stopped reading");
            cx.abort();
        } else if self.started || self.incoming.mid_request(&[]) {
            // RFC 9110 §15.5.9: the request took too long to arrive.
            let response = Response::error(408, "the request took too long to arrive").closing();
            self.respond(svc, cx, response, Answering::broken_request());
        } else {
            cx.close(); // RFC 9112 §9.5: an idle connection may be closed
        }
    }
    // ANCHOR_END: heartbeat

    fn on_eof(&mut self, _svc: &mut Sse, cx: &mut Cx<'_>) {
        self.eof = true;
        if self.streaming || self.sending.is_none() {
            cx.close();
        }
    }
}
