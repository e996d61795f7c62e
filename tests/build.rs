//! Marks the browser tests `#[ignore]`d when there is no browser, so that a
//! run without one says so in its summary ("1 ignored", and "ignored, chromium
//! not found" beside each test) instead of printing `ok` for tests that did
//! nothing. Under `CI=true` they are never ignored: a missing browser fails
//! them there.
//!
//! libtest cannot ignore a test at run time, so the decision is made here, at
//! build time, and each browser test carries
//! `#[cfg_attr(no_chromium, ignore = "…")]`. The script reruns when `CHROMIUM`,
//! `PATH` or `CI` change, when the browser it found is removed, and, while it
//! finds none, on every build (it watches the files that do not exist yet, and
//! their directories), so that installing a browser is noticed.

#[path = "src/chromium_lookup.rs"]
mod chromium_lookup;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(no_chromium)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/chromium_lookup.rs");
    for var in ["CHROMIUM", "PATH", "CI"] {
        println!("cargo::rerun-if-env-changed={var}");
    }
    let chromium = std::env::var_os("CHROMIUM");
    let path = std::env::var_os("PATH");
    if let Some(found) = chromium_lookup::find(chromium.as_deref(), path.as_deref()) {
        println!("cargo::rerun-if-changed={}", found.display());
        return;
    }
    if !chromium_lookup::ci(std::env::var_os("CI").as_deref()) {
        println!("cargo::rustc-cfg=no_chromium");
    }
    let watched = match chromium {
        Some(p) => vec![std::path::PathBuf::from(p)],
        None => chromium_lookup::candidates(path.as_deref()),
    };
    for file in watched {
        println!("cargo::rerun-if-changed={}", file.display());
        // A package manager installs files with the package's old mtime, which
        // cargo would take for "unchanged"; the directory's mtime is the time
        // the entry was added. Relative PATH entries are skipped: cargo would
        // read them from this package's directory and scan all of it.
        if let Some(dir) = file.parent().filter(|d| d.is_absolute() && d.is_dir()) {
            println!("cargo::rerun-if-changed={}", dir.display());
        }
    }
}
