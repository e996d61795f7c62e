//! Exercise: write one Server-Sent Event (WHATWG HTML §9.2.5).
//!
//! An event is `field: value` lines and an empty line. A value cannot hold a
//! line break, so multi-line data becomes several `data:` lines.

/// One event to send. `data` may hold line breaks; `id` and `event` may not.
#[derive(Debug, Clone, Copy, Default)]
pub struct SseEvent<'a> {
    /// `id:`, if any: what the client sends back as `Last-Event-ID`.
    pub id: Option<&'a str>,
    /// `event:`, if any: the event type (absent means `message`).
    pub event: Option<&'a str>,
    /// The message.
    pub data: &'a str,
    /// `retry:` in milliseconds, if any.
    pub retry: Option<u64>,
}

/// The event as it goes on the wire: `retry:`, `id:`, `event:`, one `data:`
/// line per line of `data` (split at CRLF, CR and LF), then an empty line.
/// Every field is written `name: value\n`.
pub fn serialize(e: &SseEvent<'_>) -> String {
    // TODO: write retry, id and event (those that are Some), then one `data: LINE\n`
    // per line of e.data (a CRLF is ONE line break), then the empty line "\n".
    let _ = e;
    todo!("serialize an SSE event: retry, id, event, data lines, empty line")
}
