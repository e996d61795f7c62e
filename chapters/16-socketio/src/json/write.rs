//! Writing a [`Value`] compactly, as `JSON.stringify` does: no spaces.

use super::Value;

/// Appends `value` to `out` as compact JSON.
pub fn write_into(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => out.push_str(n),
        Value::String(s) => string_into(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_into(out, item);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, (key, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string_into(out, key);
                out.push(':');
                write_into(out, item);
            }
            out.push('}');
        }
    }
}

/// `value` as compact JSON.
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    write_into(&mut out, value);
    out
}

fn string_into(out: &mut String, s: &str) {
    out.push('"');
    // Chapter 11's escaping: quote, backslash and U+0000–U+001F (RFC 8259 §7).
    // So a string never carries a raw 0x1e, Engine.IO's polling separator.
    ch11_long_polling::json::escape_into(out, s);
    out.push('"');
}
