//! Heartbeats: is the peer still there?
//!
//! TCP says nothing while nothing is sent: a peer whose machine lost power, or
//! whose NAT entry expired, looks exactly like a quiet one. So the server asks:
//! after `interval` without hearing from a peer it sends a Ping (RFC 6455
//! §5.5.2), and a peer that answers with no Pong within `timeout` is closed.
//! Any Pong counts (§5.5.3: a peer may answer only the most recent of several
//! Pings, and may send a Pong unasked), and any frame from the peer postpones
//! the next Ping: a busy peer is never pinged.
//!
//! The server counts only a Pong as the answer to its Ping. `ch10-client`,
//! which runs the same state (`client/liveness.rs`), counts any byte from the
//! server ([`Heartbeat::alive`]): a server in the middle of sending a big
//! message cannot put its Pong in front of it (control frames go between
//! frames, never inside one), and a byte proves its process is running.
//!
//! ```text
//!   heard ──interval──▶ Ping sent ──timeout──▶ no Pong: close
//!     ▲                    │
//!     └──── Pong ◀─────────┘
//! ```
//!
//! The connection keeps one deadline (the loop gives it one timer); this type
//! decides what that deadline means. It holds two `Instant`s and a counter.

use std::time::{Duration, Instant};

/// What the connection should do when its timer fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beat {
    /// Nothing yet: set the timer to this time.
    Wait(Instant),
    /// Send a Ping with this payload, then wait until the given time for a Pong.
    Ping([u8; 4], Instant),
    /// The peer did not answer: close it.
    TimedOut,
}

// ANCHOR: heartbeat
/// One connection's heartbeat state.
#[derive(Debug, Clone, Copy)]
pub struct Heartbeat {
    /// When we last heard anything from the peer.
    last_seen: Instant,
    /// When the Ping we are waiting on an answer for was sent.
    ping_sent: Option<Instant>,
    /// Pings sent so far (the payload, so a trace shows which Pong answers which).
    pings: u32,
}

impl Heartbeat {
    /// A peer heard from at `now` (the handshake).
    pub fn new(now: Instant) -> Heartbeat {
        Heartbeat {
            last_seen: now,
            ping_sent: None,
            pings: 0,
        }
    }

    /// The time the timer should be set to.
    pub fn deadline(&self, interval: Duration, timeout: Duration) -> Instant {
        match self.ping_sent {
            Some(sent) => sent + timeout,
            None => self.last_seen + interval,
        }
    }

    /// A frame arrived: the peer is alive, the next Ping can wait.
    pub fn heard(&mut self, now: Instant) {
        self.last_seen = now;
    }

    /// A Pong arrived (for any Ping, or unasked): stop waiting.
    pub fn pong(&mut self, now: Instant) {
        self.last_seen = now;
        self.ping_sent = None;
    }

    /// Any sign of life that also ends the wait for a Pong: the client's rule,
    /// which counts every byte the server sends (see the module doc).
    pub fn alive(&mut self, now: Instant) {
        self.pong(now);
    }

    /// Whether a Ping is waiting for its answer.
    pub fn waiting(&self) -> bool {
        self.ping_sent.is_some()
    }

    /// The timer fired at `now`: decide.
    pub fn on_timer(&mut self, now: Instant, interval: Duration, timeout: Duration) -> Beat {
        if let Some(sent) = self.ping_sent {
            return if now >= sent + timeout {
                Beat::TimedOut
            } else {
                Beat::Wait(sent + timeout)
            };
        }
        let due = self.last_seen + interval;
        if now < due {
            // Heard from since the timer was set: push the Ping back, lazily.
            return Beat::Wait(due);
        }
        self.pings = self.pings.wrapping_add(1);
        self.ping_sent = Some(now);
        Beat::Ping(self.pings.to_be_bytes(), now + timeout)
    }
}
// ANCHOR_END: heartbeat

#[cfg(test)]
mod tests {
    use super::*;

    const I: Duration = Duration::from_secs(30);
    const T: Duration = Duration::from_secs(10);

    #[test]
    fn quiet_peer_is_pinged_then_timed_out() {
        let t0 = Instant::now();
        let mut hb = Heartbeat::new(t0);
        assert_eq!(hb.deadline(I, T), t0 + I);
        assert_eq!(
            hb.on_timer(t0 + I, I, T),
            Beat::Ping([0, 0, 0, 1], t0 + I + T)
        );
        assert_eq!(hb.deadline(I, T), t0 + I + T);
        // Data is not a Pong: still waiting.
        hb.heard(t0 + I + Duration::from_secs(1));
        assert_eq!(hb.on_timer(t0 + I + T, I, T), Beat::TimedOut);
    }

    #[test]
    fn a_pong_resets_and_activity_postpones() {
        let t0 = Instant::now();
        let mut hb = Heartbeat::new(t0);
        hb.heard(t0 + Duration::from_secs(20));
        assert_eq!(
            hb.on_timer(t0 + I, I, T),
            Beat::Wait(t0 + Duration::from_secs(50))
        );
        let at = t0 + Duration::from_secs(50);
        assert!(matches!(hb.on_timer(at, I, T), Beat::Ping([0, 0, 0, 1], _)));
        hb.pong(at + Duration::from_secs(1));
        assert_eq!(hb.deadline(I, T), at + Duration::from_secs(1) + I);
        assert!(matches!(
            hb.on_timer(at + Duration::from_secs(31), I, T),
            Beat::Ping([0, 0, 0, 2], _)
        ));
    }
}
