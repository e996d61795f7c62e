//! One connection of the showdown: it starts as HTTP and may become a held
//! poll, an SSE stream or a WebSocket.
//!
//! ```text
//!            request                 answer queued (keep-alive)
//!   Http ──────────────┬─ /state, /publish, /cut, files ──▶ Http
//!    ▲                 ├─ /poll   ─▶ Held ── event / timeout / 410 ──▶ Http
//!    │                 ├─ /events ─▶ Sse  (until either side closes)
//!    │                 └─ /ws     ─▶ Ws   (101, then frames)
//!    └─ the next request on the same connection
//! ```
//!
//! Reading requests and sending answers (keep-alive, timeouts, big answers a
//! piece at a time) is chapter 7's [`HttpSide`], as in every chapter since.
//! What is new here is only the routing and the three push modes, each in its
//! own file: a held poll answers later through `HttpSide`, a stream or a
//! WebSocket takes the connection over.

use ch06_http_server::encode::Answering;
use ch06_http_server::request::Request;
use ch06_http_server::response::Response;
use ch07_event_loop::http_side::HttpSide;
use std::net::SocketAddr;

use ch07_event_loop::{ConnId, Connection, Cx, LoopCx, Service};
use ch11_long_polling::FeedMsg;

use crate::long_poll::Held;
use crate::routes::{self, Route};
use crate::service::{Counters, ShowdownService};
use crate::sse::Stream;
use crate::ws::Ws;
use crate::{long_poll, sse, ws};
use ch11_long_polling::push::Pushed;

/// What the connection is doing now.
pub(crate) enum Mode {
    /// Reading requests, answering them one at a time.
    Http,
    /// A `/poll` waiting for an event.
    Held(Held),
    /// An SSE stream.
    Sse(Stream),
    /// A WebSocket.
    Ws(Ws),
}

/// One connection's state.
pub struct ShowdownConn {
    /// The HTTP half (chapter 7): idle once a stream or a WebSocket took over.
    http: HttpSide,
    pub(crate) mode: Mode,
}

impl ShowdownConn {
    /// A new connection, reading its first request (chapter 15 makes one for
    /// each client that turns out to speak HTTP/1.1).
    pub fn new(svc: &ShowdownService, cx: &mut Cx<'_>) -> ShowdownConn {
        ShowdownConn {
            http: HttpSide::new(&svc.options.http, cx),
            mode: Mode::Http,
        }
    }

    /// Queues `response` (a whole one, or the first pieces of a big one).
    pub(crate) fn respond(
        &mut self,
        svc: &mut ShowdownService,
        cx: &mut Cx<'_>,
        response: Response,
        to: Answering,
    ) {
        self.mode = Mode::Http;
        self.http.respond(&svc.options.http, cx, response, to);
    }

    // ANCHOR: route
    /// Answers one request, or turns the connection into a push transport:
    /// [`routes::decide`] says which, as it does for chapter 15's HTTP/2.
    fn route(&mut self, svc: &mut ShowdownService, cx: &mut Cx<'_>, req: &Request) {
        let to = req.answering();
        let (me, now) = (cx.id(), cx.now());
        match routes::decide(svc, cx, me, req, now) {
            Route::Answer(response) => self.respond(svc, cx, response, to),
            Route::Cut(n) => self.respond(svc, cx, routes::cut_answer(n), to),
            Route::Hold(held) => self.hold(svc, cx, held),
            Route::Stream(after) => {
                self.mode = Mode::Sse(sse::start(svc, cx, req, after));
                self.on_wake(svc, cx);
            }
            Route::WebSocket => {
                // The 101, or the handshake's own refusal (400/403/426) and a close.
                if let Some(ws) = ws::upgrade(svc, cx, req) {
                    self.mode = Mode::Ws(ws);
                    self.on_wake(svc, cx);
                }
            }
        }
    }
    // ANCHOR_END: route

    fn hold(&mut self, svc: &mut ShowdownService, cx: &mut Cx<'_>, held: Held) {
        cx.set_timer(Some(held.until));
        self.mode = Mode::Held(held);
        self.http.hold();
        // Maybe the events are already there: on_wake answers at once then.
        self.on_wake(svc, cx);
    }
}

impl Connection<ShowdownService> for ShowdownConn {
    fn on_data(&mut self, svc: &mut ShowdownService, cx: &mut Cx<'_>, input: &mut [u8]) -> usize {
        match &mut self.mode {
            Mode::Ws(ws) => {
                let got = ws::on_data(ws, svc, cx, input);
                if got.ended {
                    svc.unpark(cx.id());
                }
                ws::publish(svc, cx, got.texts);
                return input.len();
            }
            // A stream has nothing more to read from its client: discard.
            Mode::Sse(_) => return input.len(),
            // A held poll: `read` consumes nothing (one request at a time),
            // and the pipelined request is offered again once it is answered.
            Mode::Held(_) | Mode::Http => {}
        }
        let (used, request) = self.http.read(&svc.options.http, cx, input);
        if let Some(req) = request {
            self.route(svc, cx, &req);
        }
        used
    }

    fn on_drained(&mut self, svc: &mut ShowdownService, cx: &mut Cx<'_>) {
        match &mut self.mode {
            // A stream catching up: the next piece of its backlog.
            Mode::Sse(stream) if stream.is_behind() => sse::push(svc, cx, stream),
            Mode::Ws(ws) if ws.is_behind() => {
                if ws::push(svc, cx, ws) == Pushed::Parked {
                    svc.park(cx.id());
                }
            }
            _ => self.http.on_drained(&svc.options.http, cx),
        }
    }

    fn on_wake(&mut self, svc: &mut ShowdownService, cx: &mut Cx<'_>) {
        match &mut self.mode {
            Mode::Held(held) => {
                if let Some((response, to)) = long_poll::answer(svc, held) {
                    Counters::bump(&svc.counters.polls);
                    self.respond(svc, cx, response, to);
                } else {
                    svc.waiters.park(cx.id());
                }
            }
            Mode::Sse(stream) => sse::push(svc, cx, stream),
            Mode::Ws(ws) => {
                if ws::push(svc, cx, ws) == Pushed::Parked {
                    svc.park(cx.id());
                }
            }
            Mode::Http => {}
        }
    }

    fn on_timer(&mut self, svc: &mut ShowdownService, cx: &mut Cx<'_>) {
        match &mut self.mode {
            Mode::Held(held) => {
                // RFC 6202 §2.2: a held request ends after a while even with
                // nothing to say, so no proxy on the way times it out first.
                svc.waiters.unpark(cx.id());
                let (response, to) = long_poll::timed_out(held);
                Counters::bump(&svc.counters.polls);
                self.respond(svc, cx, response, to);
            }
            Mode::Sse(stream) => sse::heartbeat(svc, cx, stream),
            Mode::Ws(ws) => {
                if ws::on_timer(svc, cx, ws) {
                    svc.unpark(cx.id());
                }
            }
            // Sending (write timeout), mid-request (408) or idle (close).
            Mode::Http => self.http.on_timer(&svc.options.http, cx),
        }
    }

    fn on_eof(&mut self, svc: &mut ShowdownService, cx: &mut Cx<'_>) {
        match &mut self.mode {
            Mode::Ws(ws) => {
                ws::on_eof(svc, cx, ws);
                svc.unpark(cx.id());
            }
            // Nobody will read a held answer or a stream: stop now.
            Mode::Held(_) | Mode::Sse(_) => {
                svc.waiters.unpark(cx.id());
                cx.close();
            }
            // Finish an answer in progress, then close.
            Mode::Http => self.http.on_eof(cx),
        }
    }
}

// ANCHOR: service
/// What the loop asks of the service about connections: make one for each
/// accepted socket, and hear when one is gone. It lives beside the connection
/// it makes, so `service.rs` (the shared state) needs nothing from this file.
impl Service for ShowdownService {
    type Conn = ShowdownConn;
    type Msg = FeedMsg;

    fn accept(&mut self, cx: &mut Cx<'_>, _peer: SocketAddr) -> Option<ShowdownConn> {
        self.opened(cx.id());
        Some(ShowdownConn::new(self, cx))
    }

    fn on_message(&mut self, lp: &mut LoopCx<'_>, msg: FeedMsg) {
        match msg {
            FeedMsg::Publish(data) => {
                self.publish(lp, data);
            }
        }
    }

    fn on_closed(&mut self, _lp: &mut LoopCx<'_>, id: ConnId, _conn: ShowdownConn) {
        self.forget(id);
    }
}
// ANCHOR_END: service
