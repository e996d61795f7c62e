//! A response as a value: status, headers, body. No sockets here.
//!
//! Handlers build a [`Response`]; [`crate::encode`] turns it into bytes. Keeping the
//! two apart is what lets chapter 7 run the same handlers on an event loop: it asks
//! the encoder for the next bytes whenever its socket is writable.

use std::fmt;

/// A response body: all the bytes at once, a file read as it is sent, or a
/// stream of pieces produced later.
pub enum Body {
    /// The whole body, known up front: sent with `Content-Length` (RFC 9112 §6.2).
    Bytes(Vec<u8>),
    /// Pieces produced one at a time, total length unknown: sent with
    /// `Transfer-Encoding: chunked` (RFC 9112 §7.1), one chunk per piece.
    /// An empty piece is skipped (an empty chunk would end the body).
    Chunks(Box<dyn Iterator<Item = Vec<u8>> + Send>),
    /// The first `len` bytes of an open file, read a piece at a time while the
    /// response is sent ([`crate::encode::FILE_PIECE`] bytes at most per piece),
    /// so a big file never sits whole in memory. Sent with `Content-Length: len`
    /// (RFC 9112 §6.2): `len` is a promise made before the first byte is read, so
    /// a file that turns out shorter aborts the connection instead of sending a
    /// body of the wrong length; a file that grew is sent only up to `len`.
    File {
        /// The file, positioned at the first byte to send.
        file: std::fs::File,
        /// How many bytes the body has (the file's size when it was opened).
        len: u64,
    },
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Body::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
            Body::Chunks(_) => write!(f, "Chunks(..)"),
            Body::File { len, .. } => write!(f, "File({len} bytes)"),
        }
    }
}

/// One HTTP response, before it is encoded.
///
/// `headers` holds what the handler wants to say (`Content-Type`, `Allow`, …). The
/// framing headers (`Content-Length`, `Transfer-Encoding`) and `Connection` are
/// added by the encoder, which knows the request's version and method; a handler
/// never sets them.
#[derive(Debug)]
pub struct Response {
    /// Status code, e.g. 200.
    pub status: u16,
    /// Header fields in order, name as written.
    pub headers: Vec<(String, String)>,
    /// The content.
    pub body: Body,
    /// Close the connection after this response (set for errors that leave the
    /// request stream in an unknown state, e.g. a body we refused to read).
    pub close: bool,
}

impl Response {
    /// A response with a body of bytes and a `Content-Type`.
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: Body::Bytes(body.into()),
            close: false,
        }
    }

    /// A `text/plain` response.
    pub fn text(status: u16, body: impl Into<String>) -> Response {
        Response::new(status, "text/plain; charset=utf-8", body.into())
    }

    /// An `application/json` response (the caller supplies valid JSON).
    pub fn json(status: u16, body: impl Into<String>) -> Response {
        Response::new(status, "application/json", body.into())
    }

    /// A response whose body is produced piece by piece (sent chunked).
    pub fn stream(
        status: u16,
        content_type: &str,
        pieces: impl Iterator<Item = Vec<u8>> + Send + 'static,
    ) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: Body::Chunks(Box::new(pieces)),
            close: false,
        }
    }

    /// A response whose body is the first `len` bytes of `file`, streamed.
    pub fn file(status: u16, content_type: &str, file: std::fs::File, len: u64) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: Body::File { file, len },
            close: false,
        }
    }

    /// A short plain-text error page: `404 Not Found\n` plus an optional detail.
    pub fn error(status: u16, detail: &str) -> Response {
        let mut body = format!("{status} {}\n", reason(status));
        if !detail.is_empty() {
            body.push_str(detail);
            body.push('\n');
        }
        Response::text(status, body)
    }

    /// 405 with the `Allow` header RFC 9110 §15.5.6 requires.
    pub fn method_not_allowed(allow: &[&str]) -> Response {
        Response::error(405, "").with_header("Allow", &allow.join(", "))
    }

    /// Adds a header (builder style).
    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Marks the response as the last on its connection (builder style).
    pub fn closing(mut self) -> Response {
        self.close = true;
        self
    }

    /// The first value of header `name`, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The reason phrase for a status code (RFC 9110 §15). Clients ignore it
/// (RFC 9112 §4), but people reading `--trace` do not.
pub fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        410 => "Gone",
        411 => "Length Required",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        426 => "Upgrade Required",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}
