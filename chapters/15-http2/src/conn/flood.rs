//! Counting what a peer may do at will, and saying when it is too much.
//!
//! HTTP/2 lets a client make a server work without asking for anything: a PING
//! must be answered, SETTINGS acknowledged, a stream opened and reset at once
//! costs a request's set-up and nothing else. Each was an attack on real
//! servers (the 2019 advisories CVE-2019-9512 ping flood, -9514 reset flood,
//! -9515 settings flood, -9518 empty frames; the 2023 "rapid reset",
//! CVE-2023-44487). Each kind gets a [`RateCounter`]; past its rate the
//! connection ends with GOAWAY ENHANCE_YOUR_CALM (RFC 9113 §7: "the peer might
//! be generating excessive load").

use std::fmt;
use std::time::Instant;

use super::config::{H2Config, Rate};

/// Counts events in fixed intervals of a [`Rate`].
#[derive(Debug, Clone)]
pub struct RateCounter {
    rate: Rate,
    started: Option<Instant>,
    count: u32,
}

impl RateCounter {
    /// A counter for `rate`.
    pub fn new(rate: Rate) -> RateCounter {
        RateCounter {
            rate,
            started: None,
            count: 0,
        }
    }

    /// Counts one event at `now`; `true` when it is one too many.
    pub fn hit(&mut self, now: Instant) -> bool {
        match self.started {
            Some(at) if now.saturating_duration_since(at) < self.rate.per => {}
            _ => {
                self.started = Some(now);
                self.count = 0;
            }
        }
        self.count += 1;
        self.count > self.rate.count
    }
}

/// Which kind of excess ended a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flood {
    /// Too many streams reset early (rapid reset, CVE-2023-44487).
    Resets,
    /// Too many frames that did nothing (CVE-2019-9518).
    EmptyFrames,
    /// Too many SETTINGS, PING and WINDOW_UPDATE frames (CVE-2019-9512, -9515).
    ControlFrames,
    /// Output piled up that the peer never read: its ACKs, our resets
    /// (CVE-2019-9512, -9515's "the peer does not read" half).
    OutputBacklog,
}

impl fmt::Display for Flood {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Flood::Resets => "too many streams reset early (rapid reset)",
            Flood::EmptyFrames => "too many frames that carry nothing",
            Flood::ControlFrames => "too many SETTINGS, PING and WINDOW_UPDATE frames",
            Flood::OutputBacklog => "too much output the peer does not read",
        })
    }
}

/// The counters of one connection.
#[derive(Debug, Clone)]
pub struct Floods {
    resets: RateCounter,
    empty: RateCounter,
    control: RateCounter,
}

impl Floods {
    /// Counters for `config`'s rates.
    pub fn new(config: &H2Config) -> Floods {
        Floods {
            resets: RateCounter::new(config.max_resets),
            empty: RateCounter::new(config.max_empty_frames),
            control: RateCounter::new(config.max_control_frames),
        }
    }

    /// A stream was reset early (by the peer, or by us for its fault).
    pub fn reset(&mut self, now: Instant) -> Result<(), Flood> {
        over(self.resets.hit(now), Flood::Resets)
    }

    /// A frame arrived that does nothing.
    pub fn empty_frame(&mut self, now: Instant) -> Result<(), Flood> {
        over(self.empty.hit(now), Flood::EmptyFrames)
    }

    /// A SETTINGS, PING or WINDOW_UPDATE arrived.
    pub fn control_frame(&mut self, now: Instant) -> Result<(), Flood> {
        over(self.control.hit(now), Flood::ControlFrames)
    }
}

fn over(too_many: bool, flood: Flood) -> Result<(), Flood> {
    if too_many { Err(flood) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn counts_per_interval() {
        let t0 = Instant::now();
        let mut c = RateCounter::new(Rate::new(3, Duration::from_secs(1)));
        assert!(!c.hit(t0) && !c.hit(t0) && !c.hit(t0));
        assert!(c.hit(t0), "the fourth in one interval");
        // A new interval starts the count again.
        let t1 = t0 + Duration::from_secs(1);
        assert!(!c.hit(t1) && !c.hit(t1) && !c.hit(t1));
        assert!(c.hit(t1 + Duration::from_millis(999)));
    }
}
