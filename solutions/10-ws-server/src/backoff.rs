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
    // 2^attempt as a u32 factor; past 2^31 it saturates, and the cap wins anyway.
    let factor = 1u32.checked_shl(attempt.min(31)).unwrap_or(u32::MAX);
    let ceiling = base.saturating_mul(factor).min(cap);
    // Equal jitter: never less than half the ceiling, so retries still back off.
    let random = if (0.0..1.0).contains(&random) {
        random
    } else {
        0.0
    };
    ceiling / 2 + ceiling.mul_f64(random / 2.0)
}
