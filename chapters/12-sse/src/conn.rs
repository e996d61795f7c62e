//! One connection of the SSE server: HTTP requests (chapter 7's [`HttpSide`],
//! which reuses chapter 6's reader and encoder) until one of them opens a
//! stream, then a stream for good.
//!
//! ```text
//!            on_data: a request        GET /events
//!  HTTP ───────────────────────▶ route ──────────────▶ Stream: head, retry:, backlog
//!   ▲  other routes: respond,         │                  on_drained: more backlog
//!   └─ keep-alive ◀───────────────────┘                  on_timer:   ": heartbeat"
//!                                                        on_data:    input dropped
//!                                                        on_eof:     close
//! ```

use ch06_http_server::connection::Config as HttpConfig;
use ch06_http_server::http_trace;
use ch06_http_server::request::Request;
use ch07_event_loop::http_side::HttpSide;
use ch07_event_loop::{Connection, Cx};

use crate::server::{Cursor, Routed, Sse};
use crate::stream::{self, Start};

/// One connection: HTTP requests (chapter 7's [`HttpSide`]) until one of
/// them opens a stream.
pub struct SseConn {
    http: HttpSide,
    /// This connection is an event stream now: `http` is done for good.
    streaming: bool,
}

impl SseConn {
    /// A fresh connection, waiting for its first request (within the read timeout).
    pub(crate) fn new(http: &HttpConfig, cx: &mut Cx<'_>) -> SseConn {
        SseConn {
            http: HttpSide::new(http, cx),
            streaming: false,
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
    fn on_data(&mut self, svc: &mut Sse, cx: &mut Cx<'_>, input: &mut [u8]) -> usize {
        if self.streaming {
            // An EventSource sends nothing after its request; anything else is
            // read and dropped (reading on is how we notice the client leave).
            return input.len();
        }
        let (used, request) = self
            .http
            .read(&svc.config.http, &mut svc.scratch, cx, input);
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

    fn on_drained(&mut self, svc: &mut Sse, cx: &mut Cx<'_>) {
        if self.streaming {
            svc.pump_stream(cx);
        } else {
            self.http.on_drained(&svc.config.http, cx);
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
        } else {
            // Sending (write timeout), mid-request (408) or idle (close).
            self.http.on_timer(&svc.config.http, cx);
        }
    }
    // ANCHOR_END: heartbeat

    fn on_eof(&mut self, _svc: &mut Sse, cx: &mut Cx<'_>) {
        if self.streaming {
            cx.close(); // nobody reads the stream any more
        } else {
            self.http.on_eof(cx);
        }
    }
}
