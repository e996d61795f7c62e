//! Solution: a logarithmic axis.

/// Maps values in `lo..=hi` (both > 0) to pixel rows: `lo` at `bottom`, `hi` at
/// `top`. Values outside the range are clamped to its ends.
pub fn y_for(v: f64, lo: f64, hi: f64, top: f64, bottom: f64) -> f64 {
    // In log10, equal ratios are equal distances: 0.1 → 1 is as tall as 10 → 100.
    // A zero or negative value has no logarithm: clamp it to the bottom first.
    let v = v.max(lo);
    let f = (v.log10() - lo.log10()) / (hi.log10() - lo.log10());
    // Clamp: a p99 above the axis's top must not be drawn above the chart.
    bottom - f.clamp(0.0, 1.0) * (bottom - top)
}

/// The tick values: `lo`, `lo * 10`, `lo * 100`, ... while not above `hi`.
pub fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let mut out = Vec::new();
    let mut v = lo;
    // Repeated multiplication drifts (0.01 * 10 * 10 is 1.0000000000000002),
    // so compare with a little room above hi.
    while v <= hi * (1.0 + 1e-9) {
        out.push(v);
        v *= 10.0;
    }
    out
}
