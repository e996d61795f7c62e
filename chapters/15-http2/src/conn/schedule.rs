//! DATA frames: made only when the transport has room, each as large as the
//! windows, the client's frame size and the stream's queue allow, and shared
//! out among the streams in turn.
//!
//! **Why round robin.** Each stream with something to send gets one frame
//! (at most SETTINGS_MAX_FRAME_SIZE, 16 KiB by default) per turn, then goes
//! to the back of the line. When the connection window opens, every waiting
//! stream gets its share, none can starve the others however much it has
//! queued, and a stream whose own window is shut simply drops out of the line
//! until its WINDOW_UPDATE comes, so a client that stops reading one stream
//! holds up only that one. RFC 9113 deprecates RFC 7540's priority tree
//! (§5.3.2) and leaves the choice to the server; what we serve (many event
//! streams of equal importance) wants exactly equal shares, and a queue of
//! ids does it in O(1) per frame. RFC 9218's urgencies would be a weighted
//! variant of the same loop.
//!
//! ```text
//!   ready: [1, 3, 5]   conn window 40 KiB, frame 16 KiB
//!   → DATA s=1 16K   ready [3, 5, 1]
//!   → DATA s=3 16K   ready [5, 1, 3]
//!   → DATA s=5  8K   conn window 0: 1 and 3 wait at the front, in order
//! ```

use super::connection::H2Conn;
use super::event::Event;
use crate::frame::kind::END_STREAM;
use crate::frame::{FrameHeader, FrameType};

impl H2Conn {
    // ANCHOR: pending_output
    /// The octets to send next. DATA frames are made here, while fewer than
    /// `room` octets are pending (so at most `room` plus one frame): pass what
    /// the transport can take now (chapter 7: `LOW_WATER - cx.queued()`),
    /// or `usize::MAX` for a blocking socket. Say how much was taken with
    /// [`consumed_output`](Self::consumed_output); events (`SendReady`) may
    /// follow, so drain them after.
    pub fn pending_output(&mut self, room: usize) -> &[u8] {
        if self.failed.is_none() {
            self.schedule(room);
        }
        self.out.pending()
    }
    // ANCHOR_END: pending_output

    /// The transport took `n` octets of [`pending_output`](Self::pending_output).
    pub fn consumed_output(&mut self, n: usize) {
        self.out.consumed(n);
    }

    /// Whether [`pending_output`](Self::pending_output) would return anything.
    pub fn wants_output(&self) -> bool {
        self.out.unsent() > 0 || (self.failed.is_none() && !self.ready.is_empty())
    }

    // ANCHOR: schedule
    /// Frames DATA, one frame per stream per turn, until `room` is reached or
    /// nothing more may be sent.
    fn schedule(&mut self, room: usize) {
        let mut waiting = Vec::new();
        while self.out.unsent() < room {
            let Some(id) = self.ready.pop_front() else {
                break;
            };
            let Some(stream) = self.streams.get_mut(id) else {
                continue; // closed since it was queued
            };
            stream.in_ready = false;
            if !stream.sendable() {
                continue; // its window shut: it comes back with a WINDOW_UPDATE
            }
            let has_octets = !stream.queue.is_empty();
            if has_octets && self.conn_send.available() == 0 {
                // The connection's window is shut: keep its place in line.
                stream.in_ready = true;
                waiting.push(id);
                continue;
            }
            let n = stream
                .queue
                .len()
                .min(stream.send.available())
                .min(self.conn_send.available())
                .min(self.peer.max_frame_size as usize);
            let end = n == stream.queue.len() && stream.queue.ends();
            let buf = self.out.buf();
            FrameHeader {
                length: n as u32,
                kind: FrameType::DATA,
                flags: if end { END_STREAM } else { 0 },
                stream: id,
            }
            .encode(buf);
            stream.queue.take_into(n, buf);
            stream.send.spend(n);
            self.conn_send.spend(n);
            if end {
                self.local_end(id);
            } else if stream.queue.is_empty() {
                self.events.push_back(Event::SendReady { stream: id });
            } else if stream.sendable() {
                stream.in_ready = true;
                self.ready.push_back(id);
            }
        }
        for id in waiting.into_iter().rev() {
            self.ready.push_front(id);
        }
    }
    // ANCHOR_END: schedule
}
