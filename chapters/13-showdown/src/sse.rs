//! Server-Sent Events, with chapter 12's stream pieces: `GET /events`.
//!
//! The answer is a head, then a body that never ends: `retry:` once, then an
//! `id:`/`data:` block per event, and a `:` comment when quiet (a heartbeat
//! that keeps proxies from timing the stream out). Chapter 12's
//! [`stream`](ch12_sse::stream) decides everything about the wire: where to
//! start (`Last-Event-ID`, else `?after=N`, else now), the head (chunked for
//! HTTP/1.1), the `event: reset` for a cursor older than the history.
//! Chapter 11's [`Cursor`] is the push: the budget per push, the slow-consumer
//! policy and the reset, shared with `/ws`; this file only says how an event
//! looks on an event stream.

use ch06_http_server::request::Request;
use ch06_http_server::response::Response;
use ch07_event_loop::Cx;
use ch11_long_polling::push::{Cursor, Item, Pushed};
use ch12_sse::stream::{self, Start};

use crate::service::{Counters, Showdown};

/// An open SSE stream.
pub(crate) struct Stream {
    /// Where it is in the feed (chapter 11's push).
    pub(crate) cursor: Cursor,
    /// The body is chunked (HTTP/1.1) or close-delimited (HTTP/1.0).
    chunked: bool,
}

/// Opens a stream: writes the head and `retry:`; the caller then pushes what
/// is already waiting. A malformed cursor is a 400.
pub(crate) fn start(
    svc: &mut Showdown,
    cx: &mut Cx<'_>,
    req: &Request,
) -> Result<Stream, Response> {
    let cursor = match stream::start(req) {
        Ok(Start::After(n)) => n,
        Ok(Start::Now) => svc.feed.latest_id(),
        Err(e) => return Err(Response::error(400, &e.to_string())),
    };
    Counters::bump(&svc.counters.sse_streams);
    let (head, chunked) = stream::head(req);
    let mut text = Vec::new();
    stream::preamble(svc.options.sse_retry_ms, &mut text);
    ch06_http_server::http_trace::sent(&svc.options.http.trace, cx.peer(), &head, true);
    svc.options.http.trace.send(cx.peer(), &text);
    cx.write(&head);
    cx.write(&stream::frame(&text, chunked));
    cx.set_timer(Some(cx.now() + svc.options.heartbeat));
    Ok(Stream {
        cursor: Cursor::new(cursor),
        chunked,
    })
}

// ANCHOR: push
/// Sends the events after the stream's cursor, as `id:`/`data:` blocks in one
/// chunk, within chapter 11's budget; a client that does not keep up is dropped
/// (its `EventSource` reconnects with `Last-Event-ID`, so nothing is lost).
pub(crate) fn push(svc: &mut Showdown, cx: &mut Cx<'_>, s: &mut Stream) {
    let mut text = Vec::new();
    let pushed = s.cursor.push(
        &svc.feed,
        cx.queued(),
        svc.options.max_stream_queue,
        |item| {
            let before = text.len();
            match item {
                Item::Event(e) => stream::event(e.id, &e.data, &mut text),
                // Never a silent gap: `event: reset`, then on from the oldest kept.
                Item::Reset(gone) => {
                    stream::reset(&gone, &mut text);
                }
            }
            text.len() - before
        },
    );
    if !text.is_empty() {
        svc.options.http.trace.send(cx.peer(), &text);
        cx.write(&stream::frame(&text, s.chunked));
    }
    match pushed {
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
pub(crate) fn heartbeat(svc: &mut Showdown, cx: &mut Cx<'_>, s: &mut Stream) {
    if s.cursor.stalled() {
        Counters::bump(&svc.counters.slow_dropped);
        cx.abort();
        return;
    }
    let mut text = Vec::new();
    stream::heartbeat(&mut text);
    cx.write(&stream::frame(&text, s.chunked));
    cx.set_timer(Some(cx.now() + svc.options.heartbeat));
}
