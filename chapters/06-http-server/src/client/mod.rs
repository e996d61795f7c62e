//! One HTTP/1.1 client for every chapter that needs one: chapter 8's and 10's
//! WebSocket handshakes, chapter 11's long-poll client, chapter 12's
//! `EventSource`. It lives here, in the HTTP chapter, because it is plain
//! HTTP: the later chapters add only what their protocol adds.
//!
//! | file | job | I/O? |
//! |---|---|---|
//! | [`url`] | `http://host:port/path?query`, and the part `ws://` shares | no |
//! | [`request`] | writing a request head | no |
//! | [`response`] | the owned response head, read with chapter 5's `parse_response` | no |
//! | [`body`] | de-framing a body: length, chunked, until close, none; incremental | no |
//! | [`error`] | what went wrong, named | no |
//! | [`connection`] | one blocking exchange at a time, keep-alive reuse, limits | yes |
//!
//! ```no_run
//! use std::time::Duration;
//! use ch06_http_server::client::{Connection, HttpUrl, request_head};
//!
//! let url = HttpUrl::parse("http://127.0.0.1:7006/time")?;
//! let t = Duration::from_secs(5);
//! let mut conn = Connection::connect(&url.socket_addr(), t, t)?;
//! let (response, reusable) = conn.exchange(&request_head("GET", &url.target, &url.host_header(), &[]))?;
//! println!("{} {} (reusable: {reusable})", response.status(), response.text());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod body;
pub mod connection;
pub mod error;
pub mod request;
pub mod response;
pub mod url;

pub use body::{BodyError, BodyReader};
pub use connection::{ClientLimits, Connection, FullResponse};
pub use error::HttpError;
pub use request::request_head;
pub use response::{HeadError, ResponseHead, parse_response_head};
pub use url::{HTTP_PORT, HttpUrl, UrlError, strip_scheme};
