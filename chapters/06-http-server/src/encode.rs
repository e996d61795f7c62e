//! A [`Response`] value → the bytes on the wire, in pieces.
//!
//! The encoder decides the framing (RFC 9112 §6): a body of known length gets
//! `Content-Length`; a streamed body gets `Transfer-Encoding: chunked` when the
//! client speaks HTTP/1.1, and is delimited by closing the connection for an
//! HTTP/1.0 client, which knows no chunks. A response to HEAD carries the same
//! header fields as the GET would, and no body (RFC 9110 §9.3.2).
//!
//! It hands out bytes with [`Encoder::next_bytes`]: first the head, then the body,
//! one piece per call. The thread-per-connection driver writes each piece as it
//! comes; chapter 7's event loop asks for the next piece only when the socket is
//! writable, so a big stream never sits whole in memory.
//!
//! A file body ([`Body::File`]) is read here, [`FILE_PIECE`] bytes per call, as
//! the driver asks: the file is on disk, not in memory, until the client takes
//! it. Its length was promised in `Content-Length` before the first read, so a
//! file that comes up short cannot be sent honestly: [`Encoder::next_bytes`]
//! then returns `None` early and [`Encoder::aborted`] says why, and the driver
//! must drop the connection without completing the response (the client sees
//! fewer bytes than promised and knows the body is incomplete, RFC 9112 §8).
//!
//! ```text
//! Response { status, headers, body }           request: method, version, keep-alive
//!          │                                              │
//!          └────────────────────┬─────────────────────────┘
//!                               ▼
//!   "HTTP/1.1 200 OK\r\n Content-Type… Content-Length: 5\r\n\r\n"   next_bytes() #1
//!   "hello"                                                       next_bytes() #2
//!   None                                                          done
//! ```

use std::fmt::{self, Write as _};
use std::fs::File;
use std::io::{self, Read};
use std::time::SystemTime;

use ch05_http_parser::Version;

use crate::chunked::{LAST_CHUNK, write_chunk};
use crate::clock::http_date;
use crate::response::{Body, Response, reason};

/// What the encoder needs to know about the request being answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answering {
    /// The request's HTTP version: HTTP/1.0 clients get no chunked bodies.
    pub version: Version,
    /// The request was HEAD: send the head only.
    pub head: bool,
    /// The client wants to keep the connection open (see `Request::keep_alive`).
    pub keep_alive: bool,
}

impl Answering {
    /// For an answer to a request we could not parse: HTTP/1.1, then close.
    pub fn broken_request() -> Answering {
        Answering {
            version: Version::Http11,
            head: false,
            keep_alive: false,
        }
    }
}

/// The most a file body is read at once: one piece of [`Body::File`].
/// Big enough that a fast client costs few reads, small enough that a
/// thousand slow ones cost 64 MiB at worst.
pub const FILE_PIECE: usize = 64 * 1024;

/// Why a body stopped before its promised end. The response cannot be
/// completed: the connection must be dropped.
#[derive(Debug)]
pub enum BodyError {
    /// The file ended before the `Content-Length` we sent (it shrank, or was
    /// replaced, after we opened it).
    Shrunk {
        /// The length promised in `Content-Length`.
        promised: u64,
        /// Body bytes handed out before the file ran out.
        sent: u64,
    },
    /// Reading the file failed (a disk error, a network file system gone away).
    Read {
        /// Body bytes handed out before the error.
        sent: u64,
        /// What `read` said.
        error: io::Error,
    },
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyError::Shrunk { promised, sent } => write!(
                f,
                "the file ended after {sent} of the {promised} bytes promised in Content-Length"
            ),
            BodyError::Read { sent, error } => {
                write!(f, "reading the file failed after {sent} bytes: {error}")
            }
        }
    }
}

impl std::error::Error for BodyError {}

/// Where the body stands.
enum Rest {
    Done,
    Bytes(Vec<u8>),
    /// A file body: `left` of its `len` bytes still to read and send.
    File {
        file: File,
        len: u64,
        left: u64,
    },
    /// A stream; `chunked` false means close-delimited (HTTP/1.0 client).
    Stream {
        pieces: Box<dyn Iterator<Item = Vec<u8>> + Send>,
        chunked: bool,
    },
}

/// A response being turned into bytes; see the module documentation.
pub struct Encoder {
    head: Option<Vec<u8>>,
    rest: Rest,
    status: u16,
    keep_alive: bool,
    /// Set when the body broke off: the response can never be completed.
    aborted: Option<BodyError>,
}

/// RFC 9110 §5.1: a field name is a token. Anything else is dropped, never sent
/// (here, and by chapter 15's HTTP/2 responses).
pub fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// RFC 9110 §5.5: a field value never holds CR, LF or NUL. A handler that copies
/// user input into a header must not let it split the response, so those bytes
/// become spaces.
pub fn clean_value(value: &str) -> String {
    value.replace(['\r', '\n', '\0'], " ")
}

impl Encoder {
    // ANCHOR: encoder_new
    /// Prepares `response` as the answer to a request described by `to`.
    pub fn new(response: Response, to: Answering) -> Encoder {
        let status = response.status;
        // RFC 9110 §6.4.1: 1xx, 204 and 304 responses never have content.
        let bodiless = (100..200).contains(&status) || status == 204 || status == 304;
        let http11 = to.version == Version::Http11;
        let mut keep_alive = to.keep_alive && !response.close;

        let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
        for (name, value) in &response.headers {
            let framing = ["content-length", "transfer-encoding", "connection", "date"]
                .iter()
                .any(|h| name.eq_ignore_ascii_case(h));
            if is_token(name) && !framing {
                let _ = write!(head, "{name}: {}\r\n", clean_value(value));
            }
        }
        // RFC 9110 §6.6.1: an origin server with a clock must send Date.
        let _ = write!(head, "Date: {}\r\n", http_date(SystemTime::now()));

        let rest = match response.body {
            _ if bodiless => Rest::Done,
            Body::Bytes(bytes) => {
                // RFC 9110 §8.6: for HEAD, the length the GET body would have.
                let _ = write!(head, "Content-Length: {}\r\n", bytes.len());
                if to.head {
                    Rest::Done
                } else {
                    Rest::Bytes(bytes)
                }
            }
            Body::File { file, len } => {
                // Same framing as Bytes: the length is known before the first read.
                let _ = write!(head, "Content-Length: {len}\r\n");
                if to.head {
                    Rest::Done // the file is closed unread
                } else {
                    Rest::File {
                        file,
                        len,
                        left: len,
                    }
                }
            }
            Body::Chunks(pieces) => {
                if http11 {
                    head.push_str("Transfer-Encoding: chunked\r\n");
                } else {
                    // RFC 9112 §6.3 item 8: no length, no chunks → the close ends the body.
                    keep_alive = false;
                }
                if to.head {
                    Rest::Done
                } else {
                    Rest::Stream {
                        pieces,
                        chunked: http11,
                    }
                }
            }
        };
        // RFC 9112 §9.3: 1.1 stays open unless "close"; 1.0 closes unless "keep-alive".
        if !keep_alive {
            head.push_str("Connection: close\r\n");
        } else if !http11 {
            head.push_str("Connection: keep-alive\r\n");
        }
        head.push_str("\r\n");
        Encoder {
            head: Some(head.into_bytes()),
            rest,
            status,
            keep_alive,
            aborted: None,
        }
    }
    // ANCHOR_END: encoder_new

    /// The status being sent.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Whether the connection may carry another request after this response
    /// (never after an aborted one).
    pub fn keep_alive(&self) -> bool {
        self.keep_alive && self.aborted.is_none()
    }

    /// Why the body broke off, if it did. [`Encoder::next_bytes`] returned
    /// `None` before the response was complete: drop the connection, do not
    /// send anything more on it.
    pub fn aborted(&self) -> Option<&BodyError> {
        self.aborted.as_ref()
    }

    // ANCHOR: next_bytes
    /// The next bytes to write, or `None` when there are no more: the response
    /// is complete, or, if [`Encoder::aborted`] says so, it broke off.
    /// The first call returns the whole head; a file body comes in pieces of
    /// at most [`FILE_PIECE`] bytes, read from the file by this call.
    pub fn next_bytes(&mut self) -> Option<Vec<u8>> {
        if let Some(head) = self.head.take() {
            return Some(head);
        }
        match std::mem::replace(&mut self.rest, Rest::Done) {
            Rest::Done => None,
            Rest::Bytes(bytes) if bytes.is_empty() => None,
            Rest::Bytes(bytes) => Some(bytes),
            Rest::File { left: 0, .. } => None,
            Rest::File {
                mut file,
                len,
                left,
            } => {
                // Never more than `left`: a file that grew since we opened it is
                // sent only up to the length we promised.
                let want = left.min(FILE_PIECE as u64) as usize;
                let sent = len - left;
                // NOTE: a blocking read, on whatever thread drives us, the event
                // loop's included. It is bounded (one piece per call, usually
                // from the page cache), but a slow disk stalls the caller; see
                // the book, chapter 7, for what real servers do instead.
                let mut piece = vec![0u8; want];
                match file.read_exact(&mut piece) {
                    Ok(()) => {
                        self.rest = Rest::File {
                            file,
                            len,
                            left: left - want as u64,
                        };
                        Some(piece)
                    }
                    Err(e) => {
                        self.aborted = Some(if e.kind() == io::ErrorKind::UnexpectedEof {
                            BodyError::Shrunk {
                                promised: len,
                                sent,
                            }
                        } else {
                            BodyError::Read { sent, error: e }
                        });
                        None
                    }
                }
            }
            Rest::Stream {
                mut pieces,
                chunked,
            } => {
                // Skip empty pieces: an empty chunk would be the last-chunk.
                match pieces.by_ref().find(|p| !p.is_empty()) {
                    Some(piece) => {
                        let out = if chunked {
                            let mut out = Vec::with_capacity(piece.len() + 12);
                            write_chunk(&piece, &mut out);
                            out
                        } else {
                            piece
                        };
                        self.rest = Rest::Stream { pieces, chunked };
                        Some(out)
                    }
                    None if chunked => Some(LAST_CHUNK.to_vec()),
                    None => None,
                }
            }
        }
    }
    // ANCHOR_END: next_bytes
}

impl Iterator for Encoder {
    type Item = Vec<u8>;
    fn next(&mut self) -> Option<Vec<u8>> {
        self.next_bytes()
    }
}

/// The whole response as one buffer (tests, small answers).
pub fn encode_to_vec(response: Response, to: Answering) -> Vec<u8> {
    Encoder::new(response, to).flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GET11: Answering = Answering {
        version: Version::Http11,
        head: false,
        keep_alive: true,
    };

    fn text(bytes: &[u8]) -> String {
        String::from_utf8_lossy(bytes).into_owned()
    }

    /// The response with the Date line removed, so it can be compared.
    fn dateless(bytes: &[u8]) -> String {
        text(bytes)
            .split_inclusive("\r\n")
            .filter(|l| !l.starts_with("Date: "))
            .collect()
    }

    #[test]
    fn content_length() {
        let out = encode_to_vec(Response::text(200, "hello"), GET11);
        assert_eq!(
            dateless(&out),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n\
             Content-Length: 5\r\n\r\nhello"
        );
        assert!(text(&out).contains("\r\nDate: "));
    }

    #[test]
    fn head_has_the_length_but_no_body() {
        let to = Answering {
            head: true,
            ..GET11
        };
        let out = encode_to_vec(Response::text(200, "hello"), to);
        assert!(dateless(&out).ends_with("Content-Length: 5\r\n\r\n"));
    }

    #[test]
    fn streams_are_chunked_for_11_and_close_delimited_for_10() {
        let pieces = || vec![b"ab".to_vec(), vec![], b"cde".to_vec()].into_iter();
        let mut enc = Encoder::new(Response::stream(200, "text/plain", pieces()), GET11);
        let head = text(&enc.next_bytes().unwrap());
        assert!(head.contains("Transfer-Encoding: chunked\r\n"), "{head}");
        assert!(!head.contains("Content-Length"));
        let body: Vec<u8> = enc.by_ref().flatten().collect();
        assert_eq!(text(&body), "2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n");
        assert!(enc.keep_alive());

        let to10 = Answering {
            version: Version::Http10,
            ..GET11
        };
        let mut enc = Encoder::new(Response::stream(200, "text/plain", pieces()), to10);
        let head = text(&enc.next_bytes().unwrap());
        assert!(head.contains("Connection: close\r\n"), "{head}");
        assert!(!head.contains("chunked"));
        assert_eq!(text(&enc.by_ref().flatten().collect::<Vec<u8>>()), "abcde");
        assert!(!enc.keep_alive());
    }

    /// A file of `len` bytes in the temp dir, removed on drop; its bytes count 0..=250.
    struct TempFile(std::path::PathBuf);

    impl TempFile {
        fn new(tag: &str, len: usize) -> TempFile {
            let path =
                std::env::temp_dir().join(format!("ch06-encode-{tag}-{}.bin", std::process::id()));
            std::fs::write(&path, TempFile::bytes(len)).unwrap();
            TempFile(path)
        }
        fn bytes(len: usize) -> Vec<u8> {
            (0..len).map(|i| (i % 251) as u8).collect()
        }
        fn open(&self) -> File {
            File::open(&self.0).unwrap()
        }
    }

    impl Drop for TempFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    fn file_response(file: File, len: u64) -> Response {
        Response::file(200, "application/octet-stream", file, len)
    }

    #[test]
    fn a_file_body_comes_in_bounded_pieces_with_its_length() {
        let len = 3 * FILE_PIECE + 1234;
        let f = TempFile::new("pieces", len);
        let mut enc = Encoder::new(file_response(f.open(), len as u64), GET11);
        let head = text(&enc.next_bytes().unwrap());
        assert!(
            head.contains(&format!("Content-Length: {len}\r\n")),
            "{head}"
        );
        assert!(!head.contains("chunked"), "{head}");
        let mut body = Vec::new();
        let mut pieces = 0;
        while let Some(piece) = enc.next_bytes() {
            assert!(
                piece.len() <= FILE_PIECE,
                "a piece of {} bytes",
                piece.len()
            );
            body.extend_from_slice(&piece);
            pieces += 1;
            assert!(pieces <= 10, "too many pieces");
        }
        assert_eq!(pieces, 4);
        assert!(
            body == TempFile::bytes(len),
            "the body is the file, byte for byte"
        );
        assert!(enc.aborted().is_none());
        assert!(enc.keep_alive());
    }

    #[test]
    fn head_for_a_file_sends_its_length_and_never_reads_it() {
        let to = Answering {
            head: true,
            ..GET11
        };
        // An empty file that claims 1000 bytes: reading it would abort.
        let f = TempFile::new("head", 0);
        let mut enc = Encoder::new(file_response(f.open(), 1000), to);
        let out: Vec<u8> = enc.by_ref().flatten().collect();
        assert!(dateless(&out).ends_with("Content-Length: 1000\r\n\r\n"));
        assert!(enc.aborted().is_none(), "HEAD read the file");
        assert!(enc.keep_alive());
    }

    #[test]
    fn a_file_that_shrinks_aborts_instead_of_sending_a_wrong_length() {
        let len = 3 * FILE_PIECE;
        let f = TempFile::new("shrink", len);
        let mut enc = Encoder::new(file_response(f.open(), len as u64), GET11);
        let head = text(&enc.next_bytes().unwrap());
        assert!(head.contains(&format!("Content-Length: {len}\r\n")));
        let first = enc.next_bytes().unwrap();
        assert_eq!(first.len(), FILE_PIECE);
        // Someone truncates the file while it is being sent.
        std::fs::OpenOptions::new()
            .write(true)
            .open(&f.0)
            .unwrap()
            .set_len((FILE_PIECE + 100) as u64)
            .unwrap();
        let rest: Vec<u8> = enc.by_ref().flatten().collect();
        // Not padded, not re-framed: the second piece is refused whole.
        assert!(rest.is_empty(), "sent {} more bytes", rest.len());
        match enc.aborted() {
            Some(BodyError::Shrunk { promised, sent }) => {
                assert_eq!((*promised, *sent), (len as u64, FILE_PIECE as u64));
            }
            other => panic!("expected Shrunk, got {other:?}"),
        }
        assert!(!enc.keep_alive(), "an aborted response must close");
        assert!(enc.next_bytes().is_none(), "and stays ended");
    }

    #[test]
    fn a_file_that_grew_is_sent_up_to_the_promised_length() {
        let f = TempFile::new("grow", 500);
        let out = encode_to_vec(file_response(f.open(), 300), GET11);
        let text = text(&out);
        assert!(text.contains("Content-Length: 300\r\n"), "{text}");
        let body = &out[out.len() - 300..];
        assert!(body == &TempFile::bytes(300)[..]);
    }

    #[test]
    fn a_read_error_aborts() {
        // Opening a directory works on Linux; reading it fails (EISDIR).
        let dir = File::open(std::env::temp_dir()).unwrap();
        let mut enc = Encoder::new(file_response(dir, 10), GET11);
        assert!(enc.next_bytes().is_some(), "the head");
        assert!(enc.next_bytes().is_none());
        assert!(matches!(
            enc.aborted(),
            Some(BodyError::Read { sent: 0, .. })
        ));
        assert!(!enc.keep_alive());
    }

    #[test]
    fn connection_headers() {
        let to10 = Answering {
            version: Version::Http10,
            ..GET11
        };
        let out = text(&encode_to_vec(Response::text(200, ""), to10));
        assert!(out.contains("Connection: keep-alive\r\n"), "{out}");
        let enc = Encoder::new(Response::text(200, "").closing(), GET11);
        assert!(!enc.keep_alive());
        let out = text(&encode_to_vec(Response::text(204, "x"), GET11));
        assert!(
            !out.contains("Content-Length") && out.ends_with("\r\n\r\n"),
            "{out}"
        );
    }

    #[test]
    fn headers_cannot_split_the_response() {
        let r = Response::text(200, "")
            .with_header("X-Name", "a\r\nSet-Cookie: evil=1")
            .with_header("Bad Name", "x")
            .with_header("Content-Length", "999");
        let out = text(&encode_to_vec(r, GET11));
        assert!(out.contains("X-Name: a  Set-Cookie: evil=1\r\n"), "{out}");
        assert!(!out.contains("Bad Name") && !out.contains("999"), "{out}");
    }
}
