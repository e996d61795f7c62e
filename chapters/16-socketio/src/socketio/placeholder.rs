//! Placeholders: where a binary attachment goes in the JSON.
//!
//! JSON has no bytes, so a binary event is sent in parts. The packet's text
//! says how many attachments follow (`51-`) and marks each one's place with
//! `{"_placeholder":true,"num":N}`; then come N binary messages. The receiver
//! holds the packet until the last one arrives ([`Reassembler`](super::Reassembler)).

use crate::json::Value;

/// The placeholder for attachment `num`.
pub fn placeholder(num: usize) -> Value {
    Value::Object(vec![
        ("_placeholder".into(), Value::Bool(true)),
        ("num".into(), Value::from_u64(num as u64)),
    ])
}

/// The attachment number, if `value` is a placeholder.
pub fn placeholder_num(value: &Value) -> Option<usize> {
    if value.get("_placeholder") != Some(&Value::Bool(true)) {
        return None;
    }
    usize::try_from(value.get("num")?.as_u64()?).ok()
}

/// Whether every placeholder in `data` names one of `count` attachments.
pub(super) fn placeholders_fit(data: Option<&Value>, count: usize) -> bool {
    fn walk(value: &Value, count: usize) -> bool {
        // As the reference parser: an object is a placeholder when its
        // `_placeholder` is `true`; then its `num` must name an attachment.
        if value.get("_placeholder") == Some(&Value::Bool(true)) {
            return placeholder_num(value).is_some_and(|n| n < count);
        }
        match value {
            Value::Array(items) => items.iter().all(|v| walk(v, count)),
            Value::Object(members) => members.iter().all(|(_, v)| walk(v, count)),
            _ => true,
        }
    }
    data.is_none_or(|v| walk(v, count))
}
