//! Exercise: the nearest-rank percentile, as the bench's tables use it.
//!
//! p50 is what a typical update feels like, p99 what one in a hundred suffers.
//! Nearest rank reports a value that was really measured, never an average.

/// The value at percentile `p` (0–100) of `samples` (in any order), by
/// nearest rank; `None` when there are no samples.
pub fn percentile(samples: &[f64], p: f64) -> Option<f64> {
    // TODO: sort a copy; rank = ceil(p / 100 * n), clamped to 1..=n; return sorted[rank - 1].
    let _ = (samples, p);
    todo!("percentile: sort a copy, take the value at rank ceil(p/100 * n)")
}
