//! Ending a connection on purpose (GOAWAY, RFC 9113 §6.8), and the timers.
//!
//! A graceful shutdown has a race in it: streams the client opened a moment
//! before our GOAWAY arrived are already on their way. §6.8's answer, which
//! we follow, is two GOAWAYs. The first says "last stream 2^31-1": no stream
//! is refused yet, but the client opens no new ones. A PING follows it; when
//! its answer comes back, every stream the client opened before it saw the
//! first GOAWAY has arrived, and the second GOAWAY names the real last
//! stream. Streams up to it are finished; anything above it is discarded,
//! and the client knows to retry those elsewhere.
//!
//! ```text
//!   GOAWAY last=2147483647 NO_ERROR, PING ──▶
//!                               ◀── HEADERS s=41 (in flight), PING ACK
//!   GOAWAY last=41 NO_ERROR ──▶  … streams ≤ 41 complete … ──▶ close
//! ```

use std::time::Instant;

use super::connection::H2Conn;
use super::error::ConnError;
use crate::error_code::ErrorCode;
use crate::frame::header::MAX_31_BIT;
use crate::frame::{Frame, GoAway, Ping, StreamId};

/// The PING payload of a graceful shutdown: "GOAWAY.." in ASCII.
const SHUTDOWN_PING: [u8; 8] = *b"GOAWAY..";

/// Where a graceful shutdown is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shutdown {
    /// Serving.
    Running,
    /// The first GOAWAY and its PING are out; waiting for the PING's answer,
    /// or `deadline`.
    Announced {
        /// When to send the final GOAWAY without the answer.
        deadline: Instant,
    },
    /// The final GOAWAY named `last`: streams above it are discarded.
    Final {
        /// The last stream we process.
        last: StreamId,
    },
}

impl Shutdown {
    /// Whether a stream with this id, opening now, must be discarded.
    pub fn refuses(&self, id: StreamId) -> bool {
        matches!(*self, Shutdown::Final { last } if id > last)
    }

    /// Whether the final GOAWAY went out.
    pub fn is_final(&self) -> bool {
        matches!(self, Shutdown::Final { .. })
    }

    /// Whether a PING answer carrying `opaque` is the one we wait for.
    pub fn is_our_ping(&self, opaque: [u8; 8]) -> bool {
        matches!(self, Shutdown::Announced { .. }) && opaque == SHUTDOWN_PING
    }
}

impl H2Conn {
    // ANCHOR: goaway
    /// Ends the connection. With NO_ERROR, gracefully: the open streams are
    /// finished, no new ones are accepted, and [`is_done`](Self::is_done)
    /// turns true when the last one is. With another code, at once (GOAWAY
    /// with that code; send the pending output and close).
    pub fn goaway(&mut self, code: ErrorCode, now: Instant) {
        if self.failed.is_some() {
            return;
        }
        if code != ErrorCode::NO_ERROR {
            self.fail(ConnError::Local(code));
            return;
        }
        if self.shutdown != Shutdown::Running {
            return;
        }
        self.out.frame(&Frame::GoAway(GoAway {
            last_stream: MAX_31_BIT,
            code,
            debug: b"shutting down",
        }));
        self.out.frame(&Frame::Ping(Ping {
            ack: false,
            opaque: SHUTDOWN_PING,
        }));
        self.shutdown = Shutdown::Announced {
            deadline: now + self.config.goaway_timeout,
        };
    }
    // ANCHOR_END: goaway

    /// The second GOAWAY of a graceful shutdown, naming the real last stream.
    pub(super) fn final_goaway(&mut self) {
        let last = self.streams.last();
        self.out.frame(&Frame::GoAway(GoAway {
            last_stream: last,
            code: ErrorCode::NO_ERROR,
            debug: b"",
        }));
        self.shutdown = Shutdown::Final { last };
    }

    /// When [`on_timer`](Self::on_timer) must run next, if ever: the SETTINGS
    /// acknowledgement's deadline, or a graceful shutdown's.
    pub fn deadline(&self) -> Option<Instant> {
        if self.failed.is_some() {
            return None;
        }
        let settings = self.unacked.map(|u| u.sent + self.config.settings_timeout);
        let shutdown = match self.shutdown {
            Shutdown::Announced { deadline } => Some(deadline),
            _ => None,
        };
        settings.into_iter().chain(shutdown).min()
    }

    /// Applies the deadlines that have passed at `now`. `Err`: the client
    /// never acknowledged our SETTINGS (§6.5.3: SETTINGS_TIMEOUT); the GOAWAY
    /// is queued, send it and close.
    pub fn on_timer(&mut self, now: Instant) -> Result<(), ConnError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        if let Some(u) = self.unacked
            && now >= u.sent + self.config.settings_timeout
        {
            return Err(self.fail(ConnError::SettingsTimeout));
        }
        if let Shutdown::Announced { deadline } = self.shutdown
            && now >= deadline
        {
            self.final_goaway();
        }
        Ok(())
    }
}
