//! Close status codes: their names, and which may be sent on the wire
//! (RFC 6455 §7.4). A module of its own because both the Close payload
//! (`close.rs`) and the violations that close a connection (`error.rs`) name them.

/// 1000: normal closure.
pub const NORMAL: u16 = 1000;
/// 1001: going away (server shutting down, browser leaving the page).
pub const GOING_AWAY: u16 = 1001;
/// 1002: protocol error.
pub const PROTOCOL_ERROR: u16 = 1002;
/// 1003: a data type the endpoint cannot accept.
pub const UNSUPPORTED_DATA: u16 = 1003;
/// 1007: data inconsistent with the message type (bad UTF-8 in text).
pub const INVALID_PAYLOAD: u16 = 1007;
/// 1008: a policy was violated.
pub const POLICY_VIOLATION: u16 = 1008;
/// 1009: a message too big to process.
pub const MESSAGE_TOO_BIG: u16 = 1009;
/// 1010: (client) the server did not negotiate an extension the client needs.
pub const MANDATORY_EXTENSION: u16 = 1010;
/// 1011: the server hit an unexpected condition.
pub const INTERNAL_ERROR: u16 = 1011;
/// 1013: try again later: the server is overloaded or the client too slow for
/// it now (registered with IANA after the RFC, §11.7).
pub const TRY_AGAIN_LATER: u16 = 1013;

// ANCHOR: valid
/// Whether `code` may appear in a Close frame on the wire.
///
/// - 0–999: never used (§7.4.2).
/// - 1000–1003, 1007–1011: defined by RFC 6455 §7.4.1.
/// - 1004: reserved; 1005, 1006 and 1015: "MUST NOT be set as a status code in a
///   Close control frame" — they only report locally that no code, no close
///   frame or a TLS failure happened.
/// - 1012 (service restart), 1013 (try again later), 1014 (bad gateway):
///   registered with IANA after the RFC (§11.7), sent by real servers.
/// - other 1000–2999: reserved for future RFCs; 3000–3999: registered by
///   libraries and frameworks; 4000–4999: private use. 5000 and up: undefined.
///
/// Autobahn|Testsuite cases 7.7.x expect 1000–1003, 1007–1011, 3000, 3999, 4000
/// and 4999 accepted; cases 7.9.x expect 0, 999, 1004, 1005, 1006, 1016, 1100,
/// 2000 and 2999 refused with 1002. This function agrees with both lists.
pub fn is_valid_close_code(code: u16) -> bool {
    matches!(code, 1000..=1003 | 1007..=1014 | 3000..=4999)
}
// ANCHOR_END: valid
