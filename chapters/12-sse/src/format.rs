//! The event-stream format, the writing side (WHATWG HTML §9.2.5 "Parsing an
//! event stream" gives the grammar; §9.2.6 the meaning of each field).
//!
//! An event is a few `field: value` lines and an empty line:
//!
//! ```text
//! retry: 3000\n          reconnection time in ms (once, first, is enough)
//! id: 42\n               the id the client sends back as Last-Event-ID
//! event: reset\n         the event type (absent: "message")
//! data: first line\n     one data line per line of the message...
//! data: second line\n    ...the client joins them with LF
//! \n                     the empty line dispatches the event
//! : heartbeat\n          a comment: ignored by clients, keeps the connection busy
//! ```
//!
//! A value cannot hold a line break: a CR, an LF or a CRLF in the data ends a
//! line, so multi-line data is split into several `data:` lines (and arrives
//! with LF between them). An `id` or `event` value with a line break cannot be
//! written at all, and an `id` with NUL would be ignored by every client, so
//! those are errors here rather than silently changed.

use std::fmt;

/// An event to write. `data` may hold any text; the others must be one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Event<'a> {
    /// `id:` (the client's new last event id), if any.
    pub id: Option<&'a str>,
    /// `event:` (the event type), if not the default `message`.
    pub event: Option<&'a str>,
    /// The message; split into `data:` lines at CR, LF and CRLF.
    pub data: &'a str,
    /// `retry:` in milliseconds, if any.
    pub retry: Option<u64>,
}

/// A field value that cannot be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldError {
    /// `id` or `event` holds a CR or LF (it would end the line early).
    LineBreak {
        /// The field: `id` or `event`.
        field: &'static str,
    },
    /// `id` holds a NUL, which clients ignore (§9.2.6).
    NulInId,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldError::LineBreak { field } => {
                write!(f, "the {field} field cannot contain a line break")
            }
            FieldError::NulInId => f.write_str("the id field cannot contain NUL"),
        }
    }
}

impl std::error::Error for FieldError {}

/// The lines of `text`, split at CR, LF and CRLF, as an event-stream parser
/// will see them. `""` is one empty line; `"a\n"` is `a` and an empty line.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let s = rest?;
        match s.find(['\r', '\n']) {
            None => {
                rest = None;
                Some(s)
            }
            Some(i) => {
                let skip = if s[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&s[i + skip..]);
                Some(&s[..i])
            }
        }
    })
}

// ANCHOR: write_event
/// Appends `event` to `out`, ending with the empty line that dispatches it.
pub fn write_event(event: &Event<'_>, out: &mut Vec<u8>) -> Result<(), FieldError> {
    if let Some(id) = event.id {
        if id.contains(['\r', '\n']) {
            return Err(FieldError::LineBreak { field: "id" });
        }
        if id.contains('\0') {
            return Err(FieldError::NulInId);
        }
    }
    if event.event.is_some_and(|e| e.contains(['\r', '\n'])) {
        return Err(FieldError::LineBreak { field: "event" });
    }
    if let Some(ms) = event.retry {
        write_retry(ms, out);
    }
    // `field: value`: the parser drops exactly one space after the colon, so a
    // value that itself starts with a space keeps it.
    if let Some(id) = event.id {
        field(out, "id", id);
    }
    if let Some(name) = event.event {
        field(out, "event", name);
    }
    for line in lines(event.data) {
        field(out, "data", line);
    }
    out.push(b'\n');
    Ok(())
}
// ANCHOR_END: write_event

fn field(out: &mut Vec<u8>, name: &str, value: &str) {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b": ");
    out.extend_from_slice(value.as_bytes());
    out.push(b'\n');
}

/// Appends a `retry:` line: the client waits `ms` milliseconds before it
/// reconnects. On its own it dispatches nothing.
pub fn write_retry(ms: u64, out: &mut Vec<u8>) {
    out.extend_from_slice(format!("retry: {ms}\n").as_bytes());
}

/// Appends a comment (`: text`), one comment line per line of `text`.
/// Clients ignore comments; servers send them as heartbeats.
pub fn write_comment(text: &str, out: &mut Vec<u8>) {
    for line in lines(text) {
        out.extend_from_slice(b": ");
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parser::{Item, parse_all};

    fn written(event: Event<'_>) -> String {
        let mut out = Vec::new();
        write_event(&event, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn fields_in_order() {
        let e = Event {
            id: Some("7"),
            event: Some("reset"),
            data: "a\nb\r\nc\rd",
            retry: Some(10),
        };
        assert_eq!(
            written(e),
            "retry: 10\nid: 7\nevent: reset\ndata: a\ndata: b\ndata: c\ndata: d\n\n"
        );
    }

    #[test]
    fn round_trip_through_the_parser() {
        for data in [
            "",
            "x",
            " leading space",
            "a\n",
            "\n\n",
            "a\r\nb",
            "é ✓",
            "a:b",
        ] {
            let mut out = Vec::new();
            write_event(
                &Event {
                    id: Some("1"),
                    data,
                    ..Event::default()
                },
                &mut out,
            )
            .unwrap();
            let (items, err) = parse_all(&out);
            assert_eq!(err, None);
            let want = data.replace("\r\n", "\n").replace('\r', "\n");
            match &items[..] {
                [Item::Event(e)] => assert_eq!(e.data, want, "{data:?}"),
                other => panic!("{data:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn bad_fields_are_refused() {
        let mut out = Vec::new();
        let bad = |id, event| Event {
            id,
            event,
            data: "x",
            retry: None,
        };
        assert_eq!(
            write_event(&bad(Some("1\n2"), None), &mut out),
            Err(FieldError::LineBreak { field: "id" })
        );
        assert_eq!(
            write_event(&bad(Some("1\u{0}2"), None), &mut out),
            Err(FieldError::NulInId)
        );
        assert_eq!(
            write_event(&bad(None, Some("a\rb")), &mut out),
            Err(FieldError::LineBreak { field: "event" })
        );
        assert!(out.is_empty(), "nothing written on error");
    }
}
