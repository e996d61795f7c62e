//! Exercise: a write queue that survives partial writes and reports backpressure.
//!
//! A non-blocking write may take part of the bytes, or none (`WouldBlock`).
//! The rest waits here, in order. When too much waits, the owner should stop
//! producing (stop reading requests from that peer) until it drains.

use std::io::{self, Write};

/// What a push tells the owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pressure {
    /// Fine: keep going.
    Ok,
    /// More than the limit is waiting: stop producing for this peer.
    Pause,
}

/// Bytes waiting for one socket.
#[derive(Debug)]
pub struct WriteQueue {
    buf: Vec<u8>,
    /// How much of `buf` is already written.
    head: usize,
    limit: usize,
}

impl WriteQueue {
    /// An empty queue that asks for a pause above `limit` bytes.
    pub fn new(limit: usize) -> WriteQueue {
        WriteQueue {
            buf: Vec::new(),
            head: 0,
            limit,
        }
    }

    /// Bytes waiting.
    pub fn len(&self) -> usize {
        self.buf.len() - self.head
    }

    /// Whether nothing waits.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes allocated: 0 once the queue has drained.
    pub fn capacity(&self) -> usize {
        self.buf.capacity()
    }

    /// Appends `bytes` after what waits; `Pause` if more than the limit now waits.
    pub fn push(&mut self, bytes: &[u8]) -> Pressure {
        // TODO: append, then compare len() with the limit.
        let _ = (bytes, self.limit);
        todo!("push: append and report Pause above the limit")
    }

    /// Whether a paused producer may resume: at most half the limit waits
    /// (resuming at the limit itself would flip-flop on every write).
    pub fn can_resume(&self) -> bool {
        // TODO: the low-water mark.
        todo!("can_resume: len() <= limit / 2")
    }

    /// Writes until the queue is empty or `w` says `WouldBlock`; returns the
    /// bytes written. `Interrupted` is retried, `Ok(0)` is a `WriteZero` error,
    /// any other error is returned. An emptied queue frees its memory.
    pub fn write_to(&mut self, w: &mut impl Write) -> io::Result<usize> {
        // TODO: the write loop; advance `head`; free the Vec when everything is written.
        let _ = w;
        todo!("write_to: write from head until empty or WouldBlock")
    }
}
