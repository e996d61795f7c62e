//! Chapter 5: an incremental HTTP/1.1 request parser, by hand (RFC 9112),
//! and its response-side twin for clients.
//!
//! - [`parse_request`] parses a request head from the start of a buffer and
//!   answers [`Status::Partial`] ("need more bytes") or the request and the
//!   head's length, or a [`ParseError`] naming what was wrong and at which byte.
//! - [`Request::body_kind`] says how the body is framed (RFC 9112 §6.3);
//!   [`ChunkedDecoder`] decodes a chunked body in any pieces.
//! - [`Request::keep_alive`] says whether the connection persists.
//! - [`parse_response`] parses a response head the same way (status line,
//!   then the same header-section code), and [`Response::body_kind`] frames a
//!   response's body, which has cases a request's has not (HEAD, 1xx/204/304,
//!   close-delimited).
//!
//! ```
//! use ch05_http_parser::{parse_request, BodyKind, Limits, Status, EMPTY_HEADER};
//!
//! let buf = b"POST /echo HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\n\r\nhello";
//! let mut headers = [EMPTY_HEADER; 16];
//! let Status::Complete((req, head_len)) = parse_request(buf, &mut headers, &Limits::default())?
//! else { panic!("a whole head is here") };
//! assert_eq!((req.method, req.target), ("POST", "/echo"));
//! assert_eq!(req.header("host"), Some(&b"example.com"[..]));
//! assert_eq!(req.body_kind()?, BodyKind::Length(5));
//! assert_eq!(&buf[head_len..], b"hello");
//! // Fewer bytes: the parser asks for more.
//! assert!(parse_request(&buf[..30], &mut headers, &Limits::default())?.is_partial());
//! # Ok::<(), ch05_http_parser::ParseError>(())
//! ```
//!
//! Files, one idea each: [`chars`] (which bytes are allowed where), [`scan`]
//! (the inner loops, plain and fast), `parse.rs` (the request head and the parts
//! heads share), `response.rs` (the status line), `framing.rs` (the framing fields' rules), `body.rs` (body framing for requests and responses), `chunked.rs`, `chunk_ext.rs` (chunk extensions), `list.rs` (comma lists). Measuring it against
//! httparse is the bench-only crate `ch05-bench` (`chapters/05-http-parser/bench`),
//! so that httparse is no runtime dependency of this library.

mod body;
pub mod chars;
mod chunk_ext;
mod chunked;
mod error;
mod framing;
mod head;
mod limits;
mod list;
mod parse;
mod request;
mod response;
pub mod scan;

pub use body::ResponseBodyKind;
pub use chunked::{ChunkLimits, ChunkedDecoder, Decoded};
pub use error::{ErrorKind, ParseError};
pub use framing::BodyKind;
pub use head::RequestHead;
pub use limits::Limits;
pub use list::{list_contains, list_items};
pub use parse::{ParseResult, parse_request, parse_request_with, target_form_fits};
pub use request::{EMPTY_HEADER, Header, Request, Status, Version};
pub use response::{Response, ResponseResult, parse_response, parse_response_with};
