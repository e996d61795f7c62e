// Marks the tests that need an outside program `#[ignore]`d when it is
// missing, so that the summary counts them ("N ignored", with the reason
// beside each) instead of printing `ok` for tests that did nothing:
//
// - `openssl` makes a CA and a server certificate at test time;
// - `curl` is a real HTTPS client;
// - `nginx`, `haproxy` and `squid` are the proxies the experiments put in
//   front of our servers (Debian's packages; `.ci/run` installs them).
//
// Under `CI=true` nothing is ignored: a missing program fails its tests.
// Where a program is found, its path reaches the tests as the environment
// variable `CH14_<NAME>` (read with `option_env!`), because Debian puts the
// daemons in `/usr/sbin`, which is not on every user's PATH.
//
// Plain comments, not `//!`: chapter 14's bench includes this file in its own
// build script (`include!`), where inner doc comments are not allowed.

use std::path::PathBuf;

const TOOLS: [&str; 5] = ["openssl", "curl", "nginx", "haproxy", "squid"];

/// Where to look: the PATH, then the system directories daemons live in.
fn candidates(tool: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| {
            std::env::split_paths(&p)
                .filter(|d| d.is_absolute())
                .collect()
        })
        .unwrap_or_default();
    for d in ["/usr/sbin", "/sbin", "/usr/bin", "/usr/local/sbin"] {
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
                    "cargo::rustc-env=CH14_{}={}",
                    tool.to_uppercase(),
                    found.display()
                );
                println!("cargo::rerun-if-changed={}", found.display());
            }
            None => {
                if !ci {
                    println!("cargo::rustc-cfg=no_{tool}");
                }
                // Notice an install: a package's files keep their old mtime,
                // but the directory's changes when an entry is added.
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
