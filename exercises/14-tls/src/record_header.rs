//! Exercise: read a TLS record header, and tell TLS from plain HTTP.
//!
//! Every byte of TLS travels in records (RFC 8446 §5.1):
//!
//! ```text
//!   type (1)   legacy_record_version (2)   length (2)   fragment (length bytes)
//!   22           0x03 0x01 or 0x03 0x03      0x00 0xf1    ClientHello …
//! ```
//!
//! The first byte is how a server (or haproxy's `req.ssl_hello_type`, or a
//! port that serves both) tells TLS from someone typing `GET /` at the TLS
//! port: `G` is 0x47, and no record type is that large.

/// A record header that made sense.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordHeader {
    /// 20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data.
    pub content_type: u8,
    /// The fragment's length: the bytes that follow the header.
    pub length: u16,
}

/// Why the bytes are not the start of a TLS record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordError {
    /// The first byte is no record type (20..=23): not TLS at all, and if it
    /// is an ASCII letter, probably plain HTTP sent to a TLS port.
    NotTls(u8),
    /// The version's first byte is not 3 (every TLS version is 3.x).
    BadVersion(u8, u8),
    /// Longer than any record may be: 2^14 + 256 bytes (RFC 8446 §5.2).
    TooLong(u16),
}

/// Reads the 5-byte record header at the start of `bytes`.
///
/// `Ok(None)` when fewer than 5 bytes have arrived (read more; but a wrong
/// first byte is an error at once, as soon as it is there). Checks, in order:
/// the type, the version's major byte, the length.
pub fn parse_record_header(bytes: &[u8]) -> Result<Option<RecordHeader>, RecordError> {
    // TODO: check bytes[0] as soon as it exists; then wait for all 5 bytes;
    // then the version (major 3) and the length (at most 16384 + 256).
    let _ = bytes;
    todo!("parse_record_header: type (20..=23), then version 3.x, then length <= 2^14 + 256")
}
