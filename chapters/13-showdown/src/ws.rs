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

use ch06_http_server::request::Request;
use ch07_event_loop::Cx;
use ch08_ws_handshake::{HandshakeConfig, error_response};
use ch09_ws_frames::OpCode;
use ch09_ws_frames::close::TRY_AGAIN_LATER;
use ch10_ws_server::upgrade;
use ch10_ws_server::websocket::{Read, WebSocket};
use ch11_long_polling::json;
use ch11_long_polling::push::{Cursor, Item, Pushed};

use crate::events;
use crate::service::{Counters, ShowdownService};

/// An open WebSocket: chapter 10's connection, and where it is in the feed.
pub(crate) struct Ws {
    socket: WebSocket,
    pub(crate) cursor: Cursor,
}

/// Checks the upgrade request (the one chapter 7's `HttpSide` parsed: never
/// parsed again) with chapter 10's `check`, reads `?after=`, and sends the 101
/// or the refusal (then closes). `None` when refused.
pub(crate) fn upgrade(svc: &mut ShowdownService, cx: &mut Cx<'_>, req: &Request) -> Option<Ws> {
    let verdict = upgrade::check(req, &HandshakeConfig::default()).and_then(|accepted| {
        match req.query().parsed::<u64>("after") {
            None => Ok((accepted, svc.feed.latest_id())),
            Some(Ok(n)) => Ok((accepted, n)),
            Some(Err(_)) => Err(error_response(400, &[], "after must be an event id\n")),
        }
    });
    let (verdict, cursor) = match verdict {
        Ok((accepted, cursor)) => (Ok(accepted), cursor),
        Err(refusal) => (Err(refusal), 0),
    };
    if !upgrade::answer(cx, svc.options.http.trace, verdict) {
        return None;
    }
    Counters::bump(&svc.counters.websockets);
    Some(Ws {
        socket: WebSocket::start(&svc.ws, cx),
        cursor: Cursor::new(cursor),
    })
}

// ANCHOR: on_data
/// Messages from the client: text is published (binary means nothing here);
/// chapter 10's connection answers pings and closes, and fails violations.
pub(crate) fn on_data(
    ws: &mut Ws,
    svc: &mut ShowdownService,
    cx: &mut Cx<'_>,
    input: &mut [u8],
) -> usize {
    let s = svc.ws;
    let mut at = 0;
    let mut texts = Vec::new();
    loop {
        match ws.socket.read(&s, cx, &mut input[at..]) {
            Read::Message { used, payload, .. } => {
                at += used;
                // Text was checked as UTF-8 on the way in; binary fails this.
                if let Ok(text) = std::str::from_utf8(&payload) {
                    texts.push(text.to_owned());
                }
            }
            Read::Handled { used } => at += used,
            Read::Drained => break,
            Read::Ended(_) => {
                svc.waiters.unpark(cx.id());
                break;
            }
        }
    }
    for text in texts {
        svc.publish(cx, events::message(&text, events::now_ms()));
    }
    input.len()
}
// ANCHOR_END: on_data

// ANCHOR: push
/// Sends the events after the cursor as text messages, within chapter 11's
/// budget (the same push as SSE's); a client that does not keep up gets Close
/// 1013 "try again later" and resumes with `?after=`.
pub(crate) fn push(svc: &mut ShowdownService, cx: &mut Cx<'_>, ws: &mut Ws) {
    if !ws.socket.is_open() {
        return;
    }
    let s = svc.ws;
    let limit = svc.options.max_stream_queue;
    let socket = &mut ws.socket;
    let pushed = ws.cursor.push(&svc.feed, cx.queued(), limit, |item| {
        let message = match item {
            Item::Event(e) => json::event(e),
            // Never a silent gap: say so, then go on from the oldest kept.
            Item::Reset(gone) => format!(
                "{{\"reset\":{{\"after\":{},\"oldest\":{},\"latest\":{}}}}}",
                gone.after, gone.oldest, gone.latest
            ),
        };
        // Header and payload go into the write queue back to back (chapter 10).
        socket.send(&s, cx, OpCode::Text, message.as_bytes());
        message.len() + 4
    });
    match pushed {
        Pushed::Parked => svc.waiters.park(cx.id()),
        Pushed::Behind => {} // the rest when the queue drains (on_drained)
        Pushed::TooSlow => {
            Counters::bump(&svc.counters.slow_dropped);
            ws.socket.end_now(&s, cx, TRY_AGAIN_LATER, "too slow");
        }
    }
}
// ANCHOR_END: push

/// The one timer: chapter 10's heartbeat (a Ping to a quiet peer, a close for
/// one that does not answer) or its close wait.
pub(crate) fn on_timer(svc: &mut ShowdownService, cx: &mut Cx<'_>, ws: &mut Ws) {
    if ws.socket.on_timer(&svc.ws, cx).is_some() {
        svc.waiters.unpark(cx.id());
    }
}

/// TCP ended: nobody reads the feed on this connection any more.
pub(crate) fn on_eof(svc: &mut ShowdownService, cx: &mut Cx<'_>, ws: &mut Ws) {
    ws.socket.on_eof(&svc.ws, cx);
    svc.waiters.unpark(cx.id());
}
