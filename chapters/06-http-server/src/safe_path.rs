//! From a request path to a file under the web root, without ever leaving it.
//!
//! Path traversal is the classic static-file-server hole: `GET /../../etc/passwd`,
//! or the same with the dots or the slash percent-encoded (`/%2e%2e/%2e%2e/etc/passwd`,
//! `/..%2fetc/passwd`), or a NUL byte to cut a name short, or a symlink inside the
//! root that points out of it. The defence is in two steps:
//!
//! 1. [`relative_path`], pure string work: split the path on `/` *before* decoding,
//!    decode each segment, and refuse a segment that decodes to `.`, `..`, or that
//!    contains `/`, `\` or NUL. What is left can only name something below the root.
//! 2. [`resolve`], on the file system: follow symlinks (`canonicalize`) and check
//!    that the real path still starts with the real root.
//!
//! ```text
//!  "/docs/a%20b.txt" ──split on '/'──▶ ["docs", "a%20b.txt"] ──decode──▶ ["docs", "a b.txt"]
//!  "/..%2fetc"       ──split on '/'──▶ [".. %2f etc"]         ──decode──▶ "../etc"  ✗ contains '/'
//!  "/%2e%2e/x"       ──split on '/'──▶ ["%2e%2e", "x"]         ──decode──▶ ".."      ✗ dot-dot
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use crate::query::percent_decode;

/// Why a request path cannot name a file under the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathError {
    /// The path does not start with `/` (origin-form, RFC 9112 §3.2.1).
    NotAbsolute,
    /// A `%` not followed by two hex digits.
    BadEscape,
    /// A segment is `.` or `..`, written plainly or percent-encoded.
    DotSegment,
    /// A segment decodes to something holding `/`, `\` or NUL.
    ForbiddenByte(u8),
    /// A segment is not UTF-8 once decoded.
    NotUtf8,
    /// The file exists but, symlinks followed, lies outside the root.
    OutsideRoot,
    /// Nothing by that name.
    NotFound,
}

impl PathError {
    /// The HTTP status that answers this error.
    pub fn status(&self) -> u16 {
        match self {
            PathError::NotAbsolute | PathError::BadEscape | PathError::NotUtf8 => 400,
            PathError::DotSegment | PathError::ForbiddenByte(_) | PathError::OutsideRoot => 403,
            PathError::NotFound => 404,
        }
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathError::NotAbsolute => write!(f, "the path must start with '/'"),
            PathError::BadEscape => write!(f, "a '%' is not followed by two hex digits"),
            PathError::DotSegment => write!(f, "'.' and '..' segments are refused"),
            PathError::ForbiddenByte(b) => {
                write!(f, "a segment holds the forbidden byte 0x{b:02x}")
            }
            PathError::NotUtf8 => write!(f, "a segment is not UTF-8"),
            PathError::OutsideRoot => write!(f, "the file lies outside the web root"),
            PathError::NotFound => write!(f, "no such file"),
        }
    }
}

impl std::error::Error for PathError {}

// ANCHOR: relative_path
/// Turns a request path (`/docs/a%20b.txt`, no query) into a relative path
/// (`docs/a b.txt`) that cannot climb out of whatever directory it is joined to.
///
/// Empty segments (`//`) are skipped. A path ending in `/` names a directory: the
/// result then ends with `index.html`.
pub fn relative_path(path: &str) -> Result<PathBuf, PathError> {
    let rest = path.strip_prefix('/').ok_or(PathError::NotAbsolute)?;
    let mut out = PathBuf::new();
    // Split first, decode second: `%2f` must stay inside its segment, where it is refused.
    for raw in rest.split('/').filter(|s| !s.is_empty()) {
        let segment = percent_decode(raw).map_err(|_| PathError::BadEscape)?;
        if let Some(&b) = segment.iter().find(|&&b| matches!(b, b'/' | b'\\' | 0)) {
            return Err(PathError::ForbiddenByte(b));
        }
        if segment == b"." || segment == b".." {
            return Err(PathError::DotSegment);
        }
        let segment = String::from_utf8(segment).map_err(|_| PathError::NotUtf8)?;
        // Safe to push: no '/', so `push` can never replace `out` with an absolute path.
        out.push(segment);
    }
    if rest.is_empty() || rest.ends_with('/') {
        out.push("index.html");
    }
    Ok(out)
}
// ANCHOR_END: relative_path

// ANCHOR: resolve
/// The real file a request path names under `root`, symlinks followed, checked to be
/// inside `root`. A directory resolves to its `index.html`.
pub fn resolve(root: &Path, path: &str) -> Result<PathBuf, PathError> {
    let relative = relative_path(path)?;
    let root = root.canonicalize().map_err(|_| PathError::NotFound)?;
    // canonicalize follows every symlink: a link inside the root that points at
    // /etc/passwd comes back as /etc/passwd, and fails the check below.
    let mut real = root
        .join(&relative)
        .canonicalize()
        .map_err(|_| PathError::NotFound)?;
    if real.is_dir() {
        real = real
            .join("index.html")
            .canonicalize()
            .map_err(|_| PathError::NotFound)?;
    }
    if !real.starts_with(&root) {
        return Err(PathError::OutsideRoot);
    }
    if !real.is_file() {
        return Err(PathError::NotFound);
    }
    Ok(real)
}
// ANCHOR_END: resolve

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths() {
        assert_eq!(relative_path("/").unwrap(), Path::new("index.html"));
        assert_eq!(relative_path("/a/b.txt").unwrap(), Path::new("a/b.txt"));
        assert_eq!(
            relative_path("//a///b/").unwrap(),
            Path::new("a/b/index.html")
        );
        assert_eq!(relative_path("/a%20b").unwrap(), Path::new("a b"));
        assert_eq!(relative_path("/...").unwrap(), Path::new("..."));
    }

    #[test]
    fn attacks() {
        use PathError::*;
        let cases: &[(&str, PathError)] = &[
            ("/../etc/passwd", DotSegment),
            ("/a/../../etc/passwd", DotSegment),
            ("/%2e%2e/etc/passwd", DotSegment),
            ("/%2E%2e/etc/passwd", DotSegment),
            ("/.%2e/x", DotSegment),
            ("/./x", DotSegment),
            ("/..%2fetc%2fpasswd", ForbiddenByte(b'/')),
            ("/%2fetc/passwd", ForbiddenByte(b'/')),
            ("/..%5c..%5cwin.ini", ForbiddenByte(b'\\')),
            ("/index.html%00.txt", ForbiddenByte(0)),
            ("etc/passwd", NotAbsolute),
            ("http://x/etc/passwd", NotAbsolute),
            ("/%", BadEscape),
            ("/%ff", NotUtf8),
        ];
        for (path, want) in cases {
            assert_eq!(relative_path(path).as_ref(), Err(want), "{path}");
        }
    }
}
