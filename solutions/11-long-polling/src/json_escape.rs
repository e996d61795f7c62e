//! Solution: escape any UTF-8 text as the inside of a JSON string.
//!
//! RFC 8259 §7: inside a JSON string, the quotation mark, the backslash and the
//! control characters U+0000..=U+001F must be escaped; anything else may be
//! written as it is. Forget one and a single message breaks every client's
//! `JSON.parse`.

/// `s` escaped for use between the quotes of a JSON string:
///
/// - `"` → `\"`, `\` → `\\`;
/// - `\n \r \t` and U+0008 → `\b`, U+000C → `\f` (the short forms);
/// - every other character below U+0020 → `\u00XX` (four lowercase hex digits);
/// - everything else unchanged (é, €, 😀, DEL, `/`).
pub fn json_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            // The other controls have no short form: \u and four hex digits.
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            // Everything else is legal in a JSON string as it is, even U+2028 and DEL:
            // JSON text is UTF-8 (RFC 8259 §8.1), so no \u escapes are needed for it.
            c => out.push(c),
        }
    }
    out
}
