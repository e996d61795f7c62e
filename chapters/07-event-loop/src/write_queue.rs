//! Where bytes wait when the peer is slower than we are.
//!
//! A non-blocking `write` may take only part of what we give it (the kernel's
//! send buffer is full) or nothing at all (`WouldBlock`). Whatever it did not
//! take must wait here until the socket is writable again; the loop asks the
//! kernel for WRITABLE events only while this queue is not empty.
//!
//! ```text
//!   buf:  [ already written | waiting to be written ]
//!          0            head                      len
//! ```
//!
//! One `Vec` with a head offset: pushes append (so small writes coalesce into one
//! syscall), writes advance `head`, and the written prefix is dropped when it is
//! more than half the buffer. When the queue empties its memory is released:
//! an idle connection should cost no buffer at all.

use std::io::{self, ErrorKind, Write};

// ANCHOR: write_queue
/// Bytes waiting to be written to one connection.
#[derive(Debug, Default)]
pub struct WriteQueue {
    buf: Vec<u8>,
    /// How much of `buf` has been written already.
    head: usize,
}

impl WriteQueue {
    /// An empty queue (allocates nothing).
    pub fn new() -> WriteQueue {
        WriteQueue::default()
    }

    /// Bytes waiting.
    pub fn len(&self) -> usize {
        self.buf.len() - self.head
    }

    /// Whether nothing is waiting.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes waiting, oldest first.
    pub fn as_slice(&self) -> &[u8] {
        &self.buf[self.head..]
    }

    /// Appends `bytes` after what is waiting.
    pub fn push(&mut self, bytes: &[u8]) {
        if self.head > 0 && self.head >= self.buf.len() / 2 {
            // Drop the written prefix (moving at most as much as it frees).
            self.buf.drain(..self.head);
            self.head = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// Writes as much as `w` takes, until the queue is empty or `w` says
    /// `WouldBlock`. Returns how many bytes were written; check [`is_empty`](Self::is_empty)
    /// to know whether it finished. Any other error (the peer reset the
    /// connection, say) is returned: the connection is finished.
    pub fn write_to(&mut self, w: &mut impl Write) -> io::Result<usize> {
        let mut total = 0;
        while !self.is_empty() {
            match w.write(&self.buf[self.head..]) {
                // A zero-length write of a non-empty buffer: the peer will never take more.
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(n) => {
                    self.head += n;
                    total += n;
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(total),
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
        // Empty: give the memory back, so an idle connection holds no buffer.
        self.buf = Vec::new();
        self.head = 0;
        Ok(total)
    }
    // ANCHOR_END: write_queue

    /// Bytes allocated (for measuring memory per connection).
    pub fn capacity(&self) -> usize {
        self.buf.capacity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Takes `per_call` bytes per call until `room` is used up, then WouldBlock.
    struct Slow {
        got: Vec<u8>,
        per_call: usize,
        room: usize,
    }

    impl Write for Slow {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(ErrorKind::WouldBlock.into());
            }
            let n = buf.len().min(self.per_call).min(self.room);
            self.room -= n;
            self.got.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn partial_writes_keep_the_rest_in_order() {
        let mut q = WriteQueue::new();
        let mut w = Slow {
            got: Vec::new(),
            per_call: 3,
            room: 5,
        };
        q.push(b"hello ");
        q.push(b"world");
        assert_eq!(q.write_to(&mut w).unwrap(), 5);
        assert_eq!(q.as_slice(), b" world");
        q.push(b"!");
        w.room = 100;
        assert_eq!(q.write_to(&mut w).unwrap(), 7);
        assert!(q.is_empty());
        assert_eq!(w.got, b"hello world!");
        assert_eq!(q.capacity(), 0, "an empty queue releases its memory");
    }
}
