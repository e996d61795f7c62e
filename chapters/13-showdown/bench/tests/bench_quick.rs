//! `ch13-bench --quick` runs end to end: every transport measured with 1 and
//! 10 clients, and the table printed. Figures are printed, never asserted.

use std::process::Command;

#[test]
fn the_quick_bench_prints_a_table() {
    let out = Command::new(env!("CARGO_BIN_EXE_ch13-bench"))
        .args(["--quick", "--secs", "0.5"])
        .output()
        .expect("ch13-bench runs");
    let text = String::from_utf8_lossy(&out.stdout);
    eprintln!("{text}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success());
    for t in [
        "short polling",
        "long polling",
        "SSE",
        "WebSocket",
        "raw TCP round trip",
    ] {
        assert!(text.contains(t), "no {t} in:\n{text}");
    }
    // Every run delivered something and the push transports missed nothing.
    for line in text.lines().filter(|l| {
        l.starts_with("long polling") || l.starts_with("SSE") || l.starts_with("WebSocket")
    }) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let n = if cols[0] == "long" { 2 } else { 1 };
        let delivered: u64 = cols[n + 1].parse().unwrap();
        let missed: u64 = cols[n + 2].parse().unwrap();
        assert!(delivered > 0, "{line}");
        assert_eq!(missed, 0, "{line}");
    }
}
