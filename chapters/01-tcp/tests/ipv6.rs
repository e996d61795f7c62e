//! The same server over IPv6 loopback, `[::1]`.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::time::Duration;

use ch01_tcp::testing::Server;

#[test]
fn echo_over_ipv6_loopback() {
    // Some containers have no IPv6 at all: then there is nothing to test.
    if let Err(e) = TcpListener::bind("[::1]:0") {
        eprintln!("skipping: IPv6 loopback ::1 is unavailable here ({e})");
        return;
    }
    let s = Server::start(env!("CARGO_BIN_EXE_ch01-server"), &["--addr", "[::1]:0"])
        .expect("server starts on ::1");
    assert!(s.url.starts_with("tcp://[::1]:"), "{}", s.url);
    let mut c = TcpStream::connect(s.addr()).expect("connect to [::1]");
    c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    assert!(c.local_addr().unwrap().is_ipv6());
    c.write_all(b"over v6").unwrap();
    c.shutdown(Shutdown::Write).unwrap();
    let mut got = Vec::new();
    c.read_to_end(&mut got).unwrap();
    assert_eq!(got, b"over v6");
}
