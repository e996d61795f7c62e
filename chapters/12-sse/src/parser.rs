//! The event-stream parser: bytes in, events out, exactly as a browser's
//! `EventSource` reads them (WHATWG HTML §9.2.5 "Parsing an event stream" and
//! §9.2.6 "Interpreting an event stream").
//!
//! It is incremental: feed it the body in whatever pieces TCP delivers, even one
//! byte at a time, and it produces the same events as if it had the whole
//! stream at once. Only three things need remembering between pieces:
//!
//! - the line so far (a line can be split anywhere, even inside a UTF-8 sequence);
//! - whether the last byte was a CR: a CR at the end of one piece followed by an
//!   LF at the start of the next is ONE line end, not two;
//! - whether the BOM check at the start of the stream is still undecided.
//!
//! ```text
//!  bytes ─▶ strip one BOM ─▶ split at CR | LF | CRLF ─▶ decode UTF-8 (U+FFFD) ─▶ line
//!
//!  line = ""            → dispatch: data buffer → MessageEvent (if any data)
//!  line = ":…"          → comment (ignored by browsers; heartbeats)
//!  line = "name:␠value" → field `name`, value without ONE leading space
//!  line = "name"        → field `name`, empty value
//!
//!  event → type buffer    data → data buffer += value + LF    id → id buffer
//!  retry → reconnection time (digits only)     anything else → ignored
//! ```
//!
//! Decoding each line on its own gives the same text as decoding the stream
//! first: CR and LF are ASCII, and no byte of a multi-byte UTF-8 sequence is
//! below 0x80, so a line end never falls inside a valid sequence, and an invalid
//! one is replaced by U+FFFD either way.
//!
//! The spec puts no bound on a line or an event; a server (or a man in the
//! middle) that never sends a line end would make us buffer forever. So this
//! parser has [`Limits`]: a line longer than `max_line` bytes or an event whose
//! data passes `max_data` bytes is an error, and the client drops the connection
//! (and reconnects, resuming after the last event it did get).

use std::fmt;

/// The UTF-8 byte order mark; one at the very start of a stream is dropped
/// (§9.2.5: "One leading U+FEFF BYTE ORDER MARK character must be ignored").
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How much a stream may make the parser buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest line, in bytes, without its line end.
    pub max_line: usize,
    /// The most data one event may carry (all its `data:` lines together).
    pub max_data: usize,
}

impl Default for Limits {
    /// 64 KiB lines, 1 MiB events: far above what a feed sends, far below harm.
    fn default() -> Limits {
        Limits {
            max_line: 64 * 1024,
            max_data: 1024 * 1024,
        }
    }
}

/// Why the parser gave up on a stream. The connection is useless after it:
/// drop it, call [`Parser::end_of_stream`], and reconnect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamError {
    /// A line grew past [`Limits::max_line`] without a line end.
    LineTooLong {
        /// The limit in bytes.
        limit: usize,
    },
    /// An event's data grew past [`Limits::max_data`] before its empty line.
    DataTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamError::LineTooLong { limit } => {
                write!(f, "a line of the event stream is longer than {limit} bytes")
            }
            StreamError::DataTooLarge { limit } => {
                write!(f, "an event's data is larger than {limit} bytes")
            }
        }
    }
}

impl std::error::Error for StreamError {}

/// What a `MessageEvent` carries when an `EventSource` dispatches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageEvent {
    /// The event type: `message` unless an `event:` field named another.
    pub event_type: String,
    /// The data lines joined with LF (the final LF removed).
    pub data: String,
    /// The last event id as it stood when this event was dispatched (it
    /// persists: an event without `id:` carries the previous one).
    pub last_event_id: String,
}

/// Something the parser found in the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// An event to dispatch.
    Event(MessageEvent),
    /// A valid `retry:` field: the new reconnection time in milliseconds.
    Retry(u64),
    /// A comment line, the text after the `:` (browsers ignore these; a client
    /// may use them to see that the connection is alive).
    Comment(String),
}

// ANCHOR: parser
/// An incremental event-stream parser; see the module documentation.
#[derive(Debug, Clone)]
pub struct Parser {
    limits: Limits,
    /// Bytes of the current line (no line end), not yet decoded.
    line: Vec<u8>,
    /// The previous byte was a CR: an LF now is part of the same line end.
    after_cr: bool,
    /// At the start of a stream, still deciding whether it begins with a BOM.
    bom_pending: bool,
    /// §9.2.6's buffers for the event being built.
    data: String,
    event_type: String,
    id_buffer: String,
    /// The `EventSource`'s last event ID string: survives events and reconnects.
    last_event_id: String,
}
// ANCHOR_END: parser

impl Default for Parser {
    fn default() -> Parser {
        Parser::new()
    }
}

impl Parser {
    /// A parser with default [`Limits`], at the start of a stream.
    pub fn new() -> Parser {
        Parser::with_limits(Limits::default())
    }

    /// A parser with the given limits.
    pub fn with_limits(limits: Limits) -> Parser {
        Parser {
            limits,
            line: Vec::new(),
            after_cr: false,
            bom_pending: true,
            data: String::new(),
            event_type: String::new(),
            id_buffer: String::new(),
            last_event_id: String::new(),
        }
    }

    /// The last event id: what a reconnecting client sends as `Last-Event-ID`.
    pub fn last_event_id(&self) -> &str {
        &self.last_event_id
    }

    /// Starts from a known last event id (a client told `--last-event-id`).
    pub fn set_last_event_id(&mut self, id: &str) {
        self.last_event_id = id.to_string();
        self.id_buffer = id.to_string();
    }

    // ANCHOR: feed
    /// Parses `bytes`, the next piece of the stream, appending what it finds to `out`.
    ///
    /// Items already appended stay valid when an error is returned: they were
    /// complete before the offending line.
    pub fn feed(&mut self, mut bytes: &[u8], out: &mut Vec<Item>) -> Result<(), StreamError> {
        if self.bom_pending {
            bytes = self.skip_bom(bytes);
        }
        while !bytes.is_empty() {
            if self.after_cr {
                self.after_cr = false;
                if bytes[0] == b'\n' {
                    // The LF of a CRLF whose CR ended the previous line (maybe
                    // in the previous piece): not a second, empty line.
                    bytes = &bytes[1..];
                    continue;
                }
            }
            match bytes.iter().position(|&b| b == b'\r' || b == b'\n') {
                None => {
                    self.push_line_bytes(bytes)?;
                    return Ok(());
                }
                Some(end) => {
                    self.push_line_bytes(&bytes[..end])?;
                    self.after_cr = bytes[end] == b'\r';
                    bytes = &bytes[end + 1..];
                    let line = std::mem::take(&mut self.line);
                    // §9.2.5: the stream is UTF-8, decoded with replacement.
                    let text = String::from_utf8_lossy(&line);
                    self.process_line(&text, out)?;
                    self.line = line; // keep the allocation for the next line
                    self.line.clear();
                }
            }
        }
        Ok(())
    }
    // ANCHOR_END: feed

    /// The stream ended (EOF, error, or the client gave up on it). §9.2.6: an
    /// event not yet ended by an empty line is discarded. The last event id is
    /// kept for the next connection, whose stream starts afresh (with its own BOM).
    pub fn end_of_stream(&mut self) {
        self.line.clear();
        self.after_cr = false;
        self.bom_pending = true;
        self.data.clear();
        self.event_type.clear();
        self.id_buffer = self.last_event_id.clone();
    }

    /// Consumes a leading BOM, which may arrive split over several pieces.
    fn skip_bom<'b>(&mut self, bytes: &'b [u8]) -> &'b [u8] {
        // `line` holds the BOM bytes matched so far (nothing else can be there yet).
        let mut i = 0;
        while i < bytes.len() && self.line.len() < BOM.len() {
            if bytes[i] != BOM[self.line.len()] {
                // Not a BOM: the bytes matched so far are ordinary line bytes
                // and stay in `line`; parsing continues from this byte.
                self.bom_pending = false;
                return &bytes[i..];
            }
            self.line.push(bytes[i]);
            i += 1;
        }
        if self.line.len() == BOM.len() {
            self.line.clear();
            self.bom_pending = false;
        }
        &bytes[i..]
    }

    fn push_line_bytes(&mut self, bytes: &[u8]) -> Result<(), StreamError> {
        if self.line.len() + bytes.len() > self.limits.max_line {
            return Err(StreamError::LineTooLong {
                limit: self.limits.max_line,
            });
        }
        self.line.extend_from_slice(bytes);
        Ok(())
    }

    // ANCHOR: process_line
    /// §9.2.5: one decoded line.
    fn process_line(&mut self, line: &str, out: &mut Vec<Item>) -> Result<(), StreamError> {
        if line.is_empty() {
            self.dispatch(out);
            return Ok(());
        }
        if let Some(comment) = line.strip_prefix(':') {
            out.push(Item::Comment(comment.to_string()));
            return Ok(());
        }
        let (field, value) = match line.split_once(':') {
            // "If value starts with a U+0020 SPACE character, remove it": one only.
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            // No colon: the whole line is the field name, the value is empty.
            None => (line, ""),
        };
        self.process_field(field, value, out)
    }

    /// §9.2.6 "process the field". Field names are case-sensitive.
    fn process_field(
        &mut self,
        field: &str,
        value: &str,
        out: &mut Vec<Item>,
    ) -> Result<(), StreamError> {
        match field {
            "event" => self.event_type = value.to_string(),
            "data" => {
                if self.data.len() + value.len() + 1 > self.limits.max_data {
                    return Err(StreamError::DataTooLarge {
                        limit: self.limits.max_data,
                    });
                }
                self.data.push_str(value);
                self.data.push('\n');
            }
            // An id with NULL is ignored: the id could not be sent back in a header.
            "id" if !value.contains('\0') => self.id_buffer = value.to_string(),
            "retry" => {
                // "If the field value consists of only ASCII digits": anything
                // else (a sign, a space, a unit, nothing, too many digits) is ignored.
                if !value.is_empty()
                    && value.bytes().all(|b| b.is_ascii_digit())
                    && let Ok(ms) = value.parse::<u64>()
                {
                    out.push(Item::Retry(ms));
                }
            }
            _ => {} // unknown fields (and an id with NULL) are ignored
        }
        Ok(())
    }

    /// §9.2.6 "dispatch the event", run by an empty line.
    fn dispatch(&mut self, out: &mut Vec<Item>) {
        // 1. The last event id is set even when no event follows (an event with
        //    only `id:` moves the cursor without a message).
        self.last_event_id.clone_from(&self.id_buffer);
        // 2. No data: nothing to dispatch; forget the type too.
        if self.data.is_empty() {
            self.event_type.clear();
            return;
        }
        // 3. Remove the one LF every data line ended with.
        self.data.pop();
        let event_type = if self.event_type.is_empty() {
            "message".to_string()
        } else {
            std::mem::take(&mut self.event_type)
        };
        out.push(Item::Event(MessageEvent {
            event_type,
            data: std::mem::take(&mut self.data),
            last_event_id: self.last_event_id.clone(),
        }));
    }
    // ANCHOR_END: process_line
}

/// Parses a whole stream at once (tests, small inputs): every item up to the
/// first error, and the error if there was one.
pub fn parse_all(bytes: &[u8]) -> (Vec<Item>, Option<StreamError>) {
    let mut parser = Parser::new();
    let mut out = Vec::new();
    let err = parser.feed(bytes, &mut out).err();
    (out, err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(bytes: &[u8]) -> Vec<(String, String, String)> {
        parse_all(bytes)
            .0
            .into_iter()
            .filter_map(|item| match item {
                Item::Event(e) => Some((e.event_type, e.data, e.last_event_id)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_simple_event() {
        assert_eq!(
            events(b"id: 1\ndata: hello\n\n"),
            [("message".into(), "hello".into(), "1".into())]
        );
    }

    #[test]
    fn crlf_split_across_pieces_is_one_line_end() {
        let mut p = Parser::new();
        let mut out = Vec::new();
        p.feed(b"data: a\r", &mut out).unwrap();
        p.feed(b"\n", &mut out).unwrap();
        assert!(out.is_empty(), "CR then LF in the next piece: one line end");
        p.feed(b"\r\n", &mut out).unwrap();
        assert_eq!(out.len(), 1);
    }

    #[test]
    fn limits_are_errors() {
        let mut p = Parser::with_limits(Limits {
            max_line: 12,
            max_data: 8,
        });
        let mut out = Vec::new();
        assert_eq!(
            p.feed(b"data: 12345678", &mut out),
            Err(StreamError::LineTooLong { limit: 12 })
        );
        p.end_of_stream();
        assert_eq!(
            p.feed(b"data:1234\ndata:1234\n", &mut out),
            Err(StreamError::DataTooLarge { limit: 8 })
        );
    }
}
