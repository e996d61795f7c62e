//! The parser's inner loops: "how far does this run of allowed bytes go?"
//!
//! Almost all of a parser's time goes here, so the parser is generic over a
//! [`Scan`] and we measure three versions of the same loops (see `bench/src/lib.rs`):
//!
//! - [`Plain`]: a byte loop calling the `matches!` rules;
//! - [`Table`]: the same loop with 256-entry lookup tables;
//! - [`Swar`]: tables for tokens, and for targets and values, checking 8 bytes
//!   at a time in a `u64` ("SIMD within a register").
//!
//! Each function returns the index of the first byte at or after `i` that is
//! not in the class, or `buf.len()` when the run reaches the end.

use crate::chars;

/// One way to scan byte runs. The three versions must agree exactly (tested).
pub trait Scan {
    /// The end of a run of `tchar`s (method, field name).
    fn token(buf: &[u8], i: usize) -> usize;
    /// The end of a run of request-target bytes.
    fn target(buf: &[u8], i: usize) -> usize;
    /// The end of a run of field-value bytes.
    fn value(buf: &[u8], i: usize) -> usize;
}

// ANCHOR: plain
/// A byte loop over the readable `matches!` rules.
pub struct Plain;

impl Scan for Plain {
    fn token(buf: &[u8], mut i: usize) -> usize {
        while i < buf.len() && chars::is_tchar(buf[i]) {
            i += 1;
        }
        i
    }
    fn target(buf: &[u8], mut i: usize) -> usize {
        while i < buf.len() && chars::is_target_byte(buf[i]) {
            i += 1;
        }
        i
    }
    fn value(buf: &[u8], mut i: usize) -> usize {
        while i < buf.len() && chars::is_value_byte(buf[i]) {
            i += 1;
        }
        i
    }
}
// ANCHOR_END: plain

/// The same byte loop, one table load per byte.
pub struct Table;

/// The byte loop over a table.
#[inline(always)]
fn run(table: &[bool; 256], buf: &[u8], i: usize) -> usize {
    match buf[i..].iter().position(|&b| !table[b as usize]) {
        Some(n) => i + n,
        None => buf.len(),
    }
}

impl Scan for Table {
    #[inline(always)]
    fn token(buf: &[u8], i: usize) -> usize {
        run(&chars::TCHAR, buf, i)
    }
    #[inline(always)]
    fn target(buf: &[u8], i: usize) -> usize {
        run(&chars::TARGET, buf, i)
    }
    #[inline(always)]
    fn value(buf: &[u8], i: usize) -> usize {
        run(&chars::VALUE, buf, i)
    }
}

// ANCHOR: swar
/// Eight copies of a byte in a word: `splat(0x20) == 0x2020_2020_2020_2020`.
const fn splat(b: u8) -> u64 {
    u64::from_le_bytes([b; 8])
}
const HIGH: u64 = splat(0x80);

/// A word with the high bit set in (at least) the lowest byte of `x` that is
/// below `n` (n <= 0x80): subtracting `n` borrows into the high bit only when a
/// byte was smaller, and `!x` drops bytes that were already >= 0x80.
/// Bits above the first hit may be wrong (the borrow ripples), so only the
/// lowest set bit is exact; that is all we use.
#[inline(always)]
const fn below(x: u64, n: u8) -> u64 {
    x.wrapping_sub(splat(n)) & !x & HIGH
}

/// A word marking the bytes of `x` equal to `b` (lowest one exact).
#[inline(always)]
const fn equal(x: u64, b: u8) -> u64 {
    below(x ^ splat(b), 1)
}

/// Loads 8 bytes at `i` as a little-endian word (byte i in the lowest bits).
#[inline(always)]
fn word(buf: &[u8], i: usize) -> u64 {
    let eight: [u8; 8] = buf[i..i + 8].try_into().expect("8 bytes");
    u64::from_le_bytes(eight)
}

/// Checks 8 bytes at a time, then a table-driven byte loop for the tail or
/// from the first byte the word test flagged.
pub struct Swar;

impl Scan for Swar {
    #[inline(always)]
    fn token(buf: &[u8], i: usize) -> usize {
        // Methods and names are short and their class is irregular: a table wins.
        run(&chars::TCHAR, buf, i)
    }

    #[inline(always)]
    fn target(buf: &[u8], mut i: usize) -> usize {
        // Target bytes are 0x21..=0x7e: flag bytes below 0x21, 0x7f, and >= 0x80.
        while i + 8 <= buf.len() {
            let x = word(buf, i);
            let bad = below(x, 0x21) | equal(x, 0x7f) | (x & HIGH);
            if bad != 0 {
                // The lowest flagged byte is the first one not allowed.
                return i + (bad.trailing_zeros() / 8) as usize;
            }
            i += 8;
        }
        run(&chars::TARGET, buf, i)
    }

    #[inline(always)]
    fn value(buf: &[u8], mut i: usize) -> usize {
        // Value bytes are HTAB, 0x20..=0x7e and 0x80..=0xff: flag bytes below
        // 0x20 and 0x7f. A flagged HTAB is allowed: step over it and go on.
        while i + 8 <= buf.len() {
            let x = word(buf, i);
            let bad = below(x, 0x20) | equal(x, 0x7f);
            if bad != 0 {
                let at = i + (bad.trailing_zeros() / 8) as usize;
                if buf[at] != b'\t' {
                    return at;
                }
                i = at + 1;
                continue;
            }
            i += 8;
        }
        run(&chars::VALUE, buf, i)
    }
}
// ANCHOR_END: swar

#[cfg(test)]
mod tests {
    use super::*;

    fn all_agree(buf: &[u8]) {
        for i in 0..=buf.len() {
            let t = Plain::token(buf, i);
            assert_eq!(t, Table::token(buf, i));
            assert_eq!(t, Swar::token(buf, i));
            let t = Plain::target(buf, i);
            assert_eq!(t, Table::target(buf, i), "{buf:?} {i}");
            assert_eq!(t, Swar::target(buf, i), "{buf:?} {i}");
            let t = Plain::value(buf, i);
            assert_eq!(t, Table::value(buf, i), "{buf:?} {i}");
            assert_eq!(t, Swar::value(buf, i), "{buf:?} {i}");
        }
    }

    #[test]
    fn the_three_scanners_agree_on_every_byte_in_every_position() {
        for b in 0..=255u8 {
            for pos in 0..20 {
                let mut buf = b"abcdefghijklmnopqrstuvwxyz".to_vec();
                buf[pos] = b;
                all_agree(&buf);
            }
        }
        all_agree(b"");
        all_agree(b"\t\t\t\t\t\t\t\t\t\tx\x7f");
        all_agree(b"text/html,application/xhtml+xml\r\n");
    }
}
