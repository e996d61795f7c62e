//! Sending one HTTP response through the loop, piece by piece.
//!
//! Chapter 6's [`Encoder`] hands out a response as pieces: the head, then the
//! body (one piece, or one chunk per piece of a stream). A thread can write
//! each piece with `write_all` and block. On the loop nothing may block, and a
//! 64 MiB file or an endless stream must not be queued whole. So we copy pieces
//! into the connection's write queue only while it holds less than
//! [`LOW_WATER`], and come back for more when the loop says the queue drained.
//!
//! We ask the encoder for a new piece only then, too: a file body
//! ([`Body::File`](ch06_http_server::response::Body::File)) is read from disk by
//! `next_bytes`, so a client that stops reading stops the reads, and costs the
//! queue plus the one piece being copied, not the file. That read is still a
//! blocking `read(2)` on the loop thread: bounded (one piece of
//! [`FILE_PIECE`](ch06_http_server::encode::FILE_PIECE) per pump, and usually
//! served from the page cache), but a slow disk would stall every connection
//! for its duration. Real servers take file reads off the loop: a thread pool
//! that reads ahead (nginx's `aio threads`), io_uring, or `sendfile(2)`, which
//! has the kernel copy from the page cache to the socket without the bytes
//! passing through user space at all. We keep the read in sight instead.
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
    /// The body broke off (a file that shrank, a read error) after its length
    /// was promised: the connection has been aborted, nothing more is sent.
    Aborted,
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
    /// [`LOW_WATER`] bytes. A new piece is taken from the encoder (a file read)
    /// only while the queue is below [`LOW_WATER`].
    pub fn pump(&mut self, cx: &mut Cx<'_>, trace: Trace) -> Pumped {
        loop {
            if self.at == self.piece.len() {
                if cx.queued() >= LOW_WATER {
                    return Pumped::More;
                }
                match self.encoder.next_bytes() {
                    Some(piece) => {
                        http_trace::sent(&trace, cx.peer(), &piece, !self.head_sent);
                        self.head_sent = true;
                        self.piece = piece;
                        self.at = 0;
                        continue;
                    }
                    None => {
                        if let Some(e) = self.encoder.aborted() {
                            // Content-Length promised more than we can send:
                            // padding or stopping early would both mis-frame.
                            trace.note(cx.peer(), format!("aborting the response: {e}"));
                            cx.abort();
                            return Pumped::Aborted;
                        }
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
