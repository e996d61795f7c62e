//! How `ch12-client` prints an event: readable, or one JSON object per line
//! shaped like the `MessageEvent` a browser would hand to its listener.
//!
//! ```text
//! readable:  message  id=3  "first line\nsecond line"
//! --jsonl:   {"type":"message","data":"first line\nsecond line","lastEventId":"3"}
//! ```

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
}
