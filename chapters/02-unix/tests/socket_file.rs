//! The socket file: stale files, things that are not sockets, live servers,
//! permissions, and cleanup — with the built server binary.

mod common;

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::os::unix::net::UnixListener;
use std::process::Command;

use ch01_tcp::testing::Server;
use common::{SERVER, TempDir, echo_once, eventually, run, s};

fn is_socket(path: &std::path::Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_socket())
}

/// What a server leaves behind when it dies without cleaning up: std's
/// UnixListener does not remove its file when dropped.
fn make_stale(path: &std::path::Path) {
    drop(UnixListener::bind(path).unwrap());
    assert!(is_socket(path), "a closed listener leaves its socket file");
}

#[test]
fn a_stale_file_is_removed_and_the_server_starts() {
    let dir = TempDir::new();
    let path = dir.join("stale.sock");
    make_stale(&path);
    let server = Server::start(SERVER, &["--addr", s(&path)]).unwrap();
    let mut log = String::new();
    eventually("the stale-file message", || {
        log.push_str(&server.stderr_so_far());
        log.contains("removed a stale socket file")
    });
    assert_eq!(echo_once(&path, b"fresh\n"), b"fresh\n");
}

#[test]
fn a_regular_file_is_refused_and_kept() {
    let dir = TempDir::new();
    let path = dir.join("precious.txt");
    std::fs::write(&path, "do not delete me").unwrap();
    let out = run(SERVER, &["--addr", s(&path)], b"");
    assert!(!out.status.success(), "the server must refuse the path");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a socket"), "{err}");
    assert!(out.stdout.is_empty(), "no ready line");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "do not delete me");

    // A directory and a symlink to a stale socket are not sockets either.
    let sub = dir.join("a-dir");
    std::fs::create_dir(&sub).unwrap();
    let out = run(SERVER, &["--addr", s(&sub)], b"");
    assert!(!out.status.success());
    assert!(sub.is_dir());
    let target = dir.join("target.sock");
    make_stale(&target);
    let link = dir.join("link.sock");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = run(SERVER, &["--addr", s(&link)], b"");
    assert!(!out.status.success());
    assert!(
        is_socket(&target) && link.is_symlink(),
        "nothing deleted through a symlink"
    );
}

#[test]
fn a_live_servers_path_is_refused() {
    let dir = TempDir::new();
    let path = dir.join("live.sock");
    let _first = Server::start(SERVER, &["--addr", s(&path)]).unwrap();
    let out = run(SERVER, &["--addr", s(&path)], b"");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("already in use"), "{err}");
    // The first server still owns its file and still answers.
    assert_eq!(echo_once(&path, b"mine\n"), b"mine\n");
}

#[test]
fn the_mode_is_applied() {
    let dir = TempDir::new();
    for (mode, want) in [("0600", 0o600), ("666", 0o666), ("0o640", 0o640)] {
        let path = dir.join(&format!("m{want:o}.sock"));
        let _server = Server::start(SERVER, &["--addr", s(&path), "--mode", mode]).unwrap();
        let got = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(got & 0o777, want, "--mode {mode} gave {got:o}");
        assert_eq!(echo_once(&path, b"ok"), b"ok");
    }
    let out = run(
        SERVER,
        &["--addr", s(&dir.join("bad.sock")), "--mode", "0800"],
        b"",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("octal"));
}

#[test]
fn a_normal_exit_removes_the_file() {
    let dir = TempDir::new();
    let path = dir.join("once.sock");
    let mut server = Server::start(SERVER, &["--addr", s(&path), "--exit-after", "1"]).unwrap();
    assert!(is_socket(&path));
    assert_eq!(echo_once(&path, b"bye\n"), b"bye\n");
    eventually("the server to exit", || !server.is_running());
    assert!(
        !path.exists(),
        "the socket file is removed on a normal exit"
    );
}

/// SIGINT's disposition in the server: its default action (a foreground job
/// in a terminal), or ignored (a job that a script started with `&`).
#[derive(Clone, Copy)]
enum Sigint {
    Default,
    Ignore,
}

/// Starts the server with SIGINT set to `sigint`, whatever ours is.
///
/// The disposition has to be set explicitly because an *ignored* signal stays
/// ignored across `fork` and `exec` (signal(7); only *handled* signals go back
/// to their default). A shell without job control starts every `cmd &` with
/// SIGINT and SIGQUIT ignored (POSIX, Shell Command Language §2.11), `nohup`
/// ignores SIGHUP, and some CI runners and service managers ignore SIGINT: a
/// server started by this test in such a job would shrug `kill -INT` off, and
/// the lesson below would depend on how `cargo test` was launched.
///
/// std has no signal API and libc is not a dependency, so we declare the one C
/// function we need. It runs in the child between `fork` and `exec`, where
/// only async-signal-safe calls are allowed; `signal` is one.
fn start_with_sigint(path: &std::path::Path, sigint: Sigint) -> std::process::Child {
    use std::os::unix::process::CommandExt;
    unsafe extern "C" {
        /// `sighandler_t signal(int signum, sighandler_t handler)`; a handler
        /// is pointer-sized, and SIG_DFL (0) and SIG_IGN (1) are plain numbers.
        fn signal(signum: i32, handler: usize) -> usize;
    }
    const SIGINT: i32 = 2;
    const SIG_ERR: usize = usize::MAX;
    let handler = match sigint {
        Sigint::Default => 0, // SIG_DFL
        Sigint::Ignore => 1,  // SIG_IGN
    };
    let mut command = Command::new(SERVER);
    command
        .args(["--addr", s(path)])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    // SAFETY: the closure only calls `signal`, which is async-signal-safe, and
    // touches no memory shared with the parent.
    unsafe {
        command.pre_exec(move || {
            if signal(SIGINT, handler) == SIG_ERR {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    command.spawn().unwrap()
}

/// Sends `signal` (a name for `kill`, such as "INT") to `child`.
fn send(child: &std::process::Child, signal: &str) {
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill -{signal} failed");
}

#[test]
fn ctrl_c_leaves_a_stale_file_the_next_start_removes() {
    let dir = TempDir::new();
    let path = dir.join("sigint.sock");
    // As a terminal's foreground job: SIGINT's default action, even if this
    // test runs in a job that ignores SIGINT (see start_with_sigint).
    let mut child = start_with_sigint(&path, Sigint::Default);
    eventually("the socket file", || {
        is_socket(&path) || child.try_wait().unwrap().is_some()
    });
    // What Ctrl-C does: SIGINT, whose default action ends the process at once.
    send(&child, "INT");
    eventually("the server to die", || child.try_wait().unwrap().is_some());
    assert!(
        is_socket(&path),
        "no destructor ran: the socket file is still there"
    );

    let server = Server::start(SERVER, &["--addr", s(&path)]).unwrap();
    let mut log = String::new();
    eventually("the stale-file message", || {
        log.push_str(&server.stderr_so_far());
        log.contains("removed a stale socket file")
    });
    assert_eq!(echo_once(&path, b"back\n"), b"back\n");
}

#[test]
fn an_ignored_sigint_survives_exec_and_kill_9_leaves_the_file_too() {
    let dir = TempDir::new();
    let path = dir.join("ignored.sock");
    // As `ch02-server &` from a script: SIGINT ignored before exec.
    let mut child = start_with_sigint(&path, Sigint::Ignore);
    eventually("the socket file", || {
        is_socket(&path) || child.try_wait().unwrap().is_some()
    });
    send(&child, "INT");
    // The kernel discards a signal that is ignored when it is sent, so the
    // server is untouched and still answers.
    assert_eq!(echo_once(&path, b"still here\n"), b"still here\n");
    assert!(
        child.try_wait().unwrap().is_none(),
        "an ignored SIGINT must not stop the server"
    );
    // SIGKILL cannot be ignored, caught or inherited away, and it runs no
    // destructor either: the same stale file as after Ctrl-C.
    send(&child, "KILL");
    eventually("the server to die", || child.try_wait().unwrap().is_some());
    assert!(is_socket(&path), "kill -9 runs no destructor either");
}
