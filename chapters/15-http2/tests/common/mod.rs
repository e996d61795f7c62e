//! Helpers the test files share.
#![allow(dead_code)] // each test file uses a different part

use ch15_http2::hpack::{HeaderField, HeaderList};

/// Bytes from the RFC's hex dumps: pairs of hex digits, spaces ignored.
pub fn hex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(|b| b.is_ascii_hexdigit()).collect();
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
        .collect()
}

/// Fields as the RFC's examples list them, all indexable (the RFC's examples
/// index `set-cookie`, which our default policy would send never indexed).
pub fn fields(pairs: &[(&str, &str)]) -> Vec<HeaderField> {
    pairs
        .iter()
        .map(|(n, v)| HeaderField {
            name: n.as_bytes().to_vec(),
            value: v.as_bytes().to_vec(),
            never_indexed: false,
        })
        .collect()
}

/// `(name, value)` pairs of a decoded list, as strings.
pub fn pairs(list: &HeaderList) -> Vec<(String, String)> {
    list.iter()
        .map(|f| {
            (
                String::from_utf8_lossy(&f.name).into_owned(),
                String::from_utf8_lossy(&f.value).into_owned(),
            )
        })
        .collect()
}

/// A small seeded PRNG (xorshift64*), so "random" tests are the same every run.
pub struct Rng(u64);

impl Rng {
    /// A generator from a non-zero seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `1 / n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// `len` random bytes.
    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next_u64() as u8).collect()
    }
}

use ch15_http2::frame::{ConnectionError, Decoded, FrameDecoder, FrameHeader, FrameType};

/// A frame built by hand: a header with these fields, then `payload`.
pub fn raw(kind: u8, flags: u8, stream: u32, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    FrameHeader {
        length: payload.len() as u32,
        kind: FrameType(kind),
        flags,
        stream,
    }
    .encode(&mut out);
    out.extend_from_slice(payload);
    out
}

/// What a decoder produced, owned: each item's trace line and, for frames,
/// the frame encoded again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub line: String,
    pub bytes: Vec<u8>,
}

/// Feeds `input` to `decoder` as one piece, collecting everything decoded.
pub fn feed(
    decoder: &mut FrameDecoder,
    input: &[u8],
    out: &mut Vec<Item>,
) -> Result<(), ConnectionError> {
    let mut at = 0;
    loop {
        let (n, found) = decoder.decode(&input[at..])?;
        if let Some(found) = found {
            let mut bytes = Vec::new();
            if let Decoded::Frame(frame) = &found {
                frame.encode(&mut bytes);
            }
            out.push(Item {
                line: found.to_string(),
                bytes,
            });
        }
        at += n;
        if n == 0 || at == input.len() {
            // `n == 0` with input left would be a decoder that stalls.
            assert_eq!(
                at,
                input.len(),
                "the decoder consumes everything it is given"
            );
            return Ok(());
        }
    }
}

/// Everything `decoder` makes of `input` given in one piece.
pub fn decode_all(mut decoder: FrameDecoder, input: &[u8]) -> Result<Vec<Item>, ConnectionError> {
    let mut out = Vec::new();
    feed(&mut decoder, input, &mut out)?;
    Ok(out)
}

pub mod harness;
pub mod peer;
