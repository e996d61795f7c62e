//! The HTTP phase: every connection starts here, and most leave by a 101.
//!
//! Chapter 6's [`Incoming`] reads the request with all of HTTP's rules (head
//! limits, Host, framing: 400/413/431/501/505). Then the path decides:
//!
//! | path | what happens |
//! |---|---|
//! | `/echo`, `/chat` | chapter 8 checks the upgrade: a 101, or 400/403/426 and close |
//! | anything else | chapter 6's routes: the chat page at `/`, files from the root |
//!
//! A page is sent with chapter 7's [`Sending`] (a big file goes a piece at a
//! time) and the connection stays HTTP for the next request (keep-alive). A
//! 101 ends HTTP on this connection for good (RFC 6455 §4.2.2): the bytes after
//! the request's blank line are WebSocket frames.

use ch05_http_parser::{EMPTY_HEADER, Status, parse_request};
use ch06_http_server::encode::{Answering, Encoder};
use ch06_http_server::http_trace;
use ch06_http_server::incoming::{CONTINUE, Incoming, Next};
use ch06_http_server::request::Request;
use ch06_http_server::response::Response;
use ch07_event_loop::Cx;
use ch07_event_loop::http_send::{Pumped, Sending};
use ch08_ws_handshake::{error_response, validate_request};

use crate::server::WsServer;
use crate::ws::Route;

/// Which WebSocket endpoint a path names, if any.
pub fn route_for(path: &str) -> Option<Route> {
    match path {
        "/echo" => Some(Route::Echo),
        "/chat" => Some(Route::Chat),
        _ => None,
    }
}

/// A handshake that succeeded: where to, and the `?nick=` it carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upgraded {
    /// The endpoint.
    pub route: Route,
    /// `/chat?nick=NAME`, percent-decoded.
    pub nick: Option<String>,
}

/// A connection still speaking HTTP.
pub struct HttpPhase {
    incoming: Incoming,
    /// A page being sent, if any.
    sending: Option<Sending>,
    /// The client closed its side: finish the page, then close.
    eof: bool,
    /// Reading is paused while a big page is queued.
    paused: bool,
}

impl HttpPhase {
    /// A fresh connection. The whole request must arrive within the HTTP read
    /// timeout (chapter 6's slowloris rule).
    pub fn new(svc: &WsServer, cx: &mut Cx<'_>) -> HttpPhase {
        let http = &svc.config.http;
        let at = cx.now() + http.read_timeout;
        cx.set_timer(Some(at));
        HttpPhase {
            incoming: Incoming::new(http.limits, http.max_body),
            sending: None,
            eof: false,
            paused: false,
        }
    }

    // ANCHOR: on_data
    /// Reads one request from `input`. Returns the bytes consumed and, when the
    /// connection was upgraded, what it became.
    pub fn on_data(
        &mut self,
        svc: &mut WsServer,
        cx: &mut Cx<'_>,
        input: &[u8],
    ) -> (usize, Option<Upgraded>) {
        if self.sending.is_some() {
            return (0, None); // one response at a time: the next request waits
        }
        // `Incoming` reads from a Vec it drains: give it a copy of a bounded
        // window (longer than the largest head), as chapter 7's server does.
        let window = input.len().min(svc.config.http.limits.max_head_bytes + 1);
        let mut scratch = std::mem::take(&mut svc.scratch);
        scratch.clear();
        scratch.extend_from_slice(&input[..window]);
        let next = self.incoming.next(&mut scratch);
        let used = window - scratch.len();
        svc.scratch = scratch;
        let trace = svc.config.trace;
        match next {
            Next::NeedMore => (used, None),
            Next::SendContinue => {
                http_trace::sent(&trace, cx.peer(), CONTINUE, true);
                cx.write(CONTINUE);
                (used, None)
            }
            Next::Reject(response) => {
                self.respond(svc, cx, response, Answering::broken_request());
                (used, None)
            }
            Next::Request(request) => {
                http_trace::request(&trace, cx.peer(), &request);
                match route_for(&request.path) {
                    Some(route) => (used, handshake(svc, cx, &input[..used], &request, route)),
                    None => {
                        let response = (svc.handler)(&request);
                        self.respond(svc, cx, response, request.answering());
                        (used, None)
                    }
                }
            }
        }
    }
    // ANCHOR_END: on_data

    /// Starts sending a page (or an error page).
    fn respond(&mut self, svc: &WsServer, cx: &mut Cx<'_>, response: Response, to: Answering) {
        self.sending = Some(Sending::new(Encoder::new(response, to)));
        self.pump(svc, cx);
    }

    /// Queues what fits of the page; reading waits while a big one is sent.
    fn pump(&mut self, svc: &WsServer, cx: &mut Cx<'_>) {
        let Some(sending) = self.sending.as_mut() else {
            return;
        };
        let at = cx.now() + svc.config.http.read_timeout;
        match sending.pump(cx, svc.config.trace) {
            Pumped::More => {
                if !self.paused {
                    self.paused = true;
                    cx.pause_reading(true);
                }
                cx.set_timer(Some(at));
            }
            Pumped::Done { keep_alive } => {
                self.sending = None;
                if keep_alive && !self.eof {
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

    /// The queue emptied: send more of the page.
    pub fn on_drained(&mut self, svc: &WsServer, cx: &mut Cx<'_>) {
        self.pump(svc, cx);
    }

    /// The deadline passed: a stalled reader is dropped, a slow request gets
    /// 408 (RFC 9110 §15.5.9), an idle keep-alive connection is closed.
    pub fn on_timer(&mut self, svc: &WsServer, cx: &mut Cx<'_>) {
        let trace = svc.config.trace;
        if self.sending.is_some() {
            trace.note(cx.peer(), "write timeout: the client stopped reading");
            cx.abort();
        } else if self.incoming.mid_request(&[]) {
            let response = Response::error(408, "the request took too long to arrive").closing();
            self.respond(svc, cx, response, Answering::broken_request());
        } else {
            trace.note(cx.peer(), "no request in time: closing");
            cx.close();
        }
    }

    /// The client closed its side: no request will follow.
    pub fn on_eof(&mut self, cx: &mut Cx<'_>) {
        self.eof = true;
        if self.sending.is_none() {
            cx.close();
        }
    }
}

// ANCHOR: handshake
/// Answers an upgrade request with chapter 8's rules: the 101 (and `Some`), or
/// the error response that names the broken rule, and a close.
fn handshake(
    svc: &WsServer,
    cx: &mut Cx<'_>,
    consumed: &[u8],
    request: &Request,
    route: Route,
) -> Option<Upgraded> {
    let trace = svc.config.trace;
    let limits = svc.config.http.limits;
    // Chapter 8 checks a request as chapter 5's parser gives it; a handshake has
    // no body, so its head is exactly what was just consumed. Parse it again
    // (once per connection: cheap) to get that form.
    let mut headers = vec![EMPTY_HEADER; limits.max_headers];
    let verdict = match parse_request(consumed, &mut headers, &limits) {
        Ok(Status::Complete((head, len))) if len == consumed.len() => {
            validate_request(&head, &svc.config.handshake).map_err(|e| e.response())
        }
        _ => Err(error_response(
            400,
            &[],
            "a WebSocket handshake has no body\n",
        )),
    };
    match verdict {
        Ok(accepted) => {
            // No Sec-WebSocket-Extensions in it: permessage-deflate, which every
            // browser offers, is declined by not echoing it (RFC 6455 §9.1).
            let response = accepted.response();
            http_trace::sent(&trace, cx.peer(), &response, true);
            cx.write(&response);
            let nick = request.query().get("nick").map(str::to_string);
            Some(Upgraded { route, nick })
        }
        Err(response) => {
            http_trace::sent(&trace, cx.peer(), &response, true);
            cx.write(&response);
            cx.close();
            None
        }
    }
}
// ANCHOR_END: handshake
