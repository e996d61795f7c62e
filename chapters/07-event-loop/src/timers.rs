//! Timers without a timer thread: a min-heap of deadlines.
//!
//! Every connection may have one deadline (an idle timeout, a header-read
//! timeout, a ping interval...). The loop keeps them in a heap ordered by time,
//! so the nearest one is at the top, and sleeps in `poll` no longer than until
//! that deadline:
//!
//! ```text
//!   heap: (10:00:05, #3.0) (10:00:07, #1.2) (10:00:30, #8.0)
//!          ▲ top: poll(timeout = 10:00:05 - now)
//!   woken at 10:00:05 → pop every entry that is due → run their on_timer
//! ```
//!
//! Entries are never removed from the middle of the heap (a binary heap cannot
//! do that cheaply). Instead the loop remembers each connection's *current*
//! deadline, and an entry that no longer matches it is skipped when it reaches
//! the top ("lazy deletion"). A deadline that moves *later* (an idle timer pushed
//! back by every request) does not even need a new entry: when the old one pops,
//! the loop sees the deadline has moved and pushes it once, at the new time.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::{Duration, Instant};

use crate::token::ConnId;

// ANCHOR: timers
/// Deadlines, nearest first.
#[derive(Debug, Default)]
pub struct Timers {
    // `BinaryHeap` is a max-heap; `Reverse` makes the earliest time the top.
    heap: BinaryHeap<Reverse<(Instant, ConnId)>>,
}

impl Timers {
    /// No deadlines.
    pub fn new() -> Timers {
        Timers::default()
    }

    /// Adds a deadline for `id`.
    pub fn push(&mut self, at: Instant, id: ConnId) {
        self.heap.push(Reverse((at, id)));
    }

    /// How long `poll` may sleep: until the nearest deadline (zero if it has
    /// passed), or forever (`None`) when there are none.
    pub fn timeout(&self, now: Instant) -> Option<Duration> {
        let Reverse((at, _)) = self.heap.peek()?;
        Some(at.saturating_duration_since(now))
    }

    /// Takes the nearest entry if it is due at `now`.
    pub fn pop_due(&mut self, now: Instant) -> Option<(Instant, ConnId)> {
        match self.heap.peek() {
            Some(Reverse((at, _))) if *at <= now => self.heap.pop().map(|Reverse(e)| e),
            _ => None,
        }
    }
    // ANCHOR_END: timers

    /// How many entries (including stale ones).
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// Keeps only the entries `keep` accepts: the loop drops stale entries
    /// this way when they outnumber live ones, so the heap stays bounded.
    pub fn retain(&mut self, mut keep: impl FnMut(Instant, ConnId) -> bool) {
        self.heap.retain(|Reverse((at, id))| keep(*at, *id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_first() {
        let t0 = Instant::now();
        let s = Duration::from_secs(1);
        let mut t = Timers::new();
        assert_eq!(t.timeout(t0), None);
        t.push(t0 + 5 * s, ConnId::new(5, 0));
        t.push(t0 + 2 * s, ConnId::new(2, 0));
        t.push(t0 + 9 * s, ConnId::new(9, 0));
        assert_eq!(t.timeout(t0), Some(2 * s));
        assert_eq!(t.timeout(t0 + 3 * s), Some(Duration::ZERO));
        assert_eq!(t.pop_due(t0 + s), None);
        let due: Vec<_> = std::iter::from_fn(|| t.pop_due(t0 + 6 * s))
            .map(|(_, id)| id.index())
            .collect();
        assert_eq!(due, vec![2, 5]);
        t.retain(|_, id| id.index() != 9);
        assert!(t.is_empty());
    }
}
