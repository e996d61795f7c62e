//! Solution: read length-prefixed messages from a byte stream.

use std::io::{self, ErrorKind, Read};

use crate::read_full::read_full;

/// Reads the next frame (u32 big-endian length, then that many bytes).
/// `Ok(None)` at a clean end of stream between frames.
pub fn read_frame(input: &mut impl Read, max_len: usize) -> io::Result<Option<Vec<u8>>> {
    let mut header = [0u8; 4];
    match read_full(input, &mut header)? {
        // Not one byte of a new frame: the peer finished cleanly.
        0 => return Ok(None),
        4 => {}
        // The peer stopped in the middle of the length: the frame is cut short.
        n => {
            return Err(io::Error::new(
                ErrorKind::UnexpectedEof,
                format!("stream ended after {n} of 4 length bytes"),
            ));
        }
    }
    let len = u32::from_be_bytes(header) as usize;
    // Check before allocating: the length is the peer's claim, and 4 bytes can
    // claim 4 GiB. Trusting it would let any peer exhaust our memory.
    if len > max_len {
        return Err(io::Error::new(
            ErrorKind::InvalidData,
            format!("frame of {len} bytes is over the {max_len}-byte limit"),
        ));
    }
    let mut message = vec![0u8; len];
    let got = read_full(input, &mut message)?;
    if got < len {
        return Err(io::Error::new(
            ErrorKind::UnexpectedEof,
            format!("stream ended after {got} of {len} message bytes"),
        ));
    }
    Ok(Some(message))
}
