//! Talking to the loop from other threads: a channel plus a `mio::Waker`.
//!
//! The loop sleeps in `poll`; a message put in a channel would sit there until
//! some socket woke it. A `Waker` is a file descriptor (an eventfd on Linux)
//! registered with the same `Poll`: writing to it makes `poll` return with the
//! waker's token, and the loop drains the channel.
//!
//! ```text
//!  publisher thread                        loop thread
//!  handle.send(msg) ─▶ channel ──────────▶ Service::on_message(msg)
//!          └────────▶ waker.wake() ─▶ poll returns (WAKER token)
//! ```
//!
//! Waking costs a syscall, so senders only wake the loop when it is not already
//! due to look at the channel (the `pending` flag).

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};

use crate::stats::{Stats, StatsCell};

/// Why a message could not be handed to the loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendError {
    /// The loop has stopped.
    Stopped,
    /// The channel is full (only from [`LoopHandle::try_send`]).
    Full,
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SendError::Stopped => "the event loop has stopped",
            SendError::Full => "the event loop's message channel is full",
        })
    }
}

impl std::error::Error for SendError {}

/// What the handles share with the loop.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) waker: mio::Waker,
    /// Set by a sender that woke the loop; cleared by the loop before it drains.
    pub(crate) pending: AtomicBool,
    pub(crate) stop: AtomicBool,
    pub(crate) stats: StatsCell,
}

// ANCHOR: handle
/// A way into the loop from any thread: send it messages, read its counters,
/// stop it. Cheap to clone.
pub struct LoopHandle<M> {
    tx: SyncSender<M>,
    shared: Arc<Shared>,
}

impl<M: Send> LoopHandle<M> {
    /// Hands `msg` to the loop's `Service::on_message`. Waits while the channel
    /// is full (the loop is behind); never call it from the loop's own thread.
    pub fn send(&self, msg: M) -> Result<(), SendError> {
        self.tx.send(msg).map_err(|_| SendError::Stopped)?;
        self.wake();
        Ok(())
    }

    /// Like [`send`](Self::send), but fails with `Full` instead of waiting.
    pub fn try_send(&self, msg: M) -> Result<(), SendError> {
        self.tx.try_send(msg).map_err(|e| match e {
            TrySendError::Full(_) => SendError::Full,
            TrySendError::Disconnected(_) => SendError::Stopped,
        })?;
        self.wake();
        Ok(())
    }

    fn wake(&self) {
        // Only the first sender since the loop last looked pays for the syscall.
        if !self.shared.pending.swap(true, Ordering::AcqRel) {
            let _ = self.shared.waker.wake();
        }
    }
    // ANCHOR_END: handle

    /// Asks the loop to stop: `run` returns after the current turn. Open
    /// connections are dropped.
    pub fn stop(&self) {
        self.shared.stop.store(true, Ordering::Release);
        let _ = self.shared.waker.wake();
    }

    /// The loop's counters right now.
    pub fn stats(&self) -> Stats {
        self.shared.stats.snapshot()
    }
}

impl<M> Clone for LoopHandle<M> {
    fn clone(&self) -> Self {
        LoopHandle {
            tx: self.tx.clone(),
            shared: self.shared.clone(),
        }
    }
}

impl<M> fmt::Debug for LoopHandle<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoopHandle").finish_non_exhaustive()
    }
}

/// A handle and the receiving end of its channel.
pub(crate) fn channel<M>(shared: Arc<Shared>, bound: usize) -> (LoopHandle<M>, Receiver<M>) {
    let (tx, rx) = sync_channel(bound.max(1));
    (LoopHandle { tx, shared }, rx)
}
