//! Exercise: the median and the 99th percentile, the figures `--bench` prints.
//!
//! The median is what a typical round trip costs; the p99 is the slow tail that
//! one request in a hundred sees. We use the nearest-rank definition: the p-th
//! percentile is an actual sample, never an average of two.

use std::time::Duration;

/// The `p`-th percentile of `sorted` (ascending) samples, nearest rank:
/// the sample at rank `ceil(p × n / 100)`, ranks counted from 1, computed in
/// integers (p in tenths of a percent), never as `(p / 100.0 * n).ceil()`:
/// chapter 13's `percentile` exercise keeps the same definition.
///
/// `None` when there are no samples, or when `p` is not in `(0, 100]`.
/// For 100 samples 1..=100 µs: p7 = 7 µs, p50 = 50 µs, p99 = 99 µs, p100 = 100 µs.
pub fn percentile(sorted: &[Duration], p: f64) -> Option<Duration> {
    // TODO: compute the rank in integers, then return sorted[rank - 1].
    let _ = (sorted, p);
    todo!("percentile: nearest rank, ceil(p * n / 100) in integers, counted from 1")
}

/// The median (p50) and the p99 of `samples`, which need not be sorted.
/// `None` for no samples.
pub fn median_and_p99(samples: &[Duration]) -> Option<(Duration, Duration)> {
    // TODO: sort a copy, then call percentile twice.
    let _ = samples;
    todo!("median_and_p99: sort a copy of the samples, then percentile(50) and percentile(99)")
}
