//! Exercise: a Unix socket with no file at all (Linux's abstract namespace).
//!
//! On Linux an address may be an *abstract* name instead of a path: in the
//! kernel's `sun_path` it starts with a NUL byte. No file is created, so there is
//! nothing to clean up and nothing can go stale: the name disappears with the
//! last socket bound to it. The price: no file means no permissions, and any
//! process in the same network namespace can connect (`man 7 unix`).

use std::io;
use std::os::unix::net::{UnixListener, UnixStream};

/// Binds a listener to the abstract name `name` (given without the NUL byte).
///
/// Build the address with `SocketAddr::from_abstract_name(name)` (from the
/// trait `std::os::linux::net::SocketAddrExt`), then `UnixListener::bind_addr`.
pub fn listen(name: &[u8]) -> io::Result<UnixListener> {
    // TODO: SocketAddr::from_abstract_name, then UnixListener::bind_addr.
    let _ = name;
    todo!("listen: SocketAddr::from_abstract_name(name)?, then UnixListener::bind_addr(&addr)")
}

/// Connects to the abstract name `name` (`UnixStream::connect_addr`).
pub fn connect(name: &[u8]) -> io::Result<UnixStream> {
    // TODO: the same address, then UnixStream::connect_addr.
    let _ = name;
    todo!("connect: SocketAddr::from_abstract_name(name)?, then UnixStream::connect_addr(&addr)")
}

/// The abstract name `listener` is bound to, or `None` if it is bound to a
/// path or to nothing (`SocketAddrExt::as_abstract_name` on its local address).
pub fn name_of(listener: &UnixListener) -> Option<Vec<u8>> {
    // TODO: listener.local_addr(), then as_abstract_name.
    let _ = listener;
    todo!("name_of: listener.local_addr().ok()?.as_abstract_name() as a Vec")
}
