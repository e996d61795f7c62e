//! The bench's output: a table for the terminal, the same table in Markdown,
//! and two SVG plots (latency, bytes per event) for the book.

use std::fmt::Write;

use ch13_showdown::svg::{BarChart, Series};

use crate::clients::Transport;
use crate::run::RunResult;

/// The columns, as a header row.
const HEADER: [&str; 10] = [
    "transport",
    "clients",
    "delivered",
    "missed",
    "latency p50 (ms)",
    "p99 (ms)",
    "bytes in/event",
    "bytes out/event",
    "server CPU µs/event",
    "requests/s",
];

fn row(r: &RunResult) -> [String; 10] {
    let (bin, bout) = r.bytes_per_event();
    [
        r.config.transport.name().to_string(),
        r.config.clients.to_string(),
        r.delivered.to_string(),
        r.missed.to_string(),
        format!("{:.2}", r.latency_ms.p50),
        format!("{:.2}", r.latency_ms.p99),
        format!("{bin:.0}"),
        format!("{bout:.0}"),
        format!("{:.2}", r.cpu_us_per_event()),
        format!("{:.0}", r.requests_per_sec()),
    ]
}

/// The results as an aligned text table.
pub fn text_table(results: &[RunResult]) -> String {
    let rows: Vec<[String; 10]> = results.iter().map(row).collect();
    let mut width = HEADER.map(str::len);
    for r in &rows {
        for (w, cell) in width.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, cells: &[String]| {
        for (i, (cell, w)) in cells.iter().zip(width).enumerate() {
            if i == 0 {
                let _ = write!(out, "{cell:<w$}");
            } else {
                let _ = write!(out, "  {cell:>w$}");
            }
        }
        out.push('\n');
    };
    line(&mut out, &HEADER.map(String::from));
    for r in &rows {
        line(&mut out, r);
    }
    out
}

/// The results as a Markdown table.
pub fn markdown_table(results: &[RunResult]) -> String {
    let mut out = format!("| {} |\n|", HEADER.join(" | "));
    out.push_str("---|");
    for _ in 1..HEADER.len() {
        out.push_str("---:|");
    }
    out.push('\n');
    for r in results {
        let _ = writeln!(out, "| {} |", row(r).join(" | "));
    }
    out
}

fn chart(
    results: &[RunResult],
    title: &str,
    y_label: &str,
    note: &str,
    value: impl Fn(&RunResult) -> f64,
    whisker: Option<&dyn Fn(&RunResult) -> f64>,
) -> BarChart {
    let mut sizes: Vec<usize> = results.iter().map(|r| r.config.clients).collect();
    sizes.sort_unstable();
    sizes.dedup();
    let series = Transport::ALL
        .iter()
        .filter(|t| results.iter().any(|r| r.config.transport == **t))
        .map(|&t| {
            let find = |n: usize| {
                results
                    .iter()
                    .find(|r| r.config.transport == t && r.config.clients == n)
            };
            Series {
                name: t.name().to_string(),
                color: t.color().to_string(),
                values: sizes.iter().map(|&n| find(n).map(&value)).collect(),
                whiskers: sizes
                    .iter()
                    .map(|&n| whisker.and_then(|w| find(n).map(w)))
                    .collect(),
            }
        })
        .collect();
    BarChart {
        title: title.to_string(),
        y_label: y_label.to_string(),
        groups: sizes
            .iter()
            .map(|&n| format!("{n} client{}", if n == 1 { "" } else { "s" }))
            .collect(),
        series,
        log: true,
        note: note.to_string(),
    }
}

/// Latency: p50 as the bar, p99 as the whisker, on a log axis.
pub fn latency_svg(results: &[RunResult], note: &str) -> String {
    chart(
        results,
        "Delivery latency, publish to arrival (bar p50, whisker p99)",
        "ms",
        note,
        |r| r.latency_ms.p50,
        Some(&|r: &RunResult| r.latency_ms.p99),
    )
    .to_svg()
}

/// Bytes on the wire per delivered event, both directions, on a log axis.
pub fn bytes_svg(results: &[RunResult], note: &str) -> String {
    chart(
        results,
        "Bytes on the wire per delivered event (both directions)",
        "bytes",
        note,
        |r| {
            let (i, o) = r.bytes_per_event();
            i + o
        },
        None,
    )
    .to_svg()
}
