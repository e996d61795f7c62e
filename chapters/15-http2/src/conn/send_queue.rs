//! One stream's outgoing body: octets the application handed over that are
//! not framed yet, because the stream's window is shut or its turn has not come.
//!
//! The queue is bounded by the caller's policy, not by itself:
//! [`H2Conn::send_data`](super::H2Conn::send_data) refuses more once it holds
//! [`H2Config::max_send_queue`](super::H2Config::max_send_queue). A client that
//! stops reading one stream closes that stream's window, its queue fills, and
//! the application hears "full" for that stream alone, while every other
//! stream goes on.

use std::collections::VecDeque;

/// Octets waiting to go out as DATA frames, and whether END_STREAM follows them.
#[derive(Debug, Default)]
pub struct SendQueue {
    pieces: VecDeque<Vec<u8>>,
    /// How much of the front piece is already framed.
    front_at: usize,
    len: usize,
    /// The application has said its last word: END_STREAM goes on the frame
    /// that carries the last queued octet (or on an empty DATA frame).
    end_stream: bool,
}

impl SendQueue {
    /// Octets waiting.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Nothing waiting (END_STREAM may still be pending: see [`ends`](Self::ends)).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The application has ended the body.
    pub fn ends(&self) -> bool {
        self.end_stream
    }

    /// Appends `data`; `end_stream` ends the body after it.
    pub fn push(&mut self, data: &[u8], end_stream: bool) {
        if !data.is_empty() {
            self.pieces.push_back(data.to_vec());
            self.len += data.len();
        }
        self.end_stream |= end_stream;
    }

    /// Moves the first `n` octets (at most [`len`](Self::len)) to `out`.
    pub fn take_into(&mut self, mut n: usize, out: &mut Vec<u8>) {
        debug_assert!(n <= self.len);
        self.len -= n;
        while n > 0 {
            let front = self.pieces.front().expect("len counts the pieces");
            let piece = (front.len() - self.front_at).min(n);
            out.extend_from_slice(&front[self.front_at..self.front_at + piece]);
            self.front_at += piece;
            n -= piece;
            if self.front_at == front.len() {
                self.pieces.pop_front();
                self.front_at = 0;
            }
        }
    }

    /// Drops everything (the stream was reset).
    pub fn clear(&mut self) {
        *self = SendQueue::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_across_pieces_in_order() {
        let mut q = SendQueue::default();
        q.push(b"hello ", false);
        q.push(b"", false);
        q.push(b"world", true);
        assert_eq!((q.len(), q.ends()), (11, true));
        let mut out = Vec::new();
        q.take_into(3, &mut out);
        q.take_into(6, &mut out);
        assert_eq!(out, b"hello wor");
        q.take_into(2, &mut out);
        assert_eq!(out, b"hello world");
        assert!(q.is_empty() && q.ends());
    }
}
