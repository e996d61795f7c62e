// The checks for chapter 3's exercises. This one file checks both your crate
// (exercises/03-socket2) and the solutions (solutions/03-socket2): `answer` is
// whichever crate is being tested. One module per exercise, named as in info.txt.

mod build_listener {
    use super::super::answer::build_listener::build_listener;
    use socket2::SockRef;
    use std::io::{ErrorKind, Read, Write};
    use std::net::{Ipv6Addr, SocketAddr, TcpListener, TcpStream};
    use std::time::Duration;

    fn localhost() -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], 0))
    }

    #[test]
    fn sets_reuseaddr_and_nodelay() {
        let l = build_listener(localhost(), 16).expect("build_listener failed");
        let sock = SockRef::from(&l);
        assert!(sock.reuse_address().unwrap(), "SO_REUSEADDR should be on");
        assert!(sock.tcp_nodelay().unwrap(), "TCP_NODELAY should be on");
        assert!(
            sock.is_listener().unwrap(),
            "the socket should be listening"
        );
        // An IPv4 socket: IPV6_V6ONLY is not an option it has.
        assert!(
            sock.only_v6().is_err(),
            "don't set IPV6_V6ONLY on an IPv4 socket"
        );
    }

    #[test]
    fn accepts_connections() {
        let l = build_listener(localhost(), 16).expect("build_listener failed");
        let mut client = TcpStream::connect(l.local_addr().unwrap()).unwrap();
        client
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let (mut conn, peer) = l.accept().unwrap();
        assert_eq!(peer, client.local_addr().unwrap());
        conn.write_all(b"hi").unwrap();
        let mut buf = [0u8; 2];
        client.read_exact(&mut buf).unwrap();
        assert_eq!(&buf, b"hi");
    }

    #[test]
    fn ipv6_is_dual_stack() {
        if TcpListener::bind("[::1]:0").is_err() {
            eprintln!("SKIPPED: no IPv6 on this machine");
            return;
        }
        let l = build_listener("[::]:0".parse().unwrap(), 16).expect("build_listener failed");
        assert!(
            !SockRef::from(&l).only_v6().unwrap(),
            "IPV6_V6ONLY should be off for an IPv6 address"
        );
        let port = l.local_addr().unwrap().port();
        let _client = TcpStream::connect(("127.0.0.1", port)).expect("an IPv4 client connects");
        let (_conn, peer) = l.accept().unwrap();
        let mapped: Ipv6Addr = "::ffff:127.0.0.1".parse().unwrap();
        assert_eq!(peer.ip(), mapped, "IPv4 clients appear as ::ffff:a.b.c.d");
    }

    #[test]
    fn a_busy_port_is_an_error_not_a_panic() {
        let first = TcpListener::bind(localhost()).unwrap();
        let err = build_listener(first.local_addr().unwrap(), 16)
            .expect_err("the port is taken by a listening socket");
        assert_eq!(err.kind(), ErrorKind::AddrInUse);
    }
}

mod accept_ready {
    use super::super::answer::accept_ready;
    use socket2::SockRef;
    use std::io;
    use std::net::{SocketAddr, TcpListener, TcpStream};
    use std::panic::{self, AssertUnwindSafe};
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;

    type Accepted = io::Result<Vec<(TcpStream, SocketAddr)>>;

    /// Runs your `accept_ready` on another thread and fails the check if it has
    /// not returned within 10 s (a loop that retries on WouldBlock never ends).
    fn accept_ready(l: &TcpListener, max: usize) -> Accepted {
        let l = l.try_clone().expect("cloning the listener");
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            // A panic (a todo!, say) is caught and re-raised in the check below,
            // so the check fails with your message.
            let result =
                panic::catch_unwind(AssertUnwindSafe(|| accept_ready::accept_ready(&l, max)));
            let _ = tx.send(result);
        });
        match rx.recv_timeout(Duration::from_secs(10)) {
            Ok(Ok(result)) => result,
            Ok(Err(payload)) => panic::resume_unwind(payload),
            Err(_) => panic!(
                "accept_ready did not return within 10 s: does it loop on WouldBlock \
                 instead of returning, or wait in a blocking accept?"
            ),
        }
    }

    fn nonblocking_listener() -> TcpListener {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.set_nonblocking(true).unwrap();
        l
    }

    /// Connects `n` clients. On loopback connect() returns once the handshake is
    /// done, so every one of them is in the listener's accept queue.
    fn connect(l: &TcpListener, n: usize) -> Vec<TcpStream> {
        let addr = l.local_addr().unwrap();
        (0..n).map(|_| TcpStream::connect(addr).unwrap()).collect()
    }

    #[test]
    fn nobody_waiting_is_an_empty_list() {
        let l = nonblocking_listener();
        let got = accept_ready(&l, 10).expect("WouldBlock is not an error here");
        assert!(got.is_empty());
    }

    #[test]
    fn accepts_everyone_waiting() {
        let l = nonblocking_listener();
        let clients = connect(&l, 3);
        let got = accept_ready(&l, 10).expect("accept_ready failed");
        assert_eq!(got.len(), 3, "three clients were waiting");
        let mut peers: Vec<_> = got.iter().map(|(_, p)| *p).collect();
        let mut expected: Vec<_> = clients.iter().map(|c| c.local_addr().unwrap()).collect();
        peers.sort();
        expected.sort();
        assert_eq!(peers, expected, "the peers are the clients' addresses");
        for (stream, _) in &got {
            assert!(
                !SockRef::from(stream).nonblocking().unwrap(),
                "accepted streams should be in blocking mode"
            );
        }
        assert!(
            accept_ready(&l, 10).unwrap().is_empty(),
            "the queue is now empty"
        );
    }

    #[test]
    fn stops_at_max() {
        let l = nonblocking_listener();
        let _clients = connect(&l, 3);
        assert_eq!(accept_ready(&l, 2).unwrap().len(), 2, "at most `max`");
        assert_eq!(accept_ready(&l, 2).unwrap().len(), 1, "the rest, next time");
        assert_eq!(accept_ready(&l, 0).unwrap().len(), 0);
    }
}
