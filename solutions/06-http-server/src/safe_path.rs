//! Exercise: map a request path to a file under a web root, safely.
//!
//! `..`, percent-encoded dots and slashes, NUL bytes and symlinks pointing out
//! of the root must never reach a file outside it.

use std::path::{Path, PathBuf};

/// Decodes `%XX` escapes; `None` if a `%` is not followed by two hex digits.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            // from_str_radix accepts a leading '+': insist on two hex digits.
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The relative path a request path names (`/a/b%20c.txt` → `a/b c.txt`), or `None`
/// if it could climb out of the root. `/` and paths ending in `/` get `index.html`.
pub fn relative_path(path: &str) -> Option<PathBuf> {
    let rest = path.strip_prefix('/')?;
    let mut out = PathBuf::new();
    // Split before decoding: a `%2f` stays inside its segment, where it is refused.
    for raw in rest.split('/').filter(|s| !s.is_empty()) {
        let segment = percent_decode(raw)?;
        if segment == b"." || segment == b".." {
            return None;
        }
        if segment.iter().any(|&b| b == b'/' || b == b'\\' || b == 0) {
            return None;
        }
        // No '/' inside, so push can only go one level down.
        out.push(String::from_utf8(segment).ok()?);
    }
    if rest.is_empty() || rest.ends_with('/') {
        out.push("index.html");
    }
    Some(out)
}

/// The real file `path` names under `root` (symlinks followed), or `None` when it
/// does not exist, is not a file, or lies outside the root.
pub fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    let relative = relative_path(path)?;
    let root = root.canonicalize().ok()?;
    // canonicalize follows symlinks, so a link out of the root shows its real target.
    let real = root.join(relative).canonicalize().ok()?;
    (real.starts_with(&root) && real.is_file()).then_some(real)
}
