//! Solution: read a TLS record header, and tell TLS from plain HTTP.

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
    /// The first byte is no record type (20..=23).
    NotTls(u8),
    /// The version's first byte is not 3.
    BadVersion(u8, u8),
    /// Longer than 2^14 + 256 bytes (RFC 8446 §5.2).
    TooLong(u16),
}

/// The longest record fragment allowed: 2^14 + 256 (RFC 8446 §5.2).
const MAX_LENGTH: u16 = 16384 + 256;

/// Reads the 5-byte record header at the start of `bytes`.
pub fn parse_record_header(bytes: &[u8]) -> Result<Option<RecordHeader>, RecordError> {
    // The type first, as soon as it is there: one byte tells TLS from HTTP.
    match bytes.first() {
        None => return Ok(None),
        Some(&t) if !(20..=23).contains(&t) => return Err(RecordError::NotTls(t)),
        Some(_) => {}
    }
    let &[content_type, major, minor, hi, lo, ..] = bytes else {
        return Ok(None);
    };
    if major != 3 {
        return Err(RecordError::BadVersion(major, minor));
    }
    let length = u16::from_be_bytes([hi, lo]);
    if length > MAX_LENGTH {
        return Err(RecordError::TooLong(length));
    }
    Ok(Some(RecordHeader {
        content_type,
        length,
    }))
}
