//! A thousand clients at once, each echoed correctly.

mod common;

use ch09_ws_frames::OpCode;
use common::{Raw, server};

#[test]
fn a_thousand_concurrent_clients_each_get_their_own_echo() {
    let s = server(&[]);
    let mut clients: Vec<Raw> = (0..1000).map(|_| Raw::connect(s.addr(), "/echo")).collect();
    for (i, ws) in clients.iter_mut().enumerate() {
        ws.send(true, OpCode::Text, format!("client {i}").as_bytes());
    }
    for (i, ws) in clients.iter_mut().enumerate() {
        assert_eq!(ws.recv_data().payload, format!("client {i}").as_bytes());
    }
    for ws in &mut clients {
        ws.send(true, OpCode::Close, &1000u16.to_be_bytes());
    }
    for ws in &mut clients {
        ws.expect_close(1000);
    }
}
