//! ch09-dump end to end: the RFC examples and bad frames, with exit statuses.

use std::io::Write;
use std::process::{Command, Stdio};

fn dump(args: &[&str], input: &[u8]) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ch09-dump"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("writes");
    let out = child.wait_with_output().expect("runs");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn rfc_masked_hello() {
    let (code, out) = dump(&[], b"81 85 37 fa 21 3d 7f 9f 4d 51 58\n");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("FIN=1"), "{out}");
    assert!(out.contains("opcode=1 (text)"), "{out}");
    assert!(out.contains("MASK=1"), "{out}");
    assert!(out.contains("masking key"), "{out}");
    assert!(out.contains("text message, 5 bytes: \"Hello\""), "{out}");
}

#[test]
fn rfc_fragments_and_16_bit_length() {
    let (code, out) = dump(&[], b"01 03 48 65 6c # Hel\n80 02 6c 6f # lo\n");
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("more frames follow") && out.contains("\"Hello\""),
        "{out}"
    );
    let mut raw = vec![0x82, 0x7E, 0x01, 0x00];
    raw.extend(std::iter::repeat_n(0xAB, 256));
    let (code, out) = dump(&["--raw"], &raw);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("length 256 (16-bit)"), "{out}");
}

#[test]
fn bad_frames_exit_1_with_the_close_code() {
    let (code, out) = dump(&[], b"81 05 48 65 6c 6c 6f");
    assert_eq!(code, 0, "{out}");
    let (code, out) = dump(&["--from", "client"], b"81 05 48 65 6c 6c 6f");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("not masked") && out.contains("1002"), "{out}");
    let (code, out) = dump(&[], b"81 82 00 00 00 00 c0 af");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("1007"), "{out}");
    let (code, out) = dump(&[], b"82 7f 80 00 00 00 00 00 00 01");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("top bit") && out.contains("1002"), "{out}");
}

#[test]
fn truncated_input_exits_2_and_bad_hex_is_an_error() {
    let (code, out) = dump(&[], b"81 05 48");
    assert_eq!(code, 2, "{out}");
    let (code, out) = dump(&[], b"81 zz");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("hex digit"), "{out}");
    let (code, out) = dump(&["--help"], b"");
    assert_eq!(code, 0);
    assert!(out.contains("USAGE"), "{out}");
}
