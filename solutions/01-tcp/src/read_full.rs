//! Solution: fill a buffer from a stream that hands out a few bytes at a time.

use std::io::{self, ErrorKind, Read};

/// Reads into `buf` until it is full or the stream ends; returns how many bytes
/// were read (fewer than `buf.len()` only at end of stream).
pub fn read_full(input: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    // An empty buffer is already full: the loop does not run, no read is made
    // (a read into an empty buffer would return 0 and look like EOF).
    while filled < buf.len() {
        // Only the unfilled tail is offered, so we never read past what the
        // caller asked for: the next bytes stay in the stream for the next call.
        match input.read(&mut buf[filled..]) {
            Ok(0) => break, // end of stream: report how far we got
            Ok(n) => filled += n,
            // A signal arrived before any data: nothing was consumed, retry.
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}
