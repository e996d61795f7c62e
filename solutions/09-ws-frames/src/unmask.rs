//! Solution: unmask a word at a time (RFC 6455 §5.3).

/// XORs `buf` with `key`, where `buf` starts at position `offset` of the payload.
pub fn unmask(buf: &mut [u8], key: [u8; 4], offset: usize) {
    // Rotate the key so that key[0] is the byte for buf[0]: payload byte i uses
    // key[i % 4], and buf[0] is payload byte `offset`.
    let mut k = key;
    k.rotate_left(offset % 4);
    let word = u32::from_ne_bytes(k);
    // Four bytes per step; from_ne_bytes/to_ne_bytes keep the bytes in memory
    // order, so the key's bytes line up with the buffer's whatever the endianness.
    let (words, rest) = buf.as_chunks_mut::<4>();
    for w in words {
        *w = (u32::from_ne_bytes(*w) ^ word).to_ne_bytes();
    }
    // The leftover bytes start at a multiple of 4: the rotated key still fits.
    for (b, k) in rest.iter_mut().zip(k) {
        *b ^= k;
    }
}
