//! Exercise: an incremental UTF-8 validator (RFC 3629 §4, Unicode table 3-7).
//!
//! A text message can be split anywhere, even inside a character, so the validator
//! keeps its state between chunks and reports the first byte that cannot be valid.

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
        // TODO: for each byte: a lead byte sets `need`, `lo`, `hi`; a continuation
        // byte must be in lo..=hi, then need -= 1 and the range goes back to 80..BF.
        let _ = (chunk, self.need, self.lo, self.hi);
        todo!("utf8: walk the bytes with the table 3-7 state machine")
    }

    /// Whether the text so far ends on a character boundary.
    pub fn is_complete(&self) -> bool {
        // TODO: no continuation bytes are still due.
        todo!("utf8: is_complete is true when no continuation bytes are due")
    }
}
