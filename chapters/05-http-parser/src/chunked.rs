//! The chunked transfer coding (RFC 9112 §7.1), decoded incrementally.
//!
//! ```text
//! 5;name=value\r\n     chunk-size in hex, optional chunk extensions, CRLF
//! hello\r\n            exactly chunk-size bytes of data, then CRLF
//! 6\r\n
//!  world\r\n
//! 0\r\n                the last chunk: size 0
//! Expires: never\r\n   optional trailer fields
//! \r\n                 an empty line ends the body
//! ```
//!
//! The decoder keeps its state between calls, so the body may arrive in any
//! pieces: feed it what you have, it appends the data it could decode to `out`
//! and says how many input bytes it used. Unlike the head, chunked framing
//! accepts only CRLF line ends: a bare LF here is the kind of leniency that lets
//! two parsers disagree on where a body ends (see the book's smuggling section).

use crate::chars;
use crate::chunk_ext::{self, Ext, ExtStep};
use crate::error::{ErrorKind, ParseError};

/// Limits on the parts of a chunked body a peer controls that are not data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkLimits {
    /// Bytes of chunk extensions on one chunk-size line (→ 400 beyond it).
    pub max_ext_bytes: usize,
    /// Bytes of the whole trailer section (→ 431 beyond it).
    pub max_trailer_bytes: usize,
    /// Bytes of data in the whole body, all chunks together (→ 413 beyond it).
    /// A chunk whose size alone would pass it is refused at the size's digit
    /// that passes it: the size line is all it takes to know, so nobody waits
    /// for a body that will be refused anyway (nginx answers 413 at once too).
    pub max_body: u64,
}

impl Default for ChunkLimits {
    fn default() -> Self {
        ChunkLimits {
            max_ext_bytes: 1024,
            max_trailer_bytes: 8 * 1024,
            max_body: u64::MAX,
        }
    }
}

/// What one call to [`ChunkedDecoder::decode`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decoded {
    /// How many bytes of the input were used. When `done`, the rest of the
    /// input belongs to the next request.
    pub consumed: usize,
    /// The last chunk and the trailer section have been read: the body is over.
    pub done: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Hex digits of the chunk size.
    Size,
    /// Inside chunk extensions, up to the CR (`chunk_ext.rs` has the grammar).
    Ext(Ext),
    /// Saw the CR ending a chunk-size line.
    SizeLf,
    /// Copying this many more data bytes.
    Data,
    /// Expecting the CR after a chunk's data.
    DataCr,
    /// Expecting the LF after a chunk's data.
    DataLf,
    /// Reading trailer lines (or the final empty line).
    Trailer,
    /// The body is over.
    Done,
    /// An error happened; the connection must close.
    Failed(ParseError),
}

/// An incremental decoder for a chunked body.
#[derive(Debug, Clone)]
pub struct ChunkedDecoder {
    state: State,
    limits: ChunkLimits,
    /// Input bytes consumed by earlier calls: error offsets count from the body's start.
    seen: usize,
    /// The chunk size being read, then the data bytes still to copy.
    size: u64,
    digits: u32,
    /// Data bytes of the chunks whose size lines were read (the body so far, and the chunk being copied).
    data_bytes: u64,
    ext_bytes: usize,
    /// The trailer section so far (field lines with their CRLFs).
    trailers: Vec<u8>,
    /// Where the current trailer line starts in `trailers`.
    line_start: usize,
}

impl Default for ChunkedDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl ChunkedDecoder {
    /// A decoder with default [`ChunkLimits`].
    pub fn new() -> Self {
        Self::with_limits(ChunkLimits::default())
    }

    /// A decoder with the given limits.
    pub fn with_limits(limits: ChunkLimits) -> Self {
        ChunkedDecoder {
            state: State::Size,
            limits,
            seen: 0,
            size: 0,
            digits: 0,
            data_bytes: 0,
            ext_bytes: 0,
            trailers: Vec::new(),
            line_start: 0,
        }
    }

    /// Whether the whole body has been decoded.
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// The trailer section's field lines, raw (`Name: value\r\n` each), once done.
    /// Kept, not dropped, so nothing the client sent is silently lost.
    pub fn trailer_bytes(&self) -> &[u8] {
        &self.trailers
    }

    // ANCHOR: decode
    /// Decodes what it can from `input`, appending data to `out`.
    ///
    /// Call again with the bytes after `consumed` plus whatever arrives next,
    /// until `done`. Error offsets count from the first byte of the body.
    pub fn decode(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<Decoded, ParseError> {
        // Once failed, always failed: the framing is lost, the connection must close.
        if let State::Failed(e) = self.state {
            return Err(e);
        }
        let mut i = 0;
        while i < input.len() {
            let b = input[i];
            let at = self.seen + i;
            match self.state {
                State::Done => break,
                State::Failed(e) => return Err(e),
                State::Data => {
                    // The bulk of the body: copy as much as we have, in one go.
                    let take =
                        (input.len() - i).min(usize::try_from(self.size).unwrap_or(usize::MAX));
                    out.extend_from_slice(&input[i..i + take]);
                    self.size -= take as u64;
                    i += take;
                    if self.size == 0 {
                        self.state = State::DataCr;
                    }
                    continue;
                }
                State::Size => match hex_digit(b) {
                    Some(d) => {
                        // Reject before shifting: 16 hex digits fill a u64.
                        if self.size > u64::MAX >> 4 {
                            return self.fail(ErrorKind::ChunkSizeOverflow.at(at));
                        }
                        self.size = (self.size << 4) | u64::from(d);
                        self.digits += 1;
                        if self.size > self.limits.max_body.saturating_sub(self.data_bytes) {
                            return self.fail(ErrorKind::ChunkTooLarge.at(at));
                        }
                    }
                    None if self.digits == 0 => return self.fail(ErrorKind::ChunkSize.at(at)),
                    None => match b {
                        b'\r' => self.state = State::SizeLf,
                        b';' => self.state = State::Ext(Ext::NameStart),
                        b' ' | b'\t' => self.state = State::Ext(Ext::Bws),
                        b'\n' => return self.fail(ErrorKind::ChunkLineEnd.at(at)),
                        _ => return self.fail(ErrorKind::ChunkSize.at(at)),
                    },
                },
                State::Ext(ext) => {
                    // chunk-ext (RFC 9112 §7.1.1): checked byte by byte, not interpreted.
                    self.ext_bytes += 1;
                    if self.ext_bytes > self.limits.max_ext_bytes {
                        return self.fail(ErrorKind::ChunkExtension.at(at));
                    }
                    match chunk_ext::step(ext, b) {
                        ExtStep::Next(next) => self.state = State::Ext(next),
                        ExtStep::LineEnd => self.state = State::SizeLf,
                        // A bare LF where the line could end is a line-end error.
                        ExtStep::Invalid if b == b'\n' && ext != Ext::Quoted => {
                            return self.fail(ErrorKind::ChunkLineEnd.at(at));
                        }
                        ExtStep::Invalid => return self.fail(ErrorKind::ChunkExtension.at(at)),
                    }
                }
                State::SizeLf => {
                    if b != b'\n' {
                        return self.fail(ErrorKind::ChunkLineEnd.at(at));
                    }
                    self.data_bytes += self.size;
                    self.state = if self.size == 0 {
                        State::Trailer
                    } else {
                        State::Data
                    };
                    self.digits = 0;
                    self.ext_bytes = 0;
                }
                State::DataCr | State::DataLf => {
                    let expected = if self.state == State::DataCr {
                        b'\r'
                    } else {
                        b'\n'
                    };
                    if b != expected {
                        return self.fail(ErrorKind::ChunkLineEnd.at(at));
                    }
                    self.state = if b == b'\r' {
                        State::DataLf
                    } else {
                        State::Size
                    };
                }
                State::Trailer => {
                    if let Err(e) = self.trailer_byte(b, at) {
                        return self.fail(e);
                    }
                }
            }
            i += 1;
        }
        self.seen += i;
        Ok(Decoded {
            consumed: i,
            done: self.state == State::Done,
        })
    }
    // ANCHOR_END: decode

    fn fail(&mut self, e: ParseError) -> Result<Decoded, ParseError> {
        self.state = State::Failed(e);
        Err(e)
    }

    /// One byte of the trailer section: lines are collected, then checked as
    /// field lines (RFC 9112 §7.1.2: `trailer-section = *( field-line CRLF )`).
    fn trailer_byte(&mut self, b: u8, at: usize) -> Result<(), ParseError> {
        if self.trailers.len() >= self.limits.max_trailer_bytes {
            return Err(ErrorKind::TrailerTooLarge.at(at));
        }
        let line = &self.trailers[self.line_start..];
        let after_cr = line.last() == Some(&b'\r');
        match b {
            b'\n' if !after_cr => return Err(ErrorKind::ChunkLineEnd.at(at)),
            b'\n' => {
                let line_at = at - line.len();
                let line = &line[..line.len() - 1];
                if line.is_empty() {
                    // The empty line: the body is over. Drop its CR.
                    self.trailers.pop();
                    self.state = State::Done;
                    return Ok(());
                }
                check_field_line(line).map_err(|(kind, k)| kind.at(line_at + k))?;
                self.trailers.push(b);
                self.line_start = self.trailers.len();
                return Ok(());
            }
            _ if after_cr => return Err(ErrorKind::BareCr.at(at - 1)),
            _ => {}
        }
        self.trailers.push(b);
        Ok(())
    }
}

/// The value of a hex digit.
fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Checks one field line without its line end: `token ":" OWS value OWS`.
/// On error: what and where in the line.
pub(crate) fn check_field_line(line: &[u8]) -> Result<(), (ErrorKind, usize)> {
    if matches!(line.first(), Some(b' ' | b'\t')) {
        return Err((ErrorKind::ObsFold, 0));
    }
    let name_end = line
        .iter()
        .position(|&b| !chars::is_tchar(b))
        .unwrap_or(line.len());
    match line.get(name_end) {
        Some(b':') if name_end > 0 => {}
        Some(b' ' | b'\t') if name_end > 0 => return Err((ErrorKind::SpaceBeforeColon, name_end)),
        _ => return Err((ErrorKind::HeaderName, name_end)),
    }
    match line[name_end + 1..]
        .iter()
        .position(|&b| !chars::is_value_byte(b))
    {
        Some(k) => Err((ErrorKind::HeaderValue, name_end + 1 + k)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes `input` fed in pieces of `step` bytes.
    fn decode_in_steps(input: &[u8], step: usize) -> Result<(Vec<u8>, usize), ParseError> {
        let mut d = ChunkedDecoder::new();
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < input.len() {
            let end = (pos + step).min(input.len());
            let r = d.decode(&input[pos..end], &mut out)?;
            if r.done {
                return Ok((out, pos + r.consumed));
            }
            assert_eq!(r.consumed, end - pos, "not done, so all input is used");
            pos = end;
        }
        panic!("not done after {pos} bytes");
    }

    #[test]
    fn a_chunk_over_the_body_limit_fails_at_its_size_digit() {
        let limits = ChunkLimits {
            max_body: 10,
            ..ChunkLimits::default()
        };
        let fail = |input: &[u8]| {
            let mut d = ChunkedDecoder::with_limits(limits);
            d.decode(input, &mut Vec::new()).unwrap_err()
        };
        // "b" is 11 > 10: refused at that digit, before the line ends.
        let e = fail(b"b");
        assert_eq!(
            (e.kind, e.offset, e.status()),
            (ErrorKind::ChunkTooLarge, 0, 413)
        );
        // 6 + 5 > 10: the second size passes what is left.
        let e = fail(b"6\r\nabcdef\r\n5\r\n");
        assert_eq!((e.kind, e.offset), (ErrorKind::ChunkTooLarge, 11));
        // Exactly at the limit is fine.
        let mut d = ChunkedDecoder::with_limits(limits);
        let mut out = Vec::new();
        let done = d
            .decode(b"4\r\nabcd\r\n6\r\nefghij\r\n0\r\n\r\n", &mut out)
            .unwrap();
        assert!(done.done && out == b"abcdefghij");
        // Too big for 64 bits: 413 as well.
        assert_eq!(fail(b"10000000000000000").status(), 413);
    }

    #[test]
    fn decodes_in_any_pieces() {
        let body = b"5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nExpires: never\r\n\r\nGET";
        for step in 1..body.len() {
            let (out, used) = decode_in_steps(body, step).unwrap();
            assert_eq!(out, b"hello world");
            assert_eq!(used, body.len() - 3, "stops before the next request");
        }
        let mut d = ChunkedDecoder::new();
        d.decode(body, &mut Vec::new()).unwrap();
        assert_eq!(d.trailer_bytes(), b"Expires: never\r\n");
    }

    fn err(input: &[u8]) -> (ErrorKind, usize) {
        let mut d = ChunkedDecoder::new();
        let e = d.decode(input, &mut Vec::new()).expect_err("should fail");
        // The decoder stays failed, even when given nothing.
        assert_eq!(d.decode(b"0\r\n\r\n", &mut Vec::new()), Err(e));
        assert_eq!(d.decode(b"", &mut Vec::new()), Err(e));
        (e.kind, e.offset)
    }

    #[test]
    fn rejects_bad_framing_with_offsets() {
        use ErrorKind::*;
        assert_eq!(err(b"x\r\n"), (ChunkSize, 0));
        assert_eq!(err(b"\r\n"), (ChunkSize, 0));
        assert_eq!(err(b"5\nhello"), (ChunkLineEnd, 1));
        assert_eq!(err(b"5\r\nhelloX"), (ChunkLineEnd, 8));
        assert_eq!(err(b"5\r\nhello\r\r"), (ChunkLineEnd, 9));
        assert_eq!(err(b"5 x\r\n"), (ChunkExtension, 2));
        assert_eq!(err(b"5;a\x01\r\n"), (ChunkExtension, 3));
        // RFC 9112 §7.1.1: a chunk-ext-name is a token, at least one byte long,
        // and a quoted-string may not contain CR: both fail at the byte.
        assert_eq!(err(b"2;\r\naa\r\n0\r\n\r\n"), (ChunkExtension, 2));
        assert_eq!(err(b"5;a=\"abc\r\nhello\r\n"), (ChunkExtension, 8));
        assert_eq!(err(b"5;a=\"abc\r"), (ChunkExtension, 8), "not a wait");
        assert_eq!(err(b"5;a\n"), (ChunkLineEnd, 3));
        assert_eq!(err(b"1_0\r\n"), (ChunkSize, 1));
        assert_eq!(err(b"10000000000000000\r\n"), (ChunkSizeOverflow, 16));
        assert_eq!(err(b"0\r\nBad Name: x\r\n\r\n"), (SpaceBeforeColon, 6));
        assert_eq!(err(b"0\r\nName: x\n\r\n"), (ChunkLineEnd, 10));
        assert_eq!(err(b"0\r\nName: x\ry\r\n"), (BareCr, 10));
        assert_eq!(err(b"0\r\n folded\r\n\r\n"), (ObsFold, 3));
        let long_ext = [b"1;".as_slice(), &[b'a'; 2000]].concat();
        assert_eq!(err(&long_ext).0, ChunkExtension);
        let long_trailer = [b"0\r\nX: ".as_slice(), &[b'a'; 9000]].concat();
        assert_eq!(err(&long_trailer).0, TrailerTooLarge);
    }

    #[test]
    fn whitespace_then_extension_is_fine_and_max_size_fits() {
        let mut d = ChunkedDecoder::new();
        let r = d.decode(b"0 ; a=\"b c\"\r\n\r\n", &mut Vec::new()).unwrap();
        assert!(r.done);
        let mut d = ChunkedDecoder::new();
        d.decode(b"ffffffffffffffff\r\nabc", &mut Vec::new())
            .unwrap();
    }
}
