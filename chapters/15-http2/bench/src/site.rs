//! The files both servers serve: one web root, made for the run, that
//! `ch15-server --root` and nginx's `root` both point at, so each request
//! asks both for the same bytes from the same directory.
//!
//! - `index.html`: chapter 13's showdown page (15 KB), copied;
//! - `small.json`: a feed event's JSON, the size of an answer to `/state`.

use std::path::{Path, PathBuf};

use anyhow::Context;

/// The small file's content: an event of chapter 11's shape.
pub const SMALL_JSON: &str =
    r#"{"id":1,"data":"{\"t\":\"pos\",\"x\":520.0,\"y\":300.0,\"ts\":1796000000000.000}"}"#;

/// The files, by the path a request names.
pub const FILES: [&str; 2] = ["/small.json", "/index.html"];

/// The web root; removed on drop.
pub struct Site {
    /// The directory.
    pub root: PathBuf,
}

impl Site {
    /// Makes the root in the temporary directory.
    pub fn make() -> anyhow::Result<Site> {
        let root = std::env::temp_dir().join(format!("ch15-bench-site-{}", std::process::id()));
        std::fs::create_dir_all(&root).with_context(|| format!("creating {}", root.display()))?;
        let page = ch13_showdown::service::default_root().join("index.html");
        std::fs::copy(&page, root.join("index.html"))
            .with_context(|| format!("copying {}", page.display()))?;
        std::fs::write(root.join("small.json"), SMALL_JSON)?;
        Ok(Site { root })
    }

    /// The size of the file `path` names.
    pub fn size(&self, path: &str) -> u64 {
        let file: &Path = path.trim_start_matches('/').as_ref();
        std::fs::metadata(self.root.join(file)).map_or(0, |m| m.len())
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}
