//! What can go wrong while building a listener, named by the step that failed.

use std::fmt;
use std::io;
use std::net::SocketAddr;

/// A failed step of [`listener`](crate::listener()). Each variant keeps the
/// operating system's error, so `kind()` still says `AddrInUse` or `PermissionDenied`.
#[derive(Debug)]
pub enum BuildError {
    /// `socket(2)` failed (out of file descriptors, no IPv6 in this kernel…).
    Socket(io::Error),
    /// A `setsockopt(2)` failed; `option` names it (`SO_RCVBUF`, …).
    SetOption {
        /// The option, as `man 7 socket` spells it.
        option: &'static str,
        /// What the kernel said.
        source: io::Error,
    },
    /// `IPV6_V6ONLY` was asked for an IPv4 address, where it means nothing.
    OnlyV6OnIpv4(SocketAddr),
    /// `bind(2)` failed: the port is taken (`AddrInUse`), needs privileges
    /// (`PermissionDenied`, ports below 1024), or the address is not ours.
    Bind {
        /// The address we tried.
        addr: SocketAddr,
        /// What the kernel said.
        source: io::Error,
    },
    /// `listen(2)` failed (another socket is already listening on the port).
    Listen {
        /// The backlog we asked for.
        backlog: i32,
        /// What the kernel said.
        source: io::Error,
    },
}

impl BuildError {
    /// The operating system's error underneath, if there is one.
    pub fn io_error(&self) -> Option<&io::Error> {
        match self {
            BuildError::Socket(e) => Some(e),
            BuildError::SetOption { source, .. }
            | BuildError::Bind { source, .. }
            | BuildError::Listen { source, .. } => Some(source),
            BuildError::OnlyV6OnIpv4(_) => None,
        }
    }

    /// The I/O error kind underneath, so callers can tell `AddrInUse` apart.
    pub fn kind(&self) -> io::ErrorKind {
        self.io_error()
            .map_or(io::ErrorKind::InvalidInput, io::Error::kind)
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Socket(e) => write!(f, "socket(): {e}"),
            BuildError::SetOption { option, source } => write!(f, "setting {option}: {source}"),
            BuildError::OnlyV6OnIpv4(addr) => {
                write!(f, "IPV6_V6ONLY only applies to IPv6 addresses, not {addr}")
            }
            BuildError::Bind { addr, source } => write!(f, "bind {addr}: {source}"),
            BuildError::Listen { backlog, source } => {
                write!(f, "listen (backlog {backlog}): {source}")
            }
        }
    }
}

/// `Display` already ends with the operating system's message, so `source()` is
/// `None`: an error-chain printer (anyhow's `{:#}` or its `Caused by:` list)
/// would otherwise say "Address already in use" twice. [`BuildError::io_error`]
/// gives the `io::Error` itself.
impl std::error::Error for BuildError {}

/// So code that speaks `io::Result` can use `?`; the kind and message survive.
impl From<BuildError> for io::Error {
    fn from(e: BuildError) -> io::Error {
        io::Error::new(e.kind(), e)
    }
}
