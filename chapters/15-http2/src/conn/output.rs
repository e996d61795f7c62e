//! The octets the connection has produced and the transport has not taken.
//!
//! Control frames (SETTINGS ACKs, PING answers, WINDOW_UPDATEs, RST_STREAMs,
//! GOAWAY) and response heads go here the moment they are made, in order:
//! HPACK's tables depend on the order in which blocks are sent, so a HEADERS
//! is encoded only when its place on the wire is fixed. DATA frames are made
//! later, only when the transport asks for more (see `schedule.rs`), so a big
//! body never sits here whole.
//!
//! The transport takes the octets with [`Output::pending`] and says how many
//! it took with [`Output::consumed`]. What it does not take is the backlog a
//! non-reading peer builds up, and the connection caps it.

use crate::frame::Frame;

/// Above this capacity an emptied buffer is freed, so an idle connection
/// costs nothing here after a burst.
const KEEP_CAPACITY: usize = 16 * 1024;

/// Produced, not yet taken.
#[derive(Debug, Default)]
pub struct Output {
    buf: Vec<u8>,
    /// `buf[..at]` was taken already.
    at: usize,
}

impl Output {
    /// Octets waiting for the transport.
    pub fn unsent(&self) -> usize {
        self.buf.len() - self.at
    }

    /// Appends one frame.
    pub fn frame(&mut self, frame: &Frame<'_>) {
        frame.encode(&mut self.buf);
    }

    /// The buffer to append encoded frames to.
    pub fn buf(&mut self) -> &mut Vec<u8> {
        &mut self.buf
    }

    /// What the transport should send next.
    pub fn pending(&self) -> &[u8] {
        &self.buf[self.at..]
    }

    /// The transport took `n` octets of [`pending`](Self::pending).
    pub fn consumed(&mut self, n: usize) {
        self.at = (self.at + n).min(self.buf.len());
        if self.at == self.buf.len() {
            self.buf.clear();
            self.at = 0;
            if self.buf.capacity() > KEEP_CAPACITY {
                self.buf = Vec::new();
            }
        } else if self.at > KEEP_CAPACITY && self.at > self.buf.len() / 2 {
            // Mostly taken: move the rest down rather than grow for ever.
            self.buf.drain(..self.at);
            self.at = 0;
        }
    }
}
