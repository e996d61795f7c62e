//! The listener's options are really applied: read back with getsockopt.

mod common;

use std::io::ErrorKind;
use std::net::{SocketAddr, TcpStream};

use ch03_socket2::{Applied, BuildError, ListenOptions, listener};

fn local(port: u16) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], port))
}

#[test]
fn defaults_are_what_a_server_wants() {
    let l = listener(local(0), &ListenOptions::default()).unwrap();
    let a = Applied::of(&l).unwrap();
    assert!(a.reuse_address, "SO_REUSEADDR is on by default");
    assert!(!a.nodelay);
    assert!(!a.nonblocking);
    assert_eq!(a.only_v6, None, "an IPv4 socket has no IPV6_V6ONLY");
}

#[test]
fn every_option_is_set_before_listen() {
    let opts = ListenOptions {
        reuse_address: false,
        backlog: 4,
        only_v6: None,
        nodelay: true,
        recv_buffer_size: Some(65_536),
        send_buffer_size: Some(32_768),
        nonblocking: true,
    };
    let l = listener(local(0), &opts).unwrap();
    let a = Applied::of(&l).unwrap();
    assert!(!a.reuse_address);
    assert!(a.nodelay);
    assert!(a.nonblocking);
    if cfg!(target_os = "linux") {
        // man 7 socket: "The kernel doubles this value".
        assert_eq!(a.recv_buffer_size, 2 * 65_536);
        assert_eq!(a.send_buffer_size, 2 * 32_768);
    } else {
        assert!(a.recv_buffer_size >= 65_536);
    }
}

#[test]
#[cfg(target_os = "linux")]
fn accepted_connections_inherit_the_listener_options() {
    let opts = ListenOptions {
        nodelay: true,
        recv_buffer_size: Some(40_000),
        ..ListenOptions::default()
    };
    let l = listener(local(0), &opts).unwrap();
    let _client = TcpStream::connect(l.local_addr().unwrap()).unwrap();
    let (conn, _) = l.accept().unwrap();
    let a = Applied::of(&conn).unwrap();
    assert!(a.nodelay, "Linux copies TCP_NODELAY to accepted sockets");
    assert_eq!(a.recv_buffer_size, 80_000);
}

#[test]
fn only_v6_on_ipv4_is_an_error() {
    let opts = ListenOptions {
        only_v6: Some(false),
        ..ListenOptions::default()
    };
    let err = listener(local(0), &opts).unwrap_err();
    assert!(matches!(err, BuildError::OnlyV6OnIpv4(_)), "{err:?}");
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}

#[test]
fn only_v6_is_applied_on_ipv6() {
    if !common::ipv6_available() {
        return;
    }
    for only in [true, false] {
        let opts = ListenOptions {
            only_v6: Some(only),
            ..ListenOptions::default()
        };
        let l = listener("[::]:0".parse().unwrap(), &opts).unwrap();
        assert_eq!(Applied::of(&l).unwrap().only_v6, Some(only));
        if cfg!(target_os = "linux") {
            // Binding one specific IPv6 address (not [::]) can never take IPv4
            // traffic, so Linux turns IPV6_V6ONLY on at bind (net/ipv6/af_inet6.c).
            let l = listener("[::1]:0".parse().unwrap(), &opts).unwrap();
            assert_eq!(Applied::of(&l).unwrap().only_v6, Some(true));
        }
    }
}

#[test]
fn a_busy_port_fails_at_bind_and_says_so() {
    let first = listener(local(0), &ListenOptions::default()).unwrap();
    let taken = first.local_addr().unwrap();
    // Even with SO_REUSEADDR, a port with a LISTENING socket cannot be bound.
    let err = listener(taken, &ListenOptions::default()).unwrap_err();
    assert!(matches!(err, BuildError::Bind { .. }), "{err:?}");
    assert_eq!(err.kind(), ErrorKind::AddrInUse);
    assert!(err.to_string().contains(&taken.to_string()), "{err}");
    // The io::Error conversion keeps the kind, for code that speaks io::Result.
    assert_eq!(std::io::Error::from(err).kind(), ErrorKind::AddrInUse);
}

#[test]
fn the_simple_version_listens_too() {
    let l = ch03_socket2::listener::listener_simple(local(0)).unwrap();
    let mut client = TcpStream::connect(l.local_addr().unwrap()).unwrap();
    let (mut conn, _) = l.accept().unwrap();
    std::io::Write::write_all(&mut conn, b"hi").unwrap();
    drop(conn);
    let got = common::echo_round_trip(&mut client, b"");
    assert_eq!(got, b"hi");
    assert!(!Applied::of(&l).unwrap().reuse_address);
}
