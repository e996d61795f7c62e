//! Exercise: exponential backoff with jitter, for a client that reconnects.
//!
//! Attempt n waits a random time in the upper half of `base · 2ⁿ` (at most
//! `cap`): the delays grow so a server that stays down is asked less often,
//! and the randomness spreads out clients that all lost it at once.

use std::time::Duration;

/// The delay before reconnect attempt `attempt` (0 for the first), with
/// `random` in `[0, 1)`: `ceiling/2 + ceiling·random/2`, where `ceiling` is
/// `base · 2^attempt` capped at `cap`. Never overflows, whatever `attempt` is.
pub fn delay(base: Duration, cap: Duration, attempt: u32, random: f64) -> Duration {
    // TODO: compute the ceiling without overflowing, cap it, then add the jitter.
    let _ = (base, cap, attempt, random);
    todo!("base * 2^attempt, capped, then a point in its upper half")
}
