//! Solution: the nearest-rank percentile, chapter 2's definition.

/// The value at percentile `p` (0 < p <= 100) of `samples` (in any order), by
/// nearest rank; `None` when there are no samples or `p` is out of range.
pub fn percentile(samples: &[f64], p: f64) -> Option<f64> {
    // `!(p > 0.0 && p <= 100.0)` also rejects NaN, which every comparison fails.
    if samples.is_empty() || !(p > 0.0 && p <= 100.0) {
        return None;
    }
    // Sort a copy: the caller's samples keep their order (arrival order means
    // something to whoever collected them). total_cmp orders NaN too, so the
    // sort cannot panic on a bad sample.
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    // rank = ceil(p × n / 100), counted from 1, in integers: in floating point
    // 7.0 / 100.0 * 100.0 is 7.000000000000001, whose ceil skips a whole rank.
    // Tenths of a percent are precise enough for any percentile we print.
    let n = sorted.len();
    let per_mille = (p * 10.0).round() as usize;
    // max(1): a tiny p on few samples still means the smallest one.
    let rank = (per_mille * n).div_ceil(1000).max(1);
    Some(sorted[rank - 1])
}
