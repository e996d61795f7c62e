//! Sending one HTTP response through the loop, piece by piece.
//!
//! Chapter 6's [`Encoder`] hands out a response as pieces: the head, then the
//! body (one piece, or one chunk per piece of a stream). A thread can write
//! each piece with `write_all` and block. On the loop nothing may block, and a
//! 64 MiB file or an endless stream must not be queued whole. So we copy pieces
//! into the connection's write queue only while it holds less than
//! [`LOW_WATER`], and come back for more when the loop says the queue drained.
//!
//! ```text
//!   encoder ──next_bytes()──▶ piece ──(≤ LOW_WATER at a time)──▶ write queue ──▶ socket
//!                                         ▲                           │
//!                                         └──── on_drained ◀──────────┘ (queue empty)
//! ```
//!
//! Chapters 11 and 12 send their answers with it too.

use ch01_tcp::trace::Trace;
use ch06_http_server::encode::Encoder;
use ch06_http_server::http_trace;

use crate::cx::Cx;

/// Stop copying into the write queue once it holds this much.
pub const LOW_WATER: usize = 64 * 1024;

/// A response being sent: the encoder and the piece it last produced.
pub struct Sending {
    encoder: Encoder,
    /// The piece being copied, and how much of it is queued already.
    piece: Vec<u8>,
    at: usize,
    head_sent: bool,
}

/// What [`Sending::pump`] achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pumped {
    /// Everything is queued; `keep_alive` says whether another request may follow.
    Done {
        /// Whether the connection may carry another request.
        keep_alive: bool,
    },
    /// The queue is full enough: call `pump` again from `on_drained`.
    More,
}

impl Sending {
    /// Starts sending the response `encoder` encodes.
    pub fn new(encoder: Encoder) -> Sending {
        Sending {
            encoder,
            piece: Vec::new(),
            at: 0,
            head_sent: false,
        }
    }

    // ANCHOR: pump
    /// Queues pieces until the response is all queued or the queue holds
    /// [`LOW_WATER`] bytes.
    pub fn pump(&mut self, cx: &mut Cx<'_>, trace: Trace) -> Pumped {
        loop {
            if self.at == self.piece.len() {
                match self.encoder.next_bytes() {
                    Some(piece) => {
                        http_trace::sent(&trace, cx.peer(), &piece, !self.head_sent);
                        self.head_sent = true;
                        self.piece = piece;
                        self.at = 0;
                        continue;
                    }
                    None => {
                        return Pumped::Done {
                            keep_alive: self.encoder.keep_alive(),
                        };
                    }
                }
            }
            let room = LOW_WATER.saturating_sub(cx.queued());
            if room == 0 {
                return Pumped::More;
            }
            let end = self.piece.len().min(self.at + room);
            cx.write(&self.piece[self.at..end]);
            self.at = end;
        }
    }
    // ANCHOR_END: pump
}
