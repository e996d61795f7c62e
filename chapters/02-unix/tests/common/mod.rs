//! Helpers shared by this chapter's end-to-end tests.
#![allow(dead_code)] // each test file uses a different subset

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The longest any single step may take before a test gives up.
pub const LIMIT: Duration = Duration::from_secs(20);

pub const SERVER: &str = env!("CARGO_BIN_EXE_ch02-server");
pub const CLIENT: &str = env!("CARGO_BIN_EXE_ch02-client");

/// A fresh directory under the system temp dir, removed (with everything in
/// it, socket files included) on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        static N: AtomicU32 = AtomicU32::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        // Short on purpose: a socket path must fit in sun_path (108 bytes).
        let dir = std::env::temp_dir().join(format!(
            "ch02-{}-{nanos:x}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir(&dir).expect("create temp dir");
        TempDir(dir)
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

/// Connects with read/write timeouts so a broken server fails the test instead
/// of hanging it.
pub fn connect(path: &Path) -> UnixStream {
    let stream = UnixStream::connect(path).expect("connect to the server");
    stream.set_read_timeout(Some(LIMIT)).unwrap();
    stream.set_write_timeout(Some(LIMIT)).unwrap();
    stream
}

/// Sends `msg`, half-closes, and returns everything read back until EOF.
pub fn echo_once(path: &Path, msg: &[u8]) -> Vec<u8> {
    let mut stream = connect(path);
    stream.write_all(msg).unwrap();
    stream.shutdown(std::net::Shutdown::Write).unwrap();
    let mut back = Vec::new();
    stream.read_to_end(&mut back).expect("read the echo");
    back
}

/// Runs a binary to completion with `stdin` as input; kills it after LIMIT.
pub fn run(program: &str, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let feeder = thread::spawn(move || {
        let _ = input.write_all(&stdin);
        // `input` dropped here: the child sees EOF on stdin.
    });
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_t = thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err_t = thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{program} {args:?} did not finish within {LIMIT:?}");
        }
        thread::sleep(Duration::from_millis(10));
    };
    let _ = feeder.join();
    Output {
        status,
        stdout: out_t.join().unwrap(),
        stderr: err_t.join().unwrap(),
    }
}

/// Waits (bounded) until `cond` holds.
pub fn eventually(what: &str, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < LIMIT, "timed out waiting for {what}");
        thread::sleep(Duration::from_millis(10));
    }
}
