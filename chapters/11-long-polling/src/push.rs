//! Pushing the feed down a long-lived connection, written once for every
//! transport that streams it (an SSE stream, a WebSocket).
//!
//! A stream is a [`Cursor`] into the feed: the id of the last event it
//! queued. On every publish (and whenever its write queue drains) it sends
//! what came after its cursor. Three rules make that safe for everyone else
//! on the loop, and lossless for the client:
//!
//! - **A budget per push.** A client resuming from far behind gets its backlog
//!   in pieces of about half the stream's queue limit, the next piece when its
//!   write queue drains ([`Pushed::Behind`]), never all of it at once.
//! - **Slow consumers are dropped, not buffered.** A caught-up stream whose
//!   queue is over the limit when an event arrives has a client that reads
//!   slower than events come ([`Pushed::TooSlow`]); so has one with a backlog
//!   that made no progress for a whole heartbeat interval ([`Cursor::stalled`]).
//!   The transport closes it; its client resumes from its last id, so nothing
//!   is lost, and the slow reader costs nobody else anything.
//! - **Never a silent gap.** A cursor older than the history gets a
//!   [`Item::Reset`] first (SSE's `event: reset`, a WebSocket's `{"reset":…}`),
//!   then goes on from the oldest event kept.
//!
//! The transports differ only in how they write an [`Item`]:
//!
//! ```text
//!            ┌── push(feed, queued, limit, emit) ──┐
//!   publish ─┤    TooSlow → the transport closes   ├─ emit(Item::Event(e))  SSE: id:/data: lines
//!   drained ─┘    Behind  → more on the next drain │                        WS:  one text frame
//!                 Parked  → park in the Waiters    └─ emit(Item::Reset(g))
//! ```
//!
//! Long polling needs none of this: a held poll is answered with one batch
//! (chapter 11's `poll::answer`) and the client asks again.
//!
//! Where the bytes go is an [`Outlet`]: for HTTP/1.1 a connection's write
//! queue (one stream per connection, the loop's [`Cx`]); for HTTP/2
//! (chapter 15) one stream among many on a connection, with its own queue
//! and flow-control window. The push and its three rules are the same.

use ch07_event_loop::Cx;

use crate::feed::{Event, Feed, Gone};

// ANCHOR: outlet
/// Where a pushed stream's bytes go, and how much of them still waits.
pub trait Outlet {
    /// Bytes queued for this stream and not yet sent: what the slow-consumer
    /// rule measures.
    fn queued(&self) -> usize;
    /// Queues `bytes` of the stream's body.
    fn send(&mut self, bytes: &[u8]);
    /// With `--trace`: the body bytes just queued, shown as sent.
    fn trace_sent(&self, bytes: &[u8]);
    /// With `--trace`: a note about this stream.
    fn trace_note(&self, note: String);
}

/// HTTP/1.1: the stream is the whole connection, its queue the loop's.
impl Outlet for Cx<'_> {
    fn queued(&self) -> usize {
        Cx::queued(self)
    }
    fn send(&mut self, bytes: &[u8]) {
        self.write(bytes);
    }
    fn trace_sent(&self, bytes: &[u8]) {
        self.trace().send(self.peer(), bytes);
    }
    fn trace_note(&self, note: String) {
        self.trace().note(self.peer(), note);
    }
}
// ANCHOR_END: outlet

/// What a push hands the transport to write.
#[derive(Debug, Clone, Copy)]
pub enum Item<'a> {
    /// The next event after the cursor.
    Event(&'a Event),
    /// The cursor was older than the history: these events are gone, and the
    /// stream goes on from the oldest one kept.
    Reset(Gone),
}

/// How a push ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pushed {
    /// Caught up: park the connection until the next publish.
    Parked,
    /// The budget is spent and events are still waiting: push again when the
    /// write queue drains (not on a publish).
    Behind,
    /// The client does not keep up: close the connection (it resumes from its
    /// last id). Nothing was written.
    TooSlow,
}

// ANCHOR: cursor
/// One stream's place in the feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    /// The id of the last event queued.
    after: u64,
    /// Events are waiting that the last push had no budget for.
    behind: bool,
    /// Something was queued since the last heartbeat.
    progressed: bool,
}
// ANCHOR_END: cursor

impl Cursor {
    /// A stream that has queued everything up to `after` (0: from the start).
    pub fn new(after: u64) -> Cursor {
        Cursor {
            after,
            behind: false,
            progressed: false,
        }
    }

    /// The id of the last event queued.
    pub fn after(&self) -> u64 {
        self.after
    }

    /// Whether events are waiting for the write queue to drain.
    pub fn is_behind(&self) -> bool {
        self.behind
    }

    // ANCHOR: push
    /// Writes, through `emit`, the items after the cursor that fit in about
    /// `limit / 2` bytes of write queue (`queued` are already there); `emit`
    /// returns how many bytes it queued. At least one item goes out whenever
    /// there is one, however big: the limit is on what waits, not on one event.
    pub fn push(
        &mut self,
        feed: &Feed,
        queued: usize,
        limit: usize,
        mut emit: impl FnMut(Item<'_>) -> usize,
    ) -> Pushed {
        if !self.behind && queued > limit {
            // Events come faster than this client reads them.
            return Pushed::TooSlow;
        }
        let budget = (limit / 2).saturating_sub(queued);
        let mut sent = 0;
        let events = match feed.after(self.after) {
            Ok(events) => events,
            Err(gone) => {
                sent += emit(Item::Reset(gone));
                self.after = gone.resume_after();
                feed.after(self.after).unwrap_or_default()
            }
        };
        self.behind = false;
        for e in events {
            if sent > 0 && sent >= budget {
                self.behind = true;
                break;
            }
            sent += emit(Item::Event(e));
            self.after = e.id;
        }
        if sent > 0 {
            self.progressed = true;
        }
        if self.behind {
            Pushed::Behind
        } else {
            Pushed::Parked
        }
    }
    // ANCHOR_END: push

    /// Called once per heartbeat interval: whether the stream has a backlog
    /// and queued nothing since the last call (its write queue never drained:
    /// the client stopped reading). Drop it then.
    pub fn stalled(&mut self) -> bool {
        let stalled = self.behind && !self.progressed;
        self.progressed = false;
        stalled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `n` events of `size` bytes each.
    fn feed(n: usize, size: usize, history: usize) -> Feed {
        let mut feed = Feed::new(history);
        for _ in 0..n {
            feed.publish("x".repeat(size));
        }
        feed
    }

    /// One push: what was emitted (ids, or 0 for a reset) and how it ended.
    fn push(c: &mut Cursor, feed: &Feed, queued: usize, limit: usize) -> (Vec<u64>, Pushed) {
        let mut got = Vec::new();
        let pushed = c.push(feed, queued, limit, |item| match item {
            Item::Event(e) => {
                got.push(e.id);
                e.data.len()
            }
            Item::Reset(_) => {
                got.push(0);
                10
            }
        });
        (got, pushed)
    }

    #[test]
    fn a_backlog_goes_in_pieces_then_the_stream_parks() {
        let f = feed(10, 100, 100);
        let mut c = Cursor::new(0);
        // Budget 500 - 0: five events of 100 bytes, then wait for the drain.
        assert_eq!(
            push(&mut c, &f, 0, 1000),
            (vec![1, 2, 3, 4, 5], Pushed::Behind)
        );
        assert!(c.is_behind());
        // Behind: a full queue is not "too slow", the rest waits for room.
        assert_eq!(push(&mut c, &f, 300, 1000), (vec![6, 7], Pushed::Behind));
        assert_eq!(push(&mut c, &f, 0, 1000), (vec![8, 9, 10], Pushed::Parked));
        assert_eq!(push(&mut c, &f, 0, 1000), (vec![], Pushed::Parked));
        assert_eq!(c.after(), 10);
    }

    #[test]
    fn one_event_always_goes_even_over_the_budget() {
        let f = feed(2, 5000, 100);
        let mut c = Cursor::new(0);
        assert_eq!(push(&mut c, &f, 0, 1000), (vec![1], Pushed::Behind));
    }

    #[test]
    fn a_caught_up_stream_over_its_limit_is_too_slow() {
        let f = feed(3, 10, 100);
        let mut c = Cursor::new(2);
        assert_eq!(push(&mut c, &f, 1001, 1000), (vec![], Pushed::TooSlow));
        assert_eq!(c.after(), 2, "nothing was sent, the cursor stays");
    }

    #[test]
    fn a_dropped_cursor_gets_a_reset_then_the_oldest_kept() {
        let f = feed(10, 10, 3); // keeps 8, 9, 10
        let mut c = Cursor::new(2);
        assert_eq!(
            push(&mut c, &f, 0, 1000),
            (vec![0, 8, 9, 10], Pushed::Parked)
        );
    }

    #[test]
    fn a_backlog_that_does_not_move_for_a_heartbeat_is_stalled() {
        let f = feed(10, 100, 100);
        let mut c = Cursor::new(0);
        push(&mut c, &f, 0, 400); // behind, progressed
        assert!(!c.stalled(), "it sent something in this interval");
        assert!(c.stalled(), "nothing since: the client stopped reading");
        push(&mut c, &f, 0, 400);
        assert!(!c.stalled());
        let mut caught_up = Cursor::new(10);
        push(&mut caught_up, &f, 0, 400);
        assert!(
            !caught_up.stalled() && !caught_up.stalled(),
            "no backlog: never stalled"
        );
    }
}
