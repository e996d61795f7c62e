//! Solution: the nearest-rank percentile.

/// The value at percentile `p` (0–100) of `samples` (in any order), by
/// nearest rank; `None` when there are no samples.
pub fn percentile(samples: &[f64], p: f64) -> Option<f64> {
    if samples.is_empty() {
        return None;
    }
    // Sort a copy: the caller's samples keep their order (arrival order means
    // something to whoever collected them). total_cmp orders NaN too, so the
    // sort cannot panic on a bad sample.
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    // Rank counts from 1: the smallest value is rank 1. ceil makes p99 of 100
    // samples rank 99, and p = 0 rank 0, which the clamp lifts to 1.
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}
