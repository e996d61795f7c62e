//! Static files from the web root, with a `Content-Type` chosen by extension.
//!
//! Browsers need the type: a script served as `text/plain` will not run, and
//! `X-Content-Type-Options: nosniff` tells them not to guess from the bytes.

use std::fs::File;
use std::path::Path;

use crate::response::Response;
use crate::safe_path::resolve;

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
///
/// The file is opened here and read later, a piece at a time, as the response
/// is sent ([`Body::File`](crate::response::Body::File)): memory per response
/// stays at one piece however big the file is, so there is no size limit to
/// keep. Its length comes from the open handle, not the path, so it is the
/// length of the very file we will read (the path may be renamed over meanwhile).
pub fn serve_file(root: &Path, path: &str) -> Response {
    let name = match resolve(root, path) {
        Ok(name) => name,
        Err(e) => return Response::error(e.status(), &e.to_string()),
    };
    let Ok(file) = File::open(&name) else {
        return Response::error(404, "");
    };
    let len = match file.metadata() {
        Ok(meta) if meta.is_file() => meta.len(),
        Ok(_) => return Response::error(404, ""),
        Err(e) => return Response::error(500, &format!("cannot read the file: {e}")),
    };
    Response::file(200, content_type(&name), file, len)
        .with_header("X-Content-Type-Options", "nosniff")
        // Short polling is about fresh data: do not let caches hide changes to pages.
        .with_header("Cache-Control", "no-cache")
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

    #[test]
    fn a_file_is_opened_not_read() {
        use crate::response::Body;
        let root = std::env::temp_dir().join(format!("ch06-static-{}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("a.txt"), b"hello").unwrap();
        let r = serve_file(&root, "/a.txt");
        let _ = std::fs::remove_dir_all(&root);
        assert_eq!(r.status, 200);
        assert!(matches!(r.body, Body::File { len: 5, .. }), "{:?}", r.body);
    }
}
