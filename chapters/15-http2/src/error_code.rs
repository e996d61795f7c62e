//! The error codes of HTTP/2 (RFC 9113 §7), shared by the frame codec and HPACK.
//!
//! They travel in RST_STREAM (one stream fails) and GOAWAY (the connection
//! fails) frames. The field is 32 bits and the registry can grow, so an unknown
//! code is kept as its number: §7 says it "MUST NOT trigger any special
//! behavior" and may be treated as INTERNAL_ERROR.

use std::fmt;

/// A 32-bit HTTP/2 error code; the named constants are those of RFC 9113 §7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ErrorCode(pub u32);

impl ErrorCode {
    /// Not an error: a graceful GOAWAY, or a stream the sender no longer needs.
    pub const NO_ERROR: ErrorCode = ErrorCode(0x0);
    /// The peer broke a rule of the protocol, no more specific code applies.
    pub const PROTOCOL_ERROR: ErrorCode = ErrorCode(0x1);
    /// Something went wrong on our side.
    pub const INTERNAL_ERROR: ErrorCode = ErrorCode(0x2);
    /// The peer broke flow control (§5.2): sent more than the window, or grew a
    /// window past 2^31-1.
    pub const FLOW_CONTROL_ERROR: ErrorCode = ErrorCode(0x3);
    /// Our SETTINGS were not acknowledged in time.
    pub const SETTINGS_TIMEOUT: ErrorCode = ErrorCode(0x4);
    /// A frame arrived on a stream that was already half-closed or closed.
    pub const STREAM_CLOSED: ErrorCode = ErrorCode(0x5);
    /// A frame had an invalid size (§4.2).
    pub const FRAME_SIZE_ERROR: ErrorCode = ErrorCode(0x6);
    /// The stream was refused before any processing: safe to retry.
    pub const REFUSED_STREAM: ErrorCode = ErrorCode(0x7);
    /// The stream is no longer needed.
    pub const CANCEL: ErrorCode = ErrorCode(0x8);
    /// The HPACK state can no longer be kept in step (RFC 7541; §4.3).
    pub const COMPRESSION_ERROR: ErrorCode = ErrorCode(0x9);
    /// The TCP connection behind a CONNECT request failed.
    pub const CONNECT_ERROR: ErrorCode = ErrorCode(0xa);
    /// The peer is generating excessive load.
    pub const ENHANCE_YOUR_CALM: ErrorCode = ErrorCode(0xb);
    /// The TLS connection does not meet the requirements of §9.2.
    pub const INADEQUATE_SECURITY: ErrorCode = ErrorCode(0xc);
    /// HTTP/1.1 is required for this request.
    pub const HTTP_1_1_REQUIRED: ErrorCode = ErrorCode(0xd);

    /// The name in RFC 9113 §7, or `None` for a code it does not define.
    pub fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0x0 => "NO_ERROR",
            0x1 => "PROTOCOL_ERROR",
            0x2 => "INTERNAL_ERROR",
            0x3 => "FLOW_CONTROL_ERROR",
            0x4 => "SETTINGS_TIMEOUT",
            0x5 => "STREAM_CLOSED",
            0x6 => "FRAME_SIZE_ERROR",
            0x7 => "REFUSED_STREAM",
            0x8 => "CANCEL",
            0x9 => "COMPRESSION_ERROR",
            0xa => "CONNECT_ERROR",
            0xb => "ENHANCE_YOUR_CALM",
            0xc => "INADEQUATE_SECURITY",
            0xd => "HTTP_1_1_REQUIRED",
            _ => return None,
        })
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "UNKNOWN({:#x})", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_codes_display() {
        assert_eq!(
            ErrorCode::COMPRESSION_ERROR.to_string(),
            "COMPRESSION_ERROR"
        );
        assert_eq!(ErrorCode(0xd).to_string(), "HTTP_1_1_REQUIRED");
        assert_eq!(ErrorCode(0x1234).to_string(), "UNKNOWN(0x1234)");
    }
}
