//! Draining the deferred work (see `work.rs` for why callbacks only record
//! it): right after a callback, the connections it touched are settled one
//! after another on this stack frame; at the end of the turn, the later lane.

use crate::event_loop::EventLoop;
use crate::service::{Connection, Service};
use crate::transport::Transport;
use crate::work::Later;

impl<S: Service, T: Transport> EventLoop<S, T> {
    // ANCHOR: drain
    /// Settles every connection a callback touched, and whatever those
    /// settlements touch in turn, one after another on this stack frame.
    pub(crate) fn drain(&mut self) {
        loop {
            while let Some(id) = self.core.work.next_to_settle() {
                self.settle(id);
            }
            // A close freed a slot while we were at `max_conns`: take the
            // connections waiting in the backlog, then settle what they touched.
            if !std::mem::take(&mut self.reaccept) {
                return;
            }
            self.accept_all();
        }
    }
    // ANCHOR_END: drain

    /// The end of the turn: the later lane, as it stood when the turn ended.
    pub(crate) fn run_later(&mut self) {
        let work = self.core.work.take_later();
        for (id, what) in work {
            if self.core.table.get(id).is_none() {
                continue; // closed since it was asked
            }
            match what {
                // Bytes already in our buffer first (no event will announce
                // them), then the socket: `read_ready` offers waiting input
                // before it reads.
                Later::Read => self.read_ready(id),
                Later::Wake => {
                    self.call(id, |c, s, cx| c.on_wake(s, cx));
                    self.settle(id);
                    self.drain();
                }
                Later::Drained => {
                    if self.queue_len(id) == 0 {
                        self.call(id, |c, s, cx| c.on_drained(s, cx));
                    }
                    self.settle(id);
                    self.drain();
                }
            }
        }
    }
}
