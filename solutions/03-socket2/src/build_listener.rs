//! Solution: build a listener by hand with socket2.

use std::io;
use std::net::{SocketAddr, TcpListener};

use socket2::{Domain, Protocol, Socket, Type};

/// Builds a listening TCP socket on `addr`: SO_REUSEADDR on, TCP_NODELAY on,
/// dual-stack for IPv6 addresses, and the listen backlog `backlog`.
pub fn build_listener(addr: SocketAddr, backlog: i32) -> io::Result<TcpListener> {
    // The family (IPv4 or IPv6) must match the address we will bind.
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    // bind() checks SO_REUSEADDR, so it must be set before bind.
    socket.set_reuse_address(true)?;
    // Set on the listener, copied to each accepted connection (on Linux).
    socket.set_tcp_nodelay(true)?;
    // IPV6_V6ONLY exists only on IPv6 sockets (setting it on IPv4 is an error),
    // and decides what bind() claims: IPv6 only, or IPv4 as well.
    if addr.is_ipv6() {
        socket.set_only_v6(false)?;
    }
    socket.bind(&addr.into())?;
    socket.listen(backlog)?;
    // std's TcpListener takes over the file descriptor (and closes it on drop).
    Ok(socket.into())
}
