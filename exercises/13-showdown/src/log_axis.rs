//! Exercise: a logarithmic axis for the SVG plots.
//!
//! Latencies span 0.05 ms (a WebSocket push) to 900 ms (a poll once a second).
//! On a log axis every power of ten gets the same height, so both are visible.

/// Maps values in `lo..=hi` (both > 0) to pixel rows: `lo` at `bottom`, `hi` at
/// `top` (SVG's y grows downwards, so `bottom > top`). Values outside the range
/// are clamped to its ends.
pub fn y_for(v: f64, lo: f64, hi: f64, top: f64, bottom: f64) -> f64 {
    // TODO: f = (log10 v - log10 lo) / (log10 hi - log10 lo), clamped to 0..=1;
    // TODO: return bottom - f * (bottom - top).
    let _ = (v, lo, hi, top, bottom);
    todo!("y_for: the fraction of the way from lo to hi in log10, then a pixel row")
}

/// The tick values: `lo`, `lo * 10`, `lo * 100`, ... while not above `hi`.
pub fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    // TODO: start at lo and multiply by 10 while the value is <= hi (allow a
    // TODO: tiny tolerance: 10 * 0.1 is not exactly 1 in floating point).
    let _ = (lo, hi);
    todo!("ticks: lo, lo*10, lo*100, ... up to hi")
}
