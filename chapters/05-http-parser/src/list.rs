//! Comma-separated lists in field values (RFC 9110 §5.6.1):
//! `Connection: keep-alive, Upgrade` holds the tokens `keep-alive` and `Upgrade`.

/// The elements of a comma-separated list, with OWS trimmed and empty
/// elements skipped (RFC 9110 §5.6.1: a recipient MUST accept and ignore them).
pub fn list_items(value: &[u8]) -> impl Iterator<Item = &[u8]> {
    value
        .split(|&b| b == b',')
        .map(|item| item.trim_ascii())
        .filter(|item| !item.is_empty())
}

/// Whether `value` holds `token` as one of its list elements, ignoring ASCII
/// case: `list_contains(b"keep-alive, Upgrade", "upgrade")` is true.
pub fn list_contains(value: &[u8], token: &str) -> bool {
    list_items(value).any(|item| item.eq_ignore_ascii_case(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_tokens_in_lists() {
        assert!(list_contains(b"keep-alive, Upgrade", "upgrade"));
        assert!(list_contains(b"Upgrade", "UPGRADE"));
        assert!(list_contains(b" ,, close ,", "close"));
        assert!(!list_contains(b"keep-alive-ish", "keep-alive"));
        assert!(!list_contains(b"", "close"));
        assert_eq!(
            list_items(b"a, b,,c ").collect::<Vec<_>>(),
            [b"a", b"b", b"c"]
        );
    }
}
