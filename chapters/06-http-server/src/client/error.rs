//! Why an HTTP exchange failed, named so a caller can decide what to do:
//! retry at once (a kept-alive connection closed while idle), retry later
//! (the network), or give up (the server broke the protocol).

use std::fmt;
use std::io;

use ch05_http_parser::ParseError;

use super::body::BodyError;
use super::response::HeadError;

/// Why an exchange failed.
#[derive(Debug)]
pub enum HttpError {
    /// Connecting, writing or reading failed (refused, reset, timed out).
    Io(io::Error),
    /// The connection ended before a whole response arrived (RFC 9112 §8: an
    /// incomplete message).
    Closed {
        /// Whether any byte of the response had arrived.
        mid_response: bool,
        /// Whether the connection had carried an earlier response: a kept-alive
        /// connection the server may close while idle (RFC 9112 §9.3.1), so a
        /// request that got no byte back may be sent again at once.
        reused: bool,
    },
    /// The response head is invalid or over its limit.
    Head(HeadError),
    /// The head's framing fields are invalid (RFC 9112 §6.3 items 3-5: a bad
    /// `Content-Length`, `Transfer-Encoding` with it, an unknown coding).
    Framing(ParseError),
    /// The body is over its limit or its chunked framing is broken.
    Body(BodyError),
    /// More interim (1xx) responses than the limit before the final one.
    TooManyInterim {
        /// The limit.
        limit: usize,
    },
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HttpError::Io(e) => write!(f, "{e}"),
            HttpError::Closed {
                mid_response: true, ..
            } => f.write_str("the connection closed in the middle of a response"),
            HttpError::Closed { .. } => f.write_str("the connection closed before a response"),
            HttpError::Head(e) => write!(f, "invalid response: {e}"),
            HttpError::Framing(e) => write!(f, "invalid response framing: {e}"),
            HttpError::Body(e) => write!(f, "invalid response: {e}"),
            HttpError::TooManyInterim { limit } => {
                write!(f, "more than {limit} interim (1xx) responses")
            }
        }
    }
}

impl std::error::Error for HttpError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            HttpError::Io(e) => Some(e),
            HttpError::Head(e) => Some(e),
            HttpError::Framing(e) => Some(e),
            HttpError::Body(e) => Some(e),
            HttpError::Closed { .. } | HttpError::TooManyInterim { .. } => None,
        }
    }
}

impl From<io::Error> for HttpError {
    fn from(e: io::Error) -> HttpError {
        HttpError::Io(e)
    }
}

impl HttpError {
    /// Whether this is a read that waited past the socket's read timeout
    /// (`WouldBlock` on Unix, `TimedOut` on Windows).
    pub fn is_timeout(&self) -> bool {
        matches!(self, HttpError::Io(e)
            if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut))
    }
}
