//! What the loop keeps for each connection, besides the application's state
//! and its transport (the socket, see [`crate::transport`]).
//!
//! Kept small on purpose: an idle connection costs this struct and nothing
//! else. Its input buffer (`partial`) and its write queue only hold memory
//! while a message is half-read or a write is waiting.
//!
//! A connection's state is three small enums, one per thing that changes on
//! its own: where it is in its life ([`Phase`]), what its read side may do
//! ([`ReadSide`]), and what its write side waits for ([`WriteSide`]). Each
//! names real states only: no pair of flags can say something impossible.

use std::net::SocketAddr;
use std::time::Instant;

use crate::write_queue::WriteQueue;

// ANCHOR: phase
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
// ANCHOR_END: phase

// ANCHOR: read_side
/// Who has paused reading. The application (`pause_reading`) and backpressure
/// (the write queue past `max_write_queue`) pause and resume independently:
/// reading goes on only when neither holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pause {
    /// Nobody: read.
    No,
    /// `cx.pause_reading(true)`.
    ByApp,
    /// Backpressure: our write queue is over the limit.
    ByQueue,
    /// Both; each must lift its own.
    ByBoth,
}

impl Pause {
    fn with(self, app: bool, queue: bool) -> Pause {
        match (app, queue) {
            (false, false) => Pause::No,
            (true, false) => Pause::ByApp,
            (false, true) => Pause::ByQueue,
            (true, true) => Pause::ByBoth,
        }
    }
    pub(crate) fn by_app(self) -> bool {
        matches!(self, Pause::ByApp | Pause::ByBoth)
    }
    pub(crate) fn by_queue(self) -> bool {
        matches!(self, Pause::ByQueue | Pause::ByBoth)
    }
    pub(crate) fn set_app(self, on: bool) -> Pause {
        Pause::No.with(on, self.by_queue())
    }
    pub(crate) fn set_queue(self, on: bool) -> Pause {
        Pause::No.with(self.by_app(), on)
    }
}

/// The read side: what the peer has said, and whether we listen.
///
/// ```text
///                 kernel: is_read_closed              read() = 0
///   Open(pause) ─────────────────────────▶ FinSeen(pause) ─────────▶ Eof
///        └──────────────────────── read() = 0 ─────────────────────────▲
///
///   pause:  No ⇄ ByApp (pause_reading)   No ⇄ ByQueue (backpressure)
///           ByApp + ByQueue = ByBoth: each side lifts its own
/// ```
///
/// `FinSeen` exists for [`ReadMode::ShortReadMeansDrained`](crate::ReadMode):
/// the peer's FIN may come in the same edge as its last bytes, and no later
/// edge would announce it, so once the kernel has said so a short read does
/// not mean drained: we read on until `read` returns 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReadSide {
    /// The peer may send more.
    Open(Pause),
    /// The kernel reported the peer's FIN; bytes sent before it may still wait.
    FinSeen(Pause),
    /// `read` returned 0: nothing more will come.
    Eof,
}

impl ReadSide {
    pub(crate) fn pause(self) -> Pause {
        match self {
            ReadSide::Open(p) | ReadSide::FinSeen(p) => p,
            ReadSide::Eof => Pause::No,
        }
    }
    /// The same side with its pause changed (no change at `Eof`).
    pub(crate) fn paused(self, p: Pause) -> ReadSide {
        match self {
            ReadSide::Open(_) => ReadSide::Open(p),
            ReadSide::FinSeen(_) => ReadSide::FinSeen(p),
            ReadSide::Eof => ReadSide::Eof,
        }
    }
    pub(crate) fn fin_seen(self) -> ReadSide {
        match self {
            ReadSide::Open(p) => ReadSide::FinSeen(p),
            other => other,
        }
    }
}
// ANCHOR_END: read_side

// ANCHOR: write_side
/// The write side: what the loop waits for before it writes again. WRITABLE
/// interest is registered exactly when this is not `Idle`.
///
/// ```text
///            flush: WouldBlock (register WRITABLE)
///   Idle ─────────────────────────────────────────▶ Waiting
///    ▲                                                 │ WRITABLE event
///    │ settle: nothing left to send                    ▼
///    └──────── (register READABLE only) ────────── Writable
///                                                      │ flush: WouldBlock again
///                                     Waiting ◀────────┘
/// ```
///
/// Why not ask for WRITABLE all the time: a socket with room in its send
/// buffer is almost always writable, so the loop would be woken for nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WriteSide {
    /// Nothing waits for the socket: bytes a callback queues are written at
    /// the next flush, straight away.
    Idle,
    /// The socket said `WouldBlock`: do not write until a WRITABLE event.
    Waiting,
    /// A WRITABLE event came (interest still registered): write now.
    Writable,
}
// ANCHOR_END: write_side

/// The loop's state for one connection.
#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) peer: SocketAddr,
    /// Input the connection has not consumed yet (empty and unallocated when idle).
    pub(crate) partial: Vec<u8>,
    /// Output waiting for the socket.
    pub(crate) out: WriteQueue,
    pub(crate) phase: Phase,
    pub(crate) read: ReadSide,
    pub(crate) write: WriteSide,
    /// The connection's deadline (or, once closing, the close timeout).
    pub(crate) deadline: Option<Instant>,
    /// The earliest entry this connection has in the timer heap.
    pub(crate) in_heap: Option<Instant>,
    /// Why the connection was aborted, for the trace.
    pub(crate) why: Option<String>,
}

impl Entry {
    pub(crate) fn new(peer: SocketAddr) -> Entry {
        Entry {
            peer,
            partial: Vec::new(),
            out: WriteQueue::new(),
            phase: Phase::Open,
            read: ReadSide::Open(Pause::No),
            write: WriteSide::Idle,
            deadline: None,
            in_heap: None,
            why: None,
        }
    }

    /// Whether input should be read (and, while open, handed to the application) now.
    /// Pauses only hold while open: a closing connection reads and drops.
    pub(crate) fn reading(&self) -> bool {
        match self.phase {
            Phase::Aborted => false,
            Phase::Open => matches!(
                self.read,
                ReadSide::Open(Pause::No) | ReadSide::FinSeen(Pause::No)
            ),
            Phase::Closing | Phase::Lingering => self.read != ReadSide::Eof,
        }
    }

    pub(crate) fn eof(&self) -> bool {
        self.read == ReadSide::Eof
    }

    /// Marks the connection to be dropped, remembering why (first reason wins).
    pub(crate) fn abort(&mut self, why: impl Into<String>) {
        if self.phase != Phase::Aborted {
            self.phase = Phase::Aborted;
            self.why = Some(why.into());
        }
    }
}
