//! Limits on everything a peer controls in a request head.
//!
//! The parser never looks further than `max_head_bytes` into the buffer, so a
//! peer that never sends the blank line costs at most that much memory.

/// How big a request head may be. `Limits::default()` fits real browsers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The whole head (request line + header fields + blank line); beyond it → 431.
    /// 8 KiB is what many servers allow; a browser GET with cookies is ~1 KiB.
    pub max_head_bytes: usize,
    /// How many header fields; beyond it → 431. Also capped by the slice given to the parser.
    pub max_headers: usize,
    /// The request-target's length; beyond it → 414. RFC 9112 §3 recommends
    /// supporting at least 8000 octets.
    pub max_target_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_head_bytes: 8 * 1024,
            max_headers: 100,
            max_target_bytes: 8000,
        }
    }
}
