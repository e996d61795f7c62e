//! Idle WebSockets: what a server pays to keep a silent peer connected.

use std::io;
use std::net::{SocketAddr, TcpStream};

use super::echo_load::connect_ws;

/// Opens `n` WebSockets to `addr` + `path` (spread over 127.0.0.2–9 as source
/// addresses) and returns them open and silent.
pub fn hold(addr: SocketAddr, path: &str, n: usize) -> io::Result<Vec<TcpStream>> {
    (0..n).map(|i| connect_ws(i, addr, path)).collect()
}
