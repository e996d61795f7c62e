//! The socket file: what `bind` leaves in the filesystem, and how to live with it.
//!
//! Binding a Unix stream socket to a path creates a file of type *socket* there
//! (`ls -l` shows an `s`). The file is only a name: the queue of connections and
//! the bytes live in the kernel, attached to the listening socket. Two facts
//! shape this module (see `man 7 unix`):
//!
//! - `bind` fails with `EADDRINUSE` if *anything* exists at the path, even a
//!   socket file that nobody listens on any more.
//! - Closing the listener does not remove the file. A server that exits without
//!   calling `unlink` (killed by Ctrl-C, crashed) leaves a *stale* file behind.
//!
//! So before binding we look at the path: nothing there is fine; a stale socket
//! file is removed; a socket with a live listener, or anything that is not a
//! socket, is refused — deleting someone's regular file because a user typed
//! the wrong `--addr` would be unforgivable.

use std::fmt;
use std::io;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};

use crate::mode::Mode;

// ANCHOR: simple
/// The first version everyone writes. It works once. After a crash the next
/// start fails with `AddrInUse` ("Address already in use"), because the old
/// file is still there. The quick fix, `remove_file` before `bind`, is worse:
/// it deletes whatever is at the path, a running server's socket or a file of
/// yours that you named by mistake. [`bind`] below is the careful version.
pub fn bind_simple(path: &Path) -> io::Result<UnixListener> {
    UnixListener::bind(path)
}
// ANCHOR_END: simple

// ANCHOR: probe
/// What is at a path we want to bind a Unix socket to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathState {
    /// Nothing there: `bind` can create the socket file.
    Free,
    /// A socket file that nobody listens on (a server died without removing it).
    Stale,
    /// A socket file with a live listener behind it.
    InUse,
    /// Something else: a regular file, a directory, a symlink. Never ours to delete.
    NotASocket,
}

/// Looks at `path` and says what is there. Changes nothing on disk; a live
/// listener sees one connection that closes at once.
pub fn probe(path: &Path) -> io::Result<PathState> {
    // symlink_metadata looks at the path itself, not at what a symlink points
    // to: a symlink is "not a socket", so we never delete through one.
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(PathState::Free),
        Err(e) => return Err(e),
    };
    if !meta.file_type().is_socket() {
        return Ok(PathState::NotASocket);
    }
    // The file alone cannot tell a live socket from a stale one; a connect can.
    // man 7 unix: no listener bound to the file means ECONNREFUSED.
    match UnixStream::connect(path) {
        Ok(_probe) => Ok(PathState::InUse), // dropped here: the server sees an empty connection
        Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => Ok(PathState::Stale),
        // Someone removed it between our two looks.
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(PathState::Free),
        // EACCES (no write permission on the file) and the rest: we cannot tell,
        // so we must not guess.
        Err(e) => Err(e),
    }
}
// ANCHOR_END: probe

/// The longest socket path Linux accepts: `sun_path` in `struct sockaddr_un`
/// is 108 bytes, and one of them ends the string with a NUL (man 7 unix).
pub const MAX_PATH: usize = 107;

/// Why we could not bind a Unix socket at a path.
#[derive(Debug)]
pub enum BindError {
    /// A live server is listening on the path.
    InUse(PathBuf),
    /// The path exists and is not a socket: refused, and left untouched.
    NotASocket(PathBuf),
    /// The path does not fit in `sun_path` (see [`MAX_PATH`]).
    TooLong(PathBuf),
    /// A step failed: `what` names it (probing, removing the stale file, binding, chmod).
    Io {
        /// The step that failed.
        what: &'static str,
        /// The socket path.
        path: PathBuf,
        /// The error from the system.
        source: io::Error,
    },
}

impl fmt::Display for BindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BindError::InUse(p) => write!(
                f,
                "{} is already in use: a server is listening on it",
                p.display()
            ),
            BindError::NotASocket(p) => write!(
                f,
                "{} exists and is not a socket; refusing to delete it (choose another --addr)",
                p.display()
            ),
            BindError::TooLong(p) => write!(
                f,
                "{} is {} bytes long; a Unix socket path must be at most {MAX_PATH} \
                 (the kernel's sun_path field, man 7 unix)",
                p.display(),
                p.as_os_str().len()
            ),
            // The system's error is our source(): anyhow prints it below us.
            BindError::Io { what, path, .. } => write!(f, "{what} {}", path.display()),
        }
    }
}

impl std::error::Error for BindError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BindError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn io_error(what: &'static str, path: &Path) -> impl FnOnce(io::Error) -> BindError {
    let path = path.to_path_buf();
    move |source| BindError::Io { what, path, source }
}

// ANCHOR: prepare
/// Makes `path` ready for `bind`: removes a stale socket file, refuses the rest.
/// Returns what was there (so a server can say it removed a stale file).
pub fn prepare(path: &Path) -> Result<PathState, BindError> {
    let state = probe(path).map_err(io_error("cannot check", path))?;
    match state {
        PathState::Free => {}
        PathState::Stale => match std::fs::remove_file(path) {
            // Gone already (another starting server removed it): just as good.
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                return Err(io_error("cannot remove the stale socket file", path)(e));
            }
            _ => {}
        },
        PathState::InUse => return Err(BindError::InUse(path.to_path_buf())),
        PathState::NotASocket => return Err(BindError::NotASocket(path.to_path_buf())),
    }
    Ok(state)
}
// ANCHOR_END: prepare

/// A bound listener, the file that names it, and what was at the path before.
#[derive(Debug)]
pub struct Bound {
    /// The listening socket.
    pub listener: UnixListener,
    /// The socket file; removed when this is dropped.
    pub file: SocketFile,
    /// What `prepare` found: `Stale` means we removed a leftover file.
    pub found: PathState,
}

// ANCHOR: bind
/// Binds a Unix stream listener at `path`, the careful way: stale files are
/// removed, live sockets and non-sockets refused, and `mode` (if given) applied.
pub fn bind(path: &Path, mode: Option<Mode>) -> Result<Bound, BindError> {
    if path.as_os_str().len() > MAX_PATH {
        return Err(BindError::TooLong(path.to_path_buf()));
    }
    let found = prepare(path)?;
    let listener = UnixListener::bind(path).map_err(|e| match e.kind() {
        // Between prepare() and bind() another server took the path.
        io::ErrorKind::AddrInUse => BindError::InUse(path.to_path_buf()),
        _ => io_error("cannot bind", path)(e),
    })?;
    // From here on the file is ours: the guard removes it if anything below fails.
    let file = SocketFile::new(path).map_err(io_error("cannot stat", path))?;
    if let Some(mode) = mode {
        // bind() created the file as 0777 minus the umask; now narrow or widen
        // it. (Between the two calls the umask's mode applies: see the book.)
        mode.apply(path).map_err(io_error("cannot chmod", path))?;
    }
    Ok(Bound {
        listener,
        file,
        found,
    })
}
// ANCHOR_END: bind

// ANCHOR: guard
/// The socket file we created; removing it on drop is our half of the cleanup.
///
/// It remembers the file's device and inode so that it only removes *its* file:
/// if someone replaced the path meanwhile, the new file is theirs.
#[derive(Debug)]
pub struct SocketFile {
    path: PathBuf,
    dev: u64,
    ino: u64,
}

impl SocketFile {
    /// Remembers the file now at `path` (call right after `bind`).
    pub fn new(path: &Path) -> io::Result<SocketFile> {
        let meta = std::fs::symlink_metadata(path)?;
        Ok(SocketFile {
            path: path.to_path_buf(),
            dev: meta.dev(),
            ino: meta.ino(),
        })
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for SocketFile {
    /// Runs on a normal return or a panic, never on a signal's default action:
    /// Ctrl-C (SIGINT) ends the process without running destructors.
    fn drop(&mut self) {
        if let Ok(meta) = std::fs::symlink_metadata(&self.path)
            && meta.dev() == self.dev
            && meta.ino() == self.ino
        {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}
// ANCHOR_END: guard

/// `--addr` accepts a bare path or the ready line's form, `unix:/tmp/ch02.sock`.
pub fn parse_addr(addr: &str) -> PathBuf {
    PathBuf::from(addr.strip_prefix("unix:").unwrap_or(addr))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addr_forms() {
        assert_eq!(parse_addr("unix:/tmp/a.sock"), PathBuf::from("/tmp/a.sock"));
        assert_eq!(parse_addr("/tmp/a.sock"), PathBuf::from("/tmp/a.sock"));
    }

    #[test]
    fn the_simple_bind_fails_on_a_stale_file() {
        let dir = std::env::temp_dir().join(format!("ch02-simple-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir(&dir).unwrap();
        let path = dir.join("s.sock");
        drop(bind_simple(&path).unwrap()); // closed, but the file stays
        let err = bind_simple(&path).unwrap_err();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(err.kind(), io::ErrorKind::AddrInUse, "{err}");
    }

    #[test]
    fn a_path_too_long_for_sun_path_is_named() {
        let long = PathBuf::from(format!("/tmp/{}.sock", "a".repeat(120)));
        let err = bind(&long, None).unwrap_err();
        assert!(matches!(err, BindError::TooLong(_)), "{err:?}");
        assert!(err.to_string().contains("at most 107"), "{err}");
    }

    #[test]
    fn messages_name_the_path() {
        let e = BindError::NotASocket(PathBuf::from("/x/y"));
        assert!(e.to_string().contains("/x/y"));
        assert!(e.to_string().contains("not a socket"));
        let e = BindError::InUse(PathBuf::from("/x/y"));
        assert!(e.to_string().contains("already in use"));
    }
}
