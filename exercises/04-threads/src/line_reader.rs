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
        // TODO: loop:
        //  1. if `self.buf` holds a '\n': cut the line out (drop "\n" and a "\r"
        //     before it); skip it if `self.discarding` (and stop discarding);
        //     else return Complete, or TooLong if longer than `self.max`.
        //  2. if `self.buf` is longer than `self.max + 1`: clear it, and if not
        //     already discarding, start discarding and return TooLong.
        //  3. read up to CHUNK more bytes from `self.inner` into `self.buf`
        //     (retry on Interrupted; at EOF return Ok(None) or UnexpectedEof).
        let _ = (
            &mut self.inner,
            &mut self.buf,
            self.max,
            self.discarding,
            CHUNK,
        );
        todo!(
            "next_line: buffer bytes, cut lines at '\\n', report lines over max once (see the doc comment)"
        )
    }
}
