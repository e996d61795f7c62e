//! Helpers shared by the integration tests (included with `mod common;`).
#![allow(dead_code)]

use ch09_ws_frames::{Event, Receiver, Role, Violation};

/// An event with its bytes owned, so tests can collect them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Got {
    Text(Vec<u8>),
    Binary(Vec<u8>),
    Ping(Vec<u8>),
    Pong(Vec<u8>),
    Close(Option<u16>, String),
}

pub fn own(e: Event<'_>) -> Got {
    match e {
        Event::Message {
            kind: ch09_ws_frames::MessageKind::Text,
            payload,
        } => Got::Text(payload.into_owned()),
        Event::Message { payload, .. } => Got::Binary(payload.into_owned()),
        Event::Ping(p) => Got::Ping(p.into_owned()),
        Event::Pong(p) => Got::Pong(p.into_owned()),
        Event::Close(c) => Got::Close(c.code, c.reason),
    }
}

/// Feeds `bytes` to a fresh receiver in reads of `step` bytes; returns the events
/// up to the first violation, and the violation if any.
pub fn receive(
    receiver: &mut Receiver,
    bytes: &[u8],
    step: usize,
) -> (Vec<Got>, Option<Violation>) {
    let mut data = bytes.to_vec();
    let mut events = Vec::new();
    let mut pos = 0;
    while pos < data.len() {
        let end = (pos + step.max(1)).min(data.len());
        let mut at = pos;
        // Bounded: each call consumes bytes or yields an event, and a read holds
        // at most `step` bytes.
        for _ in 0..=(2 * step + 8) {
            match receiver.feed(&mut data[at..end]) {
                Ok((n, Some(e))) => {
                    at += n;
                    events.push(own(e));
                }
                Ok((n, None)) => {
                    at += n;
                    break;
                }
                Err(v) => return (events, Some(v)),
            }
        }
        assert_eq!(at, end, "a read must be consumed entirely");
        pos = end;
    }
    (events, None)
}

/// All events from `bytes` fed at once, as a server receiving from a client unless
/// `role` says otherwise.
pub fn receive_all(role: Role, bytes: &[u8]) -> (Vec<Got>, Option<Violation>) {
    receive(&mut Receiver::new(role), bytes, bytes.len().max(1))
}
