//! What a callback may do: the context objects the loop hands to the application.
//!
//! Callbacks get no socket. They get a [`Cx`] (for the connection being called)
//! or a [`LoopCx`] (for service-wide callbacks), which *record* what to do:
//! bytes to queue, a timer to set, a connection to wake or close. The loop does
//! the actual I/O right after the callback returns, so several small writes in
//! one callback leave in one `write` call.

use std::fmt;
use std::net::SocketAddr;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::time::Instant;

use ch01_tcp::trace::Trace;
use mio::Poll;

use crate::config::Config;
use crate::entry::{Entry, Phase};
use crate::handle::Shared;
use crate::stats::{Counter, Stats};
use crate::table::Table;
use crate::timers::Timers;
use crate::token::ConnId;
use crate::work::{Later, Work};

/// The loop's state that callbacks may touch (everything but the application's own).
pub(crate) struct Core {
    pub(crate) poll: Poll,
    pub(crate) table: Table<Entry>,
    pub(crate) timers: Timers,
    /// What callbacks asked the loop to do (see `later.rs`: callbacks
    /// record work, the loop drains it, never recursively).
    pub(crate) work: Work,
    pub(crate) config: Config,
    pub(crate) shared: Arc<Shared>,
    pub(crate) now: Instant,
    pub(crate) stopping: bool,
}

impl Core {
    pub(crate) fn count(&self, c: Counter, n: u64) {
        self.shared.stats.add(c, n);
    }

    /// Sets `id`'s deadline, pushing a heap entry only when it moves earlier
    /// than the one already queued (see [`crate::timers`]).
    pub(crate) fn set_deadline(&mut self, id: ConnId, at: Option<Instant>) {
        let Some(e) = self.table.get_mut(id) else {
            return;
        };
        e.deadline = at;
        if let Some(at) = at
            && e.in_heap.is_none_or(|queued| at < queued)
        {
            e.in_heap = Some(at);
            self.timers.push(at, id);
        }
    }
}

/// Why [`LoopCx::send_to`] did not queue the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushError {
    /// No such connection any more (the id is stale).
    Gone,
    /// Its write queue is over `Config::max_write_queue`: the peer is not reading.
    /// The caller decides: drop the message, or close the slow peer.
    Full,
}

impl fmt::Display for PushError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PushError::Gone => "the connection is gone",
            PushError::Full => "the connection's write queue is full",
        })
    }
}

impl std::error::Error for PushError {}

// ANCHOR: loopcx
/// What any callback may do to the loop and to any connection on it.
pub struct LoopCx<'a> {
    pub(crate) core: &'a mut Core,
}

impl LoopCx<'_> {
    /// The time this turn of the loop started (read once per turn: cheap).
    pub fn now(&self) -> Instant {
        self.core.now
    }

    /// The `--trace` switch, to annotate what the application sees.
    pub fn trace(&self) -> Trace {
        self.core.config.trace
    }

    /// The loop's configuration.
    pub fn config(&self) -> &Config {
        &self.core.config
    }

    /// Queues `bytes` on connection `other` (a chat message, a published event).
    /// Refused with `Full` when its queue is over `max_write_queue`, with `Gone`
    /// when `other` is closed or closing; nothing is queued then.
    pub fn send_to(&mut self, other: ConnId, bytes: &[u8]) -> Result<(), PushError> {
        let limit = self.core.config.max_write_queue;
        let Some(e) = self.core.table.get_mut(other) else {
            self.core.count(Counter::stale, 1);
            return Err(PushError::Gone);
        };
        if e.phase != Phase::Open {
            return Err(PushError::Gone);
        }
        if e.out.len() + bytes.len() > limit && !e.out.is_empty() {
            self.core.count(Counter::sends_refused, 1);
            return Err(PushError::Full);
        }
        e.out.push(bytes);
        self.core.work.settle(other);
        Ok(())
    }

    /// Runs `other`'s `on_wake` later in this turn. A stale id is ignored.
    pub fn wake(&mut self, other: ConnId) {
        if self.core.table.get(other).is_some() {
            self.core.work.later(other, Later::Wake);
        } else {
            self.core.count(Counter::stale, 1);
        }
    }

    /// Closes `other` gracefully (flush, then FIN). A stale id is ignored.
    pub fn close_conn(&mut self, other: ConnId) {
        if let Some(e) = self.core.table.get_mut(other)
            && e.phase == Phase::Open
        {
            e.phase = Phase::Closing;
            self.core.work.settle(other);
            let at = self.core.now + self.core.config.close_timeout;
            self.core.set_deadline(other, Some(at));
        }
    }

    /// Drops `other` at once, discarding its queue. A stale id is ignored.
    pub fn abort_conn(&mut self, other: ConnId) {
        if let Some(e) = self.core.table.get_mut(other) {
            e.abort("aborted by the application");
            self.core.work.settle(other);
        }
    }

    /// Whether `id` names an open connection.
    pub fn is_open(&self, id: ConnId) -> bool {
        self.core
            .table
            .get(id)
            .is_some_and(|e| e.phase == Phase::Open)
    }

    /// Bytes waiting in `id`'s write queue (`None` if it is gone).
    pub fn queued_on(&self, id: ConnId) -> Option<usize> {
        self.core.table.get(id).map(|e| e.out.len())
    }

    /// How many connections are open.
    pub fn connections(&self) -> usize {
        self.core.table.len()
    }

    /// The loop's counters.
    pub fn stats(&self) -> Stats {
        self.core.shared.stats.snapshot()
    }

    /// Stops the loop after this turn.
    pub fn stop(&mut self) {
        self.core.stopping = true;
    }
}
// ANCHOR_END: loopcx

// ANCHOR: cx
/// What a connection's callback may do: everything [`LoopCx`] can (through
/// `Deref`), plus act on its own connection.
pub struct Cx<'a> {
    pub(crate) lp: LoopCx<'a>,
    pub(crate) id: ConnId,
}

impl Cx<'_> {
    fn entry(&mut self) -> Option<&mut Entry> {
        self.lp.core.table.get_mut(self.id)
    }

    /// This connection's id: store it to reach the connection later.
    pub fn id(&self) -> ConnId {
        self.id
    }

    /// The peer's address.
    pub fn peer(&self) -> SocketAddr {
        match self.lp.core.table.get(self.id) {
            Some(e) => e.peer,
            None => SocketAddr::from(([0, 0, 0, 0], 0)),
        }
    }

    /// Queues `bytes` for the peer. The loop writes after the callback returns
    /// (so writes made in one callback coalesce). Never refused: reading pauses
    /// instead when the queue passes `max_write_queue` (see [`crate::config`]).
    /// Ignored once our side is shut down.
    pub fn write(&mut self, bytes: &[u8]) {
        if let Some(e) = self.entry()
            && matches!(e.phase, Phase::Open | Phase::Closing)
        {
            e.out.push(bytes);
        }
    }

    /// Bytes waiting in this connection's write queue.
    pub fn queued(&self) -> usize {
        self.lp.core.table.get(self.id).map_or(0, |e| e.out.len())
    }

    /// Sets (or with `None` clears) this connection's one deadline; `on_timer`
    /// runs when it passes. Keep several timeouts by setting the nearest.
    pub fn set_timer(&mut self, at: Option<Instant>) {
        if self.lp.is_open(self.id) {
            self.lp.core.set_deadline(self.id, at);
        }
    }

    /// Closes gracefully: what is queued is sent, then our FIN, then the loop
    /// waits (briefly) for the peer's FIN and drops the connection.
    pub fn close(&mut self) {
        let id = self.id;
        self.lp.close_conn(id);
    }

    /// Drops the connection now, discarding anything queued (after a protocol
    /// error that leaves nothing worth sending).
    pub fn abort(&mut self) {
        let id = self.id;
        self.lp.abort_conn(id);
    }

    /// Stops (or resumes) handing input to this connection: unread bytes stay in
    /// the kernel, whose buffer fills, and TCP flow control slows the peer.
    pub fn pause_reading(&mut self, paused: bool) {
        let id = self.id;
        if let Some(e) = self.entry() {
            let was = e.read.pause().by_app();
            e.read = e.read.paused(e.read.pause().set_app(paused));
            if was && !paused {
                // Edge-triggered: no new event will announce bytes that arrived
                // while we were paused, so look ourselves.
                self.lp.core.work.later(id, Later::Read);
            }
        }
    }

    /// Offers this connection's unconsumed input to `on_data` again later in
    /// this turn (and reads the socket). Call it when `on_data` returned 0
    /// because the connection was busy (a held long poll) and is ready now:
    /// the bytes are already in the loop's buffer, so no readable event will
    /// announce them again.
    pub fn read_again(&mut self) {
        let id = self.id;
        if self.lp.is_open(id) {
            self.lp.core.work.later(id, Later::Read);
        }
    }
}
// ANCHOR_END: cx

impl<'a> Deref for Cx<'a> {
    type Target = LoopCx<'a>;
    fn deref(&self) -> &LoopCx<'a> {
        &self.lp
    }
}

impl<'a> DerefMut for Cx<'a> {
    fn deref_mut(&mut self) -> &mut LoopCx<'a> {
        &mut self.lp
    }
}
