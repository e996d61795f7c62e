//! Exercise: a write queue that survives partial writes and reports backpressure.
//!
//! A non-blocking write may take part of the bytes, or none (`WouldBlock`).
//! The rest waits here, in order. When too much waits, the owner should stop
//! producing (stop reading requests from that peer) until it drains.

use std::io::{self, ErrorKind, Write};

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
        // Appending to one buffer coalesces small writes into one syscall later.
        self.buf.extend_from_slice(bytes);
        if self.len() > self.limit {
            Pressure::Pause
        } else {
            Pressure::Ok
        }
    }

    /// Whether a paused producer may resume: at most half the limit waits
    /// (resuming at the limit itself would flip-flop on every write).
    pub fn can_resume(&self) -> bool {
        self.len() <= self.limit / 2
    }

    /// Writes until the queue is empty or `w` says `WouldBlock`; returns the
    /// bytes written. `Interrupted` is retried, `Ok(0)` is a `WriteZero` error,
    /// any other error is returned. An emptied queue frees its memory.
    pub fn write_to(&mut self, w: &mut impl Write) -> io::Result<usize> {
        let mut written = 0;
        while self.head < self.buf.len() {
            match w.write(&self.buf[self.head..]) {
                // Zero bytes for a non-empty buffer: the peer will never take more.
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                // A partial write: advance, and try again with the rest.
                Ok(n) => {
                    self.head += n;
                    written += n;
                }
                // The kernel's buffer is full: keep the rest for the next WRITABLE event.
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(written),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        // Empty: free the memory, so an idle connection costs no buffer.
        self.buf = Vec::new();
        self.head = 0;
        Ok(written)
    }
}
