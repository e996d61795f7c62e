//! Exercise: fill a buffer from a stream that hands out a few bytes at a time.
//!
//! A TCP `read` returns whatever has arrived: 1 byte, or 3, or a whole buffer.
//! To get N bytes you loop. Unlike `Read::read_exact`, this version says how far
//! it got when the stream ended, which is what the next exercise needs.

use std::io::{self, Read};

/// Reads into `buf` until it is full or the stream ends, and returns how many
/// bytes were read: `buf.len()`, or fewer only if `input` reached end of stream
/// (a `read` returned `Ok(0)`).
///
/// - Retry a read that fails with `ErrorKind::Interrupted`.
/// - Return any other error as it is.
/// - Never read more than `buf.len()` bytes: the rest belongs to the next caller.
pub fn read_full(input: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    // TODO: keep a count of bytes filled; loop calling `input.read(&mut buf[filled..])`
    // until the buffer is full or a read returns Ok(0).
    let _ = (input, buf);
    todo!("read_full: loop on input.read() until buf is full or EOF (see the doc comment)")
}
