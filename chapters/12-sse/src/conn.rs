//! One connection of the SSE server: HTTP requests (chapter 6's reader,
//! chapter 7's response pump) until one of them opens a stream, then a stream
//! for good.
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
use ch06_http_server::encode::{Answering, Encoder};
use ch06_http_server::http_trace;
use ch06_http_server::incoming::{CONTINUE, Incoming, Next};
use ch06_http_server::request::Request;
use ch06_http_server::response::Response;
use ch07_event_loop::http_send::{Pumped, Sending};
use ch07_event_loop::{Connection, Cx};

use crate::server::{Cursor, Routed, Sse};
use crate::stream::{self, Start};

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

impl SseConn {
    /// A fresh connection, waiting for its first request.
    pub(crate) fn new(http: &HttpConfig) -> SseConn {
        SseConn {
            incoming: Incoming::new(http.limits, http.max_body),
            sending: None,
            started: false,
            eof: false,
            paused: false,
            streaming: false,
        }
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
