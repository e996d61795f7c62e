//! Exercise: map a request path to a file under a web root, safely.
//!
//! `..`, percent-encoded dots and slashes (`%2e%2e`, `%2f`), NUL bytes and
//! symlinks pointing out of the root must never reach a file outside it.

use std::path::{Path, PathBuf};

/// The relative path a request path names (`/a/b%20c.txt` → `a/b c.txt`), or `None`
/// if it could climb out of the root:
///
/// - it must start with `/`; empty segments (`//`) are skipped;
/// - each segment is percent-decoded (`%20` → space; a bad escape → `None`);
/// - a segment that decodes to `.` or `..`, or holds `/`, `\` or NUL → `None`;
/// - a segment that is not UTF-8 once decoded → `None`;
/// - `/` and paths ending in `/` get `index.html` appended.
pub fn relative_path(path: &str) -> Option<PathBuf> {
    // TODO: split on '/' first, then decode and check each segment.
    let _ = path;
    todo!("relative_path: split, percent-decode, refuse dot segments and '/', '\\\\', NUL")
}

/// The real file `path` names under `root`, symlinks followed, or `None` when it
/// does not exist, is not a file, or lies outside the root (a symlink pointing out).
pub fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    // TODO: relative_path, then canonicalize root and root.join(relative), then compare.
    let _ = (root, path);
    todo!("resolve: canonicalize both and check starts_with(root)")
}
