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
    let mut out = String::new();
    // retry first: it takes effect even if the rest of the event is cut off.
    if let Some(ms) = e.retry {
        out.push_str(&format!("retry: {ms}\n"));
    }
    if let Some(id) = e.id {
        out.push_str(&format!("id: {id}\n"));
    }
    if let Some(name) = e.event {
        out.push_str(&format!("event: {name}\n"));
    }
    // A reader ends a line at CR, LF or CRLF, so all three must start a new
    // `data:` line here. CRLF is checked first, or it would count as two breaks.
    let mut rest = e.data;
    loop {
        match rest.find(['\r', '\n']) {
            Some(i) => {
                out.push_str(&format!("data: {}\n", &rest[..i]));
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = &rest[i + skip..];
            }
            None => {
                // The last line (possibly empty: "a\n" ends with an empty line,
                // which is how the reader gets the trailing LF back).
                out.push_str(&format!("data: {rest}\n"));
                break;
            }
        }
    }
    // The empty line dispatches the event.
    out.push('\n');
    out
}
