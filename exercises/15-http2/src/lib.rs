//! Chapter 15 exercises: four pieces of HTTP/2 that every reader of the wire
//! (and every server) needs first, each a small function written from its RFC
//! section. Edit the files below until `cargo test -p ex15-http2` passes;
//! `cargo run -p progress` shows how far you are and the hint for the next one.

pub mod flow_window;
pub mod frame_header;
pub mod prefix_integer;
pub mod pseudo_headers;
