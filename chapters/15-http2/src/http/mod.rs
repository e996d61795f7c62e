//! HTTP semantics over HTTP/2 (RFC 9113 §8), with no I/O and no connection
//! state: chapter 5's and chapter 6's types on one side, HPACK field lists on
//! the other.
//!
//! - [`validate`]: a decoded header list to a request [`Head`], or the rule of
//!   §8 it breaks (a malformed request: stream error PROTOCOL_ERROR).
//! - [`head`]: the request head, readable as chapter 5's `RequestHead`.
//! - [`request`]: a head and its body to chapter 6's `Request`, for routing.
//! - [`response`]: chapter 6's `Response` to a HEADERS field list and a body.

pub mod head;
pub mod request;
pub mod response;
pub mod validate;

pub use head::Head;
pub use request::into_request;
pub use response::split_response;
pub use validate::{Malformed, request_head};
