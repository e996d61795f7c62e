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
    /// The bytes of the line being read (no line end yet).
    line: Vec<u8>,
    /// The last byte fed was a CR: an LF now belongs to the same line end.
    after_cr: bool,
    /// Bytes seen so far, to find a BOM at the very start (it may come in pieces).
    seen: usize,
    data: String,
    event: String,
    id_buffer: String,
    last_event_id: String,
}

const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

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
        let mut out = Vec::new();
        for &b in bytes {
            // The BOM: only the first three bytes of the stream may be one.
            // Matched bytes wait in `line`; when all three match, they are dropped.
            if self.seen < 3 {
                self.seen += 1;
                if self.line.len() == self.seen - 1 && b == BOM[self.seen - 1] {
                    self.line.push(b);
                    if self.line == BOM {
                        self.line.clear();
                    }
                    continue;
                }
                self.seen = 3; // not a BOM: bytes in `line` stay ordinary bytes
            }
            if self.after_cr {
                self.after_cr = false;
                if b == b'\n' {
                    continue; // CRLF: the CR already ended the line
                }
            }
            match b {
                b'\r' | b'\n' => {
                    self.after_cr = b == b'\r';
                    let line = String::from_utf8_lossy(&self.line).into_owned();
                    self.line.clear();
                    self.line_done(&line, &mut out);
                }
                _ => self.line.push(b),
            }
        }
        out
    }

    fn line_done(&mut self, line: &str, out: &mut Vec<Message>) {
        if line.is_empty() {
            // Dispatch. The id is updated even when there is no data.
            self.last_event_id = self.id_buffer.clone();
            if self.data.is_empty() {
                self.event.clear();
                return;
            }
            self.data.pop(); // the LF after the last data line
            let event = if self.event.is_empty() {
                "message".to_string()
            } else {
                std::mem::take(&mut self.event)
            };
            out.push(Message {
                event,
                data: std::mem::take(&mut self.data),
                last_event_id: self.last_event_id.clone(),
            });
            return;
        }
        if line.starts_with(':') {
            return; // a comment
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line, ""),
        };
        match field {
            "event" => self.event = value.to_string(),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            // An id containing NULL is ignored: it could not go back in a header.
            "id" if !value.contains('\0') => self.id_buffer = value.to_string(),
            _ => {} // retry and unknown fields: not this exercise's business
        }
    }
}
