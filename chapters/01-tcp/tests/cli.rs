//! The binaries as a user runs them: the client end to end, --help, bad flags,
//! and the errors a user meets when listening fails.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use ch01_tcp::testing::Server;

const SERVER: &str = env!("CARGO_BIN_EXE_ch01-server");
const CLIENT: &str = env!("CARGO_BIN_EXE_ch01-client");

/// Runs `program` with `args`, feeding `stdin`, killed if it takes over 20 s.
fn run(program: &str, args: &[&str], stdin: &[u8]) -> Output {
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
        let _ = input.write_all(&stdin); // dropping `input` closes the pipe: EOF
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut out = Vec::new();
        let _ = stdout.read_to_end(&mut out);
        let _ = tx.send(out);
    });
    let errs = thread::spawn(move || {
        let mut err = Vec::new();
        let _ = stderr.read_to_end(&mut err);
        err
    });
    let stdout = match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(out) => out,
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{program} {args:?} did not finish within 20 s");
        }
    };
    let status = child.wait().expect("wait");
    feeder.join().unwrap();
    Output {
        status,
        stdout,
        stderr: errs.join().unwrap(),
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn client_sends_stdin_and_prints_the_echo() {
    let s = Server::start(SERVER, &["--addr", "127.0.0.1:0"]).unwrap();
    let input: Vec<u8> = (0..200_000u32)
        .flat_map(|i| format!("line {i}\n").into_bytes())
        .collect();
    let out = run(CLIENT, &["--addr", s.addr()], &input);
    let err = text(&out.stderr);
    assert!(out.status.success(), "client failed: {err}");
    assert!(
        out.stdout == input,
        "stdout differs from stdin ({} vs {} bytes)",
        out.stdout.len(),
        input.len()
    );
    // Both ends of the connection are printed: ours with an ephemeral port.
    assert!(
        err.contains(&format!("-> peer {} (the server)", s.addr())),
        "{err}"
    );
    let local = err
        .split("local ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .unwrap_or_else(|| panic!("no local address in {err:?}"));
    let port: u16 = local.rsplit(':').next().unwrap().parse().expect("a port");
    assert_ne!(port, 0);
    assert_ne!(local, s.addr(), "the client's end is not the server's end");
    assert!(
        err.contains(&format!("sent {0} bytes, received {0} bytes", input.len())),
        "{err}"
    );
    // The server saw the same ephemeral port.
    let log = s.stderr_so_far();
    assert!(log.contains(&format!("{local}: connected")), "{log}");
}

#[test]
fn client_with_empty_stdin_gets_an_empty_echo() {
    let s = Server::start(SERVER, &["--addr", "127.0.0.1:0"]).unwrap();
    let out = run(CLIENT, &["--addr", s.addr()], b"");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
}

#[test]
fn client_reports_a_refused_connection() {
    // Bind then drop to get a port that (almost surely) nobody listens on.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let out = run(CLIENT, &["--addr", &addr], b"x");
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains(&format!("connecting to {addr}")), "{err}");
    assert!(err.to_lowercase().contains("refused"), "{err}");
}

#[test]
fn help_says_what_each_binary_does() {
    for (bin, what) in [(SERVER, "echo server"), (CLIENT, "echo client")] {
        let out = run(bin, &["--help"], b"");
        assert!(out.status.success());
        let help = text(&out.stdout);
        assert!(help.contains(what) && help.contains("--addr"), "{help}");
        assert!(help.lines().count() <= 24, "help must fit one screen");
    }
}

#[test]
fn unknown_flags_are_errors() {
    for bin in [SERVER, CLIENT] {
        let out = run(bin, &["--adr", "127.0.0.1:0"], b"");
        assert!(!out.status.success(), "{bin} accepted --adr");
        let err = text(&out.stderr);
        assert!(err.contains("--adr"), "{err}");
    }
}

#[test]
fn a_bad_address_is_an_error() {
    let out = run(SERVER, &["--addr", "localhost"], b"");
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--addr"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_port_in_use_is_explained() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = run(SERVER, &["--addr", &addr], b"");
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("another program is listening"), "{err}");
}
