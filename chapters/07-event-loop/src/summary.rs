//! Medians and percentiles (nearest rank): how this chapter's measurements of
//! the loop against chapter 6's threads are summarised, and the same function
//! every later chapter's figures use (chapter 10's echo bench, chapter 13's
//! p50/p99 in `percentile.rs`).
//!
//! A figure measured over several rounds is reported as a median, which one
//! noisy round cannot move the way it moves a mean; a latency as p50 and p99.
//! Nearest rank (sort, take the value at rank `ceil(p/100 × n)`) means every
//! figure reported is a real sample. The rank is chapter 2's, computed in
//! integers: one definition for every percentile in the book.

use ch02_unix::stats::nearest_rank;

/// The value at percentile `p` (0 < p <= 100) of `values`, nearest rank;
/// `None` if empty or `p` is outside (0, 100].
pub fn percentile<T: Copy + PartialOrd>(values: &[T], p: f64) -> Option<T> {
    let rank = nearest_rank(values.len(), p)?;
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    Some(v[rank - 1])
}

/// The median (the 50th percentile, nearest rank).
pub fn median<T: Copy + PartialOrd>(values: &[T]) -> Option<T> {
    percentile(values, 50.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank() {
        let v = [5, 1, 4, 2, 3];
        assert_eq!(median(&v), Some(3));
        assert_eq!(percentile(&v, 99.0), Some(5));
        assert_eq!(percentile(&v, 0.0), None);
        // The floating-point trap: ceil(0.07 × 100) is 8 in f64; the rank is 7.
        let hundred: Vec<u32> = (1..=100).collect();
        assert_eq!(percentile(&hundred, 7.0), Some(7));
        assert_eq!(median::<u32>(&[]), None);
        assert_eq!(median(&[2.0, 1.0]), Some(1.0));
    }
}
