//! Solution: find a token in a comma-separated header list (RFC 9110 §5.6.1).

/// Whether the list `value` has `token` as one of its elements, ignoring case.
pub fn list_contains(value: &[u8], token: &str) -> bool {
    value
        .split(|&b| b == b',')
        // RFC 9110 §5.6.1: OWS (spaces and tabs) may surround each element.
        .map(<[u8]>::trim_ascii)
        // "a recipient MUST accept and ignore" empty elements, such as `a, , b`.
        .filter(|element| !element.is_empty())
        // Tokens are case-insensitive: `Upgrade`, `upgrade` and `UPGRADE` are one.
        // Comparing whole elements is what stops `keep-alive-upgrade` matching.
        .any(|element| element.eq_ignore_ascii_case(token.as_bytes()))
}

/// Whether any of the `fields` (every value of one header name) contains `token`.
pub fn fields_contain(fields: &[&[u8]], token: &str) -> bool {
    // RFC 9110 §5.3: several fields of one name are one list joined by commas,
    // so a token in any of them is in the list.
    fields.iter().any(|field| list_contains(field, token))
}
