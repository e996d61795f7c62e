//! One stream's state (RFC 9113 §5.1), from the server's side.
//!
//! ```text
//!                       recv HEADERS
//!         idle ─────────────────────────────▶ open
//!           │                                 │  │
//!           │ recv HEADERS + END_STREAM       │  │ send END_STREAM
//!           │                recv END_STREAM  │  │
//!           ▼                                 │  ▼
//!    half-closed (remote) ◀───────────────────┘  half-closed (local)
//!     we may still send                           the client may still send
//!           │                                            │
//!           │ send END_STREAM                            │ recv END_STREAM
//!           └──────────────────▶ closed ◀────────────────┘
//!                (RST_STREAM, either way, closes a stream from any state)
//! ```
//!
//! Only the live states (open and both half-closed) are kept in the table: an *idle*
//! stream is any id above the highest the client has used, and a *closed*
//! one is any id at or below it that is not in the table. That is how a
//! server forgets a finished stream at once and still knows what a late
//! frame on it means.

use super::send_queue::SendQueue;
use super::window::{RecvWindow, SendWindow};

/// Where a live stream is (§5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Both sides may send.
    Open,
    /// The client sent END_STREAM (its request is complete); we are still answering.
    HalfClosedRemote,
    /// We sent END_STREAM (our answer is complete); the client is still sending.
    HalfClosedLocal,
}

impl State {
    /// The state after the client's END_STREAM, or `None` when that closes it.
    pub fn after_remote_end(self) -> Option<State> {
        match self {
            State::Open => Some(State::HalfClosedRemote),
            State::HalfClosedLocal | State::HalfClosedRemote => None,
        }
    }

    /// The state after our END_STREAM, or `None` when that closes it.
    pub fn after_local_end(self) -> Option<State> {
        match self {
            State::Open => Some(State::HalfClosedLocal),
            State::HalfClosedRemote | State::HalfClosedLocal => None,
        }
    }

    /// Whether the client may still send DATA (and trailers).
    pub fn remote_open(self) -> bool {
        self != State::HalfClosedRemote
    }

    /// Whether we may still send.
    pub fn local_open(self) -> bool {
        self != State::HalfClosedLocal
    }
}

/// A live stream: its state, both windows, what waits to be sent, and what
/// the request promised.
#[derive(Debug)]
pub struct Stream {
    /// Where it is in §5.1.
    pub state: State,
    /// What the client may still send on it.
    pub recv: RecvWindow,
    /// What we may still send on it.
    pub send: SendWindow,
    /// Our body octets not framed yet.
    pub queue: SendQueue,
    /// Our response's HEADERS went out.
    pub headers_sent: bool,
    /// The stream is in the scheduler's round-robin queue.
    pub in_ready: bool,
    /// The request's content-length, checked against its DATA (§8.1.1).
    pub content_length: Option<u64>,
    /// Body octets received so far (padding not counted).
    pub received: u64,
    /// Once our END_STREAM is out, tell the client to stop sending the rest of
    /// its request: RST_STREAM NO_ERROR (§8.1), after a 413 for one.
    pub stop_receiving: bool,
}

impl Stream {
    /// A stream just opened by a HEADERS frame, with the current initial windows.
    pub fn new(state: State, recv_window: u32, send_window: i64) -> Stream {
        let mut send = SendWindow::new(0);
        let _ = send.adjust(send_window);
        Stream {
            state,
            recv: RecvWindow::new(recv_window),
            send,
            queue: SendQueue::default(),
            headers_sent: false,
            in_ready: false,
            content_length: None,
            received: 0,
            stop_receiving: false,
        }
    }

    /// Whether the scheduler could frame something for it now: octets and a
    /// window for them, or an END_STREAM with nothing left before it (an empty
    /// DATA frame needs no window, §6.9.1).
    pub fn sendable(&self) -> bool {
        if !self.headers_sent || !self.state.local_open() {
            return false;
        }
        if self.queue.is_empty() {
            self.queue.ends()
        } else {
            self.send.available() > 0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ends_close_a_stream_in_either_order() {
        let s = State::Open;
        assert_eq!(s.after_remote_end(), Some(State::HalfClosedRemote));
        assert_eq!(s.after_local_end(), Some(State::HalfClosedLocal));
        assert_eq!(State::HalfClosedRemote.after_local_end(), None);
        assert_eq!(State::HalfClosedLocal.after_remote_end(), None);
        assert!(!State::HalfClosedRemote.remote_open());
        assert!(State::HalfClosedRemote.local_open());
    }
}
