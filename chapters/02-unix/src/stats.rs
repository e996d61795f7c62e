//! Median and 99th percentile of latency samples: the figures `--bench` prints.
//!
//! Latency is not one number. The median says what a typical round trip costs;
//! the p99 says what one in a hundred waits at least as long as — the tail a
//! user notices. An average would hide both behind a few outliers.

use std::time::Duration;

/// What `--bench` reports for one set of round trips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// How many samples.
    pub count: usize,
    /// The 50th percentile.
    pub median: Duration,
    /// The 99th percentile.
    pub p99: Duration,
    /// The slowest sample.
    pub max: Duration,
}

// ANCHOR: percentile
/// The 1-based rank of the `p`-th percentile (0 < p <= 100) among `n` sorted
/// samples, by the nearest-rank method: `ceil(p/100 × n)`, in integers, since
/// in floating point `0.07 * 100.0` is `7.000000000000001` and its ceiling 8.
/// `None` for no samples or a `p` outside (0, 100]. Chapter 7's summaries (and
/// so every later chapter's p50 and p99) use this same rank.
pub fn nearest_rank(n: usize, p: f64) -> Option<usize> {
    if n == 0 || !(p > 0.0 && p <= 100.0) {
        return None;
    }
    let per_mille = (p * 10.0).round() as usize; // p = 99 → 990
    Some((per_mille * n).div_ceil(1000).max(1))
}

/// The `p`-th percentile (0 < p <= 100) of `sorted` samples, by the
/// nearest-rank method: the smallest sample that at least `p`% of all samples
/// are less than or equal to. `None` for no samples.
pub fn percentile(sorted: &[Duration], p: f64) -> Option<Duration> {
    nearest_rank(sorted.len(), p).map(|rank| sorted[rank - 1])
}

/// Sorts `samples` and summarises them; `None` when there are none.
pub fn summarize(samples: &mut [Duration]) -> Option<Summary> {
    samples.sort_unstable();
    Some(Summary {
        count: samples.len(),
        median: percentile(samples, 50.0)?,
        p99: percentile(samples, 99.0)?,
        max: *samples.last()?,
    })
}
// ANCHOR_END: percentile

#[cfg(test)]
mod tests {
    use super::*;

    fn us(v: &[u64]) -> Vec<Duration> {
        v.iter().map(|&x| Duration::from_micros(x)).collect()
    }

    #[test]
    fn nearest_rank() {
        let s = us(&(1..=100).collect::<Vec<_>>());
        assert_eq!(percentile(&s, 50.0), Some(Duration::from_micros(50)));
        assert_eq!(percentile(&s, 99.0), Some(Duration::from_micros(99)));
        assert_eq!(percentile(&s, 100.0), Some(Duration::from_micros(100)));
        let ten = us(&(1..=10).collect::<Vec<_>>());
        assert_eq!(percentile(&ten, 99.0), Some(Duration::from_micros(10)));
        assert_eq!(percentile(&ten, 50.0), Some(Duration::from_micros(5)));
        assert_eq!(percentile(&[], 50.0), None);
        assert_eq!(percentile(&ten, 0.0), None);
    }

    #[test]
    fn summary_sorts_first() {
        let mut s = us(&[9, 1, 5, 3, 7]);
        let sum = summarize(&mut s).unwrap();
        assert_eq!(sum.median, Duration::from_micros(5));
        assert_eq!(sum.p99, Duration::from_micros(9));
        assert_eq!(sum.max, Duration::from_micros(9));
        assert_eq!(sum.count, 5);
        assert_eq!(summarize(&mut []), None);
    }
}
