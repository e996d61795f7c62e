//! Exercise: read lines from a stream that arrives in fragments, with a maximum
//! line length.
//!
//! TCP hands you bytes in whatever pieces it likes. Keep what is not yet a whole
//! line in a buffer; but the peer controls how long a line is, so a line over the
//! limit must be reported (and its bytes thrown away) as soon as the buffer passes
//! the limit, not when its `\n` finally arrives, if ever.

use std::io::{self, Read};

/// How many bytes one `read` asks for.
pub const CHUNK: usize = 1024;

/// What [`LineReader::next_line`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// A line, without its `\n` (and without the `\r` of a `\r\n`).
    Complete(Vec<u8>),
    /// A line longer than the limit; reported once, its bytes dropped.
    TooLong,
}

/// Reads lines of at most `max` bytes (not counting `\r\n` or `\n`).
pub struct LineReader<R> {
    inner: R,
    buf: Vec<u8>,
    max: usize,
    discarding: bool,
}

impl<R: Read> LineReader<R> {
    /// A line reader over `inner`.
    pub fn new(inner: R, max: usize) -> LineReader<R> {
        LineReader {
            inner,
            buf: Vec::new(),
            max,
            discarding: false,
        }
    }

    /// The next line.
    ///
    /// - `Ok(Some(Line::Complete(bytes)))`: a line of at most `max` bytes.
    /// - `Ok(Some(Line::TooLong))`: a line over the limit, reported as soon as more
    ///   than `max + 1` bytes of it are buffered (the `+ 1` leaves room for a `\r`);
    ///   the rest of it, up to and including its `\n`, is skipped.
    /// - `Ok(None)`: end of stream between lines (or while skipping a long one).
    /// - `Err` of kind `UnexpectedEof`: the stream ended inside a line.
    /// - Reads interrupted by a signal (`ErrorKind::Interrupted`) are retried.
    pub fn next_line(&mut self) -> io::Result<Option<Line>> {
        loop {
            // A whole line buffered? Cut it out (with its '\n').
            if let Some(at) = self.buf.iter().position(|&b| b == b'\n') {
                let mut line: Vec<u8> = self.buf.drain(..=at).collect();
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                // The end of a line we already reported: skip it, go on.
                if std::mem::take(&mut self.discarding) {
                    continue;
                }
                // Short reads may deliver a long line and its '\n' together.
                if line.len() > self.max {
                    return Ok(Some(Line::TooLong));
                }
                return Ok(Some(Line::Complete(line)));
            }
            // No '\n' and already over the limit: this line is too long whatever
            // follows. Drop the bytes now (this is what bounds memory) and report
            // it once; later calls keep dropping until the '\n'.
            if self.buf.len() > self.max + 1 {
                self.buf.clear();
                if !self.discarding {
                    self.discarding = true;
                    return Ok(Some(Line::TooLong));
                }
            }
            let mut chunk = [0u8; CHUNK];
            let n = match self.inner.read(&mut chunk) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if n == 0 {
                // EOF: clean between lines; inside an unfinished line, an error,
                // because those bytes are not a line the peer ever completed.
                if self.buf.is_empty() || self.discarding {
                    return Ok(None);
                }
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!("stream ended inside a line ({} bytes)", self.buf.len()),
                ));
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }
}
