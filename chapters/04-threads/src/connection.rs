//! One client: a reader thread and a writer thread around one socket.
//!
//! ```text
//!              ┌──────────── reader thread ────────────┐
//! socket ──►  LineReader ──► text::clean ──► command::parse ──► Hub (say, nick, who)
//!              └────────────────────────────────────────┘
//!              ┌──────────── writer thread ────────────┐
//! socket ◄──  write_all ◄── Outbox::next ◄──────────────── Hub (everyone's broadcasts)
//!              └────────────────────────────────────────┘
//! ```
//!
//! Why two threads? Reading and writing block independently: a client that types
//! nothing for an hour still has to receive everyone else's messages, and a client
//! that stops reading must not stop us from reading the others. With one thread
//! per direction, each blocking call waits only for what it is about.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::mpsc;

use ch01_tcp::trace::Trace;

use crate::command::{self, Input};
use crate::config::{Config, thread_builder};
use crate::hub::{Hub, MemberId};
use crate::line::{Line, LineError, LineReader};
use crate::outbox::{Next, Outbox};
use crate::text;

/// The first thing a client sees.
pub const WELCOME: &str = "* welcome to ch04-chat. what is your nickname?\n";

/// The commands, for `/help` and the hello line.
pub const COMMANDS: &str = "commands: /who, /nick NAME, /quit";

// ANCHOR: handle
/// Serves one client until it leaves; runs on the client's reader thread.
pub fn handle(stream: TcpStream, hub: &Hub, config: &Config) {
    let trace = config.trace;
    let peer = match stream.peer_addr() {
        Ok(peer) => peer,
        Err(_) => return, // already reset before we got to it
    };
    trace.note(peer, "connected");
    let (id, outbox) = hub.connect();

    // The writer gets its own handle to the same socket (a dup'd descriptor).
    let (done_tx, done_rx) = mpsc::channel();
    let writer = stream.try_clone().and_then(|out| {
        let outbox = outbox.clone();
        thread_builder(config, format!("write {}", peer.port())).spawn(move || {
            write_loop(out, &outbox, peer, trace);
            let _ = done_tx.send(());
        })
    });
    let writer = match writer {
        Ok(writer) => writer,
        Err(e) => {
            eprintln!("{peer}: cannot start a writer thread: {e}");
            hub.leave(id);
            return;
        }
    };

    hub.tell(id, WELCOME);
    let why = read_loop(&stream, id, hub, config, peer);
    if let Some(nick) = hub.leave(id) {
        hub.broadcast(id, &format!("* {nick} left{why}\n"));
    }
    // `leave` closed the outbox: the writer delivers what is queued (a "* bye"),
    // then shuts down its half. A client that stopped reading could keep it
    // blocked in `write` forever, so we wait only so long, then close the socket
    // under it, which makes its `write` fail and the thread end.
    if done_rx.recv_timeout(config.linger).is_err() {
        trace.note(peer, "writer still blocked after the linger time; closing");
    }
    let _ = stream.shutdown(Shutdown::Both);
    let _ = writer.join();
    trace.note(peer, "closed");
}
// ANCHOR_END: handle

// ANCHOR: read_loop
/// Reads lines and acts on them until the client leaves; returns why it left,
/// as a suffix for the leave notice (`""`, `" (connection reset by peer)"`).
fn read_loop(
    stream: &TcpStream,
    id: MemberId,
    hub: &Hub,
    config: &Config,
    peer: SocketAddr,
) -> String {
    let traced = Traced {
        inner: stream,
        peer,
        trace: config.trace,
    };
    let mut lines = LineReader::new(traced, config.max_line);
    loop {
        let line = match lines.next_line() {
            Ok(Some(Line::Complete(bytes))) => text::clean(&bytes),
            Ok(Some(Line::TooLong)) => {
                // Policy: the line is dropped, the connection kept.
                let max = lines.max();
                hub.tell(
                    id,
                    &format!("* error: line too long (max {max} bytes), dropped\n"),
                );
                continue;
            }
            Ok(None) => return String::new(),
            Err(LineError::Io(e)) => return format!(" ({e})"),
            Err(e @ LineError::ClosedMidLine { .. }) => {
                config.trace.note(peer, &e);
                return String::new();
            }
        };
        let joined = hub.nick(id);
        match (command::parse(&line), joined) {
            (Input::Blank, _) => {}
            (Input::Quit, _) => {
                hub.tell(id, "* bye\n");
                return String::new();
            }
            (Input::Help, _) => hub.tell(id, &format!("* {COMMANDS}\n")),
            (Input::Who, _) => hub.tell(id, &format!("* here now: {}\n", hub.who().join(", "))),
            (Input::Unknown(word), _) => {
                hub.tell(
                    id,
                    &format!("* error: unknown command /{word} ({COMMANDS})\n"),
                );
            }
            // Before joining, a plain line is the nickname.
            (Input::Say(nick) | Input::Nick(nick), None) => join(hub, id, nick.trim()),
            (Input::Nick(nick), Some(old)) => rename(hub, id, &old, nick),
            (Input::Say(text), Some(nick)) => {
                hub.broadcast(id, &format!("<{nick}> {text}\n"));
            }
        }
    }
}
// ANCHOR_END: read_loop

/// First nickname: enter the room, and tell everyone.
fn join(hub: &Hub, id: MemberId, nick: &str) {
    match hub.set_nick(id, nick) {
        Ok(_) => {
            // Tell the room first, then the newcomer: once a client has read its
            // hello, everyone already in the room has "joined" queued, and anyone
            // who joins later will not get it (they see the name in their hello).
            hub.broadcast(id, &format!("* {nick} joined\n"));
            let here = hub.who().join(", ");
            hub.tell(
                id,
                &format!("* hello {nick}. here now: {here}. {COMMANDS}\n"),
            );
        }
        Err(e) => hub.tell(id, &format!("* error: {e}. what is your nickname?\n")),
    }
}

/// `/nick NAME` once in the room.
fn rename(hub: &Hub, id: MemberId, old: &str, new: &str) {
    match hub.set_nick(id, new) {
        Ok(_) => {
            hub.broadcast(id, &format!("* {old} is now {new}\n"));
            hub.tell(id, &format!("* you are now {new}\n"));
        }
        Err(e) => hub.tell(id, &format!("* error: {e}\n")),
    }
}

// ANCHOR: write_loop
/// Takes messages from the outbox and writes them, until the outbox is closed
/// and empty or the socket fails.
fn write_loop(mut out: TcpStream, outbox: &Outbox, peer: SocketAddr, trace: Trace) {
    loop {
        let text: Arc<str> = match outbox.next() {
            Next::Message(msg) => msg,
            Next::Missed(n) => Arc::from(format!(
                "* you missed {n} messages: you were reading too slowly\n"
            )),
            Next::Closed => break,
        };
        let bytes = text.as_bytes();
        trace.send(peer, bytes);
        // `write_all` loops over partial writes (chapter 1). It blocks while the
        // client's receive window and our send buffer are full: only this thread
        // waits; the outbox absorbs (and if need be drops) what arrives meanwhile.
        if let Err(e) = out.write_all(bytes) {
            trace.note(peer, format!("write failed: {e}"));
            // Wake the reader thread too: its read returns at once.
            let _ = out.shutdown(Shutdown::Both);
            return;
        }
    }
    // Everything delivered: send our FIN.
    let _ = out.shutdown(Shutdown::Write);
}
// ANCHOR_END: write_loop

/// A reader that shows every read on `--trace`.
struct Traced<'a> {
    inner: &'a TcpStream,
    peer: SocketAddr,
    trace: Trace,
}

impl Read for Traced<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let result = self.inner.read(buf);
        match &result {
            Ok(0) => self
                .trace
                .note(self.peer, "peer closed its write half (read returned 0)"),
            Ok(n) => self.trace.recv(self.peer, &buf[..*n]),
            Err(e) => self.trace.note(self.peer, format!("read failed: {e}")),
        }
        result
    }
}
