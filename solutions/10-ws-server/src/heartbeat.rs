//! Exercise: the server's ping timer.
//!
//! A peer not heard from for `interval` gets a Ping; if no Pong comes within
//! `timeout`, it is closed. The connection has one timer; this function says
//! what to do when it fires.

use std::time::{Duration, Instant};

/// What to do when the timer fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beat {
    /// Not yet: set the timer to this time.
    Wait(Instant),
    /// Send a Ping now, and wait for its Pong until this time.
    SendPing(Instant),
    /// No Pong in time: close the connection.
    TimedOut,
}

/// A connection's heartbeat state.
#[derive(Debug, Clone, Copy)]
pub struct Heartbeat {
    /// When we last heard from the peer (any frame).
    pub last_seen: Instant,
    /// When the Ping still waiting for its Pong was sent, if any.
    pub ping_sent: Option<Instant>,
}

impl Heartbeat {
    /// The timer fired at `now`.
    pub fn on_timer(&mut self, now: Instant, interval: Duration, timeout: Duration) -> Beat {
        if let Some(sent) = self.ping_sent {
            // Waiting for a Pong: data from the peer does not count, only a Pong.
            let deadline = sent + timeout;
            return if now >= deadline {
                Beat::TimedOut
            } else {
                Beat::Wait(deadline)
            };
        }
        let due = self.last_seen + interval;
        if now < due {
            // Heard from since the timer was set: the ping moves later.
            return Beat::Wait(due);
        }
        self.ping_sent = Some(now);
        Beat::SendPing(now + timeout)
    }

    /// A Pong arrived at `now`.
    pub fn on_pong(&mut self, now: Instant) {
        self.last_seen = now;
        self.ping_sent = None;
    }
}
