//! `ch10-client`'s session: stdin lines out as text messages, messages in to
//! stdout, and reconnecting with backoff when the connection drops.
//!
//! ```text
//!  connect ──ok──▶ connected ──stdin EOF──▶ Close 1000 ─▶ wait for the server's Close and FIN ─▶ exit 0
//!     ▲               │ server's Close / TCP lost / silent past the heartbeat's deadline
//!     │               ▼
//!     └── wait backoff.next_delay() ◀── --reconnect? ── no ──▶ exit (0 after a Close, 1 if lost)
//! ```
//!
//! Lines typed while disconnected are kept and sent after the reconnect.

use std::collections::VecDeque;
use std::io::{BufRead, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::anyhow;
use ch01_tcp::trace::{Trace, hex};
use ch09_ws_frames::close::NORMAL;
use ch09_ws_frames::{MessageKind, OpCode};

use super::connect::connect_with;
use super::frames::{FrameReader, FrameWriter, Incoming, ReadError};
use super::liveness::Liveness;
use crate::backoff::Backoff;
use crate::heartbeat::{Beat, Heartbeat};

/// How long to wait for the server's Close, and then its FIN.
pub const CLOSE_WAIT: Duration = Duration::from_secs(5);

/// How a connection ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    /// The close handshake completed. `by_us`: we sent the first Close.
    Closed {
        /// Whether we started it.
        by_us: bool,
        /// The server's close code.
        code: Option<u16>,
        /// The server's reason.
        reason: String,
    },
    /// TCP ended or failed without a close handshake, or a protocol error.
    Lost(String),
}

impl std::fmt::Display for Ended {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ended::Closed {
                by_us,
                code,
                reason,
            } => {
                let who = if *by_us {
                    "we closed"
                } else {
                    "the server closed"
                };
                match code {
                    Some(code) if reason.is_empty() => write!(f, "{who} ({code})"),
                    Some(code) => write!(f, "{who} ({code} {reason})"),
                    None => write!(f, "{who} (no code)"),
                }
            }
            Ended::Lost(why) => write!(f, "connection lost: {why}"),
        }
    }
}

/// Locks the writer; a reader thread that panicked leaves it usable.
pub fn lock(w: &Mutex<FrameWriter>) -> MutexGuard<'_, FrameWriter> {
    w.lock().unwrap_or_else(|e| e.into_inner())
}

// ANCHOR: pump
/// Reads events until the connection ends: answers Pings, answers a Close and
/// waits for the server's FIN, fails on a protocol error. Messages go to
/// `on_message`. With the reader's heartbeat (`liveness.rs`) it pings a quiet
/// server and gives up on one that stays silent past the deadline.
pub fn pump(
    reader: &mut FrameReader,
    writer: &Mutex<FrameWriter>,
    mut on_message: impl FnMut(&Mutex<FrameWriter>, MessageKind, Vec<u8>),
) -> Ended {
    let liveness = reader.liveness();
    let mut heard = reader.heard_at();
    let mut heartbeat = Heartbeat::new(heard);
    loop {
        let deadline = liveness.map(|l| heartbeat.deadline(l.ping_interval, l.pong_timeout));
        let event = reader.next_event_by(deadline);
        if reader.heard_at() > heard {
            // Any byte from the server counts, a Pong or not (heartbeat.rs).
            heard = reader.heard_at();
            heartbeat.alive(heard);
        }
        match event {
            Err(ReadError::Quiet) => {
                if let Some(l) = liveness
                    && let Some(why) = beat(&mut heartbeat, l, reader, writer)
                {
                    return why;
                }
            }
            Ok(Incoming::Message { kind, payload }) => on_message(writer, kind, payload),
            Ok(Incoming::Ping(payload)) => {
                // §5.5.2: a Pong, unless the server's Close came first (then we
                // are already gone). After our own Close the writer refuses it:
                // a simplification, the server's Close is on its way.
                let _ = lock(writer).send(OpCode::Pong, &payload);
            }
            Ok(Incoming::Pong(_)) => {}
            Ok(Incoming::Close(code, reason)) => {
                let by_us = {
                    let mut w = lock(writer);
                    let by_us = w.close_sent();
                    if !by_us {
                        // §5.5.1: answer with a Close, echoing the code.
                        let _ = w.close(code.unwrap_or(NORMAL), "");
                    }
                    by_us
                };
                reader.wait_for_fin(CLOSE_WAIT);
                return Ended::Closed {
                    by_us,
                    code,
                    reason,
                };
            }
            Ok(Incoming::Eof) => {
                lock(writer).shutdown();
                return Ended::Lost("TCP closed without a Close frame (1006)".into());
            }
            Err(ReadError::Protocol(v)) => {
                // §7.1.7: Fail the connection: Close with the code, then go.
                let _ = lock(writer).close(v.close_code(), &v.to_string());
                reader.wait_for_fin(Duration::from_secs(1));
                return Ended::Lost(format!("protocol error from the server: {v}"));
            }
            Err(ReadError::Io(e)) => {
                lock(writer).shutdown();
                return Ended::Lost(e.to_string());
            }
        }
    }
}
// ANCHOR_END: pump

// ANCHOR: beat
/// The read deadline passed: Ping a quiet server, or give up on a silent one.
/// Giving up is a plain drop, no Close frame: a peer presumed gone would not
/// read it, and one that was only slow learns from the FIN (it reports 1006,
/// abnormal closure), as the server does it (`websocket.rs`, `on_timer`).
fn beat(
    heartbeat: &mut Heartbeat,
    l: Liveness,
    reader: &FrameReader,
    writer: &Mutex<FrameWriter>,
) -> Option<Ended> {
    match heartbeat.on_timer(Instant::now(), l.ping_interval, l.pong_timeout) {
        Beat::Wait(_) => None,
        Beat::Ping(payload, _) => {
            // A writer blocked on a full send buffer holds the lock: its bytes
            // are already a probe, and the deadline runs all the same.
            if let Some(mut w) = try_lock(writer) {
                let _ = w.send(OpCode::Ping, &payload);
            }
            None
        }
        Beat::TimedOut => {
            // Wakes a writer blocked in another thread, too.
            reader.shutdown();
            Some(Ended::Lost(format!(
                "no answer from the server for {:.1} s after our Ping \
                 (sent after {:.1} s of quiet): presumed dead, dropping the connection",
                l.pong_timeout.as_secs_f64(),
                l.ping_interval.as_secs_f64(),
            )))
        }
    }
}
// ANCHOR_END: beat

/// Locks the writer if no one holds it now.
fn try_lock(w: &Mutex<FrameWriter>) -> Option<MutexGuard<'_, FrameWriter>> {
    match w.try_lock() {
        Ok(guard) => Some(guard),
        Err(TryLockError::Poisoned(e)) => Some(e.into_inner()),
        Err(TryLockError::WouldBlock) => None,
    }
}

/// Echo mode: every message back, same opcode.
pub fn echo_message(writer: &Mutex<FrameWriter>, kind: MessageKind, payload: Vec<u8>) {
    let opcode = match kind {
        MessageKind::Text => OpCode::Text,
        MessageKind::Binary => OpCode::Binary,
    };
    let _ = lock(writer).send(opcode, &payload);
}

/// Interactive mode: text as it is, binary as a hex summary, one line each.
pub fn print_message(_: &Mutex<FrameWriter>, kind: MessageKind, payload: Vec<u8>) {
    let mut out = std::io::stdout().lock();
    let _ = match kind {
        MessageKind::Text => writeln!(out, "{}", String::from_utf8_lossy(&payload)),
        MessageKind::Binary => writeln!(
            out,
            "[binary, {} bytes: {}]",
            payload.len(),
            hex(&payload, 16)
        ),
    };
    let _ = out.flush();
}

/// The client's options.
#[derive(Debug, Clone)]
pub struct Options {
    /// `ws://host:port/path?query`.
    pub url: String,
    /// Print the handshake and every frame.
    pub trace: Trace,
    /// Echo messages back instead of printing them (stdin is not read).
    pub echo: bool,
    /// Reconnect when the connection drops.
    pub reconnect: bool,
    /// The delays between reconnects.
    pub backoff: Backoff,
    /// The heartbeat: Ping a quiet server, drop a silent one (`None`: never).
    pub liveness: Option<Liveness>,
}

enum Msg {
    Line(String),
    StdinEof,
    Ended(u64, Ended),
}

/// Waits `delay` (for a reconnect), keeping lines typed meanwhile. Returns
/// false if stdin ended: there is nothing left to send, so stop.
fn wait(rx: &Receiver<Msg>, delay: Duration, pending: &mut VecDeque<String>) -> bool {
    let until = Instant::now() + delay;
    loop {
        let left = until.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(Msg::Line(line)) => pending.push_back(line),
            Ok(Msg::StdinEof) => return false,
            Ok(Msg::Ended(..)) => {}
            Err(RecvTimeoutError::Timeout) => return true,
            Err(RecvTimeoutError::Disconnected) => return true,
        }
    }
}

fn spawn_stdin(tx: Sender<Msg>) {
    thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if tx.send(Msg::Line(line)).is_err() {
                return;
            }
        }
        let _ = tx.send(Msg::StdinEof);
    });
}

// ANCHOR: run
/// Runs the client until stdin ends (or, without `--reconnect`, the
/// connection does).
pub fn run(opts: &Options) -> anyhow::Result<()> {
    let (tx, rx) = mpsc::channel();
    if !opts.echo {
        spawn_stdin(tx.clone());
    }
    let mut backoff = opts.backoff;
    let mut pending = VecDeque::new();
    let mut generation = 0u64;
    loop {
        let (mut reader, writer) = match connect_with(&opts.url, opts.trace, opts.liveness) {
            Ok(halves) => halves,
            Err(e) if opts.reconnect => {
                let delay = backoff.next_delay(rand::random());
                eprintln!("* {e:#}; retrying in {:.1} s", delay.as_secs_f64());
                if !wait(&rx, delay, &mut pending) {
                    return Ok(());
                }
                continue;
            }
            Err(e) => return Err(e),
        };
        backoff.reset();
        generation += 1;
        eprintln!("* connected to {}", opts.url);
        let writer = Arc::new(Mutex::new(writer));
        {
            let (writer, tx, echo) = (writer.clone(), tx.clone(), opts.echo);
            thread::spawn(move || {
                let ended = if echo {
                    pump(&mut reader, &writer, echo_message)
                } else {
                    pump(&mut reader, &writer, print_message)
                };
                let _ = tx.send(Msg::Ended(generation, ended));
            });
        }
        // Lines typed while we were away go first, in order.
        let mut stdin_done = false;
        while let Some(line) = pending.pop_front() {
            let _ = lock(&writer).send(OpCode::Text, line.as_bytes());
        }
        let ended = loop {
            let msg = if stdin_done {
                match rx.recv_timeout(2 * CLOSE_WAIT) {
                    Ok(msg) => msg,
                    Err(_) => {
                        lock(&writer).shutdown();
                        return Err(anyhow!("the server never answered our Close"));
                    }
                }
            } else {
                rx.recv().map_err(|_| anyhow!("internal: channel closed"))?
            };
            match msg {
                Msg::Line(line) => {
                    if lock(&writer).send(OpCode::Text, line.as_bytes()).is_err() {
                        pending.push_back(line); // the reader will report the loss
                    }
                }
                Msg::StdinEof => {
                    // Done typing: Close 1000, then the reader waits for the
                    // server's Close and FIN and reports.
                    stdin_done = true;
                    let _ = lock(&writer).close(NORMAL, "");
                }
                Msg::Ended(g, ended) if g == generation => break ended,
                Msg::Ended(..) => {}
            }
        };
        eprintln!("* {ended}");
        // Done typing, or no reconnecting: the way the connection ended decides.
        // A Close answered ours (or the server's own) is a clean end; a lost
        // connection is an error even after stdin ended, since the server never
        // confirmed what we sent (the lines typed last may be gone with it).
        if stdin_done || !opts.reconnect {
            return match ended {
                Ended::Closed { .. } => Ok(()),
                Ended::Lost(why) => Err(anyhow!("connection lost: {why}")),
            };
        }
        let delay = backoff.next_delay(rand::random());
        eprintln!("* reconnecting in {:.1} s", delay.as_secs_f64());
        if !opts.echo && !wait(&rx, delay, &mut pending) {
            return Ok(());
        }
        if opts.echo {
            thread::sleep(delay);
        }
    }
}
// ANCHOR_END: run
