//! Chapter 2: the echo of chapter 1, over a Unix domain socket.
//!
//! A Unix domain socket (UDS) is a socket whose address is a *path* instead of an
//! IP address and a port. The kernel never builds a TCP segment for it: bytes go
//! from one process's socket buffer to the other's, on the same machine.
//!
//! What is new compared with chapter 1, one file per idea:
//!
//! - [`socket_file`]: the file that `bind` creates, why it outlives the server,
//!   how to tell a stale one from a live one, and why we never delete a path
//!   that is not a socket.
//! - [`mode`]: permissions on the socket file (connecting needs write permission).
//! - [`server`]: the accept loop, reusing chapter 1's echo loop per connection.
//! - [`bench`]: round-trip latency, Unix socket against TCP loopback.
//! - [`stats`]: median and p99 of the measured samples.

pub mod bench;
pub mod mode;
pub mod server;
pub mod socket_file;
pub mod stats;
