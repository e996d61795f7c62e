//! `/echo`: messages come back with their opcode; pings get pongs; the close
//! handshake works both ways and the server closes TCP.

mod common;

use ch09_ws_frames::OpCode;
use common::{Raw, server};

#[test]
fn text_and_binary_come_back_with_their_opcode() {
    let s = server(&[]);
    let mut ws = Raw::connect(s.addr(), "/echo");
    ws.send(true, OpCode::Text, "héllo".as_bytes());
    let f = ws.recv();
    assert_eq!((f.fin, f.opcode, f.masked), (true, OpCode::Text, false));
    assert_eq!(f.payload, "héllo".as_bytes());
    ws.send(true, OpCode::Binary, &[0, 1, 2, 255]);
    let f = ws.recv();
    assert_eq!(
        (f.opcode, f.payload.as_slice()),
        (OpCode::Binary, &[0u8, 1, 2, 255][..])
    );
    ws.send(true, OpCode::Text, b"");
    assert_eq!(ws.recv().payload, b"");
}

#[test]
fn a_fragmented_message_comes_back_whole_with_a_ping_answered_in_between() {
    let s = server(&[]);
    let mut ws = Raw::connect(s.addr(), "/echo");
    ws.send(false, OpCode::Text, b"frag");
    ws.send(true, OpCode::Ping, b"mid");
    ws.send(false, OpCode::Continuation, b"men");
    ws.send(true, OpCode::Continuation, b"ted");
    let pong = ws.recv();
    assert_eq!(
        (pong.opcode, pong.payload.as_slice()),
        (OpCode::Pong, &b"mid"[..])
    );
    let f = ws.recv();
    assert_eq!(
        (f.fin, f.opcode, f.payload.as_slice()),
        (true, OpCode::Text, &b"fragmented"[..])
    );
}

#[test]
fn a_one_mebibyte_message_comes_back() {
    let s = server(&[]);
    let mut ws = Raw::connect(s.addr(), "/echo");
    let big: Vec<u8> = (0..1 << 20).map(|i: u32| (i % 251) as u8).collect();
    // Written from a thread: the echo comes back while we are still sending.
    let mut other = Raw::connect(s.addr(), "/echo");
    let mut w = ws.stream.try_clone().unwrap();
    let payload = big.clone();
    let t = std::thread::spawn(move || {
        use std::io::Write;
        let mut out = Vec::new();
        ch09_ws_frames::encoder::encode_frame_masked(
            &mut out,
            true,
            OpCode::Binary,
            &payload,
            [9, 8, 7, 6],
        );
        w.write_all(&out).unwrap();
    });
    let f = ws.recv();
    t.join().unwrap();
    assert_eq!(f.opcode, OpCode::Binary);
    assert_eq!(f.payload.len(), big.len());
    assert!(f.payload == big, "the echo differs from what was sent");
    other.send(true, OpCode::Text, b"still there");
    assert_eq!(other.recv().payload, b"still there");
}

#[test]
fn ping_gets_a_pong_with_the_same_payload() {
    let s = server(&[]);
    let mut ws = Raw::connect(s.addr(), "/echo");
    ws.send(true, OpCode::Ping, b"are you there?");
    let f = ws.recv();
    assert_eq!(
        (f.opcode, f.payload.as_slice()),
        (OpCode::Pong, &b"are you there?"[..])
    );
    // An unsolicited Pong is fine and gets no answer; the next echo still works.
    ws.send(true, OpCode::Pong, b"x");
    ws.send(true, OpCode::Text, b"after");
    assert_eq!(ws.recv().payload, b"after");
}

#[test]
fn client_close_is_echoed_and_the_server_closes_tcp() {
    let s = server(&[]);
    let mut ws = Raw::connect(s.addr(), "/echo");
    let mut payload = 4000u16.to_be_bytes().to_vec();
    payload.extend_from_slice(b"bye");
    ws.send(true, OpCode::Close, &payload);
    // Our side stays open: the FIN we get is the server's own decision.
    ws.expect_close(4000);

    let mut ws = Raw::connect(s.addr(), "/echo");
    ws.send(true, OpCode::Close, b"");
    ws.expect_close(1000);
}

#[test]
fn data_after_the_close_is_not_echoed() {
    let s = server(&[]);
    let mut ws = Raw::connect(s.addr(), "/echo");
    ws.send(true, OpCode::Close, &1000u16.to_be_bytes());
    ws.send(true, OpCode::Text, b"too late");
    ws.expect_close(1000);
}

#[test]
fn server_initiated_close_waits_for_the_peer_then_closes_tcp() {
    // The chat refuses binary with Close 1003 and waits for our Close.
    let s = server(&["--close-timeout", "0.5"]);
    let mut ws = Raw::connect(s.addr(), "/chat?nick=bin");
    assert_eq!(ws.recv().payload, b"* bin joined (1 online)");
    ws.send(true, OpCode::Binary, b"\x01");
    let f = ws.recv_data();
    assert_eq!(f.close_code(), Some(1003));
    // Messages sent now are dropped; our Close completes the handshake.
    ws.send(true, OpCode::Text, b"ignored");
    ws.send(true, OpCode::Close, &1003u16.to_be_bytes());
    ws.expect_eof();

    // A peer that never answers: the server closes TCP after --close-timeout.
    let mut ws = Raw::connect(s.addr(), "/chat?nick=mute");
    ws.recv();
    ws.send(true, OpCode::Binary, b"\x01");
    assert_eq!(ws.recv_data().close_code(), Some(1003));
    ws.expect_eof();
}

#[test]
fn a_message_then_fin_in_one_go_is_echoed_then_closed() {
    // The frame and the FIN may reach the server in one readiness event: it
    // must still notice the FIN (a short read does not mean "no EOF").
    let s = server(&[]);
    for _ in 0..20 {
        let mut ws = Raw::connect(s.addr(), "/echo");
        ws.send(true, OpCode::Text, b"last words");
        ws.shutdown();
        assert_eq!(ws.recv().payload, b"last words");
        ws.expect_eof();
    }
}
