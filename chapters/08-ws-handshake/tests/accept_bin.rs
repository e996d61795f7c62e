//! `ch08-accept`, end to end: the built binary, its output and exit status.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ch08-accept"))
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("running ch08-accept")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn prints_the_accept_value_for_a_key() {
    let o = run(&["x3JJHMbDL1EzLkh9GBhXDw=="]);
    assert!(o.status.success());
    assert_eq!(stdout(&o), "HSmrc0sMlYUkAGmm5OPpG2HaGWk=\n");
    assert!(o.stderr.is_empty(), "a valid key gives no warning");
}

#[test]
fn without_a_key_it_shows_the_rfc_example_step_by_step() {
    let o = run(&[]);
    assert!(o.status.success());
    let out = stdout(&o);
    for want in [
        "dGhlIHNhbXBsZSBub25jZQ==",
        "dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11",
        "b3 7a 4f 2c c0 62 4f 16 90 f6 46 06 cf 38 59 45 b2 be c4 ea",
        "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
}

#[test]
fn warns_about_a_key_a_server_would_refuse() {
    let o = run(&["short"]);
    assert!(o.status.success());
    assert_eq!(stdout(&o).trim().len(), 28, "still prints the value");
    assert!(String::from_utf8_lossy(&o.stderr).contains("16 bytes"));
}

#[test]
fn help_and_unknown_options() {
    let o = run(&["--help"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("Sec-WebSocket-Accept"));
    let o = run(&["--bogus"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--bogus"));
    let o = run(&["a", "b"]);
    assert!(!o.status.success(), "one key at a time");
}
