//! Exercise: build a listener by hand with socket2.
//!
//! `TcpListener::bind` chooses every option for you. Here you take the steps
//! yourself: socket(), the options (which must come before bind/listen), bind(),
//! listen(), then hand the socket to std.

use std::io;
use std::net::{SocketAddr, TcpListener};

/// Builds a listening TCP socket on `addr` with socket2, with:
///
/// - SO_REUSEADDR on, so a restart can bind while old connections sit in TIME_WAIT;
/// - TCP_NODELAY on (accepted connections inherit it on Linux);
/// - for an IPv6 `addr` only: IPV6_V6ONLY off, so IPv4 clients can connect too
///   (they appear as `::ffff:a.b.c.d`). Do not touch it for an IPv4 address;
/// - the listen backlog `backlog`.
///
/// Errors (a busy port, say) are returned, never unwrapped.
///
/// What the checks cannot see on Linux: there IPV6_V6ONLY is off by default
/// (`net.ipv6.bindv6only = 0`), so a listener that never calls
/// `set_only_v6(false)` passes the dual-stack check too. Set it anyway: on
/// Windows and OpenBSD the default is on, and a Linux host can be configured
/// so, and then IPv4 clients could not connect.
pub fn build_listener(addr: SocketAddr, backlog: i32) -> io::Result<TcpListener> {
    // TODO: create a socket2::Socket for the address's family (Domain::for_address).
    // TODO: set the options above on it, before binding.
    // TODO: bind, listen, and convert it into a std TcpListener with `.into()`.
    let _ = (addr, backlog);
    todo!("build_listener: socket, options, bind, listen with socket2 (see the doc comment)")
}
