// Marks the tests that need an outside program `#[ignore]`d when it is
// missing, so the summary counts them ("N ignored", with the reason beside
// each) instead of printing `ok` for tests that did nothing. The programs
// are the independent HTTP/2 peers of `tests/interop.rs`:
//
// - `nghttp` and `h2load`, from Debian's `nghttp2-client` (`.ci/run`
//   installs it): a client that prints every frame, and a load generator;
// - `curl`, built with nghttp2, with `--http2-prior-knowledge`.
//
// Under `CI=true` nothing is ignored: a missing program fails its tests.
// Where a program is found, its path reaches the tests as the environment
// variable `CH15_<NAME>` (read with `option_env!`). The same approach as
// chapter 14's `build.rs`.

use std::path::PathBuf;

const TOOLS: [&str; 3] = ["nghttp", "h2load", "curl"];

/// Where to look: the PATH, then the usual system directories.
fn candidates(tool: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| {
            std::env::split_paths(&p)
                .filter(|d| d.is_absolute())
                .collect()
        })
        .unwrap_or_default();
    for d in ["/usr/bin", "/usr/local/bin"] {
        dirs.push(PathBuf::from(d));
    }
    dirs.into_iter().map(|d| d.join(tool)).collect()
}

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=PATH");
    println!("cargo::rerun-if-env-changed=CI");
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    for tool in TOOLS {
        println!("cargo::rustc-check-cfg=cfg(no_{tool})");
        let places = candidates(tool);
        match places.iter().find(|p| p.is_file()) {
            Some(found) => {
                println!(
                    "cargo::rustc-env=CH15_{}={}",
                    tool.to_uppercase(),
                    found.display()
                );
                println!("cargo::rerun-if-changed={}", found.display());
            }
            None => {
                if !ci {
                    println!("cargo::rustc-cfg=no_{tool}");
                }
                // Notice an install: the directory changes when an entry is added.
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
