//! Close frames: the payload's shape (§5.5.1). The status codes are in
//! `codes.rs`, re-exported here, so `close::NORMAL` and friends read naturally.

use crate::error::Violation;
use crate::utf8::Utf8Validator;

pub use crate::codes::*;

/// A decoded Close payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseFrame {
    /// The status code, absent when the payload was empty (then 1005 is what the
    /// application reports locally, §7.1.5).
    pub code: Option<u16>,
    /// The reason text: UTF-8, possibly empty, at most 123 bytes.
    pub reason: String,
}

/// Decodes and checks a Close payload (§5.5.1): empty, or a 2-byte big-endian
/// code followed by a UTF-8 reason.
pub fn parse_close_payload(payload: &[u8]) -> Result<CloseFrame, Violation> {
    match payload {
        [] => Ok(CloseFrame {
            code: None,
            reason: String::new(),
        }),
        [_] => Err(Violation::CloseOneByte),
        [hi, lo, reason @ ..] => {
            let code = u16::from_be_bytes([*hi, *lo]);
            if !is_valid_close_code(code) {
                return Err(Violation::InvalidCloseCode(code));
            }
            let mut v = Utf8Validator::new();
            if let Err(e) = v.feed(reason) {
                return Err(Violation::InvalidUtf8 { at: e.index as u64 });
            }
            if !v.is_complete() {
                return Err(Violation::TruncatedUtf8);
            }
            // Our validator just accepted it, so std agrees; no lossy fallback needed.
            let reason =
                String::from_utf8(reason.to_vec()).map_err(|_| Violation::TruncatedUtf8)?;
            Ok(CloseFrame {
                code: Some(code),
                reason,
            })
        }
    }
}

/// Appends a Close payload (code, then reason cut to fit 123 bytes at a character
/// boundary) to `out`.
pub fn write_close_payload(out: &mut Vec<u8>, code: u16, reason: &str) {
    out.extend_from_slice(&code.to_be_bytes());
    let mut end = reason.len().min(123);
    while !reason.is_char_boundary(end) {
        end -= 1;
    }
    out.extend_from_slice(&reason.as_bytes()[..end]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autobahn_lists() {
        for code in [
            1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999,
        ] {
            assert!(is_valid_close_code(code), "7.7.x: {code} is valid");
        }
        for code in [0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999] {
            assert!(!is_valid_close_code(code), "7.9.x: {code} is invalid");
        }
        for code in [1015, 5000, 65535] {
            assert!(!is_valid_close_code(code), "{code} is invalid");
        }
    }

    #[test]
    fn payload_shapes() {
        assert_eq!(
            parse_close_payload(b""),
            Ok(CloseFrame {
                code: None,
                reason: String::new()
            })
        );
        assert_eq!(parse_close_payload(b"\x03"), Err(Violation::CloseOneByte));
        assert_eq!(
            parse_close_payload(b"\x03\xe8bye"),
            Ok(CloseFrame {
                code: Some(1000),
                reason: "bye".into()
            })
        );
        assert_eq!(
            parse_close_payload(b"\x03\xedok"),
            Err(Violation::InvalidCloseCode(1005))
        );
        assert_eq!(
            parse_close_payload(b"\x03\xe8a\xffb"),
            Err(Violation::InvalidUtf8 { at: 1 })
        );
        assert_eq!(
            parse_close_payload(b"\x03\xe8\xce"),
            Err(Violation::TruncatedUtf8)
        );
    }

    #[test]
    fn long_reasons_are_cut_at_a_char_boundary() {
        let mut out = Vec::new();
        write_close_payload(&mut out, 1000, &"é".repeat(100));
        assert_eq!(out.len(), 2 + 122);
        assert!(parse_close_payload(&out).is_ok());
    }
}
