//! Exercise: latencies from arrivals, counting the events a short poll skipped.
//!
//! The bench knows when each event was published (`stamps[k]` is event k + 1's
//! time) and each client records which new id arrived and when. A push client
//! receives every id; a short poller sees only the newest position, and the
//! events it skipped reach it (as "something newer") with that same answer.

/// Latencies in ms, in id order: for every event up to each arrived id that
/// was not already covered, `arrival time - its publication time`.
/// `arrivals` are `(id, time)` pairs in the order they arrived.
pub fn latencies(arrivals: &[(u64, f64)], stamps: &[f64]) -> Vec<f64> {
    // TODO: keep `covered` (0 at first); for each (id, at), push at - stamps[k - 1]
    // TODO: for k in covered+1..=id (skip k without a stamp), then covered = max(covered, id).
    let _ = (arrivals, stamps);
    todo!("latencies: every id up to each arrival, from its own publication time")
}
