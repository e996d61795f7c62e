//! Exercise: a bounded history with after-id queries and gap detection.
//!
//! The feed numbers events 1, 2, 3, … and keeps only the newest `capacity`. A
//! client asks "what came after id N?". If event N+1 was already dropped, the
//! honest answer is not "here are the ones I still have" (a silent gap) but
//! `Gone`, saying which id is the oldest still kept.

use std::collections::VecDeque;

/// One event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// 1 for the first event published, then +1 each time.
    pub id: u64,
    /// The message.
    pub data: String,
}

/// The events right after the cursor are no longer (or were never) kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gone {
    /// The oldest id still kept (or the next id to come when none is kept).
    pub oldest: u64,
}

/// A bounded, numbered history.
#[derive(Debug)]
pub struct History {
    /// The newest events, oldest first. Their ids are consecutive.
    pub events: VecDeque<Event>,
    /// How many events are kept at most (at least 1).
    pub capacity: usize,
    /// The id the next published event gets (1 at the start).
    pub next_id: u64,
}

impl History {
    /// An empty history keeping `capacity` events (treat 0 as 1).
    pub fn new(capacity: usize) -> History {
        History {
            events: VecDeque::new(),
            capacity: capacity.max(1),
            next_id: 1,
        }
    }

    /// Appends `data` as the next event, dropping the oldest if full. Returns its id.
    pub fn publish(&mut self, data: &str) -> u64 {
        // TODO: drop the front event when the history is full, push the new one, advance next_id.
        let _ = data;
        todo!("History::publish: number the event, keep at most `capacity` (see the doc comment)")
    }

    /// The newest id published, 0 before the first.
    pub fn latest_id(&self) -> u64 {
        self.next_id - 1
    }

    /// The events with id > `after`, oldest first (empty when up to date), or
    /// `Gone` when event `after + 1` is no longer kept or `after` is ahead of
    /// the newest id.
    pub fn after(&self, after: u64) -> Result<Vec<Event>, Gone> {
        // TODO: compute the oldest kept id; decide Gone; else return the events after the cursor.
        let _ = after;
        todo!("History::after: events after the cursor, or Gone (see the doc comment)")
    }
}
