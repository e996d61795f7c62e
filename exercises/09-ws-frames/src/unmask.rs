//! Exercise: unmask a payload a word at a time (RFC 6455 §5.3).
//!
//! Payload byte i is XORed with key[i % 4]. The byte-by-byte loop is slow; do four
//! bytes per step. `offset` is where `buf` starts in the payload, so a payload that
//! arrives in pieces can be unmasked piece by piece.
//!
//! The checks compare your answer with the byte-by-byte loop, so they prove it
//! right, not fast: a byte loop passes them too. "Four bytes a step" is yours
//! to keep, and to measure (the chapter's `cargo bench -p ch09-ws-frames
//! --bench mask` shows what the word-at-a-time loop buys).

/// XORs `buf` with `key`, where `buf` starts at position `offset` of the payload.
pub fn unmask(buf: &mut [u8], key: [u8; 4], offset: usize) {
    // TODO: rotate the key by `offset`, XOR 4-byte chunks as u32 words, then the leftovers.
    let _ = (buf, key, offset);
    todo!("unmask: XOR 4 bytes at a time with the key rotated by offset % 4")
}
