//! Reading: take bytes from the transport until it says `WouldBlock`, hand
//! them to `on_data`, keep what it did not consume, and bound that.
//!
//! Kernel behaviour behind the rules: readiness is edge-triggered, so a read
//! stops only at `WouldBlock` (or, on Linux, at a short read, see
//! [`ReadMode`]); `read` returning 0 is the peer's FIN (RFC 9293 §3.6: it
//! closed its sending side, ours is still open). A fair share of reads per
//! turn (`reads_per_turn`) keeps one fast sender from starving the others.

use std::io::ErrorKind;

use crate::config::ReadMode;
use crate::cx::{Cx, LoopCx};
use crate::entry::{Phase, ReadSide};
use crate::event_loop::EventLoop;
use crate::service::{Connection, Service};
use crate::stats::Counter;
use crate::token::ConnId;
use crate::transport::Transport;
use crate::work::Later;

/// How many times waiting input is offered again in one go before the
/// connection yields to the others (it is offered again later this turn).
const OFFER_ROUNDS: usize = 8;

impl<S: Service, T: Transport> EventLoop<S, T> {
    // ANCHOR: read_ready
    /// Reads until `WouldBlock` (or a short read, or this turn's share is used),
    /// handing each piece to the application.
    pub(crate) fn read_ready(&mut self, id: ConnId) {
        let per_turn = self.core.config.reads_per_turn.max(1);
        for _ in 0..per_turn {
            let Some(e) = self.core.table.get_mut(id) else {
                return;
            };
            if !e.reading() {
                return; // paused: bytes wait in the kernel until we resume
            }
            if !e.partial.is_empty() && !self.offer_waiting_input(id) {
                return;
            }
            let Some(e) = self.core.table.get_mut(id) else {
                return;
            };
            let Some(link) = self.links.get_mut(id.index()).and_then(Option::as_mut) else {
                return;
            };
            match link.read(&mut self.read_buf) {
                Ok(0) => {
                    self.core.shared.stats.add(Counter::reads, 1);
                    self.peer_closed(id);
                    return;
                }
                Ok(n) => {
                    self.core.shared.stats.add(Counter::reads, 1);
                    self.core.shared.stats.add(Counter::bytes_in, n as u64);
                    if self.core.config.trace_bytes {
                        self.core.config.trace.recv(e.peer, &self.read_buf[..n]);
                    }
                    // A FIN already announced must still be read (see `ReadSide::FinSeen`).
                    let short = n < self.read_buf.len() && !matches!(e.read, ReadSide::FinSeen(_));
                    self.deliver(id, n);
                    self.settle(id);
                    self.drain();
                    if short && self.core.config.read_mode == ReadMode::ShortReadMeansDrained {
                        return; // Linux: fewer bytes than asked = drained for now
                    }
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    self.core.shared.stats.add(Counter::reads_would_block, 1);
                    // A TLS transport may have produced handshake records while
                    // reading: let settle flush them. Plain TCP: `wants_write`
                    // is a constant `false` and this line compiles away.
                    if self.links[id.index()].as_ref().is_some_and(T::wants_write) {
                        self.settle(id);
                        self.drain();
                    }
                    return;
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(err) => {
                    // ECONNRESET and friends: this connection is over, the loop is not.
                    e.abort(format!("read failed: {err}"));
                    self.core.shared.stats.add(Counter::errors, 1);
                    self.settle(id);
                    self.drain();
                    return;
                }
            }
        }
        // Fair share used: other connections go first, we come back this turn's end.
        self.core.work.later(id, Later::Read);
    }
    // ANCHOR_END: read_ready

    // ANCHOR: offer_waiting_input
    /// Input is already waiting (say, requests pipelined behind an answer that
    /// paused reading until it was queued): offer it to the connection before
    /// reading more. Returns whether to read: only if the connection still
    /// wants bytes after that (nothing waits, or what waits is an incomplete
    /// message). A connection that paused again reads nothing more, so the
    /// rest of a pipelining peer's requests wait in the kernel, where TCP's
    /// flow control pushes back on the peer, and not in this buffer: reading
    /// on while one request at a time was answered once let a client that
    /// never read its answers grow this buffer to everything it sent.
    fn offer_waiting_input(&mut self, id: ConnId) -> bool {
        for _ in 0..OFFER_ROUNDS {
            let waiting = self.core.table.get(id).map_or(0, |e| e.partial.len());
            self.consume_partial(id);
            self.check_partial(id);
            self.settle(id);
            self.drain();
            let Some(e) = self.core.table.get(id) else {
                return false;
            };
            if !e.reading() {
                return false; // paused again: the rest waits in the kernel
            }
            if e.partial.is_empty() || e.partial.len() == waiting {
                // All taken, or nothing taken: what waits is an incomplete
                // message, and more bytes are what it needs.
                return true;
            }
            // Some taken, more waiting (settling may have resumed reading):
            // offer the rest before reading a byte more.
        }
        self.core.work.later(id, Later::Read); // fair share used: later this turn
        false
    }
    // ANCHOR_END: offer_waiting_input

    /// Read returned 0: the peer will send nothing more.
    fn peer_closed(&mut self, id: ConnId) {
        let Some(e) = self.core.table.get_mut(id) else {
            return;
        };
        e.read = ReadSide::Eof;
        self.core
            .config
            .trace
            .note(e.peer, "peer closed its write half (read returned 0)");
        match e.phase {
            Phase::Open => {
                self.call(id, |c, s, cx| c.on_eof(s, cx));
            }
            Phase::Lingering => e.abort("closed"),
            Phase::Closing | Phase::Aborted => {}
        }
        self.settle(id);
        self.drain();
    }

    // ANCHOR: deliver
    /// Hands the `n` bytes just read (plus any left from before) to `on_data`,
    /// and keeps what it does not consume.
    fn deliver(&mut self, id: ConnId, n: usize) {
        let Some(e) = self.core.table.get_mut(id) else {
            return;
        };
        if e.phase != Phase::Open {
            return; // closing: input is read and dropped (it is no one's any more)
        }
        if e.partial.is_empty() {
            // The common case: a whole message in one read, no copy at all.
            let used = self.consume(id, None, n);
            if let Some(e) = self.core.table.get_mut(id) {
                e.partial.extend_from_slice(&self.read_buf[used..n]);
            }
        } else {
            // Part of a message was waiting: append, and parse from the start.
            e.partial.extend_from_slice(&self.read_buf[..n]);
            self.consume_partial(id);
        }
        self.check_partial(id);
    }

    /// Offers the waiting input again (reading resumed, or more arrived).
    pub(crate) fn consume_partial(&mut self, id: ConnId) {
        let Some(e) = self.core.table.get_mut(id) else {
            return;
        };
        let mut input = std::mem::take(&mut e.partial);
        let len = input.len();
        let used = self.consume(id, Some(&mut input), len);
        if let Some(e) = self.core.table.get_mut(id) {
            input.drain(..used);
            if input.is_empty() {
                input = Vec::new(); // release the memory: idle connections hold none
            }
            e.partial = input;
        }
    }

    /// Calls `on_data` while it consumes something and the connection still wants
    /// input. `input` is `None` for the shared read buffer. Returns bytes consumed.
    fn consume(&mut self, id: ConnId, mut input: Option<&mut [u8]>, len: usize) -> usize {
        let max_queue = self.core.config.max_write_queue;
        let mut used = 0;
        while used < len {
            match self.core.table.get(id) {
                Some(e) if e.phase == Phase::Open && e.reading() => {}
                _ => break,
            }
            // Mutable: the buffer is the loop's own, so a protocol that
            // transforms bytes in place (WebSocket unmasking) needs no copy.
            let bytes = match input.as_deref_mut() {
                Some(input) => &mut input[used..len],
                None => &mut self.read_buf[used..len],
            };
            let Some(conn) = self.conns.get_mut(id.index()).and_then(Option::as_mut) else {
                break;
            };
            let mut cx = Cx {
                lp: LoopCx {
                    core: &mut self.core,
                },
                id,
            };
            let took = conn.on_data(&mut self.svc, &mut cx, bytes).min(bytes.len());
            used += took;
            if took == 0 {
                break; // an incomplete message: wait for more bytes
            }
            // Backpressure between messages: a peer that pipelines requests but
            // does not read the answers must not make us queue without bound.
            if self.queue_len(id) > max_queue {
                self.flush(id);
                if self.queue_len(id) > max_queue {
                    self.pause_for_backpressure(id);
                } else if self.queue_len(id) == 0 {
                    // This flush emptied the queue, so `settle` will not see it
                    // drain: run `on_drained` later this turn, as settle would.
                    self.core.work.later(id, Later::Drained);
                }
            }
        }
        used
    }
    // ANCHOR_END: deliver

    /// Closes a connection whose unconsumed input went over `max_partial`
    /// (a paused connection's input is ours to hold: it is not the peer's fault).
    pub(crate) fn check_partial(&mut self, id: ConnId) {
        let limit = self.core.config.max_partial;
        if let Some(e) = self.core.table.get_mut(id)
            && e.partial.len() > limit
            && e.read.pause() == crate::entry::Pause::No
        {
            e.abort(format!("over {limit} bytes of unconsumed input"));
            self.settle(id);
        }
    }
}
