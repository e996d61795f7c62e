//! The event feed: numbered events in a bounded history, and cursors into it.
//!
//! Every push transport of chapters 11–13 (long polling, SSE, WebSocket) serves
//! the same feed. Its one promise is what makes "a client that reconnects misses
//! nothing and sees nothing twice" possible:
//!
//! - every event gets the next id, 1, 2, 3, … (no holes, never reused);
//! - a client remembers the last id it *fully received* (its cursor) and asks for
//!   what came after it: [`Feed::after`];
//! - memory is bounded, so old events are dropped. A cursor whose next event was
//!   dropped gets [`Gone`], never a silent gap: the client is told exactly
//!   which events it can no longer have.
//!
//! ```text
//!   dropped         history (capacity 5)          next id
//!  ┌───┬───┐  ┌────┬────┬────┬────┬────┐
//!  │ 1 │ 2 │  │ 3  │ 4  │ 5  │ 6  │ 7  │          8
//!  └───┴───┘  └────┴────┴────┴────┴────┘
//!   after(5) → [6, 7]     after(7) → []  (wait for 8)
//!   after(2) → [3 … 7]    after(1) → Gone { oldest: 3 }: event 2 is lost to it
//! ```
//!
//! No I/O, no locks: the feed lives inside one event loop's service, and other
//! threads publish by sending the loop a message (see [`crate::publisher`]).

use std::collections::VecDeque;
use std::collections::vec_deque;
use std::fmt;

/// One published event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Its position in the feed: 1 for the first event ever published, then +1.
    pub id: u64,
    /// The message, as published (any UTF-8).
    pub data: String,
}

// ANCHOR: gone
/// A cursor the feed cannot serve without a gap: the events right after it are
/// no longer (or were never) in this feed's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gone {
    /// The cursor that was asked for.
    pub after: u64,
    /// The oldest id still kept (or the next id to come, if none is kept).
    /// Resume with `after = oldest - 1`; events `after+1 ..= oldest-1` are lost.
    pub oldest: u64,
    /// The newest id published so far (0 if none).
    pub latest: u64,
}

impl Gone {
    /// The cursor to resume from: everything this feed still has.
    pub fn resume_after(&self) -> u64 {
        self.oldest - 1
    }

    /// Whether the cursor is ahead of the feed (a client that talked to an
    /// earlier run of the server, whose ids started again from 1).
    pub fn ahead(&self) -> bool {
        self.after > self.latest
    }
}

impl fmt::Display for Gone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ahead() {
            write!(
                f,
                "cursor {} is ahead of the feed (latest id {}): the server's history started again",
                self.after, self.latest
            )
        } else {
            write!(
                f,
                "events {}..={} were dropped from the history (oldest kept: {})",
                self.after + 1,
                self.oldest - 1,
                self.oldest
            )
        }
    }
}

impl std::error::Error for Gone {}
// ANCHOR_END: gone

/// The events after a cursor, oldest first (borrowed from the feed).
pub type After<'a> = vec_deque::Iter<'a, Event>;

// ANCHOR: feed
/// A bounded, numbered history of events.
#[derive(Debug, Clone)]
pub struct Feed {
    /// The newest `capacity` events, oldest at the front; ids are consecutive.
    events: VecDeque<Event>,
    capacity: usize,
    /// The id the next published event gets.
    next_id: u64,
}

impl Feed {
    /// An empty feed that keeps the newest `capacity` events (at least 1).
    pub fn new(capacity: usize) -> Feed {
        let capacity = capacity.max(1);
        Feed {
            events: VecDeque::with_capacity(capacity.min(4096)),
            capacity,
            next_id: 1,
        }
    }

    /// Appends an event and returns its id. When the history is full the oldest
    /// event is dropped (a cursor just before it becomes [`Gone`]).
    pub fn publish(&mut self, data: impl Into<String>) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        if self.events.len() == self.capacity {
            self.events.pop_front();
        }
        self.events.push_back(Event {
            id,
            data: data.into(),
        });
        id
    }

    /// The events with ids greater than `after`, oldest first; empty when the
    /// cursor is up to date (wait for the next publish). [`Gone`] when event
    /// `after + 1` was dropped, or `after` is ahead of every id published.
    pub fn after(&self, after: u64) -> Result<After<'_>, Gone> {
        let oldest = self.oldest_id();
        if after.saturating_add(1) < oldest || after > self.latest_id() {
            return Err(Gone {
                after,
                oldest,
                latest: self.latest_id(),
            });
        }
        // Ids are consecutive, so event `after + 1` sits at index `after + 1 - oldest`.
        let skip = (after + 1 - oldest) as usize;
        Ok(self.events.range(skip.min(self.events.len())..))
    }
    // ANCHOR_END: feed

    /// The newest id published, 0 before the first event. A client that wants
    /// only what comes next starts with this as its cursor.
    pub fn latest_id(&self) -> u64 {
        self.next_id - 1
    }

    /// The oldest id still kept; the next id to come when the history is empty.
    pub fn oldest_id(&self) -> u64 {
        self.events.front().map_or(self.next_id, |e| e.id)
    }

    /// How many events are kept.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether no event is kept.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// How many events the history keeps at most.
    pub fn capacity(&self) -> usize {
        self.capacity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(feed: &Feed, after: u64) -> Result<Vec<u64>, Gone> {
        feed.after(after).map(|it| it.map(|e| e.id).collect())
    }

    #[test]
    fn ids_count_from_one() {
        let mut feed = Feed::new(10);
        assert_eq!(feed.latest_id(), 0);
        assert_eq!(ids(&feed, 0), Ok(vec![]));
        assert_eq!(feed.publish("a"), 1);
        assert_eq!(feed.publish("b"), 2);
        assert_eq!(ids(&feed, 0), Ok(vec![1, 2]));
        assert_eq!(ids(&feed, 1), Ok(vec![2]));
        assert_eq!(ids(&feed, 2), Ok(vec![]));
        assert_eq!(feed.after(1).unwrap().next().unwrap().data, "b");
    }

    #[test]
    fn bounded_history_reports_the_gap() {
        let mut feed = Feed::new(5);
        for i in 1..=7 {
            assert_eq!(feed.publish(format!("e{i}")), i);
        }
        assert_eq!(feed.len(), 5);
        assert_eq!((feed.oldest_id(), feed.latest_id()), (3, 7));
        assert_eq!(ids(&feed, 2), Ok(vec![3, 4, 5, 6, 7])); // nothing lost: 3 is kept
        assert_eq!(ids(&feed, 5), Ok(vec![6, 7]));
        assert_eq!(ids(&feed, 7), Ok(vec![]));
        let gone = feed.after(1).unwrap_err();
        assert_eq!(
            gone,
            Gone {
                after: 1,
                oldest: 3,
                latest: 7
            }
        );
        assert_eq!(gone.resume_after(), 2);
        assert!(!gone.ahead());
        assert_eq!(
            gone.to_string(),
            "events 2..=2 were dropped from the history (oldest kept: 3)"
        );
        assert!(feed.after(0).is_err());
    }

    #[test]
    fn a_cursor_from_the_future_is_gone_too() {
        let mut feed = Feed::new(5);
        feed.publish("x");
        let gone = feed.after(9).unwrap_err();
        assert!(gone.ahead());
        assert_eq!(gone.resume_after(), 0);
        assert_eq!(ids(&feed, gone.resume_after()), Ok(vec![1]));
        assert!(Feed::new(3).after(1).unwrap_err().ahead());
    }

    #[test]
    fn capacity_one_and_large_ids() {
        let mut feed = Feed::new(0); // treated as 1
        assert_eq!(feed.capacity(), 1);
        for _ in 0..1000 {
            feed.publish("");
        }
        assert_eq!(ids(&feed, 999), Ok(vec![1000]));
        assert_eq!(ids(&feed, 1000), Ok(vec![]));
        assert!(feed.after(998).is_err());
        assert!(feed.after(u64::MAX).is_err()); // no overflow
    }

    #[test]
    fn every_cursor_is_served_or_told_exactly() {
        // For every cursor: either the events after it with no hole, or Gone
        // exactly when the event right after it is no longer kept.
        let mut feed = Feed::new(7);
        for n in 0..30u64 {
            for after in 0..=n + 2 {
                match feed.after(after) {
                    Ok(it) => {
                        let got: Vec<u64> = it.map(|e| e.id).collect();
                        let want: Vec<u64> = (after + 1..=n).collect();
                        assert_eq!(got, want, "after {after} with {n} published");
                    }
                    Err(g) => {
                        assert!(after + 1 < feed.oldest_id() || after > n, "{g:?}");
                    }
                }
            }
            feed.publish(n.to_string());
        }
    }
}
