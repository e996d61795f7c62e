//! Solution: close codes and the Close payload (RFC 6455 §5.5.1, §7.4).

/// Whether `code` may be sent in a Close frame.
pub fn is_valid_close_code(code: u16) -> bool {
    // 1000-1003 and 1007-1011 from §7.4.1, 1012-1014 registered later with IANA,
    // 3000-4999 for libraries and applications. 1004 is reserved, and 1005, 1006,
    // 1015 are for local reporting only: they MUST NOT appear on the wire.
    matches!(code, 1000..=1003 | 1007..=1014 | 3000..=4999)
}

/// Checks a Close payload: `Ok(None)` for an empty one, `Ok(Some(code))` for a
/// valid code and UTF-8 reason, `Err(close code to answer with)` otherwise.
pub fn check_close_payload(payload: &[u8]) -> Result<Option<u16>, u16> {
    match payload {
        [] => Ok(None),
        [_] => Err(1002), // half a code
        [hi, lo, reason @ ..] => {
            let code = u16::from_be_bytes([*hi, *lo]);
            if !is_valid_close_code(code) {
                return Err(1002);
            }
            // §8.1 applies to the reason too: invalid UTF-8 → 1007.
            std::str::from_utf8(reason).map_err(|_| 1007u16)?;
            Ok(Some(code))
        }
    }
}
