//! `/chat`: nicknames, join/leave notices, everyone gets every line, and a
//! member who stops reading is dropped without slowing the others.

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use ch09_ws_frames::OpCode;
use common::{Raw, server};
use socket2::{Domain, Socket, Type};

fn text(ws: &mut Raw) -> String {
    let f = ws.recv_data();
    assert_eq!(f.opcode, OpCode::Text, "{f:?}");
    String::from_utf8(f.payload).unwrap()
}

#[test]
fn nicknames_notices_and_lines_for_everyone() {
    let s = server(&[]);
    let mut ada = Raw::connect(s.addr(), "/chat?nick=ada");
    assert_eq!(text(&mut ada), "* ada joined (1 online)");
    // No ?nick=: the server asks, and the first message is the nickname.
    let mut bob = Raw::connect(s.addr(), "/chat");
    assert_eq!(text(&mut bob), "* send your nickname");
    bob.send(true, OpCode::Text, "bob".as_bytes());
    assert_eq!(text(&mut bob), "* bob joined (2 online)");
    assert_eq!(text(&mut ada), "* bob joined (2 online)");
    ada.send(true, OpCode::Text, "hi bob ✓".as_bytes());
    assert_eq!(text(&mut ada), "ada: hi bob ✓");
    assert_eq!(text(&mut bob), "ada: hi bob ✓");
    bob.send(true, OpCode::Close, &1000u16.to_be_bytes());
    bob.expect_close(1000);
    assert_eq!(text(&mut ada), "* bob left");
    // A percent-encoded nickname from the query string.
    let mut cy = Raw::connect(s.addr(), "/chat?nick=C%C3%A9line%20D");
    assert_eq!(text(&mut cy), "* Céline D joined (2 online)");
    assert_eq!(text(&mut ada), "* Céline D joined (2 online)");
    drop(cy); // no Close frame: TCP just ends
    assert_eq!(text(&mut ada), "* Céline D left (connection lost)");
}

#[test]
fn an_app_level_ping_is_answered_to_its_sender_only() {
    let s = server(&[]);
    let mut ada = Raw::connect(s.addr(), "/chat?nick=ada");
    assert_eq!(text(&mut ada), "* ada joined (1 online)");
    let mut bob = Raw::connect(s.addr(), "/chat?nick=bob");
    assert_eq!(text(&mut bob), "* bob joined (2 online)");
    assert_eq!(text(&mut ada), "* bob joined (2 online)");
    bob.send(true, OpCode::Text, b"/ping");
    assert_eq!(text(&mut bob), "/pong");
    // Not broadcast: the next line ada sees is bob's real one.
    bob.send(true, OpCode::Text, b"hi");
    assert_eq!(text(&mut ada), "bob: hi");
    assert_eq!(text(&mut bob), "bob: hi");
    // Before the nickname too: a page may check while it joins.
    let mut cy = Raw::connect(s.addr(), "/chat");
    assert_eq!(text(&mut cy), "* send your nickname");
    cy.send(true, OpCode::Text, b"/ping");
    assert_eq!(text(&mut cy), "/pong");
}

#[test]
fn a_bad_nickname_or_binary_is_refused() {
    let s = server(&[]);
    let mut ws = Raw::connect(s.addr(), "/chat");
    text(&mut ws);
    ws.send(true, OpCode::Text, b"* root");
    assert_eq!(ws.recv_data().close_code(), Some(1008));
    let mut ws = Raw::connect(s.addr(), "/chat?nick=x");
    text(&mut ws);
    ws.send(true, OpCode::Binary, b"\0");
    assert_eq!(ws.recv_data().close_code(), Some(1003));
}

#[test]
fn a_member_that_stops_reading_is_dropped_and_the_others_keep_going() {
    let s = server(&["--chat-queue", "262144", "--close-timeout", "2"]);
    let addr: SocketAddr = s.addr().parse().unwrap();
    // The slow member: a tiny receive buffer, and it never reads.
    let sock = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    sock.set_recv_buffer_size(4096).unwrap();
    sock.connect(&addr.into()).unwrap();
    let mut slow = Raw::handshake_on(sock.into(), s.addr(), "/chat?nick=slow");
    let mut ada = Raw::connect(s.addr(), "/chat?nick=ada");
    let mut carol = Raw::connect(s.addr(), "/chat?nick=carol");
    assert_eq!(text(&mut ada), "* ada joined (2 online)");
    assert_eq!(text(&mut carol), "* carol joined (3 online)");
    assert_eq!(text(&mut ada), "* carol joined (3 online)");
    let line = "x".repeat(32 * 1024);
    let mut sent = 0;
    let mut dropped_after = None;
    // Bounded: at most 1000 lines (32 MiB); the slow member goes long before.
    while sent < 1000 && dropped_after.is_none() {
        ada.send(true, OpCode::Text, line.as_bytes());
        sent += 1;
        // Everyone else gets every line, in order, while slow is stuck.
        for ws in [&mut ada, &mut carol] {
            let got = text(ws);
            if got == "* slow left (too slow)" {
                dropped_after = Some(sent);
                assert_eq!(
                    text(ws).len(),
                    line.len() + 5,
                    "the line follows the notice"
                );
            } else {
                assert_eq!(got.len(), line.len() + 5, "{}", &got[..got.len().min(60)]);
            }
        }
    }
    let after = dropped_after.expect("the slow member was dropped");
    eprintln!("slow member dropped after {after} lines of 32 KiB");
    // The chat goes on.
    carol.send(true, OpCode::Text, b"still here");
    assert_eq!(text(&mut ada), "carol: still here");
    assert_eq!(text(&mut carol), "carol: still here");
    // Slow finally reads: what was queued, maybe the Close 1008, then the end
    // (if it took longer than the close timeout, the server just dropped it).
    slow.stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    while let Some(f) = slow.try_recv() {
        if f.opcode == OpCode::Close {
            assert_eq!(f.close_code(), Some(1008));
        }
    }
}
