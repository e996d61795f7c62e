//! Exercise: check a request's pseudo-header fields (RFC 9113 §8.3, §8.3.1).
//!
//! HTTP/2 has no request line. What `GET /events HTTP/1.1` and `Host:` said
//! travels as fields whose names start with a colon, before the ordinary ones:
//!
//! ```text
//!   :method: GET
//!   :scheme: https
//!   :authority: 127.0.0.1:7015
//!   :path: /events
//!   accept: text/event-stream
//! ```
//!
//! HPACK hands over whatever the client sent, so the server checks it. A
//! request breaking any of these rules is malformed (a stream error
//! PROTOCOL_ERROR, §8.1.1), in this order:
//!
//! 1. every pseudo-header comes before every ordinary field;
//! 2. requests have only `:method`, `:scheme`, `:authority` and `:path`
//!    (`:status` is for responses; `:protocol` belongs to RFC 8441's extended
//!    CONNECT, left out here: treat it as unknown);
//! 3. each at most once;
//! 4. `:method` is required;
//! 5. CONNECT (§8.5) has no `:scheme` and no `:path`, and needs `:authority`;
//! 6. any other method needs `:scheme` and `:path`; `:path` is not empty and
//!    starts with `/`, except `*` in an OPTIONS request.
//!
//! Rules 1–3 are checked field by field, so the first field that breaks one is
//! the one named; 4–6 once all fields are in.

/// The control data of a request, taken from its pseudo-header fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestPseudo {
    /// `:method`.
    pub method: String,
    /// `:scheme`; none for CONNECT.
    pub scheme: Option<String>,
    /// `:authority`, HTTP/1.1's Host.
    pub authority: Option<String>,
    /// `:path`; none for CONNECT.
    pub path: Option<String>,
}

/// The rule a request breaks: each makes it malformed (§8.1.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Malformed {
    /// A pseudo-header after an ordinary field (§8.3).
    PseudoAfterRegular(String),
    /// A pseudo-header that requests do not have: `:status`, anything made up (§8.3).
    UnknownPseudo(String),
    /// The same pseudo-header twice (§8.3.1: "exactly one").
    RepeatedPseudo(String),
    /// A pseudo-header the request must have (§8.3.1, §8.5).
    MissingPseudo(&'static str),
    /// `:path` is empty (§8.3.1).
    EmptyPath,
    /// `:path` neither starts with `/` nor is `*` in an OPTIONS request (§8.3.1).
    BadPath,
    /// A CONNECT request with `:scheme` or `:path` (§8.5).
    ConnectWithPath,
}

/// Checks the pseudo-header fields of a decoded request header list
/// (`(name, value)` in the order they arrived) and returns them.
pub fn check_pseudo_headers(fields: &[(&str, &str)]) -> Result<RequestPseudo, Malformed> {
    // TODO: one pass over the fields for rules 1-3 (an Option per
    // pseudo-header, a flag for "an ordinary field was seen"); then 4-6.
    let _ = fields;
    todo!("check_pseudo_headers: pseudo-headers first, known, once; then what the method needs")
}
