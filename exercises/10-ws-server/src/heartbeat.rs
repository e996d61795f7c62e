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
        // TODO: a ping waiting for a pong times out at ping_sent + timeout; otherwise
        // the next ping is due at last_seen + interval (record when you send it).
        let _ = (now, interval, timeout);
        todo!("TimedOut, Wait or SendPing")
    }

    /// A Pong arrived at `now`.
    pub fn on_pong(&mut self, now: Instant) {
        self.last_seen = now;
        self.ping_sent = None;
    }
}
