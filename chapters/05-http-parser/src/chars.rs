//! Which bytes may appear where, as the RFCs define them.
//!
//! Each class is written twice: as a `match` you can read against the ABNF
//! (the "plain" version), and as a 256-entry table built from that `match` at
//! compile time (the fast version: one load instead of a chain of comparisons).

// ANCHOR: plain
/// `tchar` (RFC 9110 §5.6.2): the bytes of a method or a field name.
/// `token = 1*tchar`; any VCHAR except the delimiters `"(),/:;<=>?@[\]{}`.
pub const fn is_tchar(b: u8) -> bool {
    matches!(b,
        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9'
        | b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*'
        | b'+' | b'-' | b'.' | b'^' | b'_' | b'`' | b'|' | b'~')
}

/// A byte of a request-target: visible ASCII (`VCHAR`, %x21-7E). RFC 3986 allows
/// fewer, but every URI byte is a VCHAR; anything else (space, controls,
/// non-ASCII) cannot be part of a target.
pub const fn is_target_byte(b: u8) -> bool {
    matches!(b, 0x21..=0x7e)
}

/// A byte of a field value (RFC 9110 §5.5): `VCHAR / obs-text / SP / HTAB`.
/// obs-text (%x80-FF) is allowed so old clients' Latin-1 values still parse.
pub const fn is_value_byte(b: u8) -> bool {
    matches!(b, b'\t' | 0x20..=0x7e | 0x80..=0xff)
}
// ANCHOR_END: plain

// ANCHOR: table
/// A 256-entry lookup table for one byte class, built at compile time
/// (a macro, because a `const fn` cannot call a function pointer).
macro_rules! table {
    ($class:ident) => {{
        let mut t = [false; 256];
        let mut i = 0;
        while i < 256 {
            t[i] = $class(i as u8);
            i += 1;
        }
        t
    }};
}

/// [`is_tchar`] as a table.
pub static TCHAR: [bool; 256] = table!(is_tchar);
/// [`is_target_byte`] as a table.
pub static TARGET: [bool; 256] = table!(is_target_byte);
/// [`is_value_byte`] as a table.
pub static VALUE: [bool; 256] = table!(is_value_byte);
// ANCHOR_END: table

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_match_the_rules() {
        for b in 0..=255u8 {
            assert_eq!(TCHAR[b as usize], is_tchar(b));
            assert_eq!(TARGET[b as usize], is_target_byte(b));
            assert_eq!(VALUE[b as usize], is_value_byte(b));
        }
        assert!(is_tchar(b'~') && !is_tchar(b':') && !is_tchar(b' '));
        assert!(is_value_byte(b'\t') && is_value_byte(0xe9) && !is_value_byte(0x7f));
        assert!(!is_value_byte(b'\r') && !is_target_byte(b' ') && !is_target_byte(0x80));
    }
}
