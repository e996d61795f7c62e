//! Finds the outside programs a package's tests need (openssl, curl, nginx,
//! haproxy, squid, nghttp, h2load, …), for that package's `build.rs`, which
//! includes this file with `#[path]`: a build script cannot depend on a
//! workspace crate, and every such script needs the same three things.
//!
//! For each tool it prints, for cargo:
//! - `cfg(no_TOOL)` when the tool is missing and we are not under `CI=true`:
//!   the tests carry `#[cfg_attr(no_TOOL, ignore = "…")]`, so a run without
//!   the tool counts them as ignored instead of printing `ok` for tests that
//!   did nothing; under CI a missing tool fails its tests;
//! - `PREFIX_TOOL=/path` (an environment variable the tests read with
//!   `option_env!`) when it is found: Debian puts daemons in `/usr/sbin`,
//!   which is not on every user's PATH;
//! - what to watch, so that installing the tool is noticed (a package's
//!   files keep their old mtime, but a directory's changes when an entry is
//!   added).
//!
//! (The browser is found by [`chromium_lookup`](crate::chromium_lookup),
//! which also honours `$CHROMIUM`.)

use std::path::PathBuf;

/// Where to look for `tool`: the PATH, then the system directories.
pub fn candidates(tool: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| {
            std::env::split_paths(&p)
                .filter(|d| d.is_absolute())
                .collect()
        })
        .unwrap_or_default();
    for d in [
        "/usr/sbin",
        "/sbin",
        "/usr/bin",
        "/usr/local/sbin",
        "/usr/local/bin",
    ] {
        dirs.push(PathBuf::from(d));
    }
    dirs.into_iter().map(|d| d.join(tool)).collect()
}

/// Prints cargo's instructions for every tool in `tools`, naming their
/// paths `{prefix}_{TOOL}`.
pub fn emit(prefix: &str, tools: &[&str]) {
    println!("cargo::rerun-if-env-changed=PATH");
    println!("cargo::rerun-if-env-changed=CI");
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    for tool in tools {
        let cfg = tool.replace('-', "_");
        println!("cargo::rustc-check-cfg=cfg(no_{cfg})");
        let places = candidates(tool);
        match places.iter().find(|p| p.is_file()) {
            Some(found) => {
                let var = cfg.to_uppercase();
                println!("cargo::rustc-env={prefix}_{var}={}", found.display());
                println!("cargo::rerun-if-changed={}", found.display());
            }
            None => {
                if !ci {
                    println!("cargo::rustc-cfg=no_{cfg}");
                }
                for dir in places
                    .iter()
                    .filter_map(|p| p.parent())
                    .filter(|d| d.is_dir())
                {
                    println!("cargo::rerun-if-changed={}", dir.display());
                }
            }
        }
    }
}
