//! Exercise: a timer heap that gives the next poll timeout and the expired ids.
//!
//! An event loop has no timer thread: it sleeps in `poll` until the nearest
//! deadline at most, then handles what expired. A min-heap keeps the nearest
//! deadline on top. Deadlines change all the time (every request pushes an idle
//! timeout back), and a heap cannot remove from the middle cheaply, so old
//! entries stay and are skipped when they surface ("lazy deletion").

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::time::{Duration, Instant};

/// One deadline per id.
#[derive(Debug, Default)]
pub struct Timers {
    /// Entries, earliest on top; some are out of date.
    heap: BinaryHeap<Reverse<(Instant, u64)>>,
    /// The current deadline of each id: the truth the heap is checked against.
    current: HashMap<u64, Instant>,
}

impl Timers {
    /// No deadlines.
    pub fn new() -> Timers {
        Timers::default()
    }

    /// Sets `id`'s deadline to `at`, replacing any earlier one; `None` clears it.
    pub fn set(&mut self, id: u64, at: Option<Instant>) {
        // TODO: update `current`; push a heap entry for a new deadline.
        let _ = (id, at, &mut self.heap, &mut self.current);
        todo!("set: record the deadline in the map and push it on the heap")
    }

    /// How long `poll` may sleep at `now`: until the nearest deadline (zero if
    /// one has passed), or `None` (forever) when there are none.
    pub fn next_timeout(&mut self, now: Instant) -> Option<Duration> {
        // TODO: skip stale entries at the top; then the time left until the top one.
        let _ = now;
        todo!("next_timeout: the nearest live deadline minus now")
    }

    /// Removes and returns the ids whose deadline is at or before `now`,
    /// earliest first. A fired deadline is gone (set it again to repeat).
    pub fn expired(&mut self, now: Instant) -> Vec<u64> {
        // TODO: pop due entries; keep those that match `current`.
        let _ = now;
        todo!("expired: pop due entries, report the live ones")
    }
}
