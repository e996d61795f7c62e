//! Mask throughput: `cargo bench -p ch09-ws-frames --bench mask`
//!
//! Prints GB/s for four masking loops and for memcpy of the same buffers, at
//! 16 B, 1 KiB, 64 KiB and 1 MiB, with the buffer starting on a 64-byte boundary
//! and one byte past it. Figures, never assertions: compare columns in one run.

use std::hint::black_box;

use ch09_ws_frames::mask::{apply_mask, apply_mask_naive};
use ch09_ws_frames::throughput::{BUDGET, buffer_at, gb_per_s};

/// "tungstenite's approach": the word loop tungstenite 0.30 uses in its private
/// `protocol/frame/mask.rs` (`apply_mask_fast32`), re-implemented here from its
/// description since it is not public API: split the buffer with
/// `align_to_mut::<u32>()` into an unaligned prefix, aligned u32 words and a
/// suffix; mask the prefix byte by byte, then every word with the key rotated
/// by the prefix length, then the suffix byte by byte.
fn tungstenite_approach(buf: &mut [u8], key: [u8; 4]) {
    // SAFETY: every bit pattern is a valid u32, so viewing aligned bytes as u32
    // words is sound; align_to_mut puts anything unaligned in prefix/suffix.
    let (prefix, words, suffix) = unsafe { buf.align_to_mut::<u32>() };
    for (i, b) in prefix.iter_mut().enumerate() {
        *b ^= key[i & 3];
    }
    let shift = prefix.len() & 3;
    let mut rotated = key;
    rotated.rotate_left(shift);
    let word_key = u32::from_ne_bytes(rotated);
    for w in words.iter_mut() {
        *w ^= word_key;
    }
    for (i, b) in suffix.iter_mut().enumerate() {
        *b ^= rotated[i & 3];
    }
}

fn main() {
    // `cargo bench` passes `--bench`; ignore arguments.
    let key = [0x37, 0xfa, 0x21, 0x3d];
    println!(
        "{:>8} {:>6} {:>9} {:>12} {:>9} {:>9} {:>12}",
        "size", "start", "naive", "tungstenite", "ours", "memcpy", "ours/memcpy"
    );
    for (label, len) in [
        ("16 B", 16),
        ("1 KiB", 1 << 10),
        ("64 KiB", 64 << 10),
        ("1 MiB", 1 << 20),
    ] {
        for misalign in [0, 1] {
            let (mut v, r) = buffer_at(len, misalign);
            let naive = gb_per_s(len, BUDGET, || {
                apply_mask_naive(black_box(&mut v[r.clone()]), black_box(key), 0)
            });
            let tung = gb_per_s(len, BUDGET, || {
                tungstenite_approach(black_box(&mut v[r.clone()]), black_box(key))
            });
            let ours = gb_per_s(len, BUDGET, || {
                apply_mask(black_box(&mut v[r.clone()]), black_box(key), 0)
            });
            let (src, sr) = buffer_at(len, misalign);
            let memcpy = gb_per_s(len, BUDGET, || {
                black_box(&mut v[r.clone()]).copy_from_slice(black_box(&src[sr.clone()]))
            });
            black_box(&v);
            let start = if misalign == 0 { "+0" } else { "+1" };
            println!(
                "{label:>8} {start:>6} {naive:>9.2} {tung:>12.2} {ours:>9.2} {memcpy:>9.2} {:>11.0}%",
                100.0 * ours / memcpy
            );
        }
    }
    println!("GB/s (10^9 bytes/s); start = byte offset from a 64-byte boundary");
}
