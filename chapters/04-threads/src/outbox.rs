//! One client's queue of outgoing messages: bounded, and never blocking the sender.
//!
//! Every client has a writer thread that takes messages from its outbox and writes
//! them to the socket. When the client stops reading, its socket's send buffer
//! fills, the writer blocks in `write`, and messages pile up here. Something has to
//! give, and it must not be the other clients:
//!
//! - an unbounded queue (`mpsc::channel`) lets one stuck client eat all memory;
//! - a bounded queue whose `push` waits (`mpsc::sync_channel`'s `send`) makes the
//!   *sender* wait, and the sender is the thread broadcasting to everyone: one
//!   stuck client would stall the whole room.
//!
//! Our policy: **drop the oldest message and count it.** `push` never waits; when
//! the queue holds `capacity` messages the oldest is dropped and a counter goes up.
//! The writer reports the gap before the next message it delivers
//! ([`Next::Missed`]), so the client is told how many it missed: nothing is lost
//! silently, memory stays bounded (`capacity` messages), and everyone else carries
//! on. (The other common policy, disconnecting the slow client, is one line away:
//! close the outbox instead of dropping.)

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// What the writer thread gets from [`Outbox::next`].
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    /// `n` messages were dropped since the last one delivered (the queue was full).
    Missed(u64),
    /// The next message to write.
    Message(Arc<str>),
    /// The outbox was closed and everything in it has been delivered.
    Closed,
}

/// What [`Outbox::push`] did with a message.
#[derive(Debug, PartialEq, Eq)]
pub enum Pushed {
    /// Queued; nothing was dropped.
    Queued,
    /// Queued, and the oldest queued message was dropped to make room.
    DroppedOldest,
    /// The outbox is closed (the client is leaving); the message was not queued.
    Closed,
}

#[derive(Default)]
struct State {
    queue: VecDeque<Arc<str>>,
    missed: u64,
    closed: bool,
}

// ANCHOR: outbox
/// A bounded queue of messages for one client, shared by the threads that
/// broadcast (they push) and the client's writer thread (it takes).
pub struct Outbox {
    state: Mutex<State>,
    /// Signalled when a message arrives or the outbox closes.
    wake: Condvar,
    capacity: usize,
}

impl Outbox {
    /// An outbox holding at most `capacity` messages (at least 1).
    pub fn new(capacity: usize) -> Outbox {
        Outbox {
            state: Mutex::new(State::default()),
            wake: Condvar::new(),
            capacity: capacity.max(1),
        }
    }

    /// Queues `msg` without ever waiting. When full, drops the oldest message
    /// (and counts it, see [`Next::Missed`]).
    pub fn push(&self, msg: Arc<str>) -> Pushed {
        let mut s = self.lock();
        if s.closed {
            return Pushed::Closed;
        }
        let mut pushed = Pushed::Queued;
        if s.queue.len() >= self.capacity {
            s.queue.pop_front();
            s.missed += 1;
            pushed = Pushed::DroppedOldest;
        }
        s.queue.push_back(msg);
        drop(s);
        self.wake.notify_one();
        pushed
    }

    /// Waits for the next thing to write: first the count of missed messages if
    /// any were dropped, then the queued messages in order, then `Closed`.
    pub fn next(&self) -> Next {
        let mut s = self.lock();
        loop {
            if let Some(next) = Self::take(&mut s) {
                return next;
            }
            s = self.wake.wait(s).unwrap_or_else(|e| e.into_inner());
        }
    }
    // ANCHOR_END: outbox

    /// Like [`Outbox::next`], but gives up after `timeout` (returns `None`).
    pub fn next_timeout(&self, timeout: Duration) -> Option<Next> {
        let mut s = self.lock();
        if let Some(next) = Self::take(&mut s) {
            return Some(next);
        }
        let (mut s, _) = self
            .wake
            .wait_timeout_while(s, timeout, |s| s.queue.is_empty() && !s.closed)
            .unwrap_or_else(|e| e.into_inner());
        Self::take(&mut s)
    }

    /// No more pushes are accepted; the writer still delivers what is queued,
    /// then gets [`Next::Closed`].
    pub fn close(&self) {
        self.lock().closed = true;
        self.wake.notify_all();
    }

    /// How many messages are queued now (never more than the capacity).
    pub fn len(&self) -> usize {
        self.lock().queue.len()
    }

    /// Whether no message is queued.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The most messages this outbox holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    fn take(s: &mut State) -> Option<Next> {
        // The dropped messages were older than everything still queued, so the
        // gap is reported first: the client sees "missed 12", then what followed.
        if s.missed > 0 {
            return Some(Next::Missed(std::mem::take(&mut s.missed)));
        }
        if let Some(msg) = s.queue.pop_front() {
            return Some(Next::Message(msg));
        }
        s.closed.then_some(Next::Closed)
    }

    /// A panic in another thread while it held the lock leaves the queue in a
    /// consistent state (every change above is one step), so we carry on.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(s: &str) -> Arc<str> {
        Arc::from(s)
    }

    #[test]
    fn full_queue_drops_oldest_and_counts() {
        let o = Outbox::new(3);
        for i in 0..10 {
            o.push(msg(&i.to_string()));
            assert!(o.len() <= 3);
        }
        assert_eq!(o.next(), Next::Missed(7));
        assert_eq!(o.next(), Next::Message(msg("7")));
        assert_eq!(o.next(), Next::Message(msg("8")));
        assert_eq!(o.next(), Next::Message(msg("9")));
        assert_eq!(o.next_timeout(Duration::from_millis(10)), None);
    }

    #[test]
    fn close_drains_then_closed() {
        let o = Outbox::new(3);
        o.push(msg("a"));
        o.close();
        assert_eq!(o.push(msg("b")), Pushed::Closed);
        assert_eq!(o.next(), Next::Message(msg("a")));
        assert_eq!(o.next(), Next::Closed);
        assert_eq!(o.next(), Next::Closed);
    }

    #[test]
    fn next_wakes_when_another_thread_pushes() {
        let o = Arc::new(Outbox::new(3));
        let o2 = o.clone();
        let t = std::thread::spawn(move || o2.next_timeout(Duration::from_secs(10)));
        std::thread::sleep(Duration::from_millis(20));
        o.push(msg("hi"));
        assert_eq!(t.join().unwrap(), Some(Next::Message(msg("hi"))));
    }
}
