//! `ch10-client` end to end: stdin → server → stdout, a clean close,
//! `--reconnect` after the server restarts on the same port, and heartbeats
//! that notice a server frozen with SIGSTOP.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use common::{TIMEOUT, server};

/// A running client, killed on drop; its stdout and stderr arrive as lines.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    out: Receiver<String>,
    err: Receiver<String>,
}

fn lines(from: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(from).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

impl Client {
    fn start(args: &[&str]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ch10-client"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("ch10-client starts");
        let out = lines(child.stdout.take().unwrap());
        let err = lines(child.stderr.take().unwrap());
        Client {
            stdin: child.stdin.take(),
            child,
            out,
            err,
        }
    }

    fn say(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }

    fn line(&self) -> String {
        self.out.recv_timeout(TIMEOUT).expect("a line on stdout")
    }

    /// Waits for a stderr line containing `what`; returns everything read.
    fn wait_err(&self, what: &str) -> String {
        let mut seen = String::new();
        let until = Instant::now() + TIMEOUT;
        while Instant::now() < until {
            if let Ok(line) = self.err.recv_timeout(Duration::from_millis(100)) {
                seen.push_str(&line);
                seen.push('\n');
                if line.contains(what) {
                    return seen;
                }
            }
        }
        panic!("no {what:?} on stderr; got:\n{seen}");
    }

    /// Waits at most `within` for the client to exit by itself (stdin open).
    fn exit_within(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let until = Instant::now() + within;
        while Instant::now() < until {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// Closes stdin and waits (bounded) for the exit status.
    fn finish(&mut self) -> std::process::ExitStatus {
        self.stdin.take();
        let until = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < until, "the client did not exit");
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn ws_url(s: &ch01_tcp::testing::Server, path: &str) -> String {
    format!("ws://{}{path}", s.addr())
}

#[test]
fn stdin_goes_out_and_echoes_come_back_then_a_clean_close() {
    let s = server(&[]);
    let mut c = Client::start(&[&ws_url(&s, "/echo")]);
    c.wait_err("* connected");
    c.say("hello");
    assert_eq!(c.line(), "hello");
    c.say("ünïcode ✓");
    assert_eq!(c.line(), "ünïcode ✓");
    let status = c.finish();
    assert!(status.success(), "{status}");
    c.wait_err("we closed (1000)");
}

#[test]
fn two_clients_chat() {
    let s = server(&[]);
    let mut ada = Client::start(&[&ws_url(&s, "/chat?nick=ada")]);
    assert_eq!(ada.line(), "* ada joined (1 online)");
    let mut bob = Client::start(&[&ws_url(&s, "/chat")]);
    assert_eq!(bob.line(), "* send your nickname");
    bob.say("bob");
    assert_eq!(bob.line(), "* bob joined (2 online)");
    assert_eq!(ada.line(), "* bob joined (2 online)");
    ada.say("hi");
    assert_eq!(bob.line(), "ada: hi");
    assert!(bob.finish().success());
    assert_eq!(ada.line(), "ada: hi");
    assert_eq!(ada.line(), "* bob left");
}

#[test]
fn reconnects_with_backoff_after_the_server_restarts_on_the_same_port() {
    let s = server(&[]);
    let addr = s.addr().to_string();
    let mut c = Client::start(&[
        &ws_url(&s, "/echo"),
        "--reconnect",
        "--backoff",
        "0.05",
        "--backoff-max",
        "0.2",
    ]);
    c.wait_err("* connected");
    c.say("one");
    assert_eq!(c.line(), "one");
    drop(s); // the server dies: TCP ends without a Close
    c.wait_err("retrying in");
    // Same port again (the loop's listener sets SO_REUSEADDR).
    let again =
        ch01_tcp::testing::Server::start(env!("CARGO_BIN_EXE_ch10-server"), &["--addr", &addr])
            .expect("the server restarts on the same port");
    c.wait_err("* connected");
    c.say("two");
    assert_eq!(c.line(), "two");
    assert!(c.finish().success());
    drop(again);
}

#[test]
fn without_reconnect_a_lost_connection_is_an_error() {
    let s = server(&[]);
    let mut c = Client::start(&[&ws_url(&s, "/echo")]);
    c.wait_err("* connected");
    drop(s);
    let status = c.finish();
    assert!(!status.success());
}

#[test]
fn a_refused_handshake_is_reported() {
    let s = server(&[]);
    let mut c = Client::start(&[&format!("ws://{}/nowhere", s.addr())]);
    let status = c.finish();
    assert!(!status.success());
    c.wait_err("404");
}

/// A process stopped with SIGSTOP: the kernel still ACKs its TCP bytes and
/// answers keepalive probes, but nothing in it runs. SIGCONT on drop (the test
/// also kills it), so a failing test leaves no stopped process behind.
struct Frozen(u32);

fn signal(sig: &str, pid: u32) {
    let status = Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill {sig} {pid}: {status}");
}

impl Frozen {
    fn freeze(pid: u32) -> Frozen {
        signal("-STOP", pid);
        Frozen(pid)
    }
}

impl Drop for Frozen {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-CONT", &self.0.to_string()])
            .stderr(Stdio::null())
            .status();
    }
}

/// The heartbeat flags these tests use: a Ping after 1 s of quiet, 1 s for an answer.
const HEARTBEAT: [&str; 4] = ["--ping-interval", "1", "--pong-timeout", "1"];
/// Scheduling and process start-up on a shared 2-core machine.
const SLACK: Duration = Duration::from_millis(1500);

#[test]
fn a_frozen_server_is_noticed_within_ping_interval_plus_pong_timeout_and_the_client_reconnects() {
    let s = server(&[]);
    let addr = s.addr().to_string();
    let url = ws_url(&s, "/echo");
    let mut args = vec![
        url.as_str(),
        "--reconnect",
        "--backoff",
        "0.1",
        "--backoff-max",
        "0.2",
    ];
    args.extend(HEARTBEAT);
    let mut c = Client::start(&args);
    c.wait_err("* connected");
    c.say("one");
    assert_eq!(c.line(), "one"); // the last byte the client hears from this server
    let frozen = Frozen::freeze(s.pid());
    let t0 = Instant::now();
    let seen = c.wait_err("presumed dead");
    let noticed = t0.elapsed();
    eprintln!("noticed the frozen server after {noticed:?}:\n{seen}");
    assert!(
        seen.contains("connection lost: no answer from the server for 1.0 s after our Ping (sent after 1.0 s of quiet)"),
        "the client says why: {seen}"
    );
    // 1 s of quiet, then 1 s without an answer: not before (a live server is
    // never dropped early), not much after.
    assert!(
        noticed >= Duration::from_millis(1500) && noticed <= Duration::from_secs(2) + SLACK,
        "noticed after {noticed:?}, expected about 2 s"
    );
    c.wait_err("reconnecting in");
    // The frozen server dies (SIGKILL works on a stopped process; any
    // reconnect attempt queued in its backlog is reset), a new one takes the port.
    drop(s);
    drop(frozen);
    let again =
        ch01_tcp::testing::Server::start(env!("CARGO_BIN_EXE_ch10-server"), &["--addr", &addr])
            .expect("a second server on the same port");
    c.wait_err("* connected");
    c.say("two");
    assert_eq!(c.line(), "two");
    assert!(c.finish().success());
    drop(again);
}

#[test]
fn without_reconnect_a_frozen_server_makes_the_client_exit_with_an_error() {
    let s = server(&[]);
    let url = ws_url(&s, "/echo");
    let mut args = vec![url.as_str()];
    args.extend(HEARTBEAT);
    let mut c = Client::start(&args);
    c.wait_err("* connected");
    let _frozen = Frozen::freeze(s.pid());
    // stdin stays open: only the heartbeat can end this.
    let status = c
        .exit_within(Duration::from_secs(2) + SLACK + Duration::from_secs(1))
        .expect("the client exits by itself");
    assert!(!status.success(), "{status}");
    c.wait_err("presumed dead");
}

#[test]
fn a_quiet_server_that_answers_pings_is_kept() {
    let s = server(&[]);
    let url = ws_url(&s, "/echo");
    let mut c = Client::start(&[
        &url,
        "--ping-interval",
        "0.2",
        "--pong-timeout",
        "0.3",
        "--trace",
    ]);
    c.wait_err("* connected");
    // Ten ping intervals of quiet: the server's Pongs keep the connection.
    thread::sleep(Duration::from_secs(2));
    c.say("still here");
    assert_eq!(c.line(), "still here");
    assert!(c.finish().success());
    let seen = c.wait_err("we closed (1000)");
    assert!(
        seen.contains("ping(0x9) MASK=1"),
        "the client pinged, masked: {seen}"
    );
    assert!(seen.contains("pong"), "the server answered: {seen}");
    assert!(!seen.contains("presumed dead"), "{seen}");
}
