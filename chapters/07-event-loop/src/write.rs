//! Writing: move the write queue into the transport until it is empty or
//! the socket is full, ask for WRITABLE events only while something waits,
//! and stop reading a peer that does not read what we send (backpressure).
//!
//! Kernel behaviour behind the rules: a non-blocking `write` may take part of
//! the bytes, or none (`WouldBlock`: the send buffer is full). A socket with
//! room is almost always writable, so WRITABLE interest is registered only
//! while bytes wait (see [`WriteSide`]), or the loop would wake for nothing.

use std::io::{self, Write};
use std::net::SocketAddr;

use ch01_tcp::trace::Trace;
use mio::Interest;

use crate::entry::{Phase, WriteSide};
use crate::event_loop::EventLoop;
use crate::service::Service;
use crate::stats::{Counter, StatsCell};
use crate::token::ConnId;
use crate::transport::Transport;

impl<S: Service, T: Transport> EventLoop<S, T> {
    pub(crate) fn queue_len(&self, id: ConnId) -> usize {
        self.core.table.get(id).map_or(0, |e| e.out.len())
    }

    // ANCHOR: backpressure
    pub(crate) fn pause_for_backpressure(&mut self, id: ConnId) {
        let limit = self.core.config.max_write_queue;
        if let Some(e) = self.core.table.get_mut(id)
            && !e.read.pause().by_queue()
        {
            e.read = e.read.paused(e.read.pause().set_queue(true));
            self.core.shared.stats.add(Counter::backpressure_pauses, 1);
            self.core.config.trace.note(
                e.peer,
                format!(
                    "write queue {} bytes > {limit}: reading paused (backpressure)",
                    e.out.len()
                ),
            );
        }
    }
    // ANCHOR_END: backpressure

    // ANCHOR: flush
    /// Writes the queue, then the transport's own bytes, until both are sent
    /// or the socket is full; a full socket means waiting for WRITABLE.
    pub(crate) fn flush(&mut self, id: ConnId) {
        let Some(e) = self.core.table.get_mut(id) else {
            return;
        };
        let queued = e.out.len() as u64;
        self.core.shared.stats.max(Counter::max_write_queue, queued);
        let Some(link) = self.links.get_mut(id.index()).and_then(Option::as_mut) else {
            return;
        };
        if (e.out.is_empty() && !link.wants_write())
            || e.write == WriteSide::Waiting
            || e.phase == Phase::Aborted
        {
            return;
        }
        let mut sink = Traced {
            link,
            peer: e.peer,
            trace: self.core.config.trace,
            trace_bytes: self.core.config.trace_bytes,
            stats: &self.core.shared.stats,
        };
        self.core.shared.stats.add(Counter::flushes, 1);
        let written = e.out.write_to(&mut sink).and_then(|_| {
            if e.out.is_empty() && sink.link.wants_write() {
                // The transport's own bytes (TLS records) go after ours.
                match sink.link.flush() {
                    Err(err) if err.kind() == io::ErrorKind::WouldBlock => {}
                    other => other?,
                }
            }
            Ok(())
        });
        let blocked = !e.out.is_empty() || sink.link.wants_write();
        match written {
            Err(err) => {
                e.abort(format!("write failed: {err}"));
                self.core.shared.stats.add(Counter::errors, 1);
            }
            // WouldBlock: wait for WRITABLE, registering for it if not yet.
            Ok(()) if blocked => {
                let was = std::mem::replace(&mut e.write, WriteSide::Waiting);
                if was == WriteSide::Idle
                    && let Err(err) = self.core.poll.registry().reregister(
                        sink.link.source(),
                        id.token(),
                        Interest::READABLE | Interest::WRITABLE,
                    )
                {
                    e.abort(format!("reregister failed: {err}"));
                }
            }
            Ok(()) => {}
        }
    }
    // ANCHOR_END: flush

    /// Drops WRITABLE interest once nothing waits for the socket (the second
    /// half of the [`WriteSide`] cycle; `flush` did the first). Returns false
    /// if the registration failed and the connection must go.
    pub(crate) fn update_interest(&mut self, id: ConnId) -> bool {
        let Some(e) = self.core.table.get_mut(id) else {
            return true;
        };
        if e.write != WriteSide::Writable {
            return true;
        }
        let Some(link) = self.links.get_mut(id.index()).and_then(Option::as_mut) else {
            return true;
        };
        if !e.out.is_empty() || link.wants_write() {
            return true;
        }
        match self
            .core
            .poll
            .registry()
            .reregister(link.source(), id.token(), Interest::READABLE)
        {
            Ok(()) => {
                e.write = WriteSide::Idle;
                true
            }
            Err(err) => {
                e.abort(format!("reregister failed: {err}"));
                false
            }
        }
    }
}

/// The transport as the write queue sees it: every write traced and counted.
struct Traced<'a, T> {
    link: &'a mut T,
    peer: SocketAddr,
    trace: Trace,
    trace_bytes: bool,
    stats: &'a StatsCell,
}

impl<T: Transport> Write for Traced<'_, T> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.link.write(buf)?;
        self.stats.add(Counter::bytes_out, n as u64);
        if self.trace_bytes {
            self.trace.send(self.peer, &buf[..n]);
        }
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
