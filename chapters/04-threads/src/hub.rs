//! The room: who is connected, their nicknames, and broadcast to their outboxes.
//!
//! ```text
//!   reader thread (ann) ──say──┐                 ┌──► outbox(bob) ──► writer thread (bob) ──► socket
//!   reader thread (bob) ──say──┼──► Hub (Mutex) ─┼──► outbox(cid) ──► writer thread (cid) ──► socket
//!   reader thread (cid) ──say──┘                 └──► outbox(ann) ──► writer thread (ann) ──► socket
//! ```
//!
//! Every reader thread calls into the hub; the hub's lock is held only while
//! messages are *queued* (never while anything is written to a socket), and
//! [`Outbox::push`] never waits. So a broadcast takes the same short time whether
//! the receivers are fast, slow or stuck. Because a broadcast queues its message to
//! every outbox under one lock, everyone sees messages in the same order.
//!
//! A message is an `Arc<str>`: broadcasting to 1000 clients queues 1000 pointers
//! to one copy of the text, not 1000 copies.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::nick::{self, NickError};
use crate::outbox::{Outbox, Pushed};

/// Identifies one connection for as long as the hub knows it.
pub type MemberId = u64;

struct Member {
    /// `None` until the client has chosen a nickname: it is connected but not
    /// yet in the room (it gets no broadcasts and sends none).
    nick: Option<String>,
    outbox: Arc<Outbox>,
}

#[derive(Default)]
struct Members {
    next_id: MemberId,
    by_id: BTreeMap<MemberId, Member>,
}

/// What a broadcast did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Sent {
    /// Outboxes the message was queued in.
    pub queued: usize,
    /// Of those, how many were full and dropped their oldest message for it.
    pub dropped_oldest: usize,
}

/// The chat room, shared by every connection's threads (wrap it in an `Arc`).
pub struct Hub {
    members: Mutex<Members>,
    queue_capacity: usize,
}

impl Hub {
    /// A room whose members' outboxes hold at most `queue_capacity` messages each.
    pub fn new(queue_capacity: usize) -> Hub {
        Hub {
            members: Mutex::new(Members::default()),
            queue_capacity,
        }
    }

    /// A new connection: returns its id and the outbox its writer thread reads.
    /// It is not in the room until [`Hub::set_nick`] succeeds.
    pub fn connect(&self) -> (MemberId, Arc<Outbox>) {
        let outbox = Arc::new(Outbox::new(self.queue_capacity));
        let mut m = self.lock();
        m.next_id += 1;
        let id = m.next_id;
        m.by_id.insert(
            id,
            Member {
                nick: None,
                outbox: outbox.clone(),
            },
        );
        (id, outbox)
    }

    /// Gives member `id` the nickname `nick` if it is well spelled and nobody
    /// else has it (ignoring case). Returns the old nickname, if any.
    pub fn set_nick(&self, id: MemberId, nick: &str) -> Result<Option<String>, NickError> {
        nick::validate(nick)?;
        let mut m = self.lock();
        let taken = m.by_id.iter().any(|(other, member)| {
            *other != id
                && member
                    .nick
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(nick))
        });
        if taken {
            return Err(NickError::Taken(nick.to_string()));
        }
        match m.by_id.get_mut(&id) {
            Some(member) => Ok(member.nick.replace(nick.to_string())),
            None => Ok(None), // already gone: nothing to rename
        }
    }

    /// The nickname of member `id`, if it has one.
    pub fn nick(&self, id: MemberId) -> Option<String> {
        self.lock().by_id.get(&id)?.nick.clone()
    }

    // ANCHOR: broadcast
    /// Queues `line` for every member in the room except `from`. Never waits
    /// for a slow member: a full outbox drops its oldest message instead.
    pub fn broadcast(&self, from: MemberId, line: &str) -> Sent {
        let line: Arc<str> = Arc::from(line);
        let m = self.lock();
        let mut sent = Sent::default();
        for (id, member) in &m.by_id {
            if *id == from || member.nick.is_none() {
                continue;
            }
            match member.outbox.push(line.clone()) {
                Pushed::Queued => sent.queued += 1,
                Pushed::DroppedOldest => {
                    sent.queued += 1;
                    sent.dropped_oldest += 1;
                }
                Pushed::Closed => {} // leaving; its writer is finishing up
            }
        }
        sent
    }
    // ANCHOR_END: broadcast

    /// Queues `line` for member `id` alone (replies to commands, errors).
    pub fn tell(&self, id: MemberId, line: &str) {
        if let Some(member) = self.lock().by_id.get(&id) {
            member.outbox.push(Arc::from(line));
        }
    }

    /// The nicknames in the room, sorted.
    pub fn who(&self) -> Vec<String> {
        let mut nicks: Vec<String> = self
            .lock()
            .by_id
            .values()
            .filter_map(|m| m.nick.clone())
            .collect();
        nicks.sort_by_key(|n| n.to_ascii_lowercase());
        nicks
    }

    /// Removes member `id` and closes its outbox (its writer delivers what is
    /// queued, then stops). Returns its nickname if it was in the room.
    pub fn leave(&self, id: MemberId) -> Option<String> {
        let member = self.lock().by_id.remove(&id)?;
        member.outbox.close();
        member.nick
    }

    /// How many connections the hub knows (in the room or still choosing a name).
    pub fn connections(&self) -> usize {
        self.lock().by_id.len()
    }

    /// How many members are in the room (have a nickname).
    pub fn in_room(&self) -> usize {
        self.lock()
            .by_id
            .values()
            .filter(|m| m.nick.is_some())
            .count()
    }

    /// The hub's state stays consistent across a panic in another thread (each
    /// change is one map operation), so a poisoned lock is still usable.
    fn lock(&self) -> MutexGuard<'_, Members> {
        self.members.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outbox::Next;
    use std::time::Duration;

    #[test]
    fn broadcast_reaches_everyone_in_the_room_but_the_sender() {
        let hub = Hub::new(8);
        let (ann, ann_box) = hub.connect();
        let (bob, bob_box) = hub.connect();
        let (_lurker, lurker_box) = hub.connect(); // no nickname yet
        hub.set_nick(ann, "ann").unwrap();
        hub.set_nick(bob, "bob").unwrap();
        let sent = hub.broadcast(ann, "<ann> hi\n");
        assert_eq!(sent.queued, 1);
        assert_eq!(bob_box.next(), Next::Message(Arc::from("<ann> hi\n")));
        assert!(ann_box.is_empty());
        assert!(lurker_box.is_empty());
    }

    #[test]
    fn nicknames_are_unique_ignoring_case() {
        let hub = Hub::new(8);
        let (a, _) = hub.connect();
        let (b, _) = hub.connect();
        assert_eq!(hub.set_nick(a, "Ann"), Ok(None));
        assert_eq!(hub.set_nick(b, "ann"), Err(NickError::Taken("ann".into())));
        assert_eq!(
            hub.set_nick(a, "ann"),
            Ok(Some("Ann".into())),
            "own nick, new case"
        );
        assert_eq!(hub.set_nick(b, "bob"), Ok(None));
        assert_eq!(hub.who(), vec!["ann", "bob"]);
        assert_eq!(hub.leave(a), Some("ann".into()));
        assert_eq!(hub.set_nick(b, "ann"), Ok(Some("bob".into())), "free again");
    }

    #[test]
    fn a_stuck_member_costs_at_most_its_capacity() {
        let hub = Hub::new(16);
        let (talker, _) = hub.connect();
        let (stuck, stuck_box) = hub.connect();
        hub.set_nick(talker, "talker").unwrap();
        hub.set_nick(stuck, "stuck").unwrap();
        for i in 0..10_000 {
            hub.broadcast(talker, &format!("<talker> {i}\n"));
            assert!(stuck_box.len() <= 16);
        }
        assert_eq!(stuck_box.next(), Next::Missed(10_000 - 16));
        assert_eq!(
            stuck_box.next(),
            Next::Message(Arc::from("<talker> 9984\n"))
        );
        assert_eq!(hub.leave(stuck), Some("stuck".into()));
        for _ in 0..15 {
            assert!(matches!(stuck_box.next(), Next::Message(_)));
        }
        assert_eq!(
            stuck_box.next_timeout(Duration::from_secs(5)),
            Some(Next::Closed)
        );
    }
}
