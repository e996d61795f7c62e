//! Chapter 15 exercises, solved: four pieces of HTTP/2 a reader of the wire
//! (or a writer of a server) needs first, each from its RFC section alone.

pub mod flow_window;
pub mod frame_header;
pub mod prefix_integer;
pub mod pseudo_headers;
