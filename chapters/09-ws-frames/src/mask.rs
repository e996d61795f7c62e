//! Masking: XOR every payload byte with one byte of a 4-byte key (RFC 6455 §5.3).
//!
//! `masked[i] = payload[i] ^ key[i % 4]`, and the same operation unmasks. Every
//! byte a client sends goes through it, and a server unmasks every byte it
//! receives, so it is worth making fast. Both functions take `offset`: the
//! position in the payload where `buf` starts, so a payload that arrives in
//! pieces can be unmasked piece by piece as it comes in.

// ANCHOR: naive
/// The byte-by-byte loop, straight from the RFC. Correct, and slow: rustc does
/// not turn it into vector code, so it moves one byte per step.
pub fn apply_mask_naive(buf: &mut [u8], key: [u8; 4], offset: usize) {
    for (i, byte) in buf.iter_mut().enumerate() {
        *byte ^= key[(offset + i) & 3];
    }
}
// ANCHOR_END: naive

// ANCHOR: fast
/// The fast loop: XOR a 4-byte word at a time with the key as one `u32`.
///
/// The key is first rotated by `offset`, so that `buf[0]` meets the right key
/// byte; after that every 4-byte chunk meets the whole key in order.
/// `as_chunks_mut::<4>()` views the buffer as `[u8; 4]` arrays with no `unsafe`
/// and no alignment requirement: `u32::from_ne_bytes` of a chunk is one
/// (unaligned) load, as fast as an aligned one on current CPUs, so unlike
/// `align_to` there is no byte-by-byte prefix. The loop body is so simple that
/// LLVM vectorises it: it ends up XORing 16 bytes per SSE2 instruction.
#[inline(always)]
pub fn apply_mask_words(buf: &mut [u8], key: [u8; 4], offset: usize) {
    let k = rotate_key(key, offset);
    let word = u32::from_ne_bytes(k);
    let (words, rest) = buf.as_chunks_mut::<4>();
    for w in words {
        *w = (u32::from_ne_bytes(*w) ^ word).to_ne_bytes();
    }
    // The 0–3 bytes left over start at a multiple of 4, so `k` still lines up.
    for (b, k) in rest.iter_mut().zip(k) {
        *b ^= k;
    }
}
// ANCHOR_END: fast

// ANCHOR: dispatch
/// Masks (or unmasks) `buf`, which starts at position `offset` of the payload.
///
/// The same word loop as [`apply_mask_words`], but on x86-64 CPUs with AVX2 (most
/// since 2013) it runs a copy of that loop compiled for AVX2, which LLVM
/// vectorises 32 bytes at a time. The default x86-64 target only promises SSE2,
/// so the check is made at run time (and cached by std). `#[inline]` lets other
/// crates inline it: for a 16-byte frame the call costs as much as the work.
#[inline]
pub fn apply_mask(buf: &mut [u8], key: [u8; 4], offset: usize) {
    #[cfg(target_arch = "x86_64")]
    if buf.len() >= 128 && std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2: we just checked.
        unsafe { apply_mask_avx2(buf, key, offset) };
        return;
    }
    apply_mask_words(buf, key, offset);
}

/// [`apply_mask_words`] compiled with AVX2 enabled. Only call it after checking
/// that the CPU has AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn apply_mask_avx2(buf: &mut [u8], key: [u8; 4], offset: usize) {
    apply_mask_words(buf, key, offset);
}
// ANCHOR_END: dispatch

/// The key as seen from payload position `offset`: `rotate_key(k, 1)` is
/// `[k[1], k[2], k[3], k[0]]`.
pub fn rotate_key(key: [u8; 4], offset: usize) -> [u8; 4] {
    // Indexing, not `<[u8]>::rotate_left`: that one is a general memmove-style
    // routine, far too slow for 4 bytes on every call.
    [
        key[offset & 3],
        key[(offset + 1) & 3],
        key[(offset + 2) & 3],
        key[(offset + 3) & 3],
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_example_key_and_hello() {
        // RFC 6455 §5.7: "Hello" masked with 37 fa 21 3d.
        let mut buf = *b"Hello";
        apply_mask(&mut buf, [0x37, 0xfa, 0x21, 0x3d], 0);
        assert_eq!(buf, [0x7f, 0x9f, 0x4d, 0x51, 0x58]);
        apply_mask(&mut buf, [0x37, 0xfa, 0x21, 0x3d], 0);
        assert_eq!(&buf, b"Hello");
    }

    #[test]
    fn fast_equals_naive_at_every_start_offset_and_length() {
        let key = [0x6d, 0xb6, 0xb2, 0x80];
        let data: Vec<u8> = (0..400u32).map(|i| (i * 7 + 3) as u8).collect();
        for start in 0..8 {
            for len in 0..(data.len() - start) {
                for offset in 0..4 {
                    let mut a = data.clone();
                    let mut b = data.clone();
                    let mut c = data.clone();
                    apply_mask_naive(&mut a[start..start + len], key, offset);
                    apply_mask(&mut b[start..start + len], key, offset);
                    apply_mask_words(&mut c[start..start + len], key, offset);
                    assert_eq!(a, b, "start {start} len {len} offset {offset}");
                    assert_eq!(a, c, "words: start {start} len {len} offset {offset}");
                }
            }
        }
    }

    #[test]
    fn unmasking_in_pieces_equals_at_once() {
        let key = [1, 2, 3, 4];
        let data: Vec<u8> = (0..100u8).collect();
        let mut whole = data.clone();
        apply_mask(&mut whole, key, 0);
        for cut in 0..data.len() {
            let mut pieces = data.clone();
            let (a, b) = pieces.split_at_mut(cut);
            apply_mask(a, key, 0);
            apply_mask(b, key, cut);
            assert_eq!(pieces, whole, "cut at {cut}");
        }
    }
}
