//! Helpers shared by this chapter's tests.
#![allow(dead_code)] // each test file uses some of them

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// A bound on every read a test does.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Whether this machine can listen on ::1 (some containers have no IPv6).
pub fn ipv6_available() -> bool {
    match TcpListener::bind("[::1]:0") {
        Ok(_) => true,
        Err(e) => {
            eprintln!("SKIPPED: IPv6 is not available here ({e})");
            false
        }
    }
}

/// Runs a binary to completion, killing it if it takes longer than `limit`.
pub fn run(program: &str, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let start = Instant::now();
    while child.try_wait().expect("waiting for the binary").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{program} {args:?} did not finish within {limit:?}");
        }
        thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("collecting the output")
}

/// Sends `msg`, half-closes, and reads the echo until EOF.
pub fn echo_round_trip(stream: &mut TcpStream, msg: &[u8]) -> Vec<u8> {
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    stream.write_all(msg).unwrap();
    stream.shutdown(std::net::Shutdown::Write).unwrap();
    let mut back = Vec::new();
    stream.read_to_end(&mut back).unwrap();
    back
}
