//! A real client: curl reuses a keep-alive connection and uploads chunked bodies.
//! Skipped (with a message) when curl is not installed.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::{have, server};

fn curl(args: &[&str], stdin: &[u8]) -> (String, String) {
    let mut child = Command::new("curl")
        .args(["--silent", "--show-error", "--max-time", "10"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("curl runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "curl failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn curl_reuses_the_connection() {
    if !have("curl") {
        eprintln!("SKIPPED: curl is not installed");
        return;
    }
    let s = server(&[]);
    let a = format!("{}/hello.txt", s.url);
    let b = format!("{}/time", s.url);
    let (out, err) = curl(&["--verbose", &a, &b], b"");
    assert!(out.starts_with("Hello from the web root"), "{out}");
    assert!(out.contains("{\"unix_ms\":"), "{out}");
    assert!(err.contains("Re-using existing connection"), "{err}");
}

#[test]
fn curl_uploads_chunked_and_with_expect_100() {
    if !have("curl") {
        eprintln!("SKIPPED: curl is not installed");
        return;
    }
    let s = server(&[]);
    let url = format!("{}/echo", s.url);
    let body: Vec<u8> = (0..50_000u32).map(|i| b'a' + (i % 26) as u8).collect();
    // Reading stdin, curl does not know the length: it sends chunks.
    let (out, err) = curl(
        &[
            "--verbose",
            "-H",
            "Transfer-Encoding: chunked",
            "--data-binary",
            "@-",
            &url,
        ],
        &body,
    );
    assert!(err.contains("Transfer-Encoding: chunked"), "{err}");
    assert_eq!(out.as_bytes(), &body[..]);
    // Expect: 100-continue: curl waits (up to 1 s) for the interim answer first.
    let (out, err) = curl(
        &[
            "--verbose",
            "-H",
            "Expect: 100-continue",
            "--data-binary",
            "@-",
            &url,
        ],
        &body,
    );
    assert!(err.contains("100 Continue"), "{err}");
    assert_eq!(out.as_bytes(), &body[..]);
}
