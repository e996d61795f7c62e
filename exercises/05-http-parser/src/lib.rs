//! Chapter 5 exercises: the parser's rules, one function at a time. Edit the
//! files below until `cargo test -p ex05-http-parser` passes; `cargo run -p
//! progress` shows how far you are and the hint for the next one.

pub mod chunked;
pub mod header_line;
pub mod request_line;

/// `tchar` (RFC 9110 §5.6.2): the bytes of a method or a field name. Given, so
/// the exercises are about the parsing, not about typing out the ABNF.
pub fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}
