//! The UTF-8 validator against std::str::from_utf8 on generated inputs, split at
//! every position.

use ch09_ws_frames::utf8::Utf8Validator;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// What our validator says about `bytes` fed as two chunks cut at `cut`:
/// Ok(complete?) or Err(index of the first bad byte in the whole input).
fn ours(bytes: &[u8], cut: usize) -> Result<bool, usize> {
    let mut v = Utf8Validator::new();
    v.feed(&bytes[..cut]).map_err(|e| e.index)?;
    v.feed(&bytes[cut..]).map_err(|e| cut + e.index)?;
    Ok(v.is_complete())
}

/// The same answer derived from std.
fn std_answer(bytes: &[u8]) -> Result<bool, usize> {
    match std::str::from_utf8(bytes) {
        Ok(_) => Ok(true),
        Err(e) => match e.error_len() {
            None => Ok(false), // valid so far, ends mid-character
            Some(len) => {
                let start = e.valid_up_to();
                // A byte that can never start a character is itself the bad one;
                // otherwise the bad byte is the one after the valid-looking prefix.
                if matches!(bytes[start], 0x80..=0xC1 | 0xF5..=0xFF) {
                    Err(start)
                } else {
                    Err(start + len)
                }
            }
        },
    }
}

/// Bytes biased towards the interesting ones: ASCII runs, lead bytes,
/// continuation bytes, and the edges of table 3-7.
fn random_bytes(rng: &mut impl Rng, len: usize) -> Vec<u8> {
    const EDGES: &[u8] = &[
        0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC,
        0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
    ];
    (0..len)
        .map(|_| match rng.random_range(0..4) {
            0 => EDGES[rng.random_range(0..EDGES.len())],
            1 => rng.random_range(0x80..=0xBF),
            2 => rng.random_range(b'a'..=b'z'),
            _ => rng.random(),
        })
        .collect()
}

#[test]
fn random_bytes_split_everywhere() {
    let mut rng = StdRng::seed_from_u64(8);
    for _ in 0..3000 {
        let len = rng.random_range(0..24);
        let bytes = random_bytes(&mut rng, len);
        let expected = std_answer(&bytes);
        for cut in 0..=bytes.len() {
            assert_eq!(ours(&bytes, cut), expected, "{bytes:02x?} cut {cut}");
        }
    }
}

#[test]
fn random_valid_text_with_one_corruption() {
    let mut rng = StdRng::seed_from_u64(4);
    for _ in 0..500 {
        let text: String = (0..rng.random_range(0..40))
            .map(|_| {
                loop {
                    // Any scalar value: ASCII, 2-, 3- and 4-byte characters.
                    let c = match rng.random_range(0..4) {
                        0 => rng.random_range(0..0x80),
                        1 => rng.random_range(0x80..0x800),
                        2 => rng.random_range(0x800..0x10000),
                        _ => rng.random_range(0x10000..0x110000),
                    };
                    if let Some(c) = char::from_u32(c) {
                        break c;
                    }
                }
            })
            .collect();
        let mut bytes = text.into_bytes();
        for cut in 0..=bytes.len() {
            assert_eq!(ours(&bytes, cut), Ok(true));
        }
        if !bytes.is_empty() {
            let i = rng.random_range(0..bytes.len());
            bytes[i] = rng.random();
            let expected = std_answer(&bytes);
            for cut in 0..=bytes.len() {
                assert_eq!(ours(&bytes, cut), expected, "{bytes:02x?} cut {cut}");
            }
        }
    }
}

#[test]
fn long_ascii_runs_take_the_fast_path_and_still_catch_errors() {
    for len in 0..70 {
        for bad in 0..len {
            let mut bytes = vec![b'x'; len];
            bytes[bad] = 0xFF;
            for cut in [0, bad, len] {
                assert_eq!(ours(&bytes, cut), Err(bad));
            }
        }
    }
}
