//! Exercise: close codes and the Close payload (RFC 6455 §5.5.1, §7.4).
//!
//! A Close payload is empty, or a 2-byte big-endian status code followed by a
//! UTF-8 reason. Some codes are only for local use and may never be sent.

/// Whether `code` may be sent in a Close frame.
pub fn is_valid_close_code(code: u16) -> bool {
    // TODO: 1000-1003, 1007-1014 and 3000-4999 are valid; everything else is not.
    let _ = code;
    todo!("close_code: which codes may appear on the wire?")
}

/// Checks a Close payload: `Ok(None)` for an empty one, `Ok(Some(code))` for a
/// valid code and UTF-8 reason, `Err(close code to answer with)` otherwise.
pub fn check_close_payload(payload: &[u8]) -> Result<Option<u16>, u16> {
    // TODO: empty → Ok(None); 1 byte → Err(1002); bad code → Err(1002); bad reason → Err(1007).
    let _ = payload;
    todo!("close_code: check the payload's shape, code and reason")
}
