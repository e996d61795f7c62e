//! The HTTP phase: every connection starts here, and most leave by a 101.
//!
//! Chapter 7's [`HttpSide`] reads the request with chapter 6's reader and all
//! of HTTP's rules (head limits, Host, framing: 400/413/431/501/505). Then the
//! path decides:
//!
//! | path | what happens |
//! |---|---|
//! | `/echo`, `/chat` | chapter 8 checks the upgrade: a 101, or 400/403/426 and close |
//! | anything else | chapter 6's routes: the chat page at `/`, files from the root |
//!
//! A page is sent by `HttpSide` (a big file goes a piece at a time) and the
//! connection stays HTTP for the next request (keep-alive). A
//! 101 ends HTTP on this connection for good (RFC 6455 §4.2.2): the bytes after
//! the request's blank line are WebSocket frames.

use ch01_tcp::trace::Trace;
use ch06_http_server::http_trace;
use ch06_http_server::request::Request;
use ch07_event_loop::Cx;
use ch07_event_loop::http_side::HttpSide;
use ch08_ws_handshake::{Accepted, HandshakeConfig, error_response, validate_request};

use crate::server::WsService;
use crate::ws::Endpoint;

/// Which WebSocket endpoint a path names, if any.
pub fn endpoint_for(path: &str) -> Option<Endpoint> {
    match path {
        "/echo" => Some(Endpoint::Echo),
        "/chat" => Some(Endpoint::Chat),
        _ => None,
    }
}

/// A handshake that succeeded: where to, and the `?nick=` it carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upgraded {
    /// The endpoint.
    pub endpoint: Endpoint,
    /// `/chat?nick=NAME`, percent-decoded.
    pub nick: Option<String>,
}

/// A connection still speaking HTTP: chapter 7's [`HttpSide`], plus the
/// one decision that is this chapter's own (upgrade or page).
pub struct HttpPhase {
    http: HttpSide,
}

impl HttpPhase {
    /// A fresh connection. The whole request must arrive within the HTTP read
    /// timeout (chapter 6's slowloris rule).
    pub fn new(svc: &WsService, cx: &mut Cx<'_>) -> HttpPhase {
        HttpPhase {
            http: HttpSide::new(&svc.config.http, cx),
        }
    }

    // ANCHOR: on_data
    /// Reads one request from `input`. Returns the bytes consumed and, when the
    /// connection was upgraded, what it became.
    pub fn on_data(
        &mut self,
        svc: &mut WsService,
        cx: &mut Cx<'_>,
        input: &[u8],
    ) -> (usize, Option<Upgraded>) {
        let (used, request) = self.http.read(&svc.config.http, cx, input);
        let Some(request) = request else {
            return (used, None); // more to come, or already answered (400, 100...)
        };
        match endpoint_for(&request.path) {
            // Take the connection over: a 101 makes it a WebSocket for good.
            Some(endpoint) => (used, handshake(svc, cx, &request, endpoint)),
            None => {
                let response = (svc.handler)(&request);
                let to = request.answering();
                self.http.respond(&svc.config.http, cx, response, to);
                (used, None)
            }
        }
    }
    // ANCHOR_END: on_data

    /// The queue emptied: send more of the page.
    pub fn on_drained(&mut self, svc: &WsService, cx: &mut Cx<'_>) {
        self.http.on_drained(&svc.config.http, cx);
    }

    /// The deadline passed: a stalled reader is dropped, a slow request gets
    /// 408 (RFC 9110 §15.5.9), an idle keep-alive connection is closed.
    pub fn on_timer(&mut self, svc: &WsService, cx: &mut Cx<'_>) {
        self.http.on_timer(&svc.config.http, cx);
    }

    /// The client closed its side: no request will follow.
    pub fn on_eof(&mut self, cx: &mut Cx<'_>) {
        self.http.on_eof(cx);
    }
}

// ANCHOR: handshake
/// Checks an upgrade request with chapter 8's rules. `request` is the one
/// chapter 7's `HttpSide` already parsed, under the server's own head limits:
/// nothing is parsed twice. `Err` is the refusal to send (400/403/426).
pub fn check(request: &Request, config: &HandshakeConfig) -> Result<Accepted, Vec<u8>> {
    // RFC 6455 §4.1: the handshake is a GET, and the bytes after its blank
    // line are frames; a body would be read as frames.
    if !request.body.is_empty() {
        return Err(error_response(
            400,
            &[],
            "a WebSocket handshake has no body\n",
        ));
    }
    validate_request(request, config).map_err(|e| e.response())
}

/// Sends the verdict: the 101 (and `true`: the connection is a WebSocket from
/// the next byte on), or the refusal and a close.
pub fn answer(cx: &mut Cx<'_>, trace: Trace, verdict: Result<Accepted, Vec<u8>>) -> bool {
    match verdict {
        Ok(accepted) => {
            // No Sec-WebSocket-Extensions in it: permessage-deflate, which every
            // browser offers, is declined by not echoing it (RFC 6455 §9.1).
            let response = accepted.response();
            http_trace::sent(&trace, cx.peer(), &response, true);
            cx.write(&response);
            true
        }
        Err(response) => {
            http_trace::sent(&trace, cx.peer(), &response, true);
            cx.write(&response);
            cx.close();
            false
        }
    }
}

/// The upgrade on this chapter's server: chapter 8's verdict, sent, and the
/// `?nick=` a `/chat` handshake carried.
fn handshake(
    svc: &WsService,
    cx: &mut Cx<'_>,
    request: &Request,
    endpoint: Endpoint,
) -> Option<Upgraded> {
    let verdict = check(request, &svc.config.handshake);
    answer(cx, svc.config.ws.trace, verdict).then(|| Upgraded {
        endpoint,
        nick: request.query().get("nick").map(str::to_string),
    })
}
// ANCHOR_END: handshake
