//! What can be wrong with a request (or a response head), and where.
//!
//! Every error carries the byte offset where the parser saw the problem, so a
//! reader (or `ch05-parse`) can point at the exact byte, and the HTTP status a
//! server should answer with ([`ParseError::status`]).

use std::fmt;

/// What was wrong. Each variant's [`Display`](fmt::Display) names the rule and
/// the RFC 9112 section it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// A byte that is not a `tchar` in the method, or an empty method (RFC 9112 §3.1).
    Method,
    /// A byte that may not appear in a request-target: a control, space or non-ASCII (RFC 9112 §3.2).
    Target,
    /// The request-target's form does not fit the method: `*` only for OPTIONS,
    /// `host:port` only (and always) for CONNECT, otherwise `/path` or `scheme:...` (RFC 9112 §3.2).
    TargetForm,
    /// The request-target is longer than [`Limits::max_target_bytes`](crate::Limits) (→ 414).
    TargetTooLong,
    /// The version is not `HTTP/DIGIT.DIGIT` (RFC 9112 §2.3).
    Version,
    /// A well-formed version we do not speak: not HTTP/1.0 or HTTP/1.1 (→ 505).
    VersionUnsupported,
    /// Something other than a line end after the version (RFC 9112 §3).
    LineEnd,
    /// A response's status line is not `HTTP/1.x SP 3DIGIT` followed by SP or
    /// the line end (RFC 9112 §4).
    StatusCode,
    /// A control byte (other than HTAB) in a response's reason phrase (RFC 9112 §4).
    Reason,
    /// A CR not followed by LF (RFC 9112 §2.2 lets a recipient reject a bare CR
    /// or replace it with SP; we reject it).
    BareCr,
    /// A byte that is not a `tchar` in a field name, or an empty name (RFC 9110 §5.1).
    HeaderName,
    /// Whitespace between a field name and its colon (RFC 9112 §5.1: MUST be rejected with 400).
    SpaceBeforeColon,
    /// A control byte (other than HTAB) in a field value (RFC 9110 §5.5).
    HeaderValue,
    /// A line that starts with SP or HTAB in the header section: obsolete line
    /// folding, or whitespace before the first field (RFC 9112 §5.2, §2.2).
    ObsFold,
    /// More header fields than [`Limits::max_headers`](crate::Limits) (→ 431).
    TooManyHeaders,
    /// The head did not end within [`Limits::max_head_bytes`](crate::Limits) (→ 431).
    HeadTooLarge,
    /// A Content-Length that is not a non-empty string of digits, or overflows (RFC 9110 §8.6).
    ContentLength,
    /// Several Content-Length values that differ (RFC 9112 §6.3 item 5), found
    /// as soon as the second one's field line is complete.
    ConflictingContentLength,
    /// Both Transfer-Encoding and Content-Length: a request smuggling risk. RFC 9112
    /// §6.1: a server MAY reject it and MUST close the connection after answering (§6.3 item 3).
    TransferEncodingWithContentLength,
    /// Transfer-Encoding in an HTTP/1.0 request: framing is faulty (RFC 9112 §6.1).
    TransferEncodingInHttp10,
    /// `chunked` is missing, not the final coding, or applied twice (RFC 9112 §6.3 item 4, §7).
    ChunkedNotFinal,
    /// A transfer coding other than `chunked`, which we do not decode (RFC 9112 §6.1 → 501).
    UnknownTransferCoding,
    /// A chunk size that is not hex digits (RFC 9112 §7.1).
    ChunkSize,
    /// A chunk size too big for 64 bits (→ 413: no body limit is that large).
    ChunkSizeOverflow,
    /// A chunk whose size would take the body past the decoder's limit (→ 413).
    ChunkTooLarge,
    /// A chunk extension that breaks RFC 9112 §7.1.1's grammar (an empty name, a CR
    /// inside a quoted string, a forbidden byte), or longer than the decoder's limit.
    ChunkExtension,
    /// A chunk's data not followed by CRLF, or a chunk line ending in a bare LF (RFC 9112 §7.1).
    ChunkLineEnd,
    /// The trailer section is larger than the decoder's limit (→ 431).
    TrailerTooLarge,
}

impl ErrorKind {
    /// The status a server answers when a request fails this way. For the
    /// kinds only a response can have ([`StatusCode`](ErrorKind::StatusCode),
    /// [`Reason`](ErrorKind::Reason)) it is 502, what a gateway answers when the
    /// server behind it sent an invalid response (RFC 9110 §15.6.3).
    pub fn status(self) -> u16 {
        use ErrorKind::*;
        match self {
            StatusCode | Reason => 502,
            TargetTooLong => 414,
            TooManyHeaders | HeadTooLarge | TrailerTooLarge => 431,
            ChunkSizeOverflow | ChunkTooLarge => 413,
            UnknownTransferCoding => 501,
            VersionUnsupported => 505,
            _ => 400,
        }
    }

    /// What went wrong, in words, with the rule's source.
    pub fn describe(self) -> &'static str {
        use ErrorKind::*;
        match self {
            Method => "invalid method: a method is a token (RFC 9112 §3.1)",
            Target => {
                "invalid byte in the request-target: only visible ASCII (RFC 9112 §3.2, RFC 3986)"
            }
            TargetForm => {
                "request-target form does not fit the method (RFC 9112 §3.2: \
                 * only for OPTIONS, host:port only for CONNECT)"
            }
            TargetTooLong => "request-target too long (414)",
            Version => "invalid HTTP version: expected HTTP/DIGIT.DIGIT (RFC 9112 §2.3)",
            VersionUnsupported => "HTTP version not supported: only 1.0 and 1.1 (505)",
            LineEnd => "expected a line end after the HTTP version (RFC 9112 §3)",
            StatusCode => {
                "invalid status line: expected HTTP/1.x, SP, a 3-digit status code, \
                 then SP and a reason or the line end (RFC 9112 §4)"
            }
            Reason => "invalid byte in the reason phrase: a control byte (RFC 9112 §4)",
            BareCr => "a CR not followed by LF (RFC 9112 §2.2)",
            HeaderName => "invalid byte in a field name: a name is a token (RFC 9110 §5.1)",
            SpaceBeforeColon => "whitespace before the colon of a field (RFC 9112 §5.1)",
            HeaderValue => "invalid byte in a field value: a control byte (RFC 9110 §5.5)",
            ObsFold => {
                "a line in the header section starts with whitespace: \
                 obsolete line folding is rejected (RFC 9112 §5.2)"
            }
            TooManyHeaders => "too many header fields (431)",
            HeadTooLarge => "head too large: no empty line within the limit (431 for a request)",
            ContentLength => {
                "invalid Content-Length: digits only, at most 2^64 - 1 (RFC 9110 §8.6)"
            }
            ConflictingContentLength => "conflicting Content-Length values (RFC 9112 §6.3)",
            TransferEncodingWithContentLength => {
                "both Transfer-Encoding and Content-Length: \
                 a request smuggling risk (RFC 9112 §6.1, §11.2)"
            }
            TransferEncodingInHttp10 => {
                "Transfer-Encoding in an HTTP/1.0 request: faulty framing (RFC 9112 §6.1)"
            }
            ChunkedNotFinal => {
                "chunked must be the final transfer coding, applied once (RFC 9112 §6.3, §7)"
            }
            UnknownTransferCoding => "unknown transfer coding: only chunked is supported (501)",
            ChunkSize => "invalid chunk size: hex digits expected (RFC 9112 §7.1)",
            ChunkSizeOverflow => "chunk size too large for 64 bits (413)",
            ChunkTooLarge => "chunk size takes the body past its limit (413)",
            ChunkExtension => "invalid or too long chunk extension (RFC 9112 §7.1.1)",
            ChunkLineEnd => "expected CRLF in chunked framing (RFC 9112 §7.1)",
            TrailerTooLarge => "trailer section too large (431)",
        }
    }

    /// Builds the error at `offset`.
    pub(crate) fn at(self, offset: usize) -> ParseError {
        ParseError { kind: self, offset }
    }
}

/// A request we will not accept: what was wrong and at which byte.
///
/// `offset` counts from the start of the buffer given to the parser (for the
/// head) or from the start of the body (for [`ChunkedDecoder`](crate::ChunkedDecoder)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseError {
    /// What was wrong.
    pub kind: ErrorKind,
    /// The byte offset where it was found.
    pub offset: usize,
}

impl ParseError {
    /// The HTTP status a server should answer with: 400, 414, 431, 501 or 505.
    pub fn status(&self) -> u16 {
        self.kind.status()
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.kind.describe(), self.offset)
    }
}

impl std::error::Error for ParseError {}
