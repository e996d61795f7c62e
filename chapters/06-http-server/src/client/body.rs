//! A response body, de-framed as it arrives: the four ways RFC 9112 §6.3 lets
//! a response say where its body ends.
//!
//! ```text
//!   ResponseBodyKind (chapter 5)      BodyReader
//!   None  (HEAD, 1xx, 204, 304)  ──▶  done at once, no byte is body (§6.3 items 1-2)
//!   Length(n)                    ──▶  the next n bytes (§6.3 item 6, §8.6)
//!   Chunked                      ──▶  chapter 5's ChunkedDecoder (§7.1)
//!   CloseDelimited               ──▶  everything until EOF (§6.3 item 8)
//! ```
//!
//! No I/O: the connection hands [`BodyReader::decode`] whatever it has read,
//! and learns how much of it was body. That makes the reader incremental: a
//! client that wants the whole body calls it until [`BodyReader::is_done`]; an
//! event stream (chapter 12), a chunked or close-delimited body that never
//! ends, passes each piece on as soon as it is decoded.

use std::fmt;

use ch05_http_parser::{ChunkedDecoder, ParseError, ResponseBodyKind};

/// Why body bytes cannot be accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyError {
    /// More than `limit` bytes of body: a server controls the size, so the
    /// client bounds it (a `Content-Length` over the limit fails before any
    /// byte is read).
    TooLarge {
        /// The limit, in decoded bytes.
        limit: u64,
    },
    /// The chunked framing is broken (RFC 9112 §7.1); the offset counts from
    /// the body's first byte. The connection cannot be reused.
    Chunked(ParseError),
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyError::TooLarge { limit } => write!(f, "response body over {limit} bytes"),
            BodyError::Chunked(e) => write!(f, "bad chunked body (RFC 9112 §7.1): {e}"),
        }
    }
}

impl std::error::Error for BodyError {}

/// Where the body stands.
#[derive(Debug, Clone)]
enum Framing {
    /// `Length`: this many bytes still to come.
    Length(u64),
    /// `Chunked`: the decoder knows when the last chunk and trailers are in.
    Chunked(ChunkedDecoder),
    /// `CloseDelimited`: every byte until the server closes.
    UntilClose,
    /// The body is over (or there never was one).
    Done,
}

/// The body of one response, decoded piece by piece.
#[derive(Debug, Clone)]
pub struct BodyReader {
    framing: Framing,
    /// Whether the body runs to the end of the connection (which then cannot
    /// carry another request, RFC 9112 §9.3).
    close_delimited: bool,
    /// Decoded bytes so far, and the most allowed.
    decoded: u64,
    limit: u64,
}

impl BodyReader {
    /// A reader for a body framed as `kind` (chapter 5's
    /// [`ResponseHead::body_kind`](super::ResponseHead::body_kind)), keeping at
    /// most `limit` decoded bytes (`u64::MAX` for a stream whose consumer
    /// bounds what it keeps, as chapter 12's parser does).
    ///
    /// # Errors
    /// [`BodyError::TooLarge`] when a `Content-Length` is already over `limit`.
    pub fn new(kind: ResponseBodyKind, limit: u64) -> Result<BodyReader, BodyError> {
        let framing = match kind {
            ResponseBodyKind::None | ResponseBodyKind::Length(0) => Framing::Done,
            ResponseBodyKind::Length(n) if n > limit => return Err(BodyError::TooLarge { limit }),
            ResponseBodyKind::Length(n) => Framing::Length(n),
            ResponseBodyKind::Chunked => Framing::Chunked(ChunkedDecoder::new()),
            ResponseBodyKind::CloseDelimited => Framing::UntilClose,
        };
        Ok(BodyReader {
            framing,
            close_delimited: kind == ResponseBodyKind::CloseDelimited,
            decoded: 0,
            limit,
        })
    }

    // ANCHOR: decode
    /// Decodes body bytes from the front of `input`, appending the body's data
    /// to `out`.
    ///
    /// # Returns
    /// How many bytes of `input` were body (framing included). Once
    /// [`is_done`](BodyReader::is_done), the bytes after them belong to the
    /// next response on the connection.
    pub fn decode(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<usize, BodyError> {
        let before = out.len();
        let consumed = match &mut self.framing {
            Framing::Done => 0,
            Framing::Length(left) => {
                let n = input
                    .len()
                    .min(usize::try_from(*left).unwrap_or(usize::MAX));
                out.extend_from_slice(&input[..n]);
                *left -= n as u64;
                if *left == 0 {
                    self.framing = Framing::Done;
                }
                n
            }
            Framing::Chunked(decoder) => {
                let d = decoder.decode(input, out).map_err(BodyError::Chunked)?;
                if d.done {
                    self.framing = Framing::Done;
                }
                d.consumed
            }
            Framing::UntilClose => {
                out.extend_from_slice(input);
                input.len()
            }
        };
        // Chunked and close-delimited bodies have no size up front: count.
        // (One read's worth may land in `out` before this check fails.)
        self.decoded += (out.len() - before) as u64;
        if self.decoded > self.limit {
            return Err(BodyError::TooLarge { limit: self.limit });
        }
        Ok(consumed)
    }
    // ANCHOR_END: decode

    /// The connection reached EOF. A close-delimited body is complete now
    /// (RFC 9112 §6.3 item 8); any other unfinished body was cut off
    /// (§8: an incomplete message). Returns whether the body is complete.
    pub fn end_of_input(&mut self) -> bool {
        if matches!(self.framing, Framing::UntilClose) {
            self.framing = Framing::Done;
        }
        self.is_done()
    }

    /// Whether the whole body has been decoded.
    pub fn is_done(&self) -> bool {
        matches!(self.framing, Framing::Done)
    }

    /// Whether the body ends only with the connection, which then cannot be
    /// reused (RFC 9112 §6.3 item 8, §9.3).
    pub fn is_close_delimited(&self) -> bool {
        self.close_delimited
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `wire` one byte at a time; the body, and how much was body.
    fn one_byte_at_a_time(reader: &mut BodyReader, wire: &[u8]) -> (Vec<u8>, usize) {
        let mut out = Vec::new();
        let mut used = 0;
        let mut pending = Vec::new();
        for &b in wire {
            if reader.is_done() {
                break;
            }
            pending.push(b);
            let n = reader.decode(&pending, &mut out).unwrap();
            used += n;
            pending.drain(..n);
        }
        (out, used)
    }

    #[test]
    fn each_framing_in_one_byte_pieces() {
        let mut r = BodyReader::new(ResponseBodyKind::Length(5), 100).unwrap();
        assert_eq!(
            one_byte_at_a_time(&mut r, b"helloHTTP/1.1"),
            (b"hello".to_vec(), 5)
        );
        assert!(r.is_done() && !r.is_close_delimited());

        let mut r = BodyReader::new(ResponseBodyKind::Chunked, 100).unwrap();
        let wire = b"3\r\nhel\r\n2;x=y\r\nlo\r\n0\r\nTrailer: t\r\n\r\nnext";
        assert_eq!(
            one_byte_at_a_time(&mut r, wire),
            (b"hello".to_vec(), wire.len() - 4)
        );
        assert!(r.is_done());

        let mut r = BodyReader::new(ResponseBodyKind::CloseDelimited, 100).unwrap();
        assert_eq!(
            one_byte_at_a_time(&mut r, b"to the end"),
            (b"to the end".to_vec(), 10)
        );
        assert!(!r.is_done(), "only EOF ends it");
        assert!(r.end_of_input() && r.is_close_delimited());
    }

    #[test]
    fn no_body_takes_no_byte() {
        // HEAD, 1xx, 204, 304 (chapter 5 says None), and a zero length.
        for kind in [ResponseBodyKind::None, ResponseBodyKind::Length(0)] {
            let mut r = BodyReader::new(kind, 100).unwrap();
            assert!(r.is_done());
            let mut out = Vec::new();
            assert_eq!(r.decode(b"HTTP/1.1 200 OK\r\n", &mut out), Ok(0));
            assert!(out.is_empty());
        }
    }

    #[test]
    fn limits_and_truncation() {
        assert_eq!(
            BodyReader::new(ResponseBodyKind::Length(101), 100).unwrap_err(),
            BodyError::TooLarge { limit: 100 }
        );
        let mut out = Vec::new();
        let mut r = BodyReader::new(ResponseBodyKind::Chunked, 4).unwrap();
        assert_eq!(
            r.decode(b"5\r\nhello\r\n", &mut out),
            Err(BodyError::TooLarge { limit: 4 })
        );
        let mut r = BodyReader::new(ResponseBodyKind::CloseDelimited, 4).unwrap();
        assert_eq!(r.decode(b"1234", &mut out), Ok(4));
        assert_eq!(
            r.decode(b"5", &mut out),
            Err(BodyError::TooLarge { limit: 4 })
        );
        // A broken chunk size, and a length body cut short by EOF.
        let mut r = BodyReader::new(ResponseBodyKind::Chunked, 100).unwrap();
        assert!(matches!(
            r.decode(b"zz\r\n", &mut out),
            Err(BodyError::Chunked(_))
        ));
        let mut r = BodyReader::new(ResponseBodyKind::Length(5), 100).unwrap();
        assert_eq!(r.decode(b"hel", &mut out), Ok(3));
        assert!(!r.end_of_input(), "3 of 5 bytes is a truncated body");
    }
}
