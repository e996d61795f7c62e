//! Server-Sent Events, with chapter 12's stream pieces: `GET /events`.
//!
//! The answer is a head, then a body that never ends: `retry:` once, then an
//! `id:`/`data:` block per event, and a `:` comment when quiet (a heartbeat
//! that keeps proxies from timing the stream out). Chapter 12's
//! [`stream`](ch12_sse::stream) decides everything about the wire: where to
//! start (`Last-Event-ID`, else `?after=N`, else now), the head (chunked for
//! HTTP/1.1), the `event: reset` for a cursor older than the history.

use ch06_http_server::request::Request;
use ch06_http_server::response::Response;
use ch07_event_loop::Cx;
use ch12_sse::stream::{self, Start};

use crate::service::{Counters, Showdown};

/// An open SSE stream.
pub(crate) struct Stream {
    /// The id of the last event sent.
    cursor: u64,
    /// The body is chunked (HTTP/1.1) or close-delimited (HTTP/1.0).
    chunked: bool,
    /// More events are waiting than one push sends: the next piece goes when
    /// the write queue drains, not on a publish.
    pub(crate) behind: bool,
    /// Something was sent since the last heartbeat (the queue drained).
    progressed: bool,
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
        cursor,
        chunked,
        behind: false,
        progressed: false,
    })
}

// ANCHOR: push
/// Sends the events after the stream's cursor, at most about
/// `max_stream_queue / 2` bytes at a time: a client resuming from far behind
/// gets its backlog piece by piece as its queue drains ([`Stream::behind`]),
/// never all of it at once. Caught up, the stream parks until the next publish.
pub(crate) fn push(svc: &mut Showdown, cx: &mut Cx<'_>, s: &mut Stream) {
    let limit = svc.options.max_stream_queue;
    if !s.behind && cx.queued() > limit {
        // Slow consumer: events were published faster than this client reads.
        // Drop the stream; EventSource reconnects with its Last-Event-ID and
        // gets the rest, so nothing is lost, and nobody else waits for it.
        Counters::bump(&svc.counters.slow_dropped);
        cx.abort();
        return;
    }
    let budget = (limit / 2).saturating_sub(cx.queued());
    let mut text = Vec::new();
    let events = match svc.feed.after(s.cursor) {
        Ok(events) => events,
        Err(gone) => {
            // Never a silent gap: say so, then go on from the oldest kept.
            s.cursor = stream::reset(&gone, &mut text);
            svc.feed.after(s.cursor).unwrap_or_default()
        }
    };
    s.behind = false;
    for e in events {
        if !text.is_empty() && text.len() >= budget {
            s.behind = true; // the rest when the queue drains (on_drained)
            break;
        }
        stream::event(e.id, &e.data, &mut text);
        s.cursor = e.id;
    }
    if !text.is_empty() {
        svc.options.http.trace.send(cx.peer(), &text);
        cx.write(&stream::frame(&text, s.chunked));
        s.progressed = true;
    }
    if !s.behind {
        svc.waiters.park(cx.id());
    }
}
// ANCHOR_END: push

/// A quiet stream gets a comment, so proxies and the client see it alive.
/// A stream with a backlog whose queue did not drain once in a whole
/// heartbeat interval has a client that stopped reading: it is dropped.
pub(crate) fn heartbeat(svc: &mut Showdown, cx: &mut Cx<'_>, s: &mut Stream) {
    if s.behind && !s.progressed {
        Counters::bump(&svc.counters.slow_dropped);
        cx.abort();
        return;
    }
    s.progressed = false;
    let mut text = Vec::new();
    stream::heartbeat(&mut text);
    cx.write(&stream::frame(&text, s.chunked));
    cx.set_timer(Some(cx.now() + svc.options.heartbeat));
}
