//! Solution: the median and the 99th percentile, the figures `--bench` prints.

use std::time::Duration;

/// The `p`-th percentile of `sorted` (ascending) samples, nearest rank.
pub fn percentile(sorted: &[Duration], p: f64) -> Option<Duration> {
    // `!(p > 0.0 && p <= 100.0)` also rejects NaN, which every comparison fails.
    if sorted.is_empty() || !(p > 0.0 && p <= 100.0) {
        return None;
    }
    let n = sorted.len();
    // ceil(p/100 * n) in integers: floating point can give 0.99 * n as a hair
    // above the integer it should be, and ceil would then skip a whole rank.
    // Tenths of a percent are precise enough for any percentile we print.
    let per_mille = (p * 10.0).round() as usize;
    // max(1): a tiny p on few samples still means the smallest one.
    let rank = (per_mille * n).div_ceil(1000).max(1);
    Some(sorted[rank - 1])
}

/// The median (p50) and the p99 of `samples`, which need not be sorted.
pub fn median_and_p99(samples: &[Duration]) -> Option<(Duration, Duration)> {
    // Sort a copy: the caller's samples stay in the order they were measured.
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    Some((percentile(&sorted, 50.0)?, percentile(&sorted, 99.0)?))
}
