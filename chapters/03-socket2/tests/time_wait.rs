//! "Address already in use" after a restart, and SO_REUSEADDR fixing it, for real:
//! the server closes first, its end sits in TIME_WAIT, then we bind the same port.

mod common;

use std::io::ErrorKind;
use std::net::{IpAddr, Ipv4Addr};

use ch03_socket2::procnet::TcpState;
use ch03_socket2::time_wait::reproduce;

const LOCALHOST: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

#[test]
fn without_reuseaddr_the_restart_fails() {
    let run = reproduce(LOCALHOST, false, false).unwrap();
    if cfg!(target_os = "linux") {
        assert_eq!(run.server_state, Some(TcpState::TimeWait));
    }
    let err = run.rebind.expect_err("the port is held by TIME_WAIT");
    assert_eq!(err.kind(), ErrorKind::AddrInUse, "{err}");
}

#[test]
fn with_reuseaddr_the_restart_succeeds() {
    let run = reproduce(LOCALHOST, true, true).unwrap();
    if cfg!(target_os = "linux") {
        // The old connection is still there: SO_REUSEADDR did not remove it,
        // it allowed binding next to it.
        assert_eq!(run.server_state, Some(TcpState::TimeWait));
    }
    if let Err(e) = run.rebind {
        panic!("rebinding with SO_REUSEADDR failed: {e}");
    }
}

#[test]
#[cfg(target_os = "linux")]
fn on_linux_both_runs_need_it() {
    // The TIME_WAIT socket keeps the old run's setting.
    let run = reproduce(LOCALHOST, false, true).unwrap();
    assert_eq!(run.rebind.unwrap_err().kind(), ErrorKind::AddrInUse);
}

#[test]
fn the_demo_mode_shows_both_outcomes() {
    let out = common::run(
        env!("CARGO_BIN_EXE_ch03-server"),
        &["--demo-reuseaddr"],
        common::TIMEOUT,
    );
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Address already in use"), "{text}");
    assert!(text.contains("again: ok"), "{text}");
    if cfg!(target_os = "linux") {
        assert!(text.contains("TIME_WAIT"), "{text}");
    }
}

#[test]
fn the_demo_mode_refuses_flags_it_would_ignore() {
    let out = common::run(
        env!("CARGO_BIN_EXE_ch03-server"),
        &["--demo-reuseaddr", "--no-reuseaddr"],
        common::TIMEOUT,
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("takes no other options"), "{err}");
}
