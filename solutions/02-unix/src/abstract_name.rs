//! Solution: a Unix socket with no file at all (Linux's abstract namespace).

use std::io;
use std::os::linux::net::SocketAddrExt;
use std::os::unix::net::{SocketAddr, UnixListener, UnixStream};

/// Binds a listener to the abstract name `name` (given without the NUL byte).
pub fn listen(name: &[u8]) -> io::Result<UnixListener> {
    // std adds the leading NUL that marks the name as abstract; a name that
    // does not fit in sun_path (107 bytes after the NUL) is InvalidInput.
    let addr = SocketAddr::from_abstract_name(name)?;
    // No file, so no stale-file dance: if the name is taken, a live socket
    // holds it, and AddrInUse is the honest answer.
    UnixListener::bind_addr(&addr)
}

/// Connects to the abstract name `name`.
pub fn connect(name: &[u8]) -> io::Result<UnixStream> {
    let addr = SocketAddr::from_abstract_name(name)?;
    // No file means no permission check: anyone in this network namespace may
    // connect. A server that cares must check who connected (SO_PEERCRED).
    UnixStream::connect_addr(&addr)
}

/// The abstract name `listener` is bound to, or `None` if it is bound to a
/// path or to nothing.
pub fn name_of(listener: &UnixListener) -> Option<Vec<u8>> {
    listener
        .local_addr()
        .ok()?
        .as_abstract_name()
        .map(<[u8]>::to_vec)
}
