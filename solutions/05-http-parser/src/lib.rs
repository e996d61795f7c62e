//! Chapter 5 exercises, solved: each file explains why as it goes. The checks
//! are the same as the exercises': `cargo test -p sol05-http-parser`.

pub mod chunked;
pub mod header_line;
pub mod request_line;

/// `tchar` (RFC 9110 §5.6.2): the bytes of a method or a field name. Given, so
/// the exercises are about the parsing, not about typing out the ABNF.
pub fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}
