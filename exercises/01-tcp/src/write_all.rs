//! Exercise: `write_all` by hand.
//!
//! `Write::write` may take only part of what you give it (a socket's send buffer is
//! full, a pipe is short of room) and tells you how many bytes it took. Sending a
//! whole message means looping until every byte is gone.

use std::io::{self, Write};

/// Writes every byte of `buf` to `out`, however few bytes each `write` call takes.
///
/// - Retry when a write fails with `ErrorKind::Interrupted` (a signal arrived).
/// - If a write returns `Ok(0)` the writer will never take more: return an error of
///   kind `ErrorKind::WriteZero`.
/// - Any other error is returned as it is.
pub fn write_all(out: &mut impl Write, buf: &[u8]) -> io::Result<()> {
    // TODO: loop until `buf` is empty, calling `out.write(...)` on what is left.
    let _ = (out, buf);
    todo!("write_all: loop on out.write() until every byte is written (see the doc comment)")
}
