//! Exercise: read an event stream the way a browser's `EventSource` does
//! (WHATWG HTML §9.2.5 "Parsing", §9.2.6 "Interpreting an event stream").
//!
//! The bytes arrive in pieces cut anywhere: in the middle of a line, between
//! the CR and LF of a CRLF, inside a UTF-8 character, inside the BOM.

/// A dispatched event, as a `MessageEvent` carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// `message` unless an `event:` field said otherwise.
    pub event: String,
    /// The data lines joined with LF.
    pub data: String,
    /// The last event id when the event was dispatched.
    pub last_event_id: String,
}

/// An incremental event-stream parser.
#[derive(Debug, Default)]
pub struct EventStream {
    // TODO: what must survive between two `feed` calls? The unfinished line's
    // bytes, whether the last byte was a CR, whether the BOM check is over, the
    // data / event type / id buffers, and the last event id.
    last_event_id: String,
}

impl EventStream {
    /// A parser at the start of a stream.
    pub fn new() -> EventStream {
        EventStream::default()
    }

    /// The last event id (what a reconnecting client sends as `Last-Event-ID`).
    pub fn last_event_id(&self) -> &str {
        &self.last_event_id
    }

    /// Feeds the next piece of the stream; returns the events it completed.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Message> {
        // TODO: strip one leading BOM; split lines at CR, LF and CRLF (even when
        // the CR and the LF come in different calls); decode each line as UTF-8
        // with replacement; then apply the field rules and dispatch on empty lines.
        let _ = bytes;
        todo!("parse an event stream per the spec: lines, fields, dispatch")
    }
}
