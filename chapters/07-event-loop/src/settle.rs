//! Settling: what the loop does to a connection after anything happened to
//! it (a callback ran, bytes arrived, the socket became writable). Five steps,
//! in this order, each a function below:
//!
//! ```text
//!   1. flush            write what is queued (write.rs)
//!   2. update interest  no WRITABLE interest once nothing waits (write.rs)
//!   3. lift backpressure  the queue fell to half the limit: read again
//!   4. drained          the queue just emptied: on_drained (a stream's next piece),
//!                       and back to 1 with what it queued, a few rounds per turn
//!   5. advance closes   Closing with an empty queue: FIN, then Lingering
//!   (Aborted at any step: finish, the connection is gone)
//! ```
//!
//! Why the order: the FIN must follow the last byte (RFC 9293 §3.6: after
//! `shutdown(Write)` nothing more can be sent), so closes advance only once
//! the flush has emptied the queue; and `on_drained` must see the queue really
//! empty, so it runs after the flush, not before.
//!
//! `settle` runs callbacks (`on_drained`, and `on_closed` through `finish`)
//! but never drains the work they record: see later.rs for why.

use crate::entry::Phase;
use crate::event_loop::EventLoop;
use crate::service::{Connection, Service};
use crate::stats::Counter;
use crate::token::ConnId;
use crate::transport::Transport;
use crate::work::Later;

/// `on_drained` rounds per connection per turn, before it waits for the next turn.
const DRAINED_ROUNDS: usize = 8;

/// What a step left to do.
enum Next {
    /// Go round again: `on_drained` queued more.
    Again,
    /// Nothing more for now.
    Done,
    /// The connection is over: remove it.
    Finish,
}

impl<S: Service, T: Transport> EventLoop<S, T> {
    // ANCHOR: settle
    /// After anything happened to `id`: the five steps above, repeated while
    /// `on_drained` keeps refilling the queue (up to `DRAINED_ROUNDS`).
    pub(crate) fn settle(&mut self, id: ConnId) {
        for round in 0..=DRAINED_ROUNDS {
            let had_output = self.queue_len(id) > 0;
            self.flush(id); // 1
            match self.core.table.get(id) {
                None => return,
                Some(e) if e.phase == Phase::Aborted => return self.finish(id),
                Some(_) => {}
            }
            if !self.update_interest(id) {
                return self.finish(id); // 2
            }
            self.lift_backpressure(id); // 3
            let next = match self.core.table.get(id).map(|e| e.phase) {
                Some(Phase::Open) => self.drained(id, had_output, round), // 4
                Some(Phase::Closing) => self.advance_close(id),           // 5
                _ => Next::Done,
            };
            match next {
                Next::Again => continue,
                Next::Done => return,
                Next::Finish => return self.finish(id),
            }
        }
    }
    // ANCHOR_END: settle

    /// Step 3: reading paused for backpressure resumes once the queue has
    /// drained to half the limit (not at the limit: that would flap).
    fn lift_backpressure(&mut self, id: ConnId) {
        let limit = self.core.config.max_write_queue;
        if let Some(e) = self.core.table.get_mut(id)
            && e.read.pause().by_queue()
            && e.out.len() <= limit / 2
        {
            e.read = e.read.paused(e.read.pause().set_queue(false));
            self.core
                .config
                .trace
                .note(e.peer, "write queue drained: reading resumed");
            // Edge-triggered: bytes that waited in the kernel will not be announced again.
            self.core.work.later(id, Later::Read);
        }
    }

    /// Step 4: the queue had bytes and the flush emptied it: `on_drained`.
    /// The last round defers to the end of the turn, so a stream that always
    /// refills its queue cannot keep the loop to itself.
    fn drained(&mut self, id: ConnId, had_output: bool, round: usize) -> Next {
        if !had_output || self.queue_len(id) > 0 {
            return Next::Done;
        }
        if round == DRAINED_ROUNDS {
            self.core.work.later(id, Later::Drained);
            return Next::Done;
        }
        self.call(id, |c, s, cx| c.on_drained(s, cx));
        Next::Again
    }

    // ANCHOR: advance_close
    /// Step 5: everything is sent, so now our FIN (RFC 9293 §3.6), through
    /// the transport (TLS sends close_notify first). If the peer has closed
    /// too we are done; else we linger, reading and dropping what it still
    /// sends, until its FIN or the close timeout (RFC 9112 §9.6).
    fn advance_close(&mut self, id: ConnId) -> Next {
        let Some(e) = self.core.table.get_mut(id) else {
            return Next::Done;
        };
        let Some(link) = self.links.get_mut(id.index()).and_then(Option::as_mut) else {
            return Next::Done;
        };
        if !e.out.is_empty() {
            return Next::Done;
        }
        let _ = link.shutdown_write();
        e.phase = Phase::Lingering;
        self.core
            .config
            .trace
            .note(e.peer, "sent FIN (shutdown write)");
        if e.eof() {
            e.abort("closed");
            return Next::Finish;
        }
        // Whatever is in flight from the peer gets read and dropped; and a
        // transport's own last bytes (close_notify) get flushed by that settle.
        self.core.work.later(id, Later::Read);
        Next::Done
    }
    // ANCHOR_END: advance_close

    // ANCHOR: finish
    /// Removes a connection for good and tells the application.
    pub(crate) fn finish(&mut self, id: ConnId) {
        let Some(e) = self.core.table.remove(id) else {
            return;
        };
        if let Some(mut link) = self.links.get_mut(id.index()).and_then(Option::take) {
            let _ = self.core.poll.registry().deregister(link.source());
            drop(link); // closes the socket
        }
        let why = e.why.unwrap_or_else(|| "closed".into());
        self.core.config.trace.note(e.peer, format!("{id} {why}"));
        self.core.shared.stats.add(Counter::closed, 1);
        self.core
            .shared
            .stats
            .set(Counter::open, self.core.table.len() as u64);
        if let Some(conn) = self.conns.get_mut(id.index()).and_then(Option::take) {
            let mut lp = crate::cx::LoopCx {
                core: &mut self.core,
            };
            self.svc.on_closed(&mut lp, id, conn);
        }
        if self.accept_paused && self.accept_retry.is_none() {
            // A slot is free again: take connections waiting in the backlog,
            // once the caller's drain is done (never from inside settle).
            self.accept_paused = false;
            self.reaccept = true;
        }
    }
    // ANCHOR_END: finish
}
