//! Publishing from other threads: a message to the loop that owns the feed.
//!
//! The feed has no lock: it belongs to the event loop's service. Another thread
//! (a `--tick` timer, a test, a database listener) sends [`FeedMsg::Publish`]
//! through the loop's [`LoopHandle`]; the handle's `mio::Waker` wakes the loop,
//! whose `Service::on_message` publishes and wakes the parked clients.
//!
//! ```text
//!  any thread: publisher.publish("hi") ─▶ channel + Waker ─▶ loop: on_message
//!                                                              └▶ feed.publish, waiters.wake_all
//! ```

use ch07_event_loop::{LoopHandle, SendError};

/// What other threads may ask of a loop that serves a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedMsg {
    /// Append this message to the feed.
    Publish(String),
}

/// A cheap, clonable way to publish to a feed served by an event loop.
#[derive(Debug, Clone)]
pub struct Publisher {
    handle: LoopHandle<FeedMsg>,
}

impl Publisher {
    /// Publishes through `handle`, the handle of a loop whose service takes [`FeedMsg`].
    pub fn new(handle: LoopHandle<FeedMsg>) -> Publisher {
        Publisher { handle }
    }

    /// Hands `data` to the loop, which publishes it in order with everything
    /// else sent from this thread. Waits while the loop's channel is full (so a
    /// fast publisher is slowed to the loop's pace instead of growing a queue).
    pub fn publish(&self, data: impl Into<String>) -> Result<(), SendError> {
        self.handle.send(FeedMsg::Publish(data.into()))
    }
}
