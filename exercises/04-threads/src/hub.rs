//! Exercise: a broadcast hub whose per-client queues are bounded.
//!
//! A chat server queues each message for every client; a client that stops
//! reading would make its queue grow forever. Here each client's [`Mailbox`]
//! holds at most `capacity` messages: when it is full the **oldest** message is
//! dropped and counted, and the client is told how many it missed before it gets
//! the next message. Broadcasting never waits and never fails because of one client.

use std::collections::{BTreeMap, VecDeque};

/// Identifies a client of the hub.
pub type ClientId = usize;

/// What a client takes from its mailbox.
#[derive(Debug, PartialEq, Eq)]
pub enum Delivery {
    /// This many messages were dropped since the last delivery.
    Missed(u64),
    /// The next message, oldest first.
    Message(String),
}

/// One client's bounded queue.
#[derive(Debug)]
pub struct Mailbox {
    queue: VecDeque<String>,
    missed: u64,
    capacity: usize,
}

impl Mailbox {
    /// A mailbox for at most `capacity` messages (at least 1).
    pub fn new(capacity: usize) -> Mailbox {
        Mailbox {
            queue: VecDeque::new(),
            missed: 0,
            capacity: capacity.max(1),
        }
    }

    /// Queues `msg`. When the mailbox is full, first drops the oldest message and
    /// counts it as missed.
    pub fn push(&mut self, msg: String) {
        // TODO: if the queue already holds `self.capacity` messages, drop the
        // oldest (front) and count it in `self.missed`; then queue `msg` at the back.
        let _ = (&mut self.queue, &mut self.missed, self.capacity, msg);
        todo!("Mailbox::push: drop the oldest when full and count it, then queue msg")
    }

    /// The next delivery: `Missed(n)` first if any were dropped since the last
    /// take (and the count starts again from 0), else the oldest message, else `None`.
    pub fn take(&mut self) -> Option<Delivery> {
        // TODO: if any were missed, return Missed(count) and reset the count to 0;
        // otherwise return the oldest queued message, if any.
        todo!("Mailbox::take: report Missed(n) first, then messages oldest first")
    }

    /// How many messages are queued.
    pub fn len(&self) -> usize {
        self.queue.len()
    }

    /// Whether no message is queued.
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }
}

/// The room: every client's mailbox.
#[derive(Debug)]
pub struct Hub {
    capacity: usize,
    next_id: ClientId,
    clients: BTreeMap<ClientId, Mailbox>,
}

impl Hub {
    /// A hub whose mailboxes hold at most `capacity` messages each.
    pub fn new(capacity: usize) -> Hub {
        Hub {
            capacity,
            next_id: 0,
            clients: BTreeMap::new(),
        }
    }

    /// A new client with an empty mailbox.
    pub fn join(&mut self) -> ClientId {
        self.next_id += 1;
        self.clients
            .insert(self.next_id, Mailbox::new(self.capacity));
        self.next_id
    }

    /// Removes a client and its mailbox.
    pub fn leave(&mut self, id: ClientId) {
        self.clients.remove(&id);
    }

    /// Queues `msg` for every client except `from` (the sender already knows
    /// what it said). A full mailbox drops its oldest message; nobody waits.
    pub fn broadcast(&mut self, from: ClientId, msg: &str) {
        // TODO: push a copy of `msg` into every mailbox except the sender's.
        let _ = (from, msg);
        todo!("Hub::broadcast: push msg to every client's mailbox except from's")
    }

    /// The next delivery for client `id` (`None` if nothing, or no such client).
    pub fn take(&mut self, id: ClientId) -> Option<Delivery> {
        self.clients.get_mut(&id)?.take()
    }

    /// How many messages wait for client `id`.
    pub fn queued(&self, id: ClientId) -> usize {
        self.clients.get(&id).map_or(0, Mailbox::len)
    }
}
