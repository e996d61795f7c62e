//! Exercise: read length-prefixed messages from a byte stream.
//!
//! TCP keeps no message boundaries: two messages can arrive in one read, one
//! message in ten. A common fix is to send each message's length first. Here a
//! frame is a 4-byte big-endian length N, then N bytes of message.
//!
//! ```text
//! 00 00 00 05 68 65 6c 6c 6f   00 00 00 00   00 00 00 02 68 69
//! \---len 5--/ h  e  l  l  o   \--len 0--/   \--len 2--/ h  i
//! ```

use std::io::{self, Read};

/// Reads the next frame from `input` and returns its message.
///
/// - `Ok(Some(message))` for a complete frame (a length of 0 is an empty message).
/// - `Ok(None)` when the stream ends cleanly *between* frames (no byte of a new
///   frame has arrived).
/// - An error of kind `ErrorKind::UnexpectedEof` when the stream ends *inside* a
///   frame: in the length or in the message.
/// - An error of kind `ErrorKind::InvalidData` when the length is above `max_len`,
///   returned right after reading the 4 length bytes: never allocate or read a
///   message bigger than `max_len`, whatever the peer claims.
///
/// Reads may return any number of bytes and may be `Interrupted`. You may use
/// `crate::read_full::read_full` from the previous exercise.
pub fn read_frame(input: &mut impl Read, max_len: usize) -> io::Result<Option<Vec<u8>>> {
    // TODO: read the 4-byte length (0 bytes read = clean EOF: Ok(None); 1 to 3 = UnexpectedEof).
    // TODO: decode it with u32::from_be_bytes and check it against max_len (InvalidData).
    // TODO: read exactly that many bytes (fewer = UnexpectedEof) and return them.
    let _ = (input, max_len);
    todo!("read_frame: read a u32 big-endian length, check it, then read the message")
}
