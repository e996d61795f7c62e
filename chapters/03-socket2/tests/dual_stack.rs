//! A dual-stack listener on [::] accepts IPv4 clients as ::ffff:a.b.c.d.

mod common;

use std::net::{Ipv6Addr, SocketAddr, TcpStream};
use std::time::Duration;

use ch01_tcp::testing::Server;
use ch03_socket2::{ListenOptions, listener};

fn v6_listener(only_v6: bool) -> std::net::TcpListener {
    let opts = ListenOptions {
        only_v6: Some(only_v6),
        ..ListenOptions::default()
    };
    listener("[::]:0".parse().unwrap(), &opts).unwrap()
}

#[test]
fn an_ipv4_client_is_seen_as_v4_mapped() {
    if !common::ipv6_available() {
        return;
    }
    let l = v6_listener(false);
    let port = l.local_addr().unwrap().port();
    let client = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let (_conn, peer) = l.accept().unwrap();
    let expected: Ipv6Addr = "::ffff:127.0.0.1".parse().unwrap();
    assert_eq!(peer.ip(), expected);
    assert_eq!(peer.port(), client.local_addr().unwrap().port());
}

#[test]
fn ipv6_only_refuses_ipv4_clients() {
    if !common::ipv6_available() {
        return;
    }
    let l = v6_listener(true);
    let port = l.local_addr().unwrap().port();
    // Nothing listens on 127.0.0.1:port, so the kernel answers with a RST.
    let v4 = SocketAddr::from(([127, 0, 0, 1], port));
    let err = TcpStream::connect_timeout(&v4, Duration::from_secs(5)).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::ConnectionRefused);
}

#[test]
fn the_server_flag_serves_ipv4_and_ipv6() {
    if !common::ipv6_available() {
        return;
    }
    let server = Server::start(
        env!("CARGO_BIN_EXE_ch03-server"),
        &["--dual-stack", "--addr", "127.0.0.1:0"],
    )
    .unwrap();
    assert!(server.url.starts_with("tcp://[::]:"), "{}", server.url);
    let port: u16 = server.addr().rsplit(':').next().unwrap().parse().unwrap();
    for client in ["127.0.0.1", "::1"] {
        let mut s = TcpStream::connect((client, port)).unwrap();
        assert_eq!(common::echo_round_trip(&mut s, b"both\n"), b"both\n");
    }
    let log = server.stderr_so_far();
    assert!(log.contains("[::ffff:127.0.0.1]:"), "{log}");
    assert!(log.contains("IPV6_V6ONLY   off (dual-stack)"), "{log}");
}
