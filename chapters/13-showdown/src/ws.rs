//! WebSocket, with chapter 8's handshake, chapter 9's frames and chapter 10's
//! frame sending and heartbeat: `GET /ws`.
//!
//! After the 101, every feed event goes out as one text message, the same
//! `{"id":N,"data":"…"}` as `/poll` uses, so the client keeps a cursor; a
//! client reconnects with `/ws?after=N` to resume. A text message from the
//! client is published as a visitor's message: the only two-way transport of
//! the four. A cursor older than the history gets `{"reset":{…}}` first.

use ch06_http_server::request::Request;
use ch07_event_loop::Cx;
use ch08_ws_handshake::{ServerConfig, error_response};
use ch09_ws_frames::explain::summary;
use ch09_ws_frames::{Event, OpCode, Receiver, Role};
use ch10_ws_server::heartbeat::{Beat, Heartbeat};
use ch10_ws_server::send::{send_close as close_frame, send_frame};
use ch10_ws_server::upgrade;
use ch11_long_polling::json;

use crate::conn::Conn;
use crate::events;
use crate::service::{Counters, Showdown};

/// The biggest message a visitor may send (a chat line, not a file).
pub const MAX_MESSAGE: u64 = 4096;

/// An open WebSocket.
pub(crate) struct Ws {
    rx: Receiver,
    /// The id of the last event sent.
    cursor: u64,
    /// We sent a Close: send nothing more, wait for the peer's.
    closing: bool,
    /// Chapter 10's ping timer and pong timeout.
    heartbeat: Heartbeat,
    /// More events are waiting than one push sends: the next piece goes when
    /// the write queue drains, not on a publish.
    pub(crate) behind: bool,
}

/// How long a pinged peer has to answer with a Pong.
pub const PONG_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Checks the upgrade request (the one chapter 7's `HttpSide` parsed: never
/// parsed again) with chapter 10's `check`, reads `?after=`, and sends the 101
/// or the refusal (then closes). `None` when refused.
pub(crate) fn upgrade(svc: &mut Showdown, cx: &mut Cx<'_>, req: &Request) -> Option<Ws> {
    let verdict = upgrade::check(req, &ServerConfig::default()).and_then(|accepted| {
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
    let heartbeat = Heartbeat::new(cx.now());
    cx.set_timer(Some(
        heartbeat.deadline(svc.options.heartbeat, PONG_TIMEOUT),
    ));
    let limits = ch09_ws_frames::Limits {
        max_message: MAX_MESSAGE,
        max_fragments: 64,
    };
    Some(Ws {
        rx: Receiver::with_limits(Role::Server, limits),
        cursor,
        closing: false,
        heartbeat,
        behind: false,
    })
}

fn send_close(svc: &Showdown, cx: &mut Cx<'_>, ws: &mut Ws, code: u16) {
    if !ws.closing {
        close_frame(cx, svc.options.http.trace, code, "");
        ws.closing = true;
    }
}

// ANCHOR: on_data
/// Frames from the client: text is published, pings answered, a close
/// returned (RFC 6455 §5.5.1), a violation closed with its code (§7.4.1).
pub(crate) fn on_data(
    conn: &mut Conn,
    svc: &mut Showdown,
    cx: &mut Cx<'_>,
    input: &mut [u8],
) -> usize {
    let crate::conn::Mode::Ws(ws) = &mut conn.mode else {
        return input.len();
    };
    // Unmasking happens in place, in the loop's own read buffer (chapter 7
    // hands it over mutable): all of it is consumed, so no changed byte is
    // offered again.
    let buf = input;
    let mut at = 0;
    let mut texts = Vec::new();
    let trace = svc.options.http.trace;
    ws.heartbeat.heard(cx.now());
    let peer = cx.peer();
    while at < buf.len() {
        // With --trace, each frame header as it is decoded (as chapter 10 does).
        let fed = if trace.enabled() {
            let mut on_frame = |h: &_| trace.annotated("<-", peer, format!("frame {}", summary(h)));
            ws.rx.feed_with(&mut buf[at..], &mut on_frame)
        } else {
            ws.rx.feed(&mut buf[at..])
        };
        match fed {
            Ok((n, event)) => {
                at += n;
                match event {
                    None => break,
                    Some(Event::Message { .. }) if ws.closing => {}
                    Some(e @ Event::Message { .. }) => {
                        // Binary messages mean nothing here; text is a message to publish.
                        if let Some(text) = e.as_text() {
                            texts.push(text.to_owned());
                        }
                    }
                    // §5.5.2: answer a Ping with its payload, unless we are closing.
                    Some(Event::Ping(payload)) if !ws.closing => {
                        send_frame(cx, trace, OpCode::Pong, &payload);
                    }
                    Some(Event::Ping(_)) => {}
                    Some(Event::Pong(_)) => {
                        let now = cx.now();
                        ws.heartbeat.pong(now);
                    }
                    Some(Event::Close(frame)) => {
                        send_close(svc, cx, ws, frame.code.unwrap_or(1000));
                        cx.close(); // §7.1.1: the server closes TCP first
                        at = buf.len();
                    }
                }
            }
            Err(violation) => {
                send_close(svc, cx, ws, violation.close_code());
                cx.close();
                at = buf.len();
            }
        }
    }
    let used = buf.len();
    for text in texts {
        svc.publish(cx, events::message(&text, events::now_ms()));
    }
    used
}
// ANCHOR_END: on_data

// ANCHOR: push
/// Sends the events after the cursor as text messages, at most about
/// `max_stream_queue / 2` bytes at a time (the rest when the queue drains),
/// then parks again. The same policy as SSE's, with close code 1013.
pub(crate) fn push(svc: &mut Showdown, cx: &mut Cx<'_>, ws: &mut Ws) {
    if ws.closing {
        return;
    }
    let limit = svc.options.max_stream_queue;
    if !ws.behind && cx.queued() > limit {
        // Slow consumer: 1013 "try again later"; the client resumes with ?after=.
        Counters::bump(&svc.counters.slow_dropped);
        send_close(svc, cx, ws, 1013);
        cx.close();
        return;
    }
    let budget = (limit / 2).saturating_sub(cx.queued());
    let trace = svc.options.http.trace;
    let events = match svc.feed.after(ws.cursor) {
        Ok(events) => events,
        Err(gone) => {
            // Never a silent gap: say so, then go on from the oldest kept.
            let reset = format!(
                "{{\"reset\":{{\"after\":{},\"oldest\":{},\"latest\":{}}}}}",
                gone.after, gone.oldest, gone.latest
            );
            send_frame(cx, trace, OpCode::Text, reset.as_bytes());
            ws.cursor = gone.resume_after();
            svc.feed.after(ws.cursor).unwrap_or_default()
        }
    };
    ws.behind = false;
    let mut sent = 0;
    for e in events {
        if sent > 0 && sent >= budget {
            ws.behind = true; // the rest when the queue drains (on_drained)
            break;
        }
        // Header and payload go into the write queue back to back (chapter 10).
        let message = json::event(e);
        send_frame(cx, trace, OpCode::Text, message.as_bytes());
        sent += message.len() + 4;
        ws.cursor = e.id;
    }
    if !ws.behind {
        svc.waiters.park(cx.id());
    }
}
// ANCHOR_END: push

/// Chapter 10's heartbeat: a quiet peer gets a Ping (§5.5.2); one that does
/// not answer with a Pong in time is dropped (its client reconnects and resumes).
pub(crate) fn heartbeat(svc: &mut Showdown, cx: &mut Cx<'_>, ws: &mut Ws) {
    if ws.closing {
        cx.abort(); // the peer never answered our Close
        return;
    }
    let now = cx.now();
    match ws
        .heartbeat
        .on_timer(now, svc.options.heartbeat, PONG_TIMEOUT)
    {
        Beat::Wait(at) => cx.set_timer(Some(at)),
        Beat::Ping(payload, at) => {
            send_frame(cx, svc.options.http.trace, OpCode::Ping, &payload);
            cx.set_timer(Some(at));
        }
        Beat::TimedOut => cx.abort(),
    }
}
