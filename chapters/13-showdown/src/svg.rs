//! A very small SVG plotter: grouped bar charts with an optional whisker
//! (p50 as the bar, p99 as the whisker) on a linear or logarithmic axis.
//!
//! SVG is text: a `<rect>` per bar, a `<line>` per tick, `<text>` for labels.
//! The only arithmetic is the axis: mapping a value to a pixel row.
//!
//! ```text
//!  value ──scale──▶ y pixel      linear: y = bottom − (v / max) × height
//!                                log:    y = bottom − (log10 v − log10 lo) / (log10 hi − log10 lo) × height
//! ```
//!
//! Latencies on loopback span 0.05 ms (a WebSocket push) to 500 ms (a poll
//! every second): four decades. A linear axis would show one bar and a row of
//! slivers, so those charts use a log axis.

use std::fmt::Write;

/// One series of bars (one transport): a value per group, maybe a whisker.
#[derive(Debug, Clone)]
pub struct Series {
    /// Its name in the legend.
    pub name: String,
    /// A CSS colour.
    pub color: String,
    /// The bar's height per group (`None`: not measured, no bar).
    pub values: Vec<Option<f64>>,
    /// Where the whisker ends per group (e.g. p99), if any.
    pub whiskers: Vec<Option<f64>>,
}

/// A grouped bar chart.
#[derive(Debug, Clone)]
pub struct BarChart {
    /// Printed on top.
    pub title: String,
    /// Printed along the value axis (units!).
    pub y_label: String,
    /// The groups along the bottom (e.g. "N = 1", "N = 100").
    pub groups: Vec<String>,
    /// One bar per series in each group.
    pub series: Vec<Series>,
    /// A logarithmic value axis.
    pub log: bool,
    /// Small print under the chart (machine and date).
    pub note: String,
}

const W: f64 = 760.0;
const H: f64 = 420.0;
const LEFT: f64 = 80.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 50.0;
const BOTTOM: f64 = 90.0;

/// Escapes text for an SVG (XML) text node or attribute.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// A number short enough for a tick label: 0.05, 2, 150, 12k, 3M.
pub fn short_number(v: f64) -> String {
    let a = v.abs();
    if a >= 1e6 {
        format!("{}M", trim(v / 1e6))
    } else if a >= 1e4 {
        format!("{}k", trim(v / 1e3))
    } else {
        trim(v)
    }
}

fn trim(v: f64) -> String {
    let s = if v.abs() >= 100.0 || v == v.trunc() {
        format!("{v:.0}")
    } else if v.abs() >= 1.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.3}")
    };
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

// ANCHOR: axis
/// The value axis: maps values in `lo..=hi` onto pixel rows `bottom..=top`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Axis {
    /// The smallest value shown (at `bottom`).
    pub lo: f64,
    /// The largest value shown (at `top`).
    pub hi: f64,
    /// Logarithmic (powers of ten equally spaced) or linear.
    pub log: bool,
    /// Pixel row of `hi`.
    pub top: f64,
    /// Pixel row of `lo` (SVG's y grows downwards, so bottom > top).
    pub bottom: f64,
}

impl Axis {
    /// An axis that fits `values`: from 0 (linear) or the power of ten at or
    /// below the smallest value (log) to a round number at or above the largest.
    pub fn fit(values: &[f64], log: bool, top: f64, bottom: f64) -> Axis {
        let positive: Vec<f64> = values
            .iter()
            .copied()
            .filter(|v| v.is_finite() && *v > 0.0)
            .collect();
        let max = positive.iter().copied().fold(0.0, f64::max);
        let min = positive.iter().copied().fold(f64::INFINITY, f64::min);
        let (lo, hi) = if positive.is_empty() {
            (if log { 1.0 } else { 0.0 }, 10.0)
        } else if log {
            let lo = 10f64.powi(min.log10().floor() as i32);
            let mut hi = 10f64.powi(max.log10().ceil() as i32);
            if hi <= lo {
                hi = lo * 10.0;
            }
            (lo, hi)
        } else {
            // A "nice" top: 1, 2 or 5 times a power of ten.
            let p = 10f64.powf(max.log10().floor());
            let hi = [1.0, 2.0, 5.0, 10.0]
                .iter()
                .map(|m| m * p)
                .find(|&h| h >= max)
                .unwrap_or(10.0 * p);
            (0.0, hi)
        };
        Axis {
            lo,
            hi,
            log,
            top,
            bottom,
        }
    }

    /// The pixel row of `v` (clamped to the axis).
    pub fn y(&self, v: f64) -> f64 {
        let f = if self.log {
            let v = v.max(self.lo);
            (v.log10() - self.lo.log10()) / (self.hi.log10() - self.lo.log10())
        } else {
            (v - self.lo) / (self.hi - self.lo)
        };
        self.bottom - f.clamp(0.0, 1.0) * (self.bottom - self.top)
    }

    /// Where to draw ticks: each power of ten (log) or five equal steps (linear).
    pub fn ticks(&self) -> Vec<f64> {
        if self.log {
            let mut t = Vec::new();
            let mut v = self.lo;
            while v <= self.hi * 1.0001 {
                t.push(v);
                v *= 10.0;
            }
            t
        } else {
            (0..=5)
                .map(|i| self.lo + (self.hi - self.lo) * f64::from(i) / 5.0)
                .collect()
        }
    }
}
// ANCHOR_END: axis

impl BarChart {
    /// The chart as a standalone SVG document.
    pub fn to_svg(&self) -> String {
        let mut all: Vec<f64> = Vec::new();
        for s in &self.series {
            all.extend(s.values.iter().flatten());
            all.extend(s.whiskers.iter().flatten());
        }
        let axis = Axis::fit(&all, self.log, TOP, H - BOTTOM);
        let mut svg = String::new();
        let _ = writeln!(
            svg,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">"#
        );
        let _ = writeln!(svg, r#"<rect width="{W}" height="{H}" fill="white"/>"#);
        let _ = writeln!(
            svg,
            r#"<text x="{}" y="24" text-anchor="middle" font-size="16" font-weight="bold">{}</text>"#,
            W / 2.0,
            escape(&self.title)
        );
        // The value axis: grid lines and labels.
        for t in axis.ticks() {
            let y = axis.y(t);
            let _ = writeln!(
                svg,
                "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{}\" y2=\"{y:.1}\" stroke=\"#ddd\"/>\n<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                W - RIGHT,
                LEFT - 6.0,
                y + 4.0,
                short_number(t)
            );
        }
        let _ = writeln!(
            svg,
            r#"<text transform="translate(18,{:.1}) rotate(-90)" text-anchor="middle">{}{}</text>"#,
            (axis.top + axis.bottom) / 2.0,
            escape(&self.y_label),
            if self.log { " (log scale)" } else { "" }
        );
        // Groups of bars.
        let groups = self.groups.len().max(1) as f64;
        let group_w = (W - LEFT - RIGHT) / groups;
        let bars = self.series.len().max(1) as f64;
        let bar_w = (group_w * 0.8) / bars;
        for (g, label) in self.groups.iter().enumerate() {
            let x0 = LEFT + group_w * g as f64 + group_w * 0.1;
            for (s, series) in self.series.iter().enumerate() {
                let x = x0 + bar_w * s as f64;
                if let Some(Some(v)) = series.values.get(g) {
                    let y = axis.y(*v);
                    let _ = writeln!(
                        svg,
                        r#"<rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="{}"><title>{}: {}</title></rect>"#,
                        bar_w - 2.0,
                        (axis.bottom - y).max(0.0),
                        escape(&series.color),
                        escape(&series.name),
                        short_number(*v)
                    );
                    let _ = writeln!(
                        svg,
                        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="10">{}</text>"#,
                        x + bar_w / 2.0 - 1.0,
                        y - 3.0,
                        short_number(*v)
                    );
                }
                if let Some(Some(w)) = series.whiskers.get(g) {
                    let (yw, cx) = (axis.y(*w), x + bar_w / 2.0 - 1.0);
                    let yb = series
                        .values
                        .get(g)
                        .copied()
                        .flatten()
                        .map_or(axis.bottom, |v| axis.y(v));
                    let _ = writeln!(
                        svg,
                        "<line x1=\"{cx:.1}\" y1=\"{yb:.1}\" x2=\"{cx:.1}\" y2=\"{yw:.1}\" stroke=\"#333\"/>\n<line x1=\"{:.1}\" y1=\"{yw:.1}\" x2=\"{:.1}\" y2=\"{yw:.1}\" stroke=\"#333\"/>",
                        cx - 4.0,
                        cx + 4.0
                    );
                }
            }
            let _ = writeln!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                x0 + group_w * 0.4,
                axis.bottom + 18.0,
                escape(label)
            );
        }
        let _ = writeln!(
            svg,
            "<line x1=\"{LEFT}\" y1=\"{b}\" x2=\"{}\" y2=\"{b}\" stroke=\"#333\"/>",
            W - RIGHT,
            b = axis.bottom
        );
        // The legend, in one row under the groups.
        let mut lx = LEFT;
        let ly = axis.bottom + 44.0;
        for series in &self.series {
            let _ = writeln!(
                svg,
                r#"<rect x="{lx:.1}" y="{:.1}" width="12" height="12" fill="{}"/><text x="{:.1}" y="{ly:.1}">{}</text>"#,
                ly - 10.0,
                escape(&series.color),
                lx + 16.0,
                escape(&series.name)
            );
            lx += 30.0 + 7.0 * series.name.len() as f64;
        }
        let _ = writeln!(
            svg,
            r##"<text x="{LEFT}" y="{:.1}" font-size="10" fill="#555">{}</text>"##,
            H - 12.0,
            escape(&self.note)
        );
        svg.push_str("</svg>\n");
        svg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_axis_spans_decades() {
        let a = Axis::fit(&[0.07, 480.0], true, 0.0, 300.0);
        assert_eq!((a.lo, a.hi), (0.01, 1000.0));
        assert_eq!(a.ticks().len(), 6);
        assert!((a.y(0.01) - 300.0).abs() < 1e-9);
        assert!((a.y(1000.0) - 0.0).abs() < 1e-9);
        assert!((a.y(1.0) - 180.0).abs() < 1e-9); // 2 of 5 decades up
    }

    #[test]
    fn linear_axis_is_round() {
        let a = Axis::fit(&[3.0, 170.0], false, 0.0, 100.0);
        assert_eq!((a.lo, a.hi), (0.0, 200.0));
        assert!((a.y(100.0) - 50.0).abs() < 1e-9);
    }

    #[test]
    fn chart_is_well_formed_and_escaped() {
        let chart = BarChart {
            title: "a <b> & c".into(),
            y_label: "ms".into(),
            groups: vec!["N = 1".into(), "N = 10".into()],
            series: vec![Series {
                name: "SSE".into(),
                color: "#c33".into(),
                values: vec![Some(0.2), None],
                whiskers: vec![Some(0.9), None],
            }],
            log: true,
            note: "machine".into(),
        };
        let svg = chart.to_svg();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>\n"));
        assert!(svg.contains("a &lt;b&gt; &amp; c"));
        assert_eq!(svg.matches("<title>").count(), 1);
        assert_eq!(short_number(12_345.0), "12.3k");
        assert_eq!(short_number(0.05), "0.05");
    }
}
