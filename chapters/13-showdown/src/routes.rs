//! What each request asks for, decided once for every version of HTTP that
//! carries it: chapter 13's HTTP/1.1 connection ([`conn`](crate::conn)) and
//! chapter 15's HTTP/2 streams act on the same [`Route`], each in its own
//! framing.

use std::time::Instant;

use ch06_http_server::request::Request;
use ch06_http_server::response::Response;
use ch06_http_server::routes::wrong_method;
use ch07_event_loop::{ConnId, LoopCx};
use ch11_long_polling::poll::Held;
use ch12_sse::stream::{self, Start};

use crate::service::{Counters, ShowdownService};
use crate::{long_poll, short_poll};

/// What to do with one request.
#[derive(Debug)]
pub enum Route {
    /// Answer it now (a state, a file, a publish, an error).
    Answer(Response),
    /// A long poll: hold it until an event after its cursor (200), a gap
    /// (410) or its timeout (204).
    Hold(Held),
    /// An SSE stream that starts after this event id.
    Stream(u64),
    /// A WebSocket upgrade on `/ws` (chapter 10's handshake decides the rest).
    WebSocket,
    /// `POST /cut`: these many other connections were dropped. A connection
    /// that carries other requests too (HTTP/2) drops their streams as well,
    /// then answers with [`cut_answer`].
    Cut(usize),
}

/// The answer to `POST /cut`: how many connections (or streams) were cut.
pub fn cut_answer(n: usize) -> Response {
    Response::json(200, format!("{{\"cut\":{n}}}"))
}

// ANCHOR: decide
/// Routes `req`, which arrived on connection `me` at `now`. Publishing and
/// cutting act on the feed and the loop at once; everything else is decided
/// here and done by the caller.
pub fn decide(
    svc: &mut ShowdownService,
    lp: &mut LoopCx<'_>,
    me: ConnId,
    req: &Request,
    now: Instant,
) -> Route {
    Counters::bump(&svc.counters.requests);
    let get = req.method == "GET" || req.method == "HEAD";
    let response = match req.path.as_str() {
        "/state" if get => short_poll::state(svc),
        "/route" if get => Response::json(200, svc.options.route.to_json()),
        "/poll" if req.method == "GET" => match long_poll::start(svc, now, req) {
            Ok(held) => return Route::Hold(held),
            Err(response) => response,
        },
        "/events" if req.method == "GET" => match stream::start(req) {
            Ok(start) => {
                Counters::bump(&svc.counters.sse_streams);
                return Route::Stream(match start {
                    Start::After(n) => n,
                    Start::Now => svc.feed.latest_id(),
                });
            }
            Err(e) => Response::error(400, &e.to_string()),
        },
        "/ws" if req.method == "GET" => return Route::WebSocket,
        "/publish" if req.method == "POST" => publish(svc, lp, req),
        "/cut" if req.method == "POST" => return Route::Cut(svc.cut(lp, me)),
        "/state" => wrong_method(req, &["GET", "HEAD"]),
        "/poll" | "/events" | "/ws" => wrong_method(req, &["GET"]),
        "/publish" | "/cut" => wrong_method(req, &["POST"]),
        _ => svc.site.handle(req),
    };
    Route::Answer(response)
}
// ANCHOR_END: decide

/// `POST /publish`: the body, as a visitor's message, into the feed. As long
/// as a WebSocket message may be (`max_message`: every event is kept in the
/// history and sent to every client, so a 1 MiB message would cost that much
/// per client).
fn publish(svc: &mut ShowdownService, lp: &mut LoopCx<'_>, req: &Request) -> Response {
    if req.body.len() as u64 > svc.options.max_message {
        let limit = svc.options.max_message;
        return Response::error(413, &format!("a message is at most {limit} bytes"));
    }
    let Ok(text) = std::str::from_utf8(&req.body) else {
        return Response::error(400, "the message must be UTF-8 text");
    };
    let id = svc.publish(lp, crate::events::message(text, crate::events::now_ms()));
    Response::json(200, format!("{{\"id\":{id}}}"))
}
