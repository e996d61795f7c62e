//! Deferred work: how a callback asks the loop to do something, and why the
//! loop never does it *inside* the callback. (The loop's side, draining it,
//! is `later.rs`; this file holds only the queue, so that the callbacks'
//! context (`cx.rs`) can record work without knowing the loop.)
//!
//! A callback gets a [`Cx`](crate::Cx), not the loop. It may touch other
//! connections (`send_to`, `close_conn`, `wake`), and touching one may lead
//! to another callback (its queue flushes, so its `on_drained` runs, which
//! queues on a third...). If the loop ran that work as soon as it was asked,
//! callbacks would call callbacks, and the stack would grow with the number of
//! connections involved: a broadcast to 10,000 SSE streams once overflowed
//! it (chapter 12's `a_broadcast_to_a_thousand_streams_needs_no_deep_stack`
//! checks on a small stack). So the rule is:
//!
//! **callbacks only record work; the loop drains it, in a loop, never in a
//! recursion.** `settle` and `finish`, which run callbacks, never drain; only
//! the steps of the turn do, after the callback they made returns.
//!
//! The work is one queue with two lanes, for two deadlines:
//!
//! ```text
//!   settle lane  (ConnId)          "flush it / close it now": bytes queued by
//!                                   send_to, a close_conn. Drained right after
//!                                   the callback that asked, so a broadcast
//!                                   leaves in the same turn, in order.
//!   later lane   (ConnId, Later)   "at the end of this turn": a wake, a resumed
//!                                   read, another on_drained round. Taken whole
//!                                   at the turn's end; what it adds waits a turn,
//!                                   so no connection can keep the loop to itself.
//! ```

use crate::token::ConnId;

/// Work the loop does for a connection at the end of the turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Later {
    /// Try reading again: reading was resumed, or it used up its reads this turn.
    Read,
    /// Run `on_wake`.
    Wake,
    /// Run `on_drained` again (a stream that keeps refilling its queue gets one
    /// round per turn, so it cannot starve other connections).
    Drained,
}

// ANCHOR: work
/// The loop's one work queue (see the module's comment for its two lanes).
#[derive(Debug, Default)]
pub(crate) struct Work {
    /// Connections changed by someone else's callback: settle them next.
    settle: Vec<ConnId>,
    /// Work for the end of the turn.
    later: Vec<(ConnId, Later)>,
}

impl Work {
    /// `id` was changed by a callback not its own: flush or close it next.
    pub(crate) fn settle(&mut self, id: ConnId) {
        self.settle.push(id);
    }

    /// Do `what` for `id` at the end of this turn.
    pub(crate) fn later(&mut self, id: ConnId, what: Later) {
        self.later.push((id, what));
    }

    /// Whether the end of the turn has work (then `poll` must not sleep).
    pub(crate) fn has_later(&self) -> bool {
        !self.later.is_empty()
    }

    /// The next connection to settle, if any.
    pub(crate) fn next_to_settle(&mut self) -> Option<ConnId> {
        self.settle.pop()
    }

    /// The later lane as it stands now (what is added from here waits a turn).
    pub(crate) fn take_later(&mut self) -> Vec<(ConnId, Later)> {
        std::mem::take(&mut self.later)
    }
}
// ANCHOR_END: work
