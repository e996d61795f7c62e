//! A tiny timing harness for byte-crunching loops, shared by the benchmarks
//! (`cargo bench -p ch09-ws-frames --bench mask`, and chapter 13's).
//!
//! It runs a closure over and over for a fixed wall-clock budget and reports
//! bytes per second. Nothing fancy: no statistics, just enough repetitions that
//! the clock's resolution does not matter. Build with `--release` (cargo bench does).

use std::time::{Duration, Instant};

/// How long each measurement runs (after a short warm-up).
pub const BUDGET: Duration = Duration::from_millis(40);

/// How many times each measurement is repeated; benchmarks report the best.
/// On a machine shared with other work (compilers, other tests), the best of
/// several short runs is much steadier than one long run: interference only
/// ever makes a run slower.
pub const ROUNDS: usize = 7;

/// Runs `step` (which processes `bytes_per_call` bytes) repeatedly for about
/// `budget` and returns the throughput in GB/s (10^9 bytes per second).
pub fn gb_per_s(bytes_per_call: usize, budget: Duration, mut step: impl FnMut()) -> f64 {
    // Warm-up: caches, branch predictors, CPU frequency.
    let warm = Instant::now();
    while warm.elapsed() < budget / 10 {
        step();
    }
    // Time batches of calls so that Instant::now() is not most of what we measure.
    let mut calls: u64 = 0;
    let mut batch: u64 = 1;
    let start = Instant::now();
    loop {
        for _ in 0..batch {
            step();
        }
        calls += batch;
        let elapsed = start.elapsed();
        if elapsed >= budget {
            return (calls as f64 * bytes_per_call as f64) / elapsed.as_secs_f64() / 1e9;
        }
        batch = (batch * 2).min(1 << 20);
    }
}

/// A buffer of `len` bytes starting `misalign` bytes past a 64-byte boundary, so
/// a benchmark can compare an aligned start with a misaligned one. Returns the
/// backing storage and the range to use.
pub fn buffer_at(len: usize, misalign: usize) -> (Vec<u8>, std::ops::Range<usize>) {
    let storage: Vec<u8> = (0..len + 128).map(|i| (i * 31 + 7) as u8).collect();
    let base = storage.as_ptr() as usize;
    let start = (64 - base % 64) % 64 + misalign;
    (storage, start..start + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_start_where_asked() {
        for misalign in [0, 1, 3] {
            let (v, r) = buffer_at(100, misalign);
            assert_eq!(r.len(), 100);
            assert_eq!(v[r.clone()].as_ptr() as usize % 64, misalign);
        }
    }

    #[test]
    fn measures_something() {
        let mut n = 0u64;
        let rate = gb_per_s(1000, Duration::from_millis(5), || n += 1);
        assert!(rate > 0.0 && n > 0);
    }
}
