//! Mask throughput: `cargo bench -p ch09-ws-frames --bench mask`
//!
//! Prints GB/s for four masking loops and for memcpy of the same buffers, at
//! 16 B, 1 KiB, 64 KiB and 1 MiB, with the buffer starting on a 64-byte boundary
//! and one byte past it. Figures, never assertions: compare columns in one run.
//!
//! - naive: `apply_mask_naive`, the byte loop;
//! - tungstenite: tungstenite's u32 word loop (below);
//! - words: `apply_mask_words`, our word loop as the default target compiles it (SSE2);
//! - ours: `apply_mask`, the same loop, AVX2 copy picked at run time when the CPU has it;
//! - memcpy: `copy_from_slice` between two buffers of the same size and alignment.

use std::hint::black_box;

use ch09_ws_frames::mask::{apply_mask, apply_mask_naive, apply_mask_words};
use ch09_ws_frames::throughput::{BUDGET, ROUNDS, buffer_at, gb_per_s};

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
    // `cargo bench` passes `--bench`; there is nothing to configure.
    let key = [0x37, 0xfa, 0x21, 0x3d];
    println!(
        "{:>7} {:>5} {:>7} {:>12} {:>7} {:>7} {:>7} {:>12}",
        "size", "start", "naive", "tungstenite", "words", "ours", "memcpy", "ours/memcpy"
    );
    let sizes = [
        ("16 B", 16),
        ("1 KiB", 1 << 10),
        ("64 KiB", 64 << 10),
        ("1 MiB", 1 << 20),
    ];
    for (label, len) in sizes {
        for misalign in [0, 1] {
            let (mut v, r) = buffer_at(len, misalign);
            let (src, sr) = buffer_at(len, misalign);
            // Best of ROUNDS, the five loops taking turns so that a burst of
            // other work on the machine hits them all alike.
            let mut best = [0.0f64; 5];
            for _ in 0..ROUNDS {
                let b = &mut v[r.clone()];
                best[0] = best[0].max(gb_per_s(len, BUDGET, || {
                    apply_mask_naive(black_box(&mut *b), black_box(key), 0)
                }));
                best[1] = best[1].max(gb_per_s(len, BUDGET, || {
                    tungstenite_approach(black_box(&mut *b), black_box(key))
                }));
                best[2] = best[2].max(gb_per_s(len, BUDGET, || {
                    apply_mask_words(black_box(&mut *b), black_box(key), 0)
                }));
                best[3] = best[3].max(gb_per_s(len, BUDGET, || {
                    apply_mask(black_box(&mut *b), black_box(key), 0)
                }));
                best[4] = best[4].max(gb_per_s(len, BUDGET, || {
                    black_box(&mut *b).copy_from_slice(black_box(&src[sr.clone()]))
                }));
            }
            let [naive, tung, words, ours, memcpy] = best;
            let start = if misalign == 0 { "+0" } else { "+1" };
            println!(
                "{label:>7} {start:>5} {naive:>7.1} {tung:>12.1} {words:>7.1} {ours:>7.1} {memcpy:>7.1} {:>11.0}%",
                100.0 * ours / memcpy
            );
        }
    }
    println!("GB/s (10^9 bytes/s), best of {ROUNDS}; start = byte offset from a 64-byte boundary");
}
