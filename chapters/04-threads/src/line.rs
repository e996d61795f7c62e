//! Cutting a byte stream into lines, with a limit on how long a line may be.
//!
//! TCP delivers bytes, not lines: one `read` may return half a line, three lines,
//! or a line and a half (a client like `nc` sends whatever the terminal gives it;
//! a slow link can split anything anywhere). So we keep the bytes that are not yet
//! a whole line in a buffer and look for `\n` in it.
//!
//! That buffer is grown by the peer, so it needs a limit. A line longer than
//! [`LineReader::max`] bytes is reported once as [`Line::TooLong`], and the rest of
//! it, up to its `\n`, is thrown away as it arrives: the buffer never holds more
//! than `max` bytes plus one read, however long the line is. The connection is
//! kept; the caller decides what to tell the peer.
//!
//! Telnet ends lines with `\r\n`, `nc` with `\n`: both are accepted, and the
//! `\r` is removed.

use std::fmt;
use std::io::{self, Read};

/// How many bytes one `read` call asks for.
const CHUNK: usize = 1024;

/// What [`LineReader::next_line`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// A whole line, without its `\n` (or `\r\n`).
    Complete(Vec<u8>),
    /// A line longer than the limit; its bytes were dropped.
    TooLong,
}

/// Why no more lines will come.
#[derive(Debug)]
pub enum LineError {
    /// The peer closed the connection in the middle of a line: those bytes are
    /// not a line (the peer never finished it), and we say so instead of
    /// pretending they were.
    ClosedMidLine {
        /// How many bytes of the unfinished line were buffered.
        pending: usize,
    },
    /// The socket failed (reset by the peer, timed out, ...).
    Io(io::Error),
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineError::ClosedMidLine { pending } => {
                write!(
                    f,
                    "connection closed in the middle of a line ({pending} bytes dropped)"
                )
            }
            LineError::Io(e) => write!(f, "read failed: {e}"),
        }
    }
}

impl std::error::Error for LineError {}

// ANCHOR: reader
/// Reads `\n`-terminated lines of at most `max` bytes from `inner`.
pub struct LineReader<R> {
    inner: R,
    /// Bytes received but not yet handed out as a line. Never longer than
    /// `max + CHUNK`.
    buf: Vec<u8>,
    max: usize,
    /// True while we are dropping the rest of a too-long line.
    discarding: bool,
}

impl<R: Read> LineReader<R> {
    /// A reader of lines of at most `max` bytes (not counting the line end).
    pub fn new(inner: R, max: usize) -> LineReader<R> {
        LineReader {
            inner,
            buf: Vec::new(),
            max,
            discarding: false,
        }
    }

    /// The longest line accepted, in bytes.
    pub fn max(&self) -> usize {
        self.max
    }

    /// The next line; `Ok(None)` when the peer closed the connection cleanly
    /// (between two lines). Blocks until a line, a too-long line, or the end.
    pub fn next_line(&mut self) -> Result<Option<Line>, LineError> {
        loop {
            // 1. Is a whole line already buffered? Then hand it out.
            if let Some(at) = self.buf.iter().position(|&b| b == b'\n') {
                let mut line: Vec<u8> = self.buf.drain(..=at).collect();
                line.pop(); // the '\n'
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                if self.discarding {
                    // The tail of a line we already reported as too long.
                    self.discarding = false;
                    continue;
                }
                if line.len() > self.max {
                    return Ok(Some(Line::TooLong));
                }
                return Ok(Some(Line::Complete(line)));
            }
            // 2. No '\n' yet. If what we hold is already over the limit, this
            //    line is too long whatever comes next: drop it now, report once.
            //    (`max + 1` leaves room for the '\r' of a "\r\n" still to come.)
            if self.buf.len() > self.max + 1 {
                self.buf.clear();
                if !self.discarding {
                    self.discarding = true;
                    return Ok(Some(Line::TooLong));
                }
            }
            // 3. Read more. A read returns anything from 1 byte to CHUNK.
            let mut chunk = [0u8; CHUNK];
            let n = loop {
                match self.inner.read(&mut chunk) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(LineError::Io(e)),
                }
            };
            if n == 0 {
                // EOF. Between lines it is a clean close; inside a line it is not.
                return match (self.buf.len(), self.discarding) {
                    (0, _) | (_, true) => Ok(None),
                    (pending, false) => Err(LineError::ClosedMidLine { pending }),
                };
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }
}
// ANCHOR_END: reader

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out its bytes `per_read` at a time.
    struct Trickle {
        data: Vec<u8>,
        at: usize,
        per_read: usize,
    }

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.per_read.min(buf.len()).min(self.data.len() - self.at);
            buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }

    fn lines(data: &[u8], per_read: usize, max: usize) -> Vec<Result<Line, String>> {
        let mut r = LineReader::new(
            Trickle {
                data: data.to_vec(),
                at: 0,
                per_read,
            },
            max,
        );
        let mut out = Vec::new();
        for _ in 0..100 {
            match r.next_line() {
                Ok(Some(l)) => out.push(Ok(l)),
                Ok(None) => return out,
                Err(e) => {
                    out.push(Err(e.to_string()));
                    return out;
                }
            }
        }
        panic!("no end after 100 lines");
    }

    fn ok(s: &str) -> Result<Line, String> {
        Ok(Line::Complete(s.as_bytes().to_vec()))
    }

    #[test]
    fn lines_in_any_fragments() {
        for per_read in [1, 2, 3, 7, 1024] {
            assert_eq!(
                lines(b"hi\r\nthere\n\nbye\n", per_read, 10),
                vec![ok("hi"), ok("there"), ok(""), ok("bye")],
                "per_read {per_read}"
            );
        }
    }

    #[test]
    fn too_long_is_reported_once_and_skipped() {
        let mut data = vec![b'x'; 5000];
        data.extend_from_slice(b"\nok\n");
        for per_read in [1, 100, 1024] {
            assert_eq!(
                lines(&data, per_read, 10),
                vec![Ok(Line::TooLong), ok("ok")],
                "per_read {per_read}"
            );
        }
        // Exactly at the limit is fine, one over is not; "\r\n" does not count.
        assert_eq!(lines(b"0123456789\r\n", 1, 10), vec![ok("0123456789")]);
        assert_eq!(lines(b"0123456789a\n", 1, 10), vec![Ok(Line::TooLong)]);
    }

    #[test]
    fn eof_mid_line_is_an_error() {
        let got = lines(b"one\ntw", 1, 10);
        assert_eq!(got[0], ok("one"));
        assert!(got[1].as_ref().unwrap_err().contains("2 bytes"), "{got:?}");
    }
}
