//! WebSocket, with chapter 8's handshake and chapter 10's connection (frames,
//! pings, heartbeat, close handshake, violations): `GET /ws`.
//!
//! After the 101, every feed event goes out as one text message, the same
//! `{"id":N,"data":"…"}` as `/poll` uses, so the client keeps a cursor; a
//! client reconnects with `/ws?after=N` to resume. A text message from the
//! client is published as a visitor's message: the only two-way transport of
//! the four. A cursor older than the history gets `{"reset":{…}}` first.
//!
//! Nothing of the protocol is written here: chapter 10's [`WebSocket`] is the
//! connection and chapter 11's [`Cursor`] the push, the same two that chapter
//! 10's echo and this chapter's SSE stream use.
//!
//! Everything after the handshake works on a chapter 10 [`Link`], not on the
//! loop: the TCP connection after an HTTP/1.1 upgrade, or one HTTP/2 stream
//! after an extended CONNECT (chapter 15). So these functions only *say*
//! what the loop should do (publish these texts, park, forget); the caller,
//! which knows the connection, does it.

use ch06_http_server::request::Request;
use ch07_event_loop::{Cx, LoopCx};
use ch08_ws_handshake::{HandshakeConfig, error_response};
use ch09_ws_frames::OpCode;
use ch09_ws_frames::close::TRY_AGAIN_LATER;
use ch10_ws_server::link::Link;
use ch10_ws_server::upgrade;
use ch10_ws_server::websocket::{Read, WebSocket};
use ch11_long_polling::json;
use ch11_long_polling::push::{Cursor, Item, Pushed};

use crate::events;
use crate::service::{Counters, ShowdownService};

/// An open WebSocket: chapter 10's connection, and where it is in the feed.
pub struct Ws {
    socket: WebSocket,
    cursor: Cursor,
}

impl Ws {
    /// Whether events wait for the link's queue to drain.
    pub fn is_behind(&self) -> bool {
        self.cursor.is_behind()
    }
}

/// The handshake was accepted (the 101 sent, or HTTP/2's 200): start the
/// WebSocket on `link`, after event `cursor`.
pub fn start(svc: &ShowdownService, link: &mut impl Link, cursor: u64) -> Ws {
    Counters::bump(&svc.counters.websockets);
    Ws {
        socket: WebSocket::start(&svc.ws, link),
        cursor: Cursor::new(cursor),
    }
}

/// Reads `?after=` of a `/ws` request: the cursor, `Ok(None)` for "from
/// now on", or the 400 to send.
pub fn requested_cursor(
    req_after: Option<Result<u64, std::num::ParseIntError>>,
) -> Result<Option<u64>, &'static str> {
    match req_after {
        None => Ok(None),
        Some(Ok(n)) => Ok(Some(n)),
        Some(Err(_)) => Err("after must be an event id\n"),
    }
}

/// What the client's frames asked of the server.
#[derive(Debug, Default)]
pub struct Received {
    /// Text messages to publish, in order.
    pub texts: Vec<String>,
    /// The WebSocket ended (a Close, a violation): forget it.
    pub ended: bool,
}

/// Checks the upgrade request (the one chapter 7's `HttpSide` parsed: never
/// parsed again) with chapter 10's `check`, reads `?after=`, and sends the 101
/// or the refusal (then closes). `None` when refused.
pub(crate) fn upgrade(svc: &mut ShowdownService, cx: &mut Cx<'_>, req: &Request) -> Option<Ws> {
    let verdict =
        upgrade::check(req, &HandshakeConfig::default()).and_then(
            |accepted| match requested_cursor(req.query().parsed::<u64>("after")) {
                Ok(None) => Ok((accepted, svc.feed.latest_id())),
                Ok(Some(n)) => Ok((accepted, n)),
                Err(why) => Err(error_response(400, &[], why)),
            },
        );
    let (verdict, cursor) = match verdict {
        Ok((accepted, cursor)) => (Ok(accepted), cursor),
        Err(refusal) => (Err(refusal), 0),
    };
    if !upgrade::answer(cx, svc.options.http.trace, verdict) {
        return None;
    }
    Some(start(svc, cx, cursor))
}

// ANCHOR: on_data
/// Messages from the client: text is to be published (binary means nothing
/// here); chapter 10's connection answers pings and closes, and fails
/// violations. Consumes all of `input`.
pub fn on_data(
    ws: &mut Ws,
    svc: &ShowdownService,
    link: &mut impl Link,
    input: &mut [u8],
) -> Received {
    let s = svc.ws;
    let mut at = 0;
    let mut got = Received::default();
    loop {
        match ws.socket.read(&s, link, &mut input[at..]) {
            Read::Message { used, payload, .. } => {
                at += used;
                // Text was checked as UTF-8 on the way in; binary fails this.
                if let Ok(text) = std::str::from_utf8(&payload) {
                    got.texts.push(text.to_owned());
                }
            }
            Read::Handled { used } => at += used,
            Read::Drained => break,
            Read::Ended(_) => {
                got.ended = true;
                break;
            }
        }
    }
    got
}

/// Publishes what a client sent, as visitors' messages.
pub fn publish(svc: &mut ShowdownService, lp: &mut LoopCx<'_>, texts: Vec<String>) {
    for text in texts {
        svc.publish(lp, events::message(&text, events::now_ms()));
    }
}
// ANCHOR_END: on_data

// ANCHOR: push
/// Sends the events after the cursor as text messages, within chapter 11's
/// budget (the same push as SSE's); a client that does not keep up gets Close
/// 1013 "try again later" and resumes with `?after=`. `Parked`: caught up,
/// park the connection until the next publish.
pub fn push(svc: &ShowdownService, link: &mut impl Link, ws: &mut Ws) -> Pushed {
    if !ws.socket.is_open() {
        return Pushed::Behind; // closing: nothing more to push, nothing to wait for
    }
    let s = svc.ws;
    let limit = svc.options.max_stream_queue;
    let socket = &mut ws.socket;
    let queued = link.queued();
    let pushed = ws.cursor.push(&svc.feed, queued, limit, |item| {
        let message = match item {
            Item::Event(e) => json::event(e),
            // Never a silent gap: say so, then go on from the oldest kept.
            Item::Reset(gone) => format!(
                "{{\"reset\":{{\"after\":{},\"oldest\":{},\"latest\":{}}}}}",
                gone.after, gone.oldest, gone.latest
            ),
        };
        // Header and payload go into the write queue back to back (chapter 10).
        socket.send(&s, link, OpCode::Text, message.as_bytes());
        message.len() + 4
    });
    if pushed == Pushed::TooSlow {
        Counters::bump(&svc.counters.slow_dropped);
        ws.socket.end_now(&s, link, TRY_AGAIN_LATER, "too slow");
    }
    pushed
}
// ANCHOR_END: push

/// The one timer: chapter 10's heartbeat (a Ping to a quiet peer, a close for
/// one that does not answer) or its close wait. `true`: the WebSocket ended.
pub fn on_timer(svc: &ShowdownService, link: &mut impl Link, ws: &mut Ws) -> bool {
    ws.socket.on_timer(&svc.ws, link).is_some()
}

/// The carrier ended (TCP's FIN, or the stream's END_STREAM): nobody reads
/// the feed here any more.
pub fn on_eof(svc: &ShowdownService, link: &mut impl Link, ws: &mut Ws) {
    ws.socket.on_eof(&svc.ws, link);
}
