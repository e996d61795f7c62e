//! From a line's bytes to text that is safe to show on other people's terminals.
//!
//! Policy (documented in the book): the chat speaks UTF-8. Bytes that are not valid
//! UTF-8 are replaced by U+FFFD `�` (lossy, not rejected: a stray Latin-1 byte
//! from an old terminal should not cost anyone their message). Control characters
//! are replaced too, except tab: a peer must not be able to send escape sequences
//! (`ESC [ 2 J` clears the screen) or backspaces to everyone else's `nc`.

/// The text of one line, cleaned as described in the module documentation.
pub fn clean(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                char::REPLACEMENT_CHARACTER
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_kept_bad_bytes_and_controls_replaced() {
        assert_eq!(clean("héllo\tthere".as_bytes()), "héllo\tthere");
        assert_eq!(clean(b"a\xffb"), "a\u{fffd}b");
        assert_eq!(clean(b"\x1b[2Jboo\x08"), "\u{fffd}[2Jboo\u{fffd}");
    }
}
