//! The JSON both layers need, by hand (RFC 8259): the open handshake of
//! Engine.IO and the payloads of Socket.IO.
//!
//! A peer controls the text, so the parser is bounded: nesting deeper than
//! [`Limits::max_depth`] is an error, not a stack overflow, and every malformed
//! input is a [`JsonError`] with the offset where it went wrong.
//!
//! Numbers are kept as the text that was validated (`Number("12.5e3")`), so a
//! value written back is the value that came in, digit for digit.

mod parse;
mod write;

pub use parse::{JsonError, Limits, parse};
pub use write::{to_string, write_into};

/// A JSON value. Objects keep their members in order, as `JSON.stringify`
/// writes them.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, as its validated text (RFC 8259 §6).
    Number(String),
    /// A string, unescaped.
    String(String),
    /// `[...]`
    Array(Vec<Value>),
    /// `{...}`, members in order.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// A whole number as a JSON number.
    pub fn from_u64(n: u64) -> Value {
        Value::Number(n.to_string())
    }

    /// A string value.
    pub fn str(s: &str) -> Value {
        Value::String(s.to_string())
    }

    /// The member `key` of an object. With duplicate keys the last one wins,
    /// as in `JSON.parse`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string inside a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// A number that is a whole, non-negative integer that fits a `u64`
    /// (`25000`, not `2.5e4`, `-1` or `1.0`).
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) if n.bytes().all(|b| b.is_ascii_digit()) => n.parse().ok(),
            _ => None,
        }
    }

    /// The elements of an array.
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }
}
