//! How `ch12-client` prints an event: readable, or one JSON object per line
//! shaped like the `MessageEvent` a browser would hand to its listener.
//!
//! ```text
//! readable:  message  id=3  "first line\nsecond line"
//! --jsonl:   {"type":"message","data":"first line\nsecond line","lastEventId":"3"}
//! ```
//!
//! `--timestamps` adds when the event arrived, in milliseconds since the
//! client started: a `receivedMs` field at the end of a JSON line, a `+N ms`
//! in front of a readable one. A proxy that buffers a stream shows there
//! (events that were sent steadily arrive in bursts; chapter 14).

use std::fmt::Write as _;

use ch11_long_polling::json::string as json_string;

use crate::parser::MessageEvent;

// ANCHOR: jsonl
/// One line of `--jsonl`: `{"type":…,"data":…,"lastEventId":…}`.
pub fn jsonl(e: &MessageEvent) -> String {
    format!(
        "{{\"type\":{},\"data\":{},\"lastEventId\":{}}}",
        json_string(&e.event_type),
        json_string(&e.data),
        json_string(&e.last_event_id)
    )
}
// ANCHOR_END: jsonl

// ANCHOR: received
/// A line from [`jsonl`] or [`readable`] with the time the event arrived,
/// `ms` milliseconds after the client started (`--timestamps`).
pub fn with_received(line: String, json: bool, ms: u128) -> String {
    match line.strip_suffix('}') {
        Some(object) if json => format!("{object},\"receivedMs\":{ms}}}"),
        _ => format!("+{ms} ms  {line}"),
    }
}
// ANCHOR_END: received

/// One readable line: the type, the id (if any) and the data, quoted so that
/// line breaks and spaces show.
pub fn readable(e: &MessageEvent) -> String {
    let mut line = e.event_type.clone();
    if !e.last_event_id.is_empty() {
        let _ = write!(line, "  id={}", e.last_event_id);
    }
    let _ = write!(line, "  {}", json_string(&e.data));
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let e = MessageEvent {
            event_type: "message".into(),
            data: "x\ny".into(),
            last_event_id: "3".into(),
        };
        assert_eq!(
            jsonl(&e),
            r#"{"type":"message","data":"x\ny","lastEventId":"3"}"#
        );
        assert_eq!(readable(&e), r#"message  id=3  "x\ny""#);
    }

    #[test]
    fn received_time_goes_last_in_json_and_first_in_readable() {
        let e = MessageEvent {
            event_type: "message".into(),
            data: "}".into(),
            last_event_id: "".into(),
        };
        assert_eq!(
            with_received(jsonl(&e), true, 1234),
            r#"{"type":"message","data":"}","lastEventId":"","receivedMs":1234}"#
        );
        assert_eq!(
            with_received(readable(&e), false, 7),
            r#"+7 ms  message  "}""#
        );
    }
}
