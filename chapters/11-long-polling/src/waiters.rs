//! Parked clients: the connections waiting for the feed's next event.
//!
//! A held long poll (or an idle SSE stream) is not a thread blocked in a call:
//! it is an id in this set, a few bytes. Publishing wakes every parked
//! connection through the loop ([`LoopCx::wake`]); each one's `on_wake` looks
//! at the feed from its own cursor and answers, or parks itself again.
//!
//! ```text
//!  publish ─▶ feed.publish(data) ─▶ waiters.wake_all(lp) ─▶ on_wake(conn 7)  → 200 [events]
//!                                                       └─▶ on_wake(conn 12) → 200 [events]
//! ```

use std::collections::HashSet;

use ch07_event_loop::{ConnId, LoopCx};

/// The set of connections waiting for a publish.
#[derive(Debug, Default)]
pub struct Waiters {
    ids: HashSet<ConnId>,
}

impl Waiters {
    /// An empty set.
    pub fn new() -> Waiters {
        Waiters::default()
    }

    /// `id` waits for the next publish.
    pub fn park(&mut self, id: ConnId) {
        self.ids.insert(id);
    }

    /// `id` stopped waiting (answered, timed out, or closed).
    pub fn unpark(&mut self, id: ConnId) {
        self.ids.remove(&id);
    }

    /// Whether `id` is parked.
    pub fn is_parked(&self, id: ConnId) -> bool {
        self.ids.contains(&id)
    }

    /// Wakes every parked connection (its `on_wake` runs later in this turn of
    /// the loop) and empties the set: a woken connection parks itself again if
    /// it still has nothing to send. Returns how many were woken.
    pub fn wake_all(&mut self, lp: &mut LoopCx<'_>) -> usize {
        let n = self.ids.len();
        for id in self.ids.drain() {
            lp.wake(id);
        }
        n
    }

    /// How many connections are parked.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether nobody is parked.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}
