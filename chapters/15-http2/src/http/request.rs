//! An HTTP/2 request as chapter 6's owned [`Request`], so a server routes it
//! with the very code that routes HTTP/1.1 requests.
//!
//! The translation is the one RFC 9113 §8.3.1 prescribes for passing a
//! request "into a non-HTTP/2 context": the target is `:path`, `host` comes
//! from `:authority` (replacing any `host` field), and cookies split into
//! several fields for better compression (§8.2.3) are joined with `"; "`.

use ch05_http_parser::Version;
use ch06_http_server::query::split_target;
use ch06_http_server::request::Request;

use super::head::Head;

// ANCHOR: into_request
/// Chapter 6's request for `head` and its whole `body`.
pub fn into_request(head: Head, body: Vec<u8>) -> Request {
    let target = head
        .path
        .clone()
        .or_else(|| head.authority.clone())
        .unwrap_or_default();
    let (path, query) = split_target(&target);
    let (path, query) = (path.to_string(), query.map(str::to_string));
    let mut headers: Vec<(String, Vec<u8>)> = Vec::with_capacity(head.fields.len() + 1);
    if let Some(authority) = &head.authority {
        headers.push(("host".into(), authority.as_bytes().to_vec()));
    }
    let mut cookie: Option<usize> = None;
    for field in head.fields {
        let name = String::from_utf8_lossy(&field.name).into_owned();
        match name.as_str() {
            "host" if head.authority.is_some() => {}
            "cookie" => match cookie {
                Some(at) => {
                    let joined = &mut headers[at].1;
                    joined.extend_from_slice(b"; ");
                    joined.extend_from_slice(&field.value);
                }
                None => {
                    cookie = Some(headers.len());
                    headers.push((name, field.value));
                }
            },
            _ => headers.push((name, field.value)),
        }
    }
    Request {
        method: head.method,
        target,
        path,
        query,
        version: Version::Http2,
        headers,
        body,
        // The connection carries other streams: it is never "closed after this one".
        keep_alive: true,
        head_bytes: head.block_len,
    }
}
// ANCHOR_END: into_request
