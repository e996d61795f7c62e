//! Exercise: is this path free, a stale socket file, a live socket, or not a socket?
//!
//! `bind` on a Unix socket path fails if anything is there, and a server that is
//! killed leaves its socket file behind. Before binding, a careful server looks:
//! a stale file (nobody listening) may go, everything else must stay.

use std::io;
use std::path::Path;

/// What is at a path we want to bind a Unix socket to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathState {
    /// Nothing there.
    Free,
    /// A socket file nobody listens on.
    Stale,
    /// A socket file with a live listener behind it.
    InUse,
    /// Something that is not a socket: a regular file, a directory, a symlink.
    NotASocket,
}

/// Says what is at `path`, changing nothing on disk.
///
/// - Look at the path itself, not through a symlink (`std::fs::symlink_metadata`):
///   not found → `Free`; not a socket (`std::os::unix::fs::FileTypeExt::is_socket`)
///   → `NotASocket`.
/// - For a socket file, try `std::os::unix::net::UnixStream::connect`: success →
///   `InUse`; `ErrorKind::ConnectionRefused` → `Stale`; `NotFound` → `Free`.
/// - Any other error is returned as it is (we cannot tell, so we must not guess).
pub fn check(path: &Path) -> io::Result<PathState> {
    // TODO: symlink_metadata, then is_socket, then connect, as described above.
    let _ = path;
    todo!("check: symlink_metadata, then FileTypeExt::is_socket, then UnixStream::connect")
}

/// Makes `path` ready for `bind` and returns what was there.
///
/// - `Free` → nothing to do.
/// - `Stale` → remove the file (`std::fs::remove_file`).
/// - `InUse` → an error of kind `ErrorKind::AddrInUse`; the file stays.
/// - `NotASocket` → an error of kind `ErrorKind::AlreadyExists`; the file stays.
pub fn prepare(path: &Path) -> io::Result<PathState> {
    // TODO: call check(path) and act on each answer as described above.
    let _ = path;
    todo!("prepare: call check(), remove the file only when it is Stale, else error")
}
