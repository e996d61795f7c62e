//! Writing the feed's JSON by hand: `{"id":N,"data":"..."}` for any UTF-8.
//!
//! A JSON string may hold any Unicode character except three kinds, which must
//! be escaped (RFC 8259 §7): the quotation mark, the backslash, and the control
//! characters U+0000–U+001F. Everything else, `é`, `€`, emoji, even U+2028, may go
//! as is in UTF-8. Five controls have short forms (`\b \f \n \r \t`); the rest
//! are written `\u00XX`.
//!
//! The usual bug is to escape quotes and forget the rest: one message containing
//! a newline or a stray `\` and every client's `JSON.parse` fails, on every poll.

use std::fmt::Write as _;

use crate::feed::Event;

// ANCHOR: escape
/// Appends `s` to `out` as the inside of a JSON string (without the quotes).
pub fn escape_into(out: &mut String, s: &str) {
    // Copy runs of plain characters at once; stop only at those that need escaping.
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        // Bytes of multi-byte UTF-8 characters are all >= 0x80: never escaped.
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        if short.is_empty() {
            // RFC 8259 §7: any other control character as \u00XX.
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.push_str(short);
        }
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
}
// ANCHOR_END: escape

/// `s` as a JSON string, quotes included.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    escape_into(&mut out, s);
    out.push('"');
    out
}

/// Appends one event as `{"id":N,"data":"..."}`.
pub fn event_into(out: &mut String, event: &Event) {
    let _ = write!(out, "{{\"id\":{},\"data\":\"", event.id);
    escape_into(out, &event.data);
    out.push_str("\"}");
}

/// One event as JSON.
pub fn event(event: &Event) -> String {
    let mut out = String::new();
    event_into(&mut out, event);
    out
}

/// Events as a JSON array, in order: `[{"id":1,"data":"a"},{"id":2,"data":"b"}]`.
pub fn events<'a>(events: impl IntoIterator<Item = &'a Event>) -> String {
    let mut out = String::from("[");
    for (i, e) in events.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        event_into(&mut out, e);
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_escape_table() {
        let table: &[(&str, &str)] = &[
            ("", ""),
            ("plain", "plain"),
            ("say \"hi\"", "say \\\"hi\\\""),
            ("C:\\dir", "C:\\\\dir"),
            ("a\nb", "a\\nb"),
            ("\r\n", "\\r\\n"),
            ("\t", "\\t"),
            ("\u{8}\u{c}", "\\b\\f"),
            ("\0", "\\u0000"),
            ("\u{1}\u{1f}", "\\u0001\\u001f"),
            ("\u{7f}", "\u{7f}"), // DEL is not a JSON control character
            ("/", "/"),           // may be escaped, need not be
            ("é€😀", "é€😀"),
            ("\u{2028}\u{2029}", "\u{2028}\u{2029}"),
            ("</script>", "</script>"),
            ("end\\", "end\\\\"),
        ];
        for (input, want) in table {
            let mut out = String::new();
            escape_into(&mut out, input);
            assert_eq!(&out, want, "escaping {input:?}");
        }
    }

    #[test]
    fn events_and_arrays() {
        let a = Event {
            id: 1,
            data: "a\"b".into(),
        };
        let b = Event {
            id: 22,
            data: "line\n".into(),
        };
        assert_eq!(event(&a), r#"{"id":1,"data":"a\"b"}"#);
        assert_eq!(events([]), "[]");
        assert_eq!(
            events([&a, &b]),
            r#"[{"id":1,"data":"a\"b"},{"id":22,"data":"line\n"}]"#
        );
        assert_eq!(string("x"), "\"x\"");
    }
}
