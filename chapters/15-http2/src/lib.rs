//! Chapter 15: HTTP/2 by hand (RFC 9113), with HPACK (RFC 7541).
//!
//! The foundations, both sans-I/O: bytes in, values out; values in, bytes out.
//! The server on chapter 7's loop (over chapter 14's TLS with ALPN `h2`, and
//! h2c with prior knowledge) drives them.
//!
//! | idea | file |
//! |---|---|
//! | header compression: integers, strings, Huffman, the two tables, decoder, encoder | [`hpack`] |
//! | frames: the 9-byte header, each frame type, the incremental decoder, the encoder, the preface | [`frame`] |
//! | the error codes of RFC 9113 §7 | [`error_code`] |
#![warn(missing_docs)]

pub mod error_code;
pub mod frame;
pub mod hpack;

pub use error_code::ErrorCode;
