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
//! Reading requests is chapter 6's [`Incoming`]; sending answers is chapter
//! 7's [`Sending`], as in chapter 7's `HttpConn`. What is new here is only the
//! routing and the three push modes, each in its own file.

use ch06_http_server::encode::{Answering, Encoder};
use ch06_http_server::http_trace;
use ch06_http_server::incoming::{CONTINUE, Incoming, Next};
use ch06_http_server::request::Request;
use ch06_http_server::response::Response;
use ch06_http_server::routes::wrong_method;
use ch07_event_loop::http_send::{Pumped, Sending};
use ch07_event_loop::{Connection, Cx};

use crate::long_poll::Held;
use crate::service::{Counters, Showdown};
use crate::sse::Stream;
use crate::ws::Ws;
use crate::{long_poll, short_poll, sse, ws};

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
pub struct Conn {
    incoming: Incoming,
    sending: Option<Sending>,
    pub(crate) mode: Mode,
    /// Bytes of a request arrived since the last answer.
    started: bool,
    /// The client closed its sending side.
    eof: bool,
    /// Reading is paused while a big answer is queued.
    paused: bool,
}

impl Conn {
    pub(crate) fn new(svc: &Showdown, cx: &mut Cx<'_>) -> Conn {
        // Chapter 6's rule: a whole request within read_timeout (no slowloris).
        cx.set_timer(Some(cx.now() + svc.options.http.read_timeout));
        Conn {
            incoming: Incoming::new(svc.options.http.limits, svc.options.http.max_body),
            sending: None,
            mode: Mode::Http,
            started: false,
            eof: false,
            paused: false,
        }
    }

    /// Queues `response` (a whole one, or the first pieces of a big one).
    pub(crate) fn respond(
        &mut self,
        svc: &mut Showdown,
        cx: &mut Cx<'_>,
        response: Response,
        to: Answering,
    ) {
        self.mode = Mode::Http;
        self.sending = Some(Sending::new(Encoder::new(response, to)));
        self.pump(svc, cx);
    }

    fn pump(&mut self, svc: &mut Showdown, cx: &mut Cx<'_>) {
        let Some(sending) = self.sending.as_mut() else {
            return;
        };
        let deadline = cx.now() + svc.options.http.read_timeout;
        match sending.pump(cx, svc.options.http.trace) {
            Pumped::More => {
                if !self.paused {
                    self.paused = true;
                    cx.pause_reading(true);
                }
                cx.set_timer(Some(deadline));
            }
            Pumped::Done { keep_alive } => {
                self.sending = None;
                self.started = false;
                if keep_alive && !self.eof {
                    cx.set_timer(Some(deadline));
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

    // ANCHOR: route
    /// Answers one request, or turns the connection into a push transport.
    /// `head` is the request's head as it arrived (the WebSocket upgrade
    /// re-reads it with chapter 5's parser for chapter 8's checks).
    fn route(&mut self, svc: &mut Showdown, cx: &mut Cx<'_>, req: &Request, head: &[u8]) {
        Counters::bump(&svc.counters.requests);
        let to = req.answering();
        let get = req.method == "GET" || req.method == "HEAD";
        let response = match req.path.as_str() {
            "/state" if get => short_poll::state(svc),
            "/route" if get => Response::json(200, svc.options.route.to_json()),
            "/poll" if req.method == "GET" => match long_poll::start(svc, cx, req) {
                Ok(held) => return self.hold(svc, cx, held),
                Err(response) => response,
            },
            "/events" if req.method == "GET" => match sse::start(svc, cx, req) {
                Ok(stream) => {
                    self.mode = Mode::Sse(stream);
                    return self.on_wake(svc, cx);
                }
                Err(response) => response,
            },
            "/ws" if req.method == "GET" => match ws::upgrade(svc, cx, head) {
                Ok(ws) => {
                    self.mode = Mode::Ws(ws);
                    return self.on_wake(svc, cx);
                }
                Err(bytes) => {
                    // The handshake's own error response (400/403/426), then close.
                    http_trace::sent(&svc.options.http.trace, cx.peer(), &bytes, true);
                    cx.write(&bytes);
                    cx.close();
                    return;
                }
            },
            "/publish" if req.method == "POST" => publish(svc, cx, req),
            "/cut" if req.method == "POST" => {
                let me = cx.id();
                let n = svc.cut(cx, me);
                Response::json(200, format!("{{\"cut\":{n}}}"))
            }
            "/state" => wrong_method(req, &["GET", "HEAD"]),
            "/poll" | "/events" | "/ws" => wrong_method(req, &["GET"]),
            "/publish" | "/cut" => wrong_method(req, &["POST"]),
            _ => svc.site.handle(req),
        };
        self.respond(svc, cx, response, to);
    }
    // ANCHOR_END: route

    fn hold(&mut self, svc: &mut Showdown, cx: &mut Cx<'_>, held: Held) {
        cx.set_timer(Some(held.until));
        self.mode = Mode::Held(held);
        // Maybe the events are already there: on_wake answers at once then.
        self.on_wake(svc, cx);
    }
}

/// `POST /publish`: the body, as a visitor's message, into the feed. As long
/// as a WebSocket message may be (every event is kept in the history and sent
/// to every client: a 1 MiB message would cost that much per client).
fn publish(svc: &mut Showdown, cx: &mut Cx<'_>, req: &Request) -> Response {
    if req.body.len() as u64 > ws::MAX_MESSAGE {
        let limit = ws::MAX_MESSAGE;
        return Response::error(413, &format!("a message is at most {limit} bytes"));
    }
    let Ok(text) = std::str::from_utf8(&req.body) else {
        return Response::error(400, "the message must be UTF-8 text");
    };
    let id = svc.publish(cx, crate::events::message(text, crate::events::now_ms()));
    Response::json(200, format!("{{\"id\":{id}}}"))
}

impl Connection<Showdown> for Conn {
    fn on_data(&mut self, svc: &mut Showdown, cx: &mut Cx<'_>, input: &[u8]) -> usize {
        match &mut self.mode {
            Mode::Ws(_) => return ws::on_data(self, svc, cx, input),
            // A stream has nothing more to read from its client: discard.
            Mode::Sse(_) => return input.len(),
            // One request at a time: a pipelined one waits its turn.
            Mode::Held(_) => return 0,
            Mode::Http => {}
        }
        if self.sending.is_some() {
            return 0;
        }
        self.started = true;
        // As chapter 7's HttpConn: give Incoming a bounded copy to drain.
        let window = input.len().min(64 * 1024);
        let mut scratch = std::mem::take(&mut svc.scratch);
        scratch.clear();
        scratch.extend_from_slice(&input[..window]);
        let next = self.incoming.next(&mut scratch);
        let used = window - scratch.len();
        svc.scratch = scratch;
        match next {
            Next::Request(req) => {
                http_trace::request(&svc.options.http.trace, cx.peer(), &req);
                let head = &input[..req.head_bytes.min(input.len())];
                self.route(svc, cx, &req, head);
            }
            Next::NeedMore => {}
            Next::SendContinue => cx.write(CONTINUE),
            Next::Reject(response) => {
                self.respond(svc, cx, response, Answering::broken_request());
            }
        }
        used
    }

    fn on_drained(&mut self, svc: &mut Showdown, cx: &mut Cx<'_>) {
        match &mut self.mode {
            // A stream catching up: the next piece of its backlog.
            Mode::Sse(stream) if stream.behind => sse::push(svc, cx, stream),
            Mode::Ws(ws) if ws.behind => ws::push(svc, cx, ws),
            _ => self.pump(svc, cx),
        }
    }

    fn on_wake(&mut self, svc: &mut Showdown, cx: &mut Cx<'_>) {
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
            Mode::Ws(ws) => ws::push(svc, cx, ws),
            Mode::Http => {}
        }
    }

    fn on_timer(&mut self, svc: &mut Showdown, cx: &mut Cx<'_>) {
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
            Mode::Ws(ws) => ws::heartbeat(svc, cx, ws),
            Mode::Http => {
                if self.sending.is_some() {
                    cx.abort(); // the client stopped reading our answer
                } else if self.started || self.incoming.mid_request(&[]) {
                    let r = Response::error(408, "the request took too long to arrive").closing();
                    self.respond(svc, cx, r, Answering::broken_request());
                } else {
                    cx.close(); // idle keep-alive connection (RFC 9112 §9.5)
                }
            }
        }
    }

    fn on_eof(&mut self, svc: &mut Showdown, cx: &mut Cx<'_>) {
        self.eof = true;
        match self.mode {
            // Nobody will read a held answer or a stream: stop now.
            Mode::Held(_) | Mode::Sse(_) | Mode::Ws(_) => {
                svc.waiters.unpark(cx.id());
                cx.close();
            }
            Mode::Http if self.sending.is_none() => cx.close(),
            Mode::Http => {}
        }
    }
}
