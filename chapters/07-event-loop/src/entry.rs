//! What the loop keeps for each connection, besides the application's state.
//!
//! Kept small on purpose: an idle connection costs this struct and nothing
//! else. Its input buffer (`partial`) and its write queue only hold memory
//! while a message is half-read or a write is waiting.

use std::net::SocketAddr;
use std::time::Instant;

use mio::net::TcpStream;

use crate::write_queue::WriteQueue;

/// Where a connection is in its life.
///
/// ```text
///  Open ──close()──▶ Closing ──queue empty: shutdown(Write)──▶ Lingering ──EOF──▶ dropped
///    │                  │                                          │
///    └──abort(), reset, error, close timeout ─────────────────────┴──────────────▶ dropped
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Serving: input goes to `on_data`.
    Open,
    /// `close()` was called: flushing the queue; input is read and discarded.
    Closing,
    /// Our FIN is sent (`shutdown(Write)`). RFC 9112 §9.6: keep reading until the
    /// peer closes too, so a request it had in flight does not make our kernel
    /// answer with a reset that could destroy the response before it is read.
    Lingering,
    /// To be dropped at once (`abort()`, an I/O error, a limit).
    Aborted,
}

/// The loop's state for one connection.
#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) stream: TcpStream,
    pub(crate) peer: SocketAddr,
    /// Input the connection has not consumed yet (empty and unallocated when idle).
    pub(crate) partial: Vec<u8>,
    /// Output waiting for the socket.
    pub(crate) out: WriteQueue,
    pub(crate) phase: Phase,
    /// The connection's deadline (or, once closing, the close timeout).
    pub(crate) deadline: Option<Instant>,
    /// The earliest entry this connection has in the timer heap.
    pub(crate) in_heap: Option<Instant>,
    /// The application called `pause_reading(true)`.
    pub(crate) paused_by_app: bool,
    /// Backpressure: the write queue grew past `max_write_queue`.
    pub(crate) paused_by_queue: bool,
    /// The peer closed its side (read returned 0).
    pub(crate) eof: bool,
    /// The kernel reported the peer's FIN (`is_read_closed`). With
    /// `ShortReadMeansDrained`, a short read then does not mean drained: the
    /// FIN may have come with the data in one edge, and no later edge would
    /// announce it, so we read on until `read` returns 0.
    pub(crate) fin_seen: bool,
    /// The last write said `WouldBlock`: wait for a WRITABLE event before trying again.
    pub(crate) blocked: bool,
    /// WRITABLE interest is registered (only while the queue is not empty).
    pub(crate) writable_interest: bool,
    /// Why the connection was aborted, for the trace.
    pub(crate) why: Option<String>,
}

impl Entry {
    pub(crate) fn new(stream: TcpStream, peer: SocketAddr) -> Entry {
        Entry {
            stream,
            peer,
            partial: Vec::new(),
            out: WriteQueue::new(),
            phase: Phase::Open,
            deadline: None,
            in_heap: None,
            paused_by_app: false,
            paused_by_queue: false,
            eof: false,
            fin_seen: false,
            blocked: false,
            writable_interest: false,
            why: None,
        }
    }

    /// Whether input should be read and handed to the application now.
    pub(crate) fn reading(&self) -> bool {
        !self.eof
            && !(self.phase == Phase::Open && (self.paused_by_app || self.paused_by_queue))
            && self.phase != Phase::Aborted
    }

    /// Marks the connection to be dropped, remembering why (first reason wins).
    pub(crate) fn abort(&mut self, why: impl Into<String>) {
        if self.phase != Phase::Aborted {
            self.phase = Phase::Aborted;
            self.why = Some(why.into());
        }
    }
}
