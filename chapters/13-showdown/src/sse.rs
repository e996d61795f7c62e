//! Server-Sent Events, with chapter 12's stream pieces: `GET /events`.
//!
//! The answer is a head, then a body that never ends: `retry:` once, then an
//! `id:`/`data:` block per event, and a `:` comment when quiet (a heartbeat
//! that keeps proxies from timing the stream out). Chapter 12's
//! [`stream`](ch12_sse::stream) decides everything about the wire: where to
//! start (`Last-Event-ID`, else `?after=N`, else now), the head (chunked for
//! HTTP/1.1), the `event: reset` for a cursor older than the history.
//! Chapter 12's [`EventStream`] is the stream, the one `ch12-server` runs: its
//! push is chapter 11's cursor (the budget per push, the slow-consumer policy,
//! the reset), shared with `/ws`. This file only opens it and counts.

use ch06_http_server::request::Request;
use ch07_event_loop::Cx;
use ch11_long_polling::push::Pushed;
use ch12_sse::push::{EventStream, Heartbeat};
use ch12_sse::stream;

use crate::service::{Counters, ShowdownService};

/// An open SSE stream: chapter 12's.
pub(crate) type Stream = EventStream;

/// Opens a stream after event `cursor` (`routes::decide` read it from the
/// request): writes the head and `retry:`; the caller then pushes what is
/// already waiting.
pub(crate) fn start(
    svc: &mut ShowdownService,
    cx: &mut Cx<'_>,
    req: &Request,
    cursor: u64,
) -> Stream {
    let (head, chunked) = stream::head(req);
    let mut text = Vec::new();
    stream::preamble(svc.options.sse_retry_ms, &mut text);
    ch06_http_server::http_trace::sent(&svc.options.http.trace, cx.peer(), &head, true);
    svc.options.http.trace.send(cx.peer(), &text);
    cx.write(&head);
    cx.write(&stream::frame(&text, chunked));
    cx.set_timer(Some(cx.now() + svc.options.heartbeat));
    EventStream::new(cursor, chunked)
}

// ANCHOR: push
/// Sends the events after the stream's cursor (chapter 12's push); a client
/// that does not keep up is dropped (its `EventSource` reconnects with
/// `Last-Event-ID`, so nothing is lost).
pub(crate) fn push(svc: &mut ShowdownService, cx: &mut Cx<'_>, s: &mut Stream) {
    match s.push(&svc.feed, cx, svc.options.max_stream_queue) {
        Pushed::Parked => svc.waiters.park(cx.id()),
        Pushed::Behind => {} // the rest when the queue drains (on_drained)
        Pushed::TooSlow => {
            Counters::bump(&svc.counters.slow_dropped);
            cx.abort();
        }
    }
}
// ANCHOR_END: push

/// A quiet stream gets a comment, so proxies and the client see it alive.
/// A stream with a backlog whose queue did not drain once in a whole
/// heartbeat interval has a client that stopped reading: it is dropped.
pub(crate) fn heartbeat(svc: &mut ShowdownService, cx: &mut Cx<'_>, s: &mut Stream) {
    if s.heartbeat(cx) == Heartbeat::Stalled {
        Counters::bump(&svc.counters.slow_dropped);
        cx.abort();
        return;
    }
    cx.set_timer(Some(cx.now() + svc.options.heartbeat));
}
