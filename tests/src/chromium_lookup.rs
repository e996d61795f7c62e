//! Finding the browser, shared by the build script (which marks the browser
//! tests ignored when there is none) and by the tests themselves.
//!
//! `build.rs` includes this file with `#[path]`, so it uses std only.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The names tried in every directory of `PATH`, in order.
pub const NAMES: &[&str] = &["chromium", "chromium-browser", "google-chrome"];

/// Whether `CI` says we run under CI, where browser tests must run, not skip.
pub fn ci(value: Option<&OsStr>) -> bool {
    value.is_some_and(|v| v == "true" || v == "1")
}

/// The browser named by `chromium` (the value of `$CHROMIUM`) if set, or else
/// the first of [`NAMES`] found in `path` (the value of `$PATH`). A `$CHROMIUM`
/// that names no file means "no browser": `CHROMIUM=/nonexistent` is how to
/// see the skip on a machine that has one.
pub fn find(chromium: Option<&OsStr>, path: Option<&OsStr>) -> Option<PathBuf> {
    if let Some(p) = chromium {
        let p = Path::new(p);
        return p.is_file().then(|| p.to_path_buf());
    }
    candidates(path).into_iter().find(|c| c.is_file())
}

/// Every file [`find`] looks at in `path`, found or not (the build script
/// watches them all, so that installing a browser is noticed).
pub fn candidates(path: Option<&OsStr>) -> Vec<PathBuf> {
    let Some(path) = path else { return Vec::new() };
    std::env::split_paths(path)
        .flat_map(|dir| NAMES.iter().map(move |name| dir.join(name)))
        .collect()
}
