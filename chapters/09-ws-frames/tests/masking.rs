//! The fast mask against the byte loop: every start, length and key offset.

use ch09_ws_frames::mask::{apply_mask, apply_mask_naive};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

#[test]
fn every_offset_and_length_up_to_300() {
    let key = [0x12, 0x34, 0x56, 0x78];
    let data: Vec<u8> = (0..320u32).map(|i| (i * 13 + 1) as u8).collect();
    for len in 0..=300 {
        for start in 0..4 {
            for offset in 0..8 {
                let mut a = data.clone();
                let mut b = data.clone();
                apply_mask_naive(&mut a[start..start + len], key, offset);
                apply_mask(&mut b[start..start + len], key, offset);
                assert_eq!(a, b, "len {len} start {start} offset {offset}");
            }
        }
    }
}

#[test]
fn random_buffers_keys_and_pieces() {
    let mut rng = StdRng::seed_from_u64(5);
    for _ in 0..200 {
        let len = rng.random_range(0..5000);
        let data: Vec<u8> = (0..len).map(|_| rng.random()).collect();
        let key: [u8; 4] = rng.random();
        let mut naive = data.clone();
        apply_mask_naive(&mut naive, key, 0);
        // Unmask in random pieces, as a payload arriving read by read.
        let mut fast = data.clone();
        let mut pos = 0;
        while pos < len {
            let n = rng.random_range(1..=(len - pos).min(700));
            apply_mask(&mut fast[pos..pos + n], key, pos);
            pos += n;
        }
        assert_eq!(fast, naive);
    }
}
