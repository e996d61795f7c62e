//! An incremental UTF-8 validator that fails at the first bad byte.
//!
//! A text message may arrive in many fragments, and a fragment in many reads; a
//! character can be split across any of them. RFC 6455 §8.1 says an endpoint
//! that sees invalid UTF-8 "MUST _Fail the WebSocket Connection_", and a good one
//! does so at once rather than after buffering the rest of a 16 MiB message. So
//! the validator keeps its state between chunks and says which byte was bad.
//!
//! The rules are RFC 3629 §4 (Unicode table 3-7, "well-formed byte sequences"):
//!
//! ```text
//! first byte   second    third     fourth
//! 00..7F
//! C2..DF       80..BF
//! E0           A0..BF    80..BF             (no overlong 3-byte forms)
//! E1..EC       80..BF    80..BF
//! ED           80..9F    80..BF             (no surrogates D800..DFFF)
//! EE..EF       80..BF    80..BF
//! F0           90..BF    80..BF    80..BF   (no overlong 4-byte forms)
//! F1..F3       80..BF    80..BF    80..BF
//! F4           80..8F    80..BF    80..BF   (nothing above U+10FFFF)
//! ```
//!
//! Everything else is invalid: 80..BF as a first byte, C0, C1 and F5..FF anywhere.

/// The validator's state: how many continuation bytes are still due, and the
/// range the next one must fall in (only the second byte has a narrower range).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Utf8Validator {
    /// Continuation bytes still expected for the current character (0–3).
    need: u8,
    /// Lowest allowed value for the next byte.
    lo: u8,
    /// Highest allowed value for the next byte.
    hi: u8,
}

impl Default for Utf8Validator {
    fn default() -> Self {
        Utf8Validator::new()
    }
}

/// Where validation failed: the index, within the chunk just fed, of the first
/// byte that cannot be part of valid UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Utf8Error {
    /// Index of the bad byte in the chunk passed to [`Utf8Validator::feed`].
    pub index: usize,
}

// ANCHOR: feed
impl Utf8Validator {
    /// A validator at the start of a text.
    pub fn new() -> Utf8Validator {
        Utf8Validator {
            need: 0,
            lo: 0x80,
            hi: 0xBF,
        }
    }

    /// Validates the next chunk of the text. On error the validator is left as it
    /// was at the bad byte; start a new one for a new text.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), Utf8Error> {
        let mut i = 0;
        while i < chunk.len() {
            if self.need == 0 {
                // Fast path: between characters, skip 8 ASCII bytes at a time
                // (no byte has its top bit set).
                while let Some(eight) = chunk.get(i..i + 8) {
                    let word = u64::from_ne_bytes(eight.try_into().unwrap_or([0x80; 8]));
                    if word & 0x8080_8080_8080_8080 != 0 {
                        break;
                    }
                    i += 8;
                }
                let Some(&b) = chunk.get(i) else { break };
                // Table 3-7: the first byte decides the length and the second
                // byte's range.
                let (need, lo, hi) = match b {
                    0x00..=0x7F => (0, 0x80, 0xBF),
                    0xC2..=0xDF => (1, 0x80, 0xBF),
                    0xE0 => (2, 0xA0, 0xBF),
                    0xE1..=0xEC | 0xEE..=0xEF => (2, 0x80, 0xBF),
                    0xED => (2, 0x80, 0x9F),
                    0xF0 => (3, 0x90, 0xBF),
                    0xF1..=0xF3 => (3, 0x80, 0xBF),
                    0xF4 => (3, 0x80, 0x8F),
                    _ => return Err(Utf8Error { index: i }),
                };
                *self = Utf8Validator { need, lo, hi };
            } else {
                let b = chunk[i];
                if b < self.lo || b > self.hi {
                    return Err(Utf8Error { index: i });
                }
                // Only the second byte has a special range; later ones are 80..BF.
                *self = Utf8Validator {
                    need: self.need - 1,
                    lo: 0x80,
                    hi: 0xBF,
                };
            }
            i += 1;
        }
        Ok(())
    }

    /// Whether the text fed so far ends between characters. A text message that
    /// ends mid-character is invalid (call this at the final fragment).
    pub fn is_complete(&self) -> bool {
        self.need == 0
    }
}
// ANCHOR_END: feed

#[cfg(test)]
mod tests {
    use super::*;

    fn check_split_everywhere(bytes: &[u8]) {
        let expected = std::str::from_utf8(bytes);
        for cut in 0..=bytes.len() {
            let mut v = Utf8Validator::new();
            let got = v
                .feed(&bytes[..cut])
                .map_err(|e| e.index)
                .and_then(|()| v.feed(&bytes[cut..]).map_err(|e| cut + e.index));
            match expected {
                Ok(_) => {
                    assert_eq!(got, Ok(()), "{bytes:x?} cut {cut}");
                    assert!(v.is_complete());
                }
                Err(e) if e.error_len().is_some() => {
                    // std reports where the bad sequence starts and how long its
                    // valid-looking prefix is; we report the first byte that cannot
                    // be accepted: the lead itself if it can never start a
                    // character, otherwise the byte right after that prefix.
                    let start = e.valid_up_to();
                    let lead_invalid = matches!(bytes[start], 0x80..=0xC1 | 0xF5..=0xFF);
                    let first_bad = if lead_invalid {
                        start
                    } else {
                        start + e.error_len().unwrap_or(1)
                    };
                    assert_eq!(got, Err(first_bad), "{bytes:x?} cut {cut}");
                }
                Err(_) => {
                    // Truncated at the end: every byte is acceptable so far.
                    assert_eq!(got, Ok(()), "{bytes:x?} cut {cut}");
                    assert!(!v.is_complete());
                }
            }
        }
    }

    #[test]
    fn table_3_7_edges() {
        for case in [
            &b"hello, world"[..],
            "κόσμε".as_bytes(),
            "\u{7F}\u{80}\u{7FF}\u{800}\u{D7FF}\u{E000}\u{FFFF}\u{10000}\u{10FFFF}".as_bytes(),
            b"\xC0\x80",            // overlong NUL
            b"\xC1\xBF",            // overlong
            b"\xE0\x9F\xBF",        // overlong 3-byte
            b"\xED\xA0\x80",        // surrogate D800
            b"\xED\xBF\xBF",        // surrogate DFFF
            b"\xF0\x8F\xBF\xBF",    // overlong 4-byte
            b"\xF4\x90\x80\x80",    // > U+10FFFF
            b"\xF5\x80\x80\x80",    // F5 never valid
            b"\x80",                // lone continuation
            b"ab\xE2\x82",          // truncated euro sign
            b"abcdefghijklmno\xFF", // bad byte after the fast path
        ] {
            check_split_everywhere(case);
        }
    }

    #[test]
    fn reports_the_first_bad_byte() {
        let mut v = Utf8Validator::new();
        assert_eq!(
            v.feed(b"\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5\xED\xA0\x80edited"),
            Err(Utf8Error { index: 12 })
        );
    }
}
