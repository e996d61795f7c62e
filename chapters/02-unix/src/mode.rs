//! Permissions on the socket file: who may connect.
//!
//! man 7 unix: on Linux, connecting to a stream socket needs *write* permission
//! on the socket file (and search permission on every directory above it). So the
//! file's mode is the server's access control: `0600` lets only its owner in,
//! `0660` its group too, `0666` everyone on the machine. Read and execute bits do
//! nothing for a socket.

use std::fmt;
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::str::FromStr;

/// Permission bits for the socket file, as `--mode 0600` gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mode(pub u32);

/// Why a `--mode` value was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModeError {
    /// Not an octal number (`0600`, `600` and `0o600` are fine).
    NotOctal(String),
    /// More than the nine permission bits (above `0777`): setuid and friends mean
    /// nothing on a socket, so we refuse rather than silently drop them.
    TooBig(u32),
}

impl fmt::Display for ModeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModeError::NotOctal(s) => write!(f, "{s:?} is not an octal mode like 0600"),
            ModeError::TooBig(m) => write!(f, "{m:o} has bits above 0777"),
        }
    }
}

impl std::error::Error for ModeError {}

impl FromStr for Mode {
    type Err = ModeError;
    fn from_str(s: &str) -> Result<Mode, ModeError> {
        let digits = s.strip_prefix("0o").unwrap_or(s);
        let bad = || ModeError::NotOctal(s.to_string());
        if digits.is_empty() || !digits.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            return Err(bad());
        }
        let m = u32::from_str_radix(digits, 8).map_err(|_| bad())?;
        if m > 0o777 {
            return Err(ModeError::TooBig(m));
        }
        Ok(Mode(m))
    }
}

impl fmt::Display for Mode {
    /// `0600 (rw-------)`, the octal and the `ls -l` view side by side.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04o} ({})", self.0, rwx(self.0))
    }
}

impl Mode {
    /// The mode of the file at `path` now.
    pub fn of(path: &Path) -> io::Result<Mode> {
        Ok(Mode(std::fs::metadata(path)?.permissions().mode() & 0o777))
    }

    /// chmod: sets the file's permission bits to this mode.
    pub fn apply(self, path: &Path) -> io::Result<()> {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(self.0))
    }
}

/// The nine `rwx` letters `ls -l` prints after the file type.
pub fn rwx(mode: u32) -> String {
    let mut out = String::with_capacity(9);
    for shift in [6, 3, 0] {
        let bits = (mode >> shift) & 7;
        out.push(if bits & 4 != 0 { 'r' } else { '-' });
        out.push(if bits & 2 != 0 { 'w' } else { '-' });
        out.push(if bits & 1 != 0 { 'x' } else { '-' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_octal() {
        assert_eq!("0600".parse(), Ok(Mode(0o600)));
        assert_eq!("660".parse(), Ok(Mode(0o660)));
        assert_eq!("0o777".parse(), Ok(Mode(0o777)));
        assert!(matches!(
            "0800".parse::<Mode>(),
            Err(ModeError::NotOctal(_))
        ));
        assert!(matches!("".parse::<Mode>(), Err(ModeError::NotOctal(_))));
        assert!(matches!(
            "+600".parse::<Mode>(),
            Err(ModeError::NotOctal(_))
        ));
        assert_eq!("4755".parse::<Mode>(), Err(ModeError::TooBig(0o4755)));
    }

    #[test]
    fn shows_like_ls() {
        assert_eq!(rwx(0o600), "rw-------");
        assert_eq!(rwx(0o755), "rwxr-xr-x");
        assert_eq!(Mode(0o660).to_string(), "0660 (rw-rw----)");
    }
}
