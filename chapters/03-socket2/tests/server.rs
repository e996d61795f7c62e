//! ch03-server end to end: the built binary, real sockets, every flag.

mod common;

use std::net::TcpStream;

use ch01_tcp::testing::Server;

const BIN: &str = env!("CARGO_BIN_EXE_ch03-server");

fn start(extra: &[&str]) -> Server {
    let mut args = vec!["--addr", "127.0.0.1:0"];
    args.extend_from_slice(extra);
    Server::start(BIN, &args).unwrap()
}

fn echo_via(server: &Server, msg: &[u8]) -> Vec<u8> {
    let mut s = TcpStream::connect(server.addr()).unwrap();
    common::echo_round_trip(&mut s, msg)
}

#[test]
fn echoes() {
    let server = start(&[]);
    assert!(server.url.starts_with("tcp://127.0.0.1:"), "{}", server.url);
    // Two clients at once (one thread each): the second is served while the
    // first is still connected.
    let mut first = TcpStream::connect(server.addr()).unwrap();
    assert_eq!(echo_via(&server, b"second\n"), b"second\n");
    // 50 kB, read only after writing it all: the echo waits in our receive
    // buffer (128 KiB by default), so this cannot deadlock.
    let msg: Vec<u8> = (0..50_000u32).map(|i| (i % 251) as u8).collect();
    assert_eq!(common::echo_round_trip(&mut first, &msg), msg);
}

#[test]
fn backlog_and_nodelay_flags_are_accepted() {
    let server = start(&["--backlog", "1", "--nodelay", "--no-reuseaddr"]);
    assert_eq!(echo_via(&server, b"hi"), b"hi");
    let log = server.stderr_so_far();
    assert!(log.contains("backlog       1 asked"), "{log}");
    assert!(log.contains("SO_REUSEADDR  off"), "{log}");
    assert!(log.contains("TCP_NODELAY on"), "{log}");
}

#[test]
fn buffer_sizes_show_what_the_kernel_set() {
    let server = start(&["--rcvbuf", "65536", "--sndbuf", "32768"]);
    assert_eq!(echo_via(&server, b"hi"), b"hi");
    let log = server.stderr_so_far();
    if cfg!(target_os = "linux") {
        assert!(
            log.contains("SO_RCVBUF: asked 65536, kernel set 131072"),
            "{log}"
        );
        assert!(
            log.contains("SO_SNDBUF: asked 32768, kernel set 65536"),
            "{log}"
        );
    }
}

#[test]
fn nonblocking_accept_meets_would_block() {
    let server = start(&["--nonblocking", "--trace"]);
    // Let the accept loop spin a few naps before the client comes.
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert_eq!(echo_via(&server, b"poll\n"), b"poll\n");
    let log = server.stderr_so_far();
    assert!(log.contains("O_NONBLOCK    on"), "{log}");
    assert!(log.contains("WouldBlock"), "{log}");
    assert!(
        log.contains("\"poll\\n\""),
        "the trace shows the bytes: {log}"
    );
}

#[test]
fn help_and_bad_flags() {
    let out = common::run(BIN, &["--help"], common::TIMEOUT);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--no-reuseaddr",
        "--backlog",
        "--dual-stack",
        "--rcvbuf",
        "--nonblocking",
    ] {
        assert!(help.contains(flag), "--help mentions {flag}");
    }
    let out = common::run(BIN, &["--bogus"], common::TIMEOUT);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--bogus"));
    let out = common::run(BIN, &["--backlog", "-3"], common::TIMEOUT);
    assert!(!out.status.success(), "a negative backlog is refused");
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let first = start(&[]);
    let out = common::run(BIN, &["--addr", first.addr()], common::TIMEOUT);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Address already in use"), "{err}");
}
