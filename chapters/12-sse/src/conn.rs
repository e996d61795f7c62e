//! One connection of the SSE server: HTTP requests (chapter 7's [`HttpSide`],
//! which reuses chapter 6's reader and encoder) until one of them opens a
//! stream, then a stream for good.
//!
//! ```text
//!            on_data: a request        GET /events
//!  HTTP ───────────────────────▶ route ──────────────▶ Stream: head, retry:, backlog
//!   ▲  other routes: respond,         │                  on_wake:    what was published
//!   └─ keep-alive ◀───────────────────┘                  on_drained: more backlog
//!                                                        on_timer:   ": heartbeat"
//!                                                        on_data:    input dropped
//!                                                        on_eof:     close
//! ```

use ch06_http_server::connection::HttpConfig;
use ch06_http_server::http_trace;
use ch06_http_server::request::Request;
use ch07_event_loop::http_side::HttpSide;
use std::net::SocketAddr;

use ch07_event_loop::{ConnId, Connection, Cx, LoopCx, Service};
use ch11_long_polling::publisher::FeedMsg;
use ch11_long_polling::push::Pushed;

use crate::push::{EventStream, Heartbeat};
use crate::server::{Routed, SseService};
use crate::stream::{self, Start};

/// One connection: HTTP requests (chapter 7's [`HttpSide`]) until one of
/// them opens a stream.
pub struct SseConn {
    http: HttpSide,
    /// This connection is an event stream now: `http` is done for good.
    stream: Option<EventStream>,
}

impl SseConn {
    /// A fresh connection, waiting for its first request (within the read timeout).
    pub(crate) fn new(http: &HttpConfig, cx: &mut Cx<'_>) -> SseConn {
        SseConn {
            http: HttpSide::new(http, cx),
            stream: None,
        }
    }

    // ANCHOR: open_stream
    /// Turns this connection into a stream: head, `retry:`, backlog.
    fn open_stream(&mut self, svc: &mut SseService, cx: &mut Cx<'_>, req: &Request) {
        let (head, chunked) = stream::head(req);
        http_trace::sent(&svc.config.http.trace, cx.peer(), &head, true);
        cx.write(&head);
        let after = match stream::start(req) {
            Ok(Start::After(n)) => n,
            // Only what comes next: the cursor is the newest id so far.
            _ => svc.feed.latest_id(),
        };
        svc.streams.insert(cx.id(), chunked);
        svc.counters.streams_opened += 1;
        let mut text = Vec::new();
        stream::preamble(svc.config.retry_ms, &mut text);
        svc.config.http.trace.send(cx.peer(), &text);
        cx.write(&stream::frame(&text, chunked));
        self.stream = Some(EventStream::new(after, chunked));
        self.push(svc, cx);
        // From now on the timer is the heartbeat, not a request deadline.
        let at = cx.now() + svc.config.heartbeat;
        cx.set_timer(Some(at));
    }
    // ANCHOR_END: open_stream

    // ANCHOR: push
    /// Sends what is after the stream's cursor (chapter 11's push), then parks
    /// it, waits for the queue to drain, or drops a stream that cannot keep up.
    fn push(&mut self, svc: &mut SseService, cx: &mut Cx<'_>) {
        let Some(stream) = self.stream.as_mut() else {
            return;
        };
        // A stream may hold half the loop's queue limit: a published event
        // still fits behind its backlog before the loop itself refuses bytes.
        let limit = (cx.config().max_write_queue / 2).max(1);
        match stream.push(&svc.feed, cx, limit) {
            Pushed::Parked => svc.waiters.park(cx.id()),
            Pushed::Behind => {} // more on_drained
            Pushed::TooSlow => self.drop_slow(svc, cx),
        }
    }
    // ANCHOR_END: push

    /// The slow-consumer policy: drop the stream. Its client reconnects with
    /// Last-Event-ID and the history fills the gap.
    fn drop_slow(&mut self, svc: &mut SseService, cx: &mut Cx<'_>) {
        svc.counters.dropped_slow += 1;
        svc.streams.remove(&cx.id());
        cx.trace().note(
            cx.peer(),
            "write queue full: dropping the slow stream (its client will resume)",
        );
        cx.abort();
    }
}

impl Connection<SseService> for SseConn {
    fn on_data(&mut self, svc: &mut SseService, cx: &mut Cx<'_>, input: &mut [u8]) -> usize {
        if self.stream.is_some() {
            // An EventSource sends nothing after its request; anything else is
            // read and dropped (reading on is how we notice the client leave).
            return input.len();
        }
        let (used, request) = self.http.read(&svc.config.http, cx, input);
        if let Some(request) = request {
            match svc.route(cx, &request) {
                Routed::Respond(response) => {
                    let to = request.answering();
                    self.http.respond(&svc.config.http, cx, response, to);
                }
                // Take the connection over: from here on it is a stream.
                Routed::Stream => self.open_stream(svc, cx, &request),
            }
        }
        used
    }

    fn on_drained(&mut self, svc: &mut SseService, cx: &mut Cx<'_>) {
        match &self.stream {
            Some(stream) if stream.is_behind() => self.push(svc, cx),
            Some(_) => {}
            None => self.http.on_drained(&svc.config.http, cx),
        }
    }

    fn on_wake(&mut self, svc: &mut SseService, cx: &mut Cx<'_>) {
        self.push(svc, cx);
    }

    // ANCHOR: heartbeat
    fn on_timer(&mut self, svc: &mut SseService, cx: &mut Cx<'_>) {
        let Some(stream) = self.stream.as_mut() else {
            // Sending (write timeout), mid-request (408) or idle (close).
            self.http.on_timer(&svc.config.http, cx);
            return;
        };
        // A comment every `heartbeat` on an idle stream; a backlog that never
        // drained is a client that stopped reading.
        match stream.heartbeat(cx) {
            Heartbeat::Sent => svc.counters.heartbeats += 1,
            Heartbeat::Busy => {}
            Heartbeat::Stalled => return self.drop_slow(svc, cx),
        }
        let at = cx.now() + svc.config.heartbeat;
        cx.set_timer(Some(at));
    }
    // ANCHOR_END: heartbeat

    fn on_eof(&mut self, _svc: &mut SseService, cx: &mut Cx<'_>) {
        if self.stream.is_some() {
            cx.close(); // nobody reads the stream any more
        } else {
            self.http.on_eof(cx);
        }
    }
}

// ANCHOR: service
/// What the loop asks of the service about connections: make one for each
/// accepted socket, and hear when one is gone. It lives beside the connection
/// it makes, so `server.rs` (the shared state) needs nothing from this file.
impl Service for SseService {
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
        self.waiters.unpark(id);
    }
}
// ANCHOR_END: service
