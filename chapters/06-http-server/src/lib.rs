//! Chapter 6: an HTTP/1.1 server with a thread per connection, on the chapter 5 parser.
//!
//! The crate is split so that the HTTP logic never touches a socket, and chapter 7
//! can run the same routes, parser and response code on an event loop:
//!
//! | file | job | I/O? |
//! |---|---|---|
//! | [`incoming`] | bytes → complete requests (parser, body framing, limits, server rules) | no |
//! | [`request`] | the owned request a handler sees | no |
//! | [`routes`] | request → response: `/echo`, `/time`, `/stream`, static files | files only |
//! | [`response`] | a response as a value: status, headers, body | no |
//! | [`encode`] | response → bytes: Content-Length or chunked, HEAD, Connection | no |
//! | [`chunked`] | chunked framing of a body (RFC 9112 §7.1) | no |
//! | [`safe_path`] | request path → file under the root, traversal refused | files only |
//! | [`static_files`] | a file with its Content-Type | files only |
//! | [`query`] | percent-decoding, `?after=12&timeout=5` | no |
//! | [`clock`] | `Date` and `/time` formatting | no |
//! | [`connection`] | the blocking read/answer loop of one connection, timeouts | yes |
//! | [`server`] | accept, a thread per connection | yes |
//! | [`http_trace`] | `--trace` output for heads and bodies | stderr |
//! | [`client`] | the HTTP/1.1 client every later chapter uses: URLs, request heads, response heads, body framing, a keep-alive connection | yes |

pub mod chunked;
pub mod client;
pub mod clock;
pub mod connection;
pub mod encode;
pub mod http_trace;
pub mod incoming;
pub mod query;
pub mod request;
pub mod response;
pub mod routes;
pub mod safe_path;
pub mod server;
pub mod static_files;
pub mod testing;

pub use connection::HttpConfig;
pub use encode::{Answering, Encoder};
pub use incoming::{Incoming, Next};
pub use query::Query;
pub use request::Request;
pub use response::{Body, Response};
pub use routes::Site;
