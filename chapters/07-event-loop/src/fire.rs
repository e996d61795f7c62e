//! Firing timers: run every deadline that has passed, skipping the heap's
//! stale entries (lazy deletion, see [`crate::timers`]), and retry accepting
//! after running out of file descriptors.
//!
//! A deadline on an open connection is the application's (`on_timer`); on a
//! closing one it is the loop's close timeout: a peer that never reads our
//! last bytes or never sends its FIN must not hold the slot forever.

use crate::entry::{Phase, WriteSide};
use crate::event_loop::EventLoop;
use crate::service::{Connection, Service};
use crate::stats::Counter;
use crate::transport::Transport;
use crate::work::Later;

impl<S: Service, T: Transport> EventLoop<S, T> {
    // ANCHOR: fire_timers
    /// Runs every deadline that has passed.
    pub(crate) fn fire_timers(&mut self) {
        let now = self.core.now;
        while let Some((at, id)) = self.core.timers.pop_due(now) {
            let Some(e) = self.core.table.get_mut(id) else {
                continue; // the connection is gone
            };
            if e.in_heap != Some(at) {
                continue; // superseded by an earlier entry for the same connection
            }
            e.in_heap = None;
            match e.deadline {
                None => {} // cleared since
                Some(d) if d > now => {
                    // Moved later since this entry was pushed: queue it once, at the new time.
                    e.in_heap = Some(d);
                    self.core.timers.push(d, id);
                }
                Some(_) => {
                    e.deadline = None;
                    self.core.shared.stats.add(Counter::timers_fired, 1);
                    if e.phase == Phase::Open {
                        self.retry_blocked_write(id);
                        self.call(id, |c, s, cx| c.on_timer(s, cx));
                    } else {
                        e.abort("close timeout: the peer did not finish");
                    }
                    self.settle(id);
                    self.drain();
                }
            }
        }
        // Stale entries (connections gone, deadlines moved) are skipped lazily;
        // if they pile up, sweep them so the heap stays as big as the table.
        if self.core.timers.len() > 2 * self.core.table.len() + 1024 {
            let table = &self.core.table;
            self.core
                .timers
                .retain(|at, id| table.get(id).is_some_and(|e| e.in_heap == Some(at)));
        }
        if let Some(at) = self.accept_retry
            && at <= now
        {
            self.accept_retry = None;
            self.accept_paused = false;
            self.accept_all();
            self.drain();
        }
    }
    // ANCHOR_END: fire_timers

    // ANCHOR: retry_blocked_write
    /// Before a deadline is judged, a write that waits for WRITABLE is tried
    /// once more: Linux announces a full socket writable only once a good part
    /// of what it holds is acknowledged, but a write takes bytes as soon as any
    /// room is free, so the application's write timeout sees the progress a
    /// slow reader did make. (A reader whose own kernel buffered megabytes may
    /// still take no new byte for many seconds: `ss -tmi` shows the sender
    /// probing a zero window. That is "no progress", and a write timeout is
    /// right to end it; nginx's `send_timeout` defaults to 60 s for that.)
    fn retry_blocked_write(&mut self, id: crate::token::ConnId) {
        if let Some(e) = self.core.table.get_mut(id)
            && e.write == WriteSide::Waiting
            && !e.out.is_empty()
        {
            e.write = WriteSide::Writable;
            self.flush(id);
            if self.queue_len(id) == 0 {
                // Drained here, outside `settle`, which would not see it drain:
                // run `on_drained` later this turn, as settle would.
                self.core.work.later(id, Later::Drained);
            }
        }
    }
    // ANCHOR_END: retry_blocked_write
}
