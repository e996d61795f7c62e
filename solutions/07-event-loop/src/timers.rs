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
        match at {
            Some(at) => {
                self.current.insert(id, at);
                // The old entry stays in the heap; `expired` will see it is stale.
                self.heap.push(Reverse((at, id)));
            }
            None => {
                self.current.remove(&id);
            }
        }
    }

    /// How long `poll` may sleep at `now`: until the nearest deadline (zero if
    /// one has passed), or `None` (forever) when there are none.
    pub fn next_timeout(&mut self, now: Instant) -> Option<Duration> {
        // Drop stale entries from the top so they cannot make us wake for nothing.
        while let Some(Reverse((at, id))) = self.heap.peek() {
            if self.current.get(id) == Some(at) {
                return Some(at.saturating_duration_since(now));
            }
            self.heap.pop();
        }
        None
    }

    /// Removes and returns the ids whose deadline is at or before `now`,
    /// earliest first. A fired deadline is gone (set it again to repeat).
    pub fn expired(&mut self, now: Instant) -> Vec<u64> {
        let mut due = Vec::new();
        while let Some(Reverse((at, id))) = self.heap.peek().copied() {
            if at > now {
                break;
            }
            self.heap.pop();
            // Only the entry matching the current deadline counts.
            if self.current.get(&id) == Some(&at) {
                self.current.remove(&id);
                due.push(id);
            }
        }
        due
    }
}
