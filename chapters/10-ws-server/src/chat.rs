//! The chat room: who is in it, what they are called, and what happens when
//! one of them stops reading.
//!
//! `/chat?nick=ada` joins as `ada`; without `?nick=`, the first text message is
//! the nickname. Every text message after that goes to everyone (the sender
//! too, so all see one order) as `ada: hello`; joins and leaves are announced
//! as `* ada joined (2 online)` and `* ada left`. The line `/ping` is not
//! broadcast: its sender alone gets `/pong`, a liveness check a page's script
//! can make ([`APP_PING`]). Binary messages are refused
//! with Close 1003 (RFC 6455 §7.4.1: a type we cannot accept).
//!
//! # Slow consumers
//!
//! A broadcast copies one frame into every member's write queue. A member
//! whose client stopped reading (a frozen tab, a phone in a tunnel) would make
//! its queue grow without end, so the room checks before each copy:
//!
//! ```text
//!   queued(member) + frame > chat_queue_limit ?
//!       no  → queue the frame
//!       yes → queue Close 1008 "too slow" after what is waiting, close the
//!             connection (the loop drops it if it still cannot flush within
//!             its close timeout), announce "* bob left (too slow)"
//! ```
//!
//! The limit must be well above what one read can add to a queue: the loop
//! hands a callback up to one read buffer (128 KiB in `ch10-server`) at a time
//! and writes the queues after it returns, so a fast sender's own batch of lines
//! is queued whole before any of it is written. `ch10-server` refuses a
//! `--chat-queue` below twice its `--read-buffer` (256 KiB by default) for that reason.
//!
//! The slow member is never waited for: the others' frames are queued at once
//! and the loop writes each socket as it can take it. Nothing is silently
//! dropped: a member either gets every message, in order, or is told it was
//! disconnected.

use std::collections::BTreeMap;

use ch01_tcp::trace::Trace;
use ch07_event_loop::{ConnId, LoopCx};
use ch09_ws_frames::close::POLICY_VIOLATION;
use ch09_ws_frames::encoder::{encode_close, encode_frame};
use ch09_ws_frames::explain::trace_line;
use ch09_ws_frames::{FrameHeader, OpCode};

// ANCHOR: app_ping
/// A chat line that is not for the room: the sender alone gets [`APP_PONG`]
/// back. A page's script cannot send a WebSocket Ping, nor see the server's
/// (the browser answers them itself), so the chat page proves the server is
/// alive with this pair: `/ping` after a quiet spell, and any message at all
/// within a deadline, or the page reconnects (`www/index.html`, the watchdog).
pub const APP_PING: &str = "/ping";

/// The answer to [`APP_PING`], to its sender only.
pub const APP_PONG: &str = "/pong";
// ANCHOR_END: app_ping

/// The longest nickname, in characters.
pub const MAX_NICK: usize = 32;

/// Whether `nick` may be used: 1 to 32 characters, no control characters, not
/// starting with `*` (which marks the room's own notices).
pub fn valid_nick(nick: &str) -> bool {
    let n = nick.chars().count();
    (1..=MAX_NICK).contains(&n)
        && !nick.starts_with('*')
        && nick.trim() == nick
        && !nick.chars().any(char::is_control)
}

/// Everyone in the chat.
#[derive(Debug, Default)]
pub struct Room {
    /// Members by connection, with their nicknames (ordered: a stable fan-out).
    members: BTreeMap<ConnId, String>,
    /// The frame being broadcast, reused so a broadcast allocates nothing.
    frame: Vec<u8>,
    /// Members dropped as slow consumers, since the room was made.
    pub dropped_slow: u64,
}

impl Room {
    /// How many are in the room.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether the room is empty.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Whether `id` has joined.
    pub fn contains(&self, id: ConnId) -> bool {
        self.members.contains_key(&id)
    }

    /// `id` joins as `nick`; everyone (the newcomer too) hears about it.
    pub fn join(&mut self, lp: &mut LoopCx<'_>, limit: usize, id: ConnId, nick: &str) {
        self.members.insert(id, nick.to_string());
        let notice = format!("* {nick} joined ({} online)", self.members.len());
        self.broadcast(lp, limit, &notice);
    }

    /// `id` says `text`.
    pub fn say(&mut self, lp: &mut LoopCx<'_>, limit: usize, id: ConnId, text: &str) {
        if let Some(nick) = self.members.get(&id) {
            let line = format!("{nick}: {text}");
            self.broadcast(lp, limit, &line);
        }
    }

    /// `id` leaves (closed, or sent/received a Close); a no-op if it was not in.
    pub fn leave(&mut self, lp: &mut LoopCx<'_>, limit: usize, id: ConnId, why: &str) {
        if let Some(nick) = self.members.remove(&id) {
            let notice = if why.is_empty() {
                format!("* {nick} left")
            } else {
                format!("* {nick} left ({why})")
            };
            self.broadcast(lp, limit, &notice);
        }
    }

    // ANCHOR: broadcast
    /// Sends `text` to every member; drops the ones that cannot keep up.
    pub fn broadcast(&mut self, lp: &mut LoopCx<'_>, limit: usize, text: &str) {
        let trace = lp.trace();
        // A worklist, not recursion: dropping a slow member is itself announced.
        let mut pending = vec![text.to_string()];
        while let Some(text) = pending.pop() {
            if self.members.is_empty() {
                return;
            }
            self.frame.clear();
            encode_frame(&mut self.frame, true, OpCode::Text, text.as_bytes());
            let mut slow = Vec::new();
            for &id in self.members.keys() {
                // An empty queue always takes one frame, however big: the limit
                // is on what waits, so a big message alone drops no one.
                let queued = lp.queued_on(id).unwrap_or(0);
                if queued > 0 && queued + self.frame.len() > limit {
                    slow.push(id);
                    continue;
                }
                // Refused only if the loop's own limit is lower than ours, or
                // the connection is going: both mean "do not wait for it".
                if lp.send_to(id, &self.frame).is_err() {
                    slow.push(id);
                }
            }
            if trace.enabled() {
                let header = FrameHeader::new(true, OpCode::Text, None, text.len() as u64);
                let line = trace_line(&header, text.as_bytes());
                let to = self.members.len() - slow.len();
                trace.annotated("->", "room", format!("frame {line}  to {to} members"));
            }
            for id in slow {
                if let Some(nick) = self.members.remove(&id) {
                    self.dropped_slow += 1;
                    drop_slow(lp, trace, id, &nick);
                    if !self.members.is_empty() {
                        pending.push(format!("* {nick} left (too slow)"));
                    }
                }
            }
        }
    }
    // ANCHOR_END: broadcast
}

// ANCHOR: drop_slow
/// The slow-consumer policy: Close 1008 queued behind what is waiting, then a
/// graceful close. If the peer never reads, the loop's close timeout drops it.
fn drop_slow(lp: &mut LoopCx<'_>, trace: Trace, id: ConnId, nick: &str) {
    let waiting = lp.queued_on(id).unwrap_or(0);
    trace.note(
        "room",
        format!("{nick} ({id}) is too slow: {waiting} bytes unread; Close 1008"),
    );
    let mut frame = Vec::with_capacity(16);
    encode_close(&mut frame, POLICY_VIOLATION, "too slow", None);
    // Refused if even the loop's queue is full: the close below still happens.
    let _ = lp.send_to(id, &frame);
    lp.close_conn(id);
}
// ANCHOR_END: drop_slow

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nicknames() {
        for good in ["ada", "Grace Hopper", "émile", &"x".repeat(32)] {
            assert!(valid_nick(good), "{good:?}");
        }
        for bad in ["", " ada", "ada ", "* root", "a\nb", &"x".repeat(33)] {
            assert!(!valid_nick(bad), "{bad:?}");
        }
    }
}
