//! Static files from the web root, with a `Content-Type` chosen by extension.
//!
//! Browsers need the type: a script served as `text/plain` will not run, and
//! `X-Content-Type-Options: nosniff` tells them not to guess from the bytes.

use std::path::Path;

use crate::response::Response;
use crate::safe_path::resolve;

/// Files bigger than this are refused with 500 rather than read into memory:
/// this chapter sends a file as one `Body::Bytes`.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The media type for a file name, by its extension (RFC 9110 §8.3).
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("ico") => "image/x-icon",
        Some("wasm") => "application/wasm",
        _ => "application/octet-stream",
    }
}

// ANCHOR: serve_file
/// Answers `GET`/`HEAD` for `path` (the request path, still percent-encoded)
/// with the file it names under `root`, or with the error status that fits.
pub fn serve_file(root: &Path, path: &str) -> Response {
    let file = match resolve(root, path) {
        Ok(file) => file,
        Err(e) => return Response::error(e.status(), &e.to_string()),
    };
    match std::fs::metadata(&file) {
        Ok(meta) if meta.len() > MAX_FILE_BYTES => {
            return Response::error(500, "file too large for this server");
        }
        Ok(_) => {}
        Err(_) => return Response::error(404, ""),
    }
    match std::fs::read(&file) {
        Ok(bytes) => Response::new(200, content_type(&file), bytes)
            .with_header("X-Content-Type-Options", "nosniff")
            // Short polling is about fresh data: do not let caches hide changes to pages.
            .with_header("Cache-Control", "no-cache"),
        Err(e) => Response::error(500, &format!("cannot read the file: {e}")),
    }
}
// ANCHOR_END: serve_file

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types() {
        assert_eq!(
            content_type(Path::new("a/index.HTML")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("x.js")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("noext")), "application/octet-stream");
    }
}
