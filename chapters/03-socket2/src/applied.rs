//! Read a socket's options back with `getsockopt`: what the kernel really set.
//!
//! Asking is not getting. Linux doubles SO_RCVBUF/SO_SNDBUF (half is for its own
//! bookkeeping, `man 7 socket`), clamps them to `net.core.rmem_max`/`wmem_max`
//! and to a minimum, and silently caps the backlog at `net.core.somaxconn`.

use std::fmt;
use std::io;

use socket2::SockRef;

/// The options in force on a socket, as `getsockopt` reports them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// SO_REUSEADDR.
    pub reuse_address: bool,
    /// IPV6_V6ONLY, or `None` for an IPv4 socket.
    pub only_v6: Option<bool>,
    /// TCP_NODELAY.
    pub nodelay: bool,
    /// SO_RCVBUF in bytes, as the kernel reports it (doubled on Linux).
    pub recv_buffer_size: usize,
    /// SO_SNDBUF in bytes, as the kernel reports it (doubled on Linux).
    pub send_buffer_size: usize,
    /// O_NONBLOCK.
    pub nonblocking: bool,
}

// ANCHOR: read_back
impl Applied {
    /// Reads the options of any socket: a `TcpListener`, a `TcpStream`, a `Socket`.
    /// `SockRef` borrows the file descriptor without taking it over.
    pub fn of<S: std::os::fd::AsFd>(socket: &S) -> io::Result<Applied> {
        let sock = SockRef::from(socket);
        let is_v6 = sock.local_addr()?.is_ipv6();
        Ok(Applied {
            reuse_address: sock.reuse_address()?,
            only_v6: if is_v6 { Some(sock.only_v6()?) } else { None },
            nodelay: sock.tcp_nodelay()?,
            recv_buffer_size: sock.recv_buffer_size()?,
            send_buffer_size: sock.send_buffer_size()?,
            nonblocking: sock.nonblocking()?,
        })
    }
}
// ANCHOR_END: read_back

impl fmt::Display for Applied {
    /// One line per option, the way the server prints them at start-up.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "SO_REUSEADDR  {}", on_off(self.reuse_address))?;
        if let Some(v6) = self.only_v6 {
            let meaning = if v6 { "IPv6 only" } else { "dual-stack" };
            writeln!(f, "IPV6_V6ONLY   {} ({meaning})", on_off(v6))?;
        }
        writeln!(f, "TCP_NODELAY   {}", on_off(self.nodelay))?;
        writeln!(f, "SO_RCVBUF     {} bytes", self.recv_buffer_size)?;
        writeln!(f, "SO_SNDBUF     {} bytes", self.send_buffer_size)?;
        write!(f, "O_NONBLOCK    {}", on_off(self.nonblocking))
    }
}

fn on_off(b: bool) -> &'static str {
    if b { "on" } else { "off" }
}
