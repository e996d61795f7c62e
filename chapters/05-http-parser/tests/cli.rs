//! `ch05-parse` end to end: the built binary, fed on stdin, its output and exit status.

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs ch05-parse with `input` on stdin: (exit code, stdout).
fn run(input: &[u8]) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ch05-parse"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start ch05-parse");
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn pipelined_requests_with_bodies_exit_0() {
    let input = b"GET / HTTP/1.1\r\nHost: a\r\n\r\n\
        POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello\
        POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
    let (code, out) = run(input);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("request 3: bytes"), "{out}");
    assert!(out.contains("5 bytes (Content-Length) \"hello\""), "{out}");
    assert!(
        out.contains("3 bytes decoded from 13 chunked bytes \"abc\""),
        "{out}"
    );
    assert!(out.contains("3 requests parsed"), "{out}");
}

#[test]
fn an_invalid_byte_exits_1_with_its_offset() {
    let (code, out) = run(b"GET / HTTP/1.1\r\nHost : a\r\n\r\n");
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error at byte 20") && out.contains("400 Bad Request"),
        "{out}"
    );
    // In the second request, the offset counts from the start of the input.
    let (code, out) = run(b"GET / HTTP/1.1\r\n\r\nGET / HTTP/2.0\r\n\r\n");
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("request 2: error at byte 24") && out.contains("505"),
        "{out}"
    );
    let (code, out) =
        run(b"POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("smuggling"), "{out}");
    // A framing error's offset points into the head: at the later of the two fields.
    assert!(out.contains("error at byte 55"), "{out}");
    // A chunked-body error's offset points into the body.
    let (code, out) = run(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloX");
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error at byte 55") && out.contains("CRLF"),
        "{out}"
    );
}

#[test]
fn input_ending_inside_a_request_exits_2() {
    assert_eq!(run(b"GET / HTTP/1.1\r\nHost: a\r\n").0, 2);
    assert_eq!(
        run(b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nshort").0,
        2
    );
    assert_eq!(
        run(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel").0,
        2
    );
    assert_eq!(run(b"").0, 0, "no requests at all is a clean end");
    // ... but a framing error is certain once its field line ends: exit 1, not 2.
    let (code, out) = run(b"POST / HTTP/1.1\r\nContent-Length: 1000000000000000000000\r\n");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error at byte 33"), "{out}");
}

#[test]
fn help_says_what_it_does() {
    let out = Command::new(env!("CARGO_BIN_EXE_ch05-parse"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("EXIT STATUS"));
}
