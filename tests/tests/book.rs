//! The book cannot drift from the code: every `{{#include path:anchor}}` must
//! resolve to a file and an anchor that exist, and every chapter crate must have
//! a page in SUMMARY.md. (`mdbook build` would only warn about a missing anchor.)

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(root().join("book/src"))
        .expect("book/src exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    pages
}

/// Every `{{#include …}}` and `{{#rustdoc_include …}}` argument in a page.
fn includes(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{#") {
        let after = &rest[start + 3..];
        let end = after.find("}}").expect("an unclosed {{# in the book");
        let directive = after[..end].trim();
        if let Some(arg) = directive
            .strip_prefix("include ")
            .or_else(|| directive.strip_prefix("rustdoc_include "))
        {
            out.push(arg.trim().to_string());
        }
        rest = &after[end..];
    }
    out
}

/// Checks one include argument (`../../chapters/x/src/a.rs:anchor` or `path:3:9`).
fn check_include(page: &Path, arg: &str) -> Result<(), String> {
    let mut parts = arg.splitn(2, ':');
    let path = parts.next().unwrap();
    let selector = parts.next();
    let file = page.parent().unwrap().join(path);
    let text = std::fs::read_to_string(&file)
        .map_err(|e| format!("{}: cannot read {path}: {e}", page.display()))?;
    match selector {
        None => Ok(()),
        Some(sel) if sel.chars().next().is_some_and(|c| c.is_ascii_digit()) => {
            // A line range: lines must exist.
            let first: usize = sel.split(':').next().unwrap().parse().unwrap_or(0);
            if first <= text.lines().count() {
                Ok(())
            } else {
                Err(format!(
                    "{}: {arg}: the file has fewer lines",
                    page.display()
                ))
            }
        }
        Some(anchor) => {
            let has = |marker: &str| {
                text.lines().any(|l| {
                    l.split_once(marker).is_some_and(|(_, name)| {
                        name.trim().trim_end_matches("*/").trim() == anchor
                    })
                })
            };
            if has("ANCHOR:") && has("ANCHOR_END:") {
                Ok(())
            } else {
                Err(format!(
                    "{}: {arg}: anchor {anchor:?} not found in {path}",
                    page.display()
                ))
            }
        }
    }
}

#[test]
fn every_include_resolves() {
    let mut errors = Vec::new();
    let mut count = 0;
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        for arg in includes(&text) {
            count += 1;
            if let Err(e) = check_include(&page, &arg) {
                errors.push(e);
            }
        }
    }
    assert!(
        errors.is_empty(),
        "broken includes in the book:\n{}",
        errors.join("\n")
    );
    assert!(count > 0, "the book includes no code at all");
}

#[test]
fn every_chapter_has_a_page() {
    let summary = std::fs::read_to_string(root().join("book/src/SUMMARY.md")).unwrap();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(root().join("chapters")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let page = format!("({name}.md)");
        if !summary.contains(&page) || !root().join("book/src").join(format!("{name}.md")).exists()
        {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "chapters without a page in SUMMARY.md: {missing:?}"
    );
}

#[test]
fn the_checker_catches_broken_includes() {
    // The checks above must be able to fail: feed them a page with bad includes.
    let page = root().join("book/src/SUMMARY.md");
    assert!(check_include(&page, "../../Cargo.toml").is_ok());
    assert!(check_include(&page, "../../no-such-file.rs").is_err());
    assert!(check_include(&page, "../../Cargo.toml:no_such_anchor").is_err());
    assert_eq!(
        includes("a {{#include x.rs:y}} b {{#title t}} {{#rustdoc_include z.rs}}"),
        vec!["x.rs:y".to_string(), "z.rs".to_string()]
    );
}
