//! A listener, built one system call at a time.
//!
//! ```text
//!   socket()      a file descriptor for "TCP over IPv4" (or IPv6); no address yet
//!   setsockopt()  options that must be set BEFORE bind/listen to matter
//!   bind()        claim ADDRESS:PORT (port 0: the kernel picks a free one)
//!   listen()      become passive: the kernel now completes handshakes for us,
//!                 queueing up to `backlog` connections until we accept() them
//! ```

use std::net::{SocketAddr, TcpListener};

use socket2::{Domain, Protocol, SockAddr, Socket, Type};

use crate::error::BuildError;
use crate::options::ListenOptions;

// ANCHOR: simple
/// The simple version: the four steps with no options at all, to show the shape.
/// (Unlike `TcpListener::bind`, this does NOT set SO_REUSEADDR; see
/// [`time_wait`](crate::time_wait) for what that costs.)
pub fn listener_simple(addr: SocketAddr) -> std::io::Result<TcpListener> {
    // 1. socket(): the domain comes from the address family, the type is a byte
    //    stream, the protocol TCP.
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    // 2. bind(): claim the address and port.
    socket.bind(&SockAddr::from(addr))?;
    // 3. listen(): from now on the kernel accepts connections for us.
    socket.listen(128)?;
    // 4. Hand the file descriptor to std, which has the nice accept()/read() API.
    Ok(socket.into())
}
// ANCHOR_END: simple

// ANCHOR: listener
/// Builds a listening socket on `addr` with `opts`: socket, options, bind, listen.
///
/// Every option is set before `bind`/`listen`, where it has to be: SO_REUSEADDR
/// is checked by `bind`, IPV6_V6ONLY decides what `bind` claims, and the buffer
/// sizes decide the TCP window scale offered in each SYN-ACK (`man 7 tcp`), which
/// cannot change later. Accepted connections inherit the listener's options.
pub fn listener(addr: SocketAddr, opts: &ListenOptions) -> Result<TcpListener, BuildError> {
    let set = |option: &'static str, result: std::io::Result<()>| {
        result.map_err(|source| BuildError::SetOption { option, source })
    };
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))
        .map_err(BuildError::Socket)?;

    // SO_REUSEADDR: bind even while old connections on this port sit in TIME_WAIT
    // (RFC 9293 §3.3.2 keeps them for 2×MSL). Not the same as SO_REUSEPORT.
    set("SO_REUSEADDR", socket.set_reuse_address(opts.reuse_address))?;

    // IPV6_V6ONLY=false: one socket for both families; IPv4 peers appear as
    // IPv4-mapped IPv6 addresses (RFC 4291 §2.5.5.2), e.g. ::ffff:127.0.0.1.
    if let Some(only_v6) = opts.only_v6 {
        if !addr.is_ipv6() {
            return Err(BuildError::OnlyV6OnIpv4(addr));
        }
        set("IPV6_V6ONLY", socket.set_only_v6(only_v6))?;
    }

    // TCP_NODELAY: send small segments at once instead of waiting for an ACK
    // (RFC 896, RFC 1122 §4.2.3.4). See `nagle` for what it costs to leave it on.
    set("TCP_NODELAY", socket.set_tcp_nodelay(opts.nodelay))?;

    // Buffer sizes: Linux doubles the value (bookkeeping overhead, `man 7 socket`)
    // and setting one turns off autotuning for that direction.
    if let Some(size) = opts.recv_buffer_size {
        set("SO_RCVBUF", socket.set_recv_buffer_size(size))?;
    }
    if let Some(size) = opts.send_buffer_size {
        set("SO_SNDBUF", socket.set_send_buffer_size(size))?;
    }

    // O_NONBLOCK: accept() returns WouldBlock instead of sleeping in the kernel.
    set("O_NONBLOCK", socket.set_nonblocking(opts.nonblocking))?;

    socket
        .bind(&SockAddr::from(addr))
        .map_err(|source| BuildError::Bind { addr, source })?;
    socket
        .listen(opts.backlog)
        .map_err(|source| BuildError::Listen {
            backlog: opts.backlog,
            source,
        })?;
    Ok(socket.into())
}
// ANCHOR_END: listener
