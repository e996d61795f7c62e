//! Autobahn|Testsuite's client flow: its `fuzzingserver` plays the server and
//! tells the client what to do over WebSocket itself.
//!
//! ```text
//!  GET /getCaseCount              ── one text message: "517"
//!  GET /runCase?case=N&agent=A    ── N = 1..=count: echo every message until it closes
//!  GET /updateReports?agent=A     ── it writes the reports, then closes
//! ```
//!
//! Run it with `ch10-client --autobahn ws://127.0.0.1:9001`.

use std::sync::Mutex;

use anyhow::{Context, bail};
use ch01_tcp::trace::Trace;
use ch09_ws_frames::MessageKind;

use super::connect::connect;
use super::session::{Ended, echo_message, pump};

/// Connects to `url` and echoes until the connection ends.
pub fn echo_once(url: &str, trace: Trace) -> anyhow::Result<Ended> {
    let (mut reader, writer) = connect(url, trace)?;
    let writer = Mutex::new(writer);
    Ok(pump(&mut reader, &writer, echo_message))
}

/// Asks the fuzzing server how many cases it has.
pub fn case_count(base: &str, trace: Trace) -> anyhow::Result<u32> {
    let (mut reader, writer) = connect(&format!("{base}/getCaseCount"), trace)?;
    let writer = Mutex::new(writer);
    let mut text = None;
    pump(&mut reader, &writer, |_, kind, payload| {
        if kind == MessageKind::Text {
            text = Some(String::from_utf8_lossy(&payload).into_owned());
        }
    });
    let Some(text) = text else {
        bail!("getCaseCount sent no text message");
    };
    text.trim()
        .parse()
        .with_context(|| format!("getCaseCount sent {text:?}, not a number"))
}

/// Runs every case in echo mode, then asks for the reports.
pub fn run(base: &str, agent: &str, trace: Trace) -> anyhow::Result<()> {
    let base = base.trim_end_matches('/');
    let count = case_count(base, trace)?;
    eprintln!("* {count} cases");
    for case in 1..=count {
        let url = format!("{base}/runCase?case={case}&agent={agent}");
        match echo_once(&url, trace) {
            Ok(ended) => eprintln!("* case {case}/{count}: {ended}"),
            Err(e) => eprintln!("* case {case}/{count}: {e:#}"),
        }
    }
    let ended = echo_once(&format!("{base}/updateReports?agent={agent}"), trace)?;
    eprintln!("* reports updated: {ended}");
    Ok(())
}
