//! Solution: an incremental UTF-8 validator (RFC 3629 §4, Unicode table 3-7).

/// Validation state kept between chunks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Utf8Validator {
    /// Continuation bytes still due for the current character.
    need: u8,
    /// The range the next continuation byte must be in.
    lo: u8,
    hi: u8,
}

impl Default for Utf8Validator {
    fn default() -> Self {
        Self::new()
    }
}

impl Utf8Validator {
    /// A validator at the start of a text.
    pub fn new() -> Self {
        Utf8Validator {
            need: 0,
            lo: 0x80,
            hi: 0xBF,
        }
    }

    /// Feeds the next chunk; on error returns the index (in this chunk) of the
    /// first byte that cannot be part of valid UTF-8.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), usize> {
        for (i, &b) in chunk.iter().enumerate() {
            if self.need == 0 {
                // The lead byte fixes the length and the second byte's range; the
                // narrow ranges are what rule out overlongs (E0, F0), surrogates
                // (ED) and code points above U+10FFFF (F4).
                let (need, lo, hi) = match b {
                    0x00..=0x7F => (0, 0x80, 0xBF),
                    0xC2..=0xDF => (1, 0x80, 0xBF),
                    0xE0 => (2, 0xA0, 0xBF),
                    0xE1..=0xEC | 0xEE..=0xEF => (2, 0x80, 0xBF),
                    0xED => (2, 0x80, 0x9F),
                    0xF0 => (3, 0x90, 0xBF),
                    0xF1..=0xF3 => (3, 0x80, 0xBF),
                    0xF4 => (3, 0x80, 0x8F),
                    _ => return Err(i), // 80..C1 and F5..FF never start a character
                };
                *self = Utf8Validator { need, lo, hi };
            } else {
                if b < self.lo || b > self.hi {
                    return Err(i);
                }
                // After the second byte, continuations are plain 80..BF.
                *self = Utf8Validator {
                    need: self.need - 1,
                    lo: 0x80,
                    hi: 0xBF,
                };
            }
        }
        Ok(())
    }

    /// Whether the text so far ends on a character boundary.
    pub fn is_complete(&self) -> bool {
        self.need == 0
    }
}
