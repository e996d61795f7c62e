//! Protocol errors close with the right code (1002, 1007, 1009), the server
//! closes TCP, and one broken peer never disturbs the others.

mod common;

use std::time::Duration;

use ch09_ws_frames::OpCode;
use common::{Raw, server};

#[test]
fn an_unmasked_client_frame_is_1002() {
    let s = server(&[]);
    let mut ws = Raw::connect(s.addr(), "/echo");
    ws.send_raw(&[0x81, 0x02, b'h', b'i']); // §5.1: clients must mask
    ws.expect_close(1002);
}

#[test]
fn reserved_opcodes_and_bits_are_1002() {
    let s = server(&[]);
    for op in [3u8, 7, 0xB, 0xF] {
        let mut ws = Raw::connect(s.addr(), "/echo");
        ws.send(true, OpCode::Reserved(op), b"");
        ws.expect_close(1002);
    }
    let mut ws = Raw::connect(s.addr(), "/echo");
    ws.send_raw(&[0xC1, 0x80, 0, 0, 0, 0]); // RSV1 without an extension
    ws.expect_close(1002);
}

#[test]
fn bad_continuations_and_control_frames_are_1002() {
    let s = server(&[]);
    // A continuation with no message started.
    let mut ws = Raw::connect(s.addr(), "/echo");
    ws.send(true, OpCode::Continuation, b"x");
    ws.expect_close(1002);
    // A new message before the fragmented one finished.
    let mut ws = Raw::connect(s.addr(), "/echo");
    ws.send(false, OpCode::Text, b"a");
    ws.send(true, OpCode::Text, b"b");
    ws.expect_close(1002);
    // A fragmented Ping, a 126-byte Ping.
    let mut ws = Raw::connect(s.addr(), "/echo");
    ws.send(false, OpCode::Ping, b"a");
    ws.expect_close(1002);
    let mut ws = Raw::connect(s.addr(), "/echo");
    ws.send(true, OpCode::Ping, &[b'p'; 126]);
    ws.expect_close(1002);
    // A close code that may not be sent.
    let mut ws = Raw::connect(s.addr(), "/echo");
    ws.send(true, OpCode::Close, &1005u16.to_be_bytes());
    ws.expect_close(1002);
}

#[test]
fn bad_utf8_is_1007_at_once_even_in_the_first_fragment() {
    let s = server(&[]);
    let mut ws = Raw::connect(s.addr(), "/echo");
    // The first fragment already holds a byte that can never be UTF-8; the
    // rest of the message never comes. The server must not wait for it.
    ws.send(false, OpCode::Text, b"ok \xff");
    ws.expect_close(1007);
    // Invalid UTF-8 in a Close reason is 1007 too.
    let mut ws = Raw::connect(s.addr(), "/echo");
    ws.send(true, OpCode::Close, b"\x03\xe8\xc3\x28");
    ws.expect_close(1007);
}

#[test]
fn messages_over_the_limits_are_1009() {
    let s = server(&["--max-message", "1000", "--max-fragments", "4"]);
    let mut ws = Raw::connect(s.addr(), "/echo");
    ws.send(true, OpCode::Binary, &[7; 1000]);
    assert_eq!(ws.recv().payload.len(), 1000, "at the limit is fine");
    // Refused from the header alone: the payload is never sent.
    ws.send_raw(&[0x82, 0xFE, 0x03, 0xE9, 1, 2, 3, 4]);
    ws.expect_close(1009);
    let mut ws = Raw::connect(s.addr(), "/echo");
    for i in 0..4 {
        let op = if i == 0 {
            OpCode::Text
        } else {
            OpCode::Continuation
        };
        ws.send(false, op, b"a");
        ws.send(true, OpCode::Ping, b"");
        assert_eq!(ws.recv().opcode, OpCode::Pong);
    }
    ws.send(true, OpCode::Continuation, b"a");
    ws.expect_close(1009);
}

#[test]
fn an_abrupt_disconnect_mid_frame_harms_no_one_else() {
    let s = server(&[]);
    let mut other = Raw::connect(s.addr(), "/echo");
    for cut in [1usize, 5, 9] {
        let mut ws = Raw::connect(s.addr(), "/echo");
        let mut frame = Vec::new();
        ch09_ws_frames::encoder::encode_frame_masked(
            &mut frame,
            true,
            OpCode::Text,
            b"half a frame",
            [1, 2, 3, 4],
        );
        ws.send_raw(&frame[..cut]);
        drop(ws); // FIN mid-frame
    }
    // And a reset (SO_LINGER 0 makes close send RST) mid-payload.
    let ws = Raw::connect(s.addr(), "/echo");
    let sock = socket2::SockRef::from(&ws.stream);
    let _ = sock.set_linger(Some(Duration::ZERO));
    let mut ws = ws;
    ws.send_raw(&[0x82, 0xFE, 0x10, 0x00, 1, 2, 3, 4, 0, 0]);
    drop(ws);
    other.send(true, OpCode::Text, b"still here");
    assert_eq!(other.recv_data().payload, b"still here");
}
