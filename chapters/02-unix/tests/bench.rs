//! `ch02-client --bench` in a tiny configuration: both transports are measured
//! and printed. (Figures are not asserted: timing belongs in the book, measured
//! on a release build, never in a test.)

mod common;

use ch01_tcp::testing::Server;
use common::{CLIENT, SERVER, TempDir, run, s};

#[test]
fn bench_prints_both_transports() {
    let dir = TempDir::new();
    let path = dir.join("bench.sock");
    let _server = Server::start(SERVER, &["--addr", s(&path)]).unwrap();
    let out = run(
        CLIENT,
        &["--bench", "--addr", s(&path), "--count", "50"],
        b"",
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("50 round trips per row"), "{text}");
    for transport in ["unix", "tcp"] {
        for size in ["  1 B", " 64 B"] {
            let row = text
                .lines()
                .find(|l| l.starts_with(transport) && l.contains(size))
                .unwrap_or_else(|| panic!("no {transport}{size} row in:\n{text}"));
            assert_eq!(row.matches("µs").count(), 3, "median, p99, max: {row}");
        }
    }
    assert_eq!(text.matches("tcp/unix median ratio").count(), 2, "{text}");
}

#[test]
fn bench_without_a_server_says_so() {
    let dir = TempDir::new();
    let out = run(
        CLIENT,
        &["--bench", "--addr", s(&dir.join("none.sock"))],
        b"",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot connect"));
}
