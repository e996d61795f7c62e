//! Exponential backoff with jitter: how long a client waits before it tries
//! to reconnect.
//!
//! When a server restarts, every client notices at the same moment. If they
//! all retry at once, and again at once after each failure, they arrive as a
//! stampede. Two fixes, together:
//!
//! - *exponential*: wait `base`, then `2·base`, `4·base`… up to `cap`, so a
//!   server that stays down is asked less and less often;
//! - *jitter*: wait a random time in `[delay/2, delay]`, so clients that failed
//!   together spread out ("equal jitter": never less than half the delay).
//!
//! ```text
//!  attempt   0     1     2     3     4     5 ...
//!  delay    0.5s  1s    2s    4s    8s    10s (cap)
//!  waited   ├──┤  ├───┤ ├────┤ ...   a random point in the upper half
//! ```
//!
//! A connection that stayed up resets the attempt count to 0.

use std::time::Duration;

// ANCHOR: backoff
/// The delays to wait between reconnect attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The first delay.
    pub base: Duration,
    /// The largest delay.
    pub cap: Duration,
    /// Failed attempts since the last success.
    pub attempt: u32,
}

impl Backoff {
    /// A backoff starting at `base`, never above `cap`.
    pub fn new(base: Duration, cap: Duration) -> Backoff {
        Backoff {
            base,
            cap,
            attempt: 0,
        }
    }

    /// The delay before jitter for attempt `n`: `base · 2ⁿ`, at most `cap`.
    /// Saturates instead of overflowing, however large `n` gets.
    pub fn ceiling(&self, n: u32) -> Duration {
        let factor = 1u32.checked_shl(n.min(31)).unwrap_or(u32::MAX);
        self.base.saturating_mul(factor).min(self.cap)
    }

    /// The next delay, with `random` in `[0, 1)` choosing a point in the upper
    /// half of the ceiling; counts the attempt.
    pub fn next_delay(&mut self, random: f64) -> Duration {
        let ceiling = self.ceiling(self.attempt);
        self.attempt = self.attempt.saturating_add(1);
        let random = if (0.0..1.0).contains(&random) {
            random
        } else {
            0.0
        };
        ceiling / 2 + ceiling.mul_f64(random / 2.0)
    }

    /// The connection succeeded: start again from `base` next time.
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}
// ANCHOR_END: backoff

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_the_cap_with_jitter_in_the_upper_half() {
        let mut b = Backoff::new(Duration::from_millis(500), Duration::from_secs(10));
        let ceilings: Vec<u64> = (0..7).map(|n| b.ceiling(n).as_millis() as u64).collect();
        assert_eq!(ceilings, [500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
        assert_eq!(b.ceiling(1000), Duration::from_secs(10), "no overflow");
        assert_eq!(b.next_delay(0.0), Duration::from_millis(250));
        assert_eq!(b.next_delay(0.999_999).as_millis(), 999);
        b.reset();
        assert_eq!(b.next_delay(0.5), Duration::from_millis(375));
    }
}
