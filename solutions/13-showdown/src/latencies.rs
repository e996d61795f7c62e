//! Solution: latencies from arrivals, counting skipped events.

/// Latencies in ms, in id order: for every event up to each arrived id that
/// was not already covered, `arrival time - its publication time`.
pub fn latencies(arrivals: &[(u64, f64)], stamps: &[f64]) -> Vec<f64> {
    let mut out = Vec::new();
    // The highest id already counted: ids are consecutive, so "everything up to
    // covered" is one number, not a set.
    let mut covered = 0u64;
    for &(id, at) in arrivals {
        // This arrival delivers every event after `covered` up to `id`: for a
        // push client just `id`, for a poller also the positions it skipped,
        // each measured from its own publication (not the sample's), which is
        // what makes short polling's latency honest.
        for k in covered + 1..=id {
            // An id the bench never stamped (published by someone else) is not measured.
            if let Some(ts) = stamps.get(k as usize - 1) {
                out.push(at - ts);
            }
        }
        // max: an old or repeated id (a duplicate after a reconnect) covers nothing new.
        covered = covered.max(id);
    }
    out
}
