//! Summaries of measured samples: percentiles by the nearest-rank method
//! (chapter 7's [`percentile`], on the figures this chapter collects).
//!
//! Latency is never one number. The median (p50) says what a typical update
//! feels like; p99 says what one update in a hundred suffers, which is what a
//! user notices. Nearest rank: sort, then take the value at rank
//! `ceil(p/100 × n)` (1-based), so every reported figure is a real sample.

pub use ch07_event_loop::summary::percentile;

/// Count, p50, p99 and max of a set of samples.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Summary {
    /// How many samples.
    pub count: usize,
    /// The median.
    pub p50: f64,
    /// 99 in 100 samples are at most this.
    pub p99: f64,
    /// The largest sample.
    pub max: f64,
}

impl Summary {
    /// Summarises `samples` (sorted here; NaNs are dropped). All zero when empty.
    pub fn of(mut samples: Vec<f64>) -> Summary {
        samples.retain(|v| !v.is_nan());
        samples.sort_by(f64::total_cmp); // for `max`; percentile sorts its own copy
        Summary {
            count: samples.len(),
            p50: percentile(&samples, 50.0).unwrap_or(0.0),
            p99: percentile(&samples, 99.0).unwrap_or(0.0),
            max: samples.last().copied().unwrap_or(0.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 50.0), Some(50.0));
        assert_eq!(percentile(&v, 99.0), Some(99.0));
        assert_eq!(percentile(&v, 100.0), Some(100.0));
        // p must be in (0, 100]; p7 is the 7th sample, not the float ceil's 8th.
        assert_eq!(percentile(&v, 0.0), None);
        assert_eq!(percentile(&v, 7.0), Some(7.0));
        assert_eq!(percentile(&[7.0], 99.0), Some(7.0));
        assert_eq!(percentile::<f64>(&[], 50.0), None);
        let s = Summary::of(vec![3.0, 1.0, 2.0, f64::NAN]);
        assert_eq!((s.count, s.p50, s.max), (3, 2.0, 3.0));
    }
}
