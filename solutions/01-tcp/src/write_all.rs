//! Solution: `write_all` by hand.

use std::io::{self, ErrorKind, Write};

/// Writes every byte of `buf` to `out`, however few bytes each `write` call takes.
pub fn write_all(out: &mut impl Write, mut buf: &[u8]) -> io::Result<()> {
    while !buf.is_empty() {
        match out.write(buf) {
            // The writer is full for good: looping again would spin forever.
            Ok(0) => return Err(io::Error::new(ErrorKind::WriteZero, "writer took 0 bytes")),
            // Advance past what was taken; the rest goes in the next call.
            Ok(n) => buf = &buf[n..],
            // A signal interrupted the call before it wrote anything: just retry.
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
