//! Medians and percentiles (nearest rank): how this chapter's measurements of
//! the loop against chapter 6's threads are summarised, and the same function
//! every later chapter's figures use (chapter 10's echo bench, chapter 13's
//! p50/p99 in `percentile.rs`).
//!
//! A figure measured over several rounds is reported as a median, which one
//! noisy round cannot move the way it moves a mean; a latency as p50 and p99.
//! Nearest rank (sort, take the value at rank `ceil(p/100 × n)`) means every
//! figure reported is a real sample.

/// The value at percentile `p` (0–100) of `values`, nearest rank; `None` if empty.
pub fn percentile<T: Copy + PartialOrd>(values: &[T], p: f64) -> Option<T> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    Some(v[rank.clamp(1, v.len()) - 1])
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
        assert_eq!(percentile(&v, 0.0), Some(1));
        assert_eq!(median::<u32>(&[]), None);
        assert_eq!(median(&[2.0, 1.0]), Some(1.0));
    }
}
