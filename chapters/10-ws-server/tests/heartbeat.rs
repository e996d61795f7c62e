//! Heartbeats: a peer that answers pings stays; a silent one is closed.

mod common;

use ch09_ws_frames::OpCode;
use common::{Raw, server};

#[test]
fn a_silent_peer_is_pinged_then_dropped_without_a_close() {
    let s = server(&["--ping-interval", "0.2", "--pong-timeout", "0.3"]);
    let mut ws = Raw::connect(s.addr(), "/echo");
    let ping = ws.recv();
    assert_eq!((ping.opcode, ping.payload.len()), (OpCode::Ping, 4));
    // No Pong: the server drops the connection, with no Close frame (a peer
    // presumed gone would not read one; see websocket.rs, on_timer).
    let started = std::time::Instant::now();
    ws.expect_eof();
    let waited = started.elapsed();
    assert!(
        waited >= std::time::Duration::from_millis(200)
            && waited < std::time::Duration::from_secs(3),
        "dropped {waited:?} after the Ping, not after --pong-timeout 0.3"
    );
}

#[test]
fn a_peer_that_answers_stays() {
    let s = server(&["--ping-interval", "0.1", "--pong-timeout", "0.5"]);
    let mut ws = Raw::connect(s.addr(), "/echo");
    for _ in 0..5 {
        let ping = ws.recv();
        assert_eq!(ping.opcode, OpCode::Ping);
        ws.send(true, OpCode::Pong, &ping.payload);
    }
    ws.send(true, OpCode::Text, b"alive");
    assert_eq!(ws.recv_data().payload, b"alive");
}
