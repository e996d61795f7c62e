//! Chapter 6's [`Response`] as HTTP/2 sends it: a field list for one HEADERS
//! frame, then the body for DATA frames.
//!
//! What changes from HTTP/1.1 is only the framing. The status line becomes
//! `:status` (§8.3.2), names go lower case (§8.2), and every field that
//! describes one connection goes (§8.2.2: `connection`, `keep-alive`,
//! `transfer-encoding`…): DATA frames and END_STREAM delimit the body, so a
//! streamed body needs no chunked coding. A body of known length still says
//! so in `content-length`, which lets a client show progress.

use std::time::SystemTime;

use ch06_http_server::clock::http_date;
use ch06_http_server::encode::{clean_value, is_token};
use ch06_http_server::response::{Body, Response};

use crate::hpack::HeaderField;

/// Fields a handler may have set that HTTP/2 forbids or that we set ourselves.
const DROPPED: [&str; 7] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "transfer-encoding",
    "upgrade",
    "content-length",
    "date",
];

// ANCHOR: response_fields
/// The HEADERS field list for `response` and the body to send after it, if
/// any: none for a HEAD request or a status that has no content (1xx, 204,
/// 304: RFC 9110 §6.4.1), in which case the HEADERS carries END_STREAM.
pub fn split_response(response: Response, head_request: bool) -> (Vec<HeaderField>, Option<Body>) {
    let status = response.status;
    let mut fields = vec![HeaderField::new(":status", status.to_string())];
    for (name, value) in &response.headers {
        let name = name.to_ascii_lowercase();
        if is_token(&name) && !DROPPED.contains(&name.as_str()) {
            fields.push(HeaderField::new(name, clean_value(value)));
        }
    }
    // RFC 9110 §6.6.1: an origin server with a clock sends Date.
    fields.push(HeaderField::new("date", http_date(SystemTime::now())));
    let bodiless = (100..200).contains(&status) || status == 204 || status == 304;
    if bodiless {
        return (fields, None);
    }
    let length = match &response.body {
        Body::Bytes(bytes) => Some(bytes.len() as u64),
        Body::File { len, .. } => Some(*len),
        Body::Chunks(_) => None,
    };
    if let Some(length) = length {
        // For HEAD too: the length the GET's body would have (RFC 9110 §8.6).
        fields.push(HeaderField::new("content-length", length.to_string()));
    }
    let body = match response.body {
        _ if head_request => None,
        Body::Bytes(bytes) if bytes.is_empty() => None,
        body => Some(body),
    };
    (fields, body)
}
// ANCHOR_END: response_fields
