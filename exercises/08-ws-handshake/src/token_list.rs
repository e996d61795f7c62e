//! Exercise: find a token in a comma-separated header list (RFC 9110 §5.6.1).
//!
//! `Connection: keep-alive, Upgrade` holds two tokens, and a list may be split
//! over several fields of the same name. Tokens compare ignoring ASCII case.

/// Whether the list `value` has `token` as one of its elements, ignoring case.
///
/// - Elements are separated by `,`; spaces and tabs around each are not part of it.
/// - Empty elements (`a,,b` or a trailing comma) are ignored.
/// - A whole element must match: `keep-alive-upgrade` does not contain `upgrade`.
pub fn list_contains(value: &[u8], token: &str) -> bool {
    // TODO: split on b',', trim each piece, skip empty ones, compare ignoring case.
    let _ = (value, token);
    todo!("list_contains: split the value on commas and compare each trimmed element")
}

/// Whether any of the `fields` (every value of one header name, in order)
/// contains `token`: `["keep-alive", "Upgrade"]` contains `upgrade`.
pub fn fields_contain(fields: &[&[u8]], token: &str) -> bool {
    // TODO: use list_contains on each field.
    let _ = (fields, token);
    todo!("fields_contain: true if list_contains is true for any field")
}
