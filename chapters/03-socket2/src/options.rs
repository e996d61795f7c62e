//! What a listener can be asked for before it starts listening.

/// The backlog we ask for when nothing else is said. Linux caps whatever we ask at
/// `net.core.somaxconn` (4096 on current kernels), so a big number is harmless.
pub const DEFAULT_BACKLOG: i32 = 128;

/// Options for [`listener`](crate::listener()): one field per socket option the
/// chapter teaches. `ListenOptions::default()` is what a server usually wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListenOptions {
    /// `SO_REUSEADDR`: let a restarted server bind its port while connections from
    /// the previous run are still in TIME_WAIT. Default `true` (std does the same).
    pub reuse_address: bool,
    /// The `listen(2)` backlog: how many connections the kernel may complete and
    /// queue before we call `accept`. Default [`DEFAULT_BACKLOG`].
    pub backlog: i32,
    /// `IPV6_V6ONLY`, for IPv6 addresses only. `Some(false)` makes a dual-stack
    /// socket that also accepts IPv4 clients (seen as `::ffff:a.b.c.d`);
    /// `None` keeps the system default (`/proc/sys/net/ipv6/bindv6only`, usually 0).
    pub only_v6: Option<bool>,
    /// `TCP_NODELAY`: turn Nagle's algorithm off. Linux copies it to accepted
    /// connections; other systems may not, so servers set it on each stream too.
    pub nodelay: bool,
    /// `SO_RCVBUF` in bytes, or `None` for the kernel's default (and autotuning).
    pub recv_buffer_size: Option<usize>,
    /// `SO_SNDBUF` in bytes, or `None` for the kernel's default (and autotuning).
    pub send_buffer_size: Option<usize>,
    /// `O_NONBLOCK`: `accept` returns `WouldBlock` instead of waiting.
    pub nonblocking: bool,
}

impl Default for ListenOptions {
    fn default() -> ListenOptions {
        ListenOptions {
            reuse_address: true,
            backlog: DEFAULT_BACKLOG,
            only_v6: None,
            nodelay: false,
            recv_buffer_size: None,
            send_buffer_size: None,
            nonblocking: false,
        }
    }
}
