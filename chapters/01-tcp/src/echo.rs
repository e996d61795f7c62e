//! The echo loop: read what the peer sends, write the same bytes back, until the
//! peer has nothing more to say.
//!
//! Three facts about a TCP byte stream shape this loop:
//!
//! - `read` returns *some* bytes, between 1 and the buffer's length. A 6-byte
//!   `hello\n` may arrive as `hel` + `lo\n`, and two writes may arrive as one read.
//!   TCP carries bytes, not messages (RFC 9293 §2.2: a reliable, in-order byte stream).
//! - `read` returning `Ok(0)` means end of stream: the peer sent its FIN and will
//!   send nothing more (RFC 9293 §3.6). It is not an error and not "no data yet".
//! - `write` may also take only part of the buffer, so we send with `write_all`.

use std::fmt;
use std::io::{self, ErrorKind, Read, Write};

use crate::trace::Trace;

/// How many bytes one `read` asks for. The peer cannot make us buffer more than
/// this: we write each chunk back before reading the next one.
pub const BUFFER: usize = 4096;

// ANCHOR: simple
/// The smallest correct echo loop, shown first in the book: no tracing, no
/// counting. [`echo`] is the same loop with both.
pub fn echo_simple(stream: &mut (impl Read + Write)) -> io::Result<()> {
    let mut buf = [0u8; BUFFER];
    loop {
        // `n` is how many bytes arrived: anything from 1 to buf.len().
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Ok(()); // EOF: the peer shut down its write half.
        }
        // Echo exactly the n bytes we got, however many write calls it takes.
        stream.write_all(&buf[..n])?;
    }
}
// ANCHOR_END: simple

/// What went wrong while echoing, and on which side of the loop.
#[derive(Debug)]
pub enum EchoError {
    /// Reading failed: typically `ConnectionReset`, the peer aborted with an RST.
    Read(io::Error),
    /// Writing back failed: typically `BrokenPipe` or `ConnectionReset`, the peer
    /// went away without reading what we echoed.
    Write(io::Error),
    /// Nothing arrived within the socket's read timeout: the peer went quiet.
    Idle,
    /// The peer took none of our echo within the socket's write timeout: it
    /// stopped reading, and our send buffer is full.
    Stalled,
}

impl EchoError {
    /// Classifies a failed read. A read timeout shows up as `WouldBlock` on Unix
    /// (EAGAIN) and `TimedOut` on Windows; both mean the same here.
    fn reading(e: io::Error) -> EchoError {
        match e.kind() {
            ErrorKind::WouldBlock | ErrorKind::TimedOut => EchoError::Idle,
            _ => EchoError::Read(e),
        }
    }

    /// Classifies a failed write, as [`EchoError::reading`] does for reads.
    fn writing(e: io::Error) -> EchoError {
        match e.kind() {
            ErrorKind::WouldBlock | ErrorKind::TimedOut => EchoError::Stalled,
            _ => EchoError::Write(e),
        }
    }
}

impl fmt::Display for EchoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EchoError::Read(e) => write!(f, "reading from the peer failed: {e}"),
            EchoError::Write(e) => write!(f, "writing back to the peer failed: {e}"),
            EchoError::Idle => write!(f, "the peer sent nothing for too long"),
            EchoError::Stalled => write!(f, "the peer stopped reading what we echo"),
        }
    }
}

// The io::Error is part of the message above, so it is not also a `source`
// (that would print it twice in an error chain).
impl std::error::Error for EchoError {}

// ANCHOR: echo
/// Echoes everything read from `stream` back into it until end of stream, and
/// returns how many bytes were echoed. Every chunk is shown with `--trace`.
///
/// `peer` only labels the trace lines. The caller closes the connection (drops
/// the stream) afterwards; since the peer already closed its half, that ends it.
pub fn echo(
    stream: &mut (impl Read + Write),
    peer: impl fmt::Display,
    trace: Trace,
) -> Result<u64, EchoError> {
    let mut buf = [0u8; BUFFER];
    let mut total = 0u64;
    loop {
        let n = match stream.read(&mut buf) {
            Ok(0) => {
                trace.note(&peer, "peer closed its write half (read returned 0)");
                return Ok(total);
            }
            Ok(n) => n,
            // A signal arrived before any byte did: nothing was lost, ask again.
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(EchoError::reading(e)),
        };
        trace.recv(&peer, &buf[..n]);
        // write_all loops over partial writes (and retries Interrupted) for us.
        stream.write_all(&buf[..n]).map_err(EchoError::writing)?;
        trace.send(&peer, &buf[..n]);
        total += n as u64;
    }
}
// ANCHOR_END: echo

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake connection: reads hand out at most `per_read` bytes, writes take at
    /// most `per_write`, and one read in three is interrupted by a "signal".
    struct Fake {
        input: Vec<u8>,
        pos: usize,
        per_read: usize,
        per_write: usize,
        reads: usize,
        interrupts: bool,
        output: Vec<u8>,
    }

    impl Read for Fake {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.reads += 1;
            assert!(self.reads < 100_000, "read loop does not end");
            if self.interrupts && self.reads.is_multiple_of(3) {
                return Err(io::Error::new(ErrorKind::Interrupted, "signal"));
            }
            let n = buf
                .len()
                .min(self.per_read)
                .min(self.input.len() - self.pos);
            buf[..n].copy_from_slice(&self.input[self.pos..self.pos + n]);
            self.pos += n;
            Ok(n)
        }
    }

    impl Write for Fake {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let n = buf.len().min(self.per_write);
            self.output.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn fake(input: &[u8], per_read: usize, per_write: usize) -> Fake {
        Fake {
            input: input.to_vec(),
            pos: 0,
            per_read,
            per_write,
            reads: 0,
            interrupts: true,
            output: Vec::new(),
        }
    }

    #[test]
    fn echoes_fragments_exactly() {
        let input: Vec<u8> = (0..10_000u32).map(|i| (i % 253) as u8).collect();
        for (per_read, per_write) in [(1, 1), (3, 2), (7, 5000), (BUFFER * 2, 1)] {
            let mut conn = fake(&input, per_read, per_write);
            let n = echo(&mut conn, "test", Trace::new(false)).unwrap();
            assert_eq!(n, input.len() as u64);
            assert_eq!(
                conn.output, input,
                "per_read {per_read} per_write {per_write}"
            );
        }
    }

    #[test]
    fn simple_loop_echoes_too() {
        let mut conn = fake(b"hello\nworld\n", 4, 3);
        // The simple loop treats Interrupted as an error (the real one retries).
        conn.interrupts = false;
        echo_simple(&mut conn).unwrap();
        assert_eq!(conn.output, b"hello\nworld\n");
    }

    #[test]
    fn write_errors_name_their_side() {
        struct Closed;
        impl Read for Closed {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                buf[0] = b'x';
                Ok(1)
            }
        }
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::new(ErrorKind::BrokenPipe, "gone"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let err = echo(&mut Closed, "test", Trace::new(false)).unwrap_err();
        assert!(matches!(err, EchoError::Write(ref e) if e.kind() == ErrorKind::BrokenPipe));
        assert!(err.to_string().contains("writing back"), "{err}");
    }

    #[test]
    fn timeouts_are_named() {
        let timeout = || io::Error::new(ErrorKind::WouldBlock, "timed out");
        assert!(matches!(EchoError::reading(timeout()), EchoError::Idle));
        assert!(matches!(EchoError::writing(timeout()), EchoError::Stalled));
        let reset = io::Error::new(ErrorKind::ConnectionReset, "reset");
        assert!(matches!(EchoError::reading(reset), EchoError::Read(_)));
    }
}
