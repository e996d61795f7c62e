//! Chapter 15: HTTP/2 by hand (RFC 9113), with HPACK (RFC 7541).
//!
//! Everything here is sans-I/O: bytes in, values out; values in, bytes out.
//! The server on chapter 7's loop (over chapter 14's TLS with ALPN `h2`, and
//! h2c with prior knowledge) drives it.
//!
//! | idea | file |
//! |---|---|
//! | header compression: integers, strings, Huffman, the two tables, decoder, encoder | [`hpack`] |
//! | frames: the 9-byte header, each frame type, the incremental decoder, the encoder, the preface | [`frame`] |
//! | one connection: SETTINGS, stream states, flow control, scheduling, GOAWAY, flood limits | [`conn`] |
//! | HTTP semantics: pseudo-headers, malformed requests, chapter 5/6's requests and responses | [`http`] |
//! | the error codes of RFC 9113 §7 | [`error_code`] |
//! | the showdown over HTTP/2 and HTTP/1.1 on chapter 7's loop, TLS or h2c | [`server`] |
#![warn(missing_docs)]

pub mod conn;
pub mod error_code;
pub mod frame;
pub mod hpack;
pub mod http;
pub mod server;

pub use conn::{Event, H2Config, H2Conn};
pub use error_code::ErrorCode;
