//! One open event stream on the loop: chapter 11's push, written as SSE.
//!
//! The push itself (a budget per push, slow consumers dropped, a reset for a
//! cursor older than the history) is chapter 11's [`Cursor`], shared with the
//! WebSocket of chapter 13. What is this chapter's own is only how an item
//! looks on an event stream: `id:`/`data:` lines for an event, `event: reset`
//! for a gap, all of one push in one chunk of the body. Chapter 13's `/events`
//! runs this same type.
//!
//! ```text
//!   publish ─▶ wake ─▶ push ─┬─ Parked  → park in the Waiters until the next publish
//!   drained ──────────▶ push ├─ Behind  → more when the write queue drains
//!                            └─ TooSlow → the caller drops the stream; the client
//!                                         resumes with Last-Event-ID
//!   heartbeat timer ─▶ ": heartbeat" (or, for a backlog that never drains: drop)
//! ```

use ch11_long_polling::feed::Feed;
use ch11_long_polling::push::{Cursor, Item, Outlet, Pushed};

use crate::stream;

/// What a heartbeat did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heartbeat {
    /// A `: heartbeat` comment was queued.
    Sent,
    /// Bytes were still queued: the stream is not idle, nothing sent.
    Busy,
    /// A backlog did not move for a whole interval: the client stopped
    /// reading. Drop the stream (its client resumes).
    Stalled,
}

// ANCHOR: event_stream
/// An open event stream: where it is in the feed and how its body is framed.
#[derive(Debug, Clone, Copy)]
pub struct EventStream {
    cursor: Cursor,
    /// HTTP/1.1 chunked framing (else HTTP/1.0, close-delimited).
    chunked: bool,
}
// ANCHOR_END: event_stream

impl EventStream {
    /// A stream that has sent everything up to `after`.
    pub fn new(after: u64, chunked: bool) -> EventStream {
        EventStream {
            cursor: Cursor::new(after),
            chunked,
        }
    }

    /// Whether its body is chunked (HTTP/1.1).
    pub fn is_chunked(&self) -> bool {
        self.chunked
    }

    /// Whether events are waiting for its write queue to drain.
    pub fn is_behind(&self) -> bool {
        self.cursor.is_behind()
    }

    // ANCHOR: push
    /// Writes what is after the cursor as one piece of the body, within
    /// chapter 11's budget for a stream allowed `limit` bytes of queue. The
    /// caller parks it, waits for the drain, or drops it, as the answer says.
    pub fn push(&mut self, feed: &Feed, out: &mut impl Outlet, limit: usize) -> Pushed {
        let mut text = Vec::new();
        let pushed = self.cursor.push(feed, out.queued(), limit, |item| {
            let before = text.len();
            match item {
                Item::Event(e) => stream::event(e.id, &e.data, &mut text),
                // Never a silent gap: `event: reset`, then on from the oldest kept.
                Item::Reset(gone) => {
                    out.trace_note(format!("reset: {gone}"));
                    stream::reset(&gone, &mut text);
                }
            }
            text.len() - before
        });
        if !text.is_empty() {
            out.trace_sent(&text);
            out.send(&stream::frame(&text, self.chunked));
        }
        pushed
    }
    // ANCHOR_END: push

    // ANCHOR: heartbeat
    /// The heartbeat timer fired: a comment on an idle stream keeps proxies
    /// from closing it and lets both ends notice a dead one. Skipped while
    /// bytes are still queued: the connection is not idle then.
    pub fn heartbeat(&mut self, out: &mut impl Outlet) -> Heartbeat {
        if self.cursor.stalled() {
            return Heartbeat::Stalled;
        }
        if out.queued() > 0 {
            return Heartbeat::Busy;
        }
        let mut text = Vec::new();
        stream::heartbeat(&mut text);
        out.trace_sent(&text);
        out.send(&stream::frame(&text, self.chunked));
        Heartbeat::Sent
    }
    // ANCHOR_END: heartbeat
}
