//! A non-blocking listener: accept() says WouldBlock instead of waiting.

mod common;

use std::io::ErrorKind;
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use ch03_socket2::accept::accept_polling;
use ch03_socket2::{Applied, ListenOptions, listener};

fn nonblocking() -> std::net::TcpListener {
    let opts = ListenOptions {
        nonblocking: true,
        ..ListenOptions::default()
    };
    listener(SocketAddr::from(([127, 0, 0, 1], 0)), &opts).unwrap()
}

#[test]
fn accept_with_nobody_waiting_is_would_block() {
    let l = nonblocking();
    for _ in 0..3 {
        let err = l.accept().expect_err("nobody has connected");
        assert_eq!(err.kind(), ErrorKind::WouldBlock);
    }
}

#[test]
fn polling_accept_returns_a_blocking_stream() {
    let l = nonblocking();
    let addr = l.local_addr().unwrap();
    // The client connects a little later, so the loop meets WouldBlock first.
    let client = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        let mut s = TcpStream::connect(addr).unwrap();
        common::echo_round_trip(&mut s, b"")
    });
    let got = accept_polling(&l, Duration::from_millis(5)).unwrap();
    assert!(got.would_blocks > 0, "the loop should have met WouldBlock");
    assert_eq!(got.peer, client_addr_of(&got.stream));
    assert!(
        !Applied::of(&got.stream).unwrap().nonblocking,
        "accepted streams are switched to blocking"
    );
    drop(got);
    client.join().unwrap();
}

fn client_addr_of(s: &TcpStream) -> SocketAddr {
    s.peer_addr().unwrap()
}
