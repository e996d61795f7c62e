//! Solution: is this path free, a stale socket file, a live socket, or not a socket?

use std::io::{self, ErrorKind};
use std::os::unix::fs::FileTypeExt;
use std::os::unix::net::UnixStream;
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
pub fn check(path: &Path) -> io::Result<PathState> {
    // symlink_metadata does not follow symlinks: a symlink is reported as one,
    // so we never judge (or later delete) through it.
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(PathState::Free),
        Err(e) => return Err(e),
    };
    if !meta.file_type().is_socket() {
        return Ok(PathState::NotASocket);
    }
    // Only a connect can tell whether a listener is behind the file:
    // man 7 unix says ECONNREFUSED when none is.
    match UnixStream::connect(path) {
        Ok(_) => Ok(PathState::InUse),
        Err(e) if e.kind() == ErrorKind::ConnectionRefused => Ok(PathState::Stale),
        // Removed between our two looks.
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(PathState::Free),
        // EACCES and friends: unknown, so no guess.
        Err(e) => Err(e),
    }
}

/// Makes `path` ready for `bind` and returns what was there.
pub fn prepare(path: &Path) -> io::Result<PathState> {
    let state = check(path)?;
    match state {
        PathState::Free => {}
        PathState::Stale => match std::fs::remove_file(path) {
            // Someone else removed it first: the path is free all the same.
            Err(e) if e.kind() != ErrorKind::NotFound => return Err(e),
            _ => {}
        },
        PathState::InUse => {
            return Err(io::Error::new(
                ErrorKind::AddrInUse,
                format!("{} is already in use", path.display()),
            ));
        }
        PathState::NotASocket => {
            // Never delete what we did not create: a typo in --addr must not
            // cost someone their file.
            return Err(io::Error::new(
                ErrorKind::AlreadyExists,
                format!("{} exists and is not a socket", path.display()),
            ));
        }
    }
    Ok(state)
}
