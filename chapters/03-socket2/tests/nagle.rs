//! ch03-nagle in a tiny configuration runs and prints all three figures.
//! (The figures are printed, never asserted: timing depends on the machine.)

mod common;

#[test]
fn prints_median_and_p99_for_each_way_of_sending() {
    let out = common::run(
        env!("CARGO_BIN_EXE_ch03-nagle"),
        &["--rounds", "3", "--body", "10"],
        std::time::Duration::from_secs(30),
    );
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("median") && text.contains("p99"), "{text}");
    for label in [
        "write-read (one write), Nagle on",
        "write-write-read, Nagle on",
        "write-write-read, TCP_NODELAY",
    ] {
        let line = text.lines().find(|l| l.starts_with(label));
        let line = line.unwrap_or_else(|| panic!("no line for {label}: {text}"));
        let figures = line.matches(" ms").count() + line.matches(" µs").count();
        assert_eq!(figures, 2, "a median and a p99: {line}");
    }
}

#[test]
fn trace_shows_the_two_writes() {
    let out = common::run(
        env!("CARGO_BIN_EXE_ch03-nagle"),
        &["--rounds", "1", "--body", "3", "--trace"],
        std::time::Duration::from_secs(30),
    );
    assert!(out.status.success(), "{out:?}");
    let trace = String::from_utf8_lossy(&out.stderr);
    assert!(trace.contains("4 bytes   00 00 00 03"), "{trace}");
    assert!(trace.contains("3 bytes   \"xxx\""), "{trace}");
    assert!(trace.contains("round 1: reply after"), "{trace}");
}

#[test]
fn bad_arguments_are_refused() {
    let bin = env!("CARGO_BIN_EXE_ch03-nagle");
    for args in [&["--rounds", "0"][..], &["--body", "99999999"], &["--nope"]] {
        let out = common::run(bin, args, common::TIMEOUT);
        assert!(!out.status.success(), "{args:?} should fail");
    }
}
