//! Exercise: the nearest-rank percentile, as the bench's tables use it.
//!
//! p50 is what a typical update feels like, p99 what one in a hundred suffers.
//! Nearest rank reports a value that was really measured, never an average.
//! It is chapter 2's definition (its `percentiles` exercise), on unsorted samples.

/// The value at percentile `p` of `samples` (in any order), by nearest rank:
/// the value at rank `ceil(p × n / 100)` of the sorted samples, ranks counted
/// from 1, computed in integers (p in tenths of a percent): the floating-point
/// `(p / 100.0 * n).ceil()` makes p7 of 1..=100 rank 8.
///
/// `None` when there are no samples, or when `p` is not in `(0, 100]`.
/// For the values 1..=100: p7 = 7, p50 = 50, p99 = 99, p100 = 100.
pub fn percentile(samples: &[f64], p: f64) -> Option<f64> {
    // TODO: check p, sort a copy (f64::total_cmp), rank = ceil(p * n / 100) in integers
    // (tenths of a percent), at least 1; return sorted[rank - 1].
    let _ = (samples, p);
    todo!("percentile: sort a copy, take the value at rank ceil(p * n / 100), in integers")
}
