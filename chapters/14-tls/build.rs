//! Marks the tests that need the `openssl` command (to make a CA and a server
//! certificate at test time) or `curl` `#[ignore]`d when either is missing,
//! so that the summary counts them ("N ignored", with the reason beside each)
//! instead of printing `ok` for tests that did nothing. Under `CI=true` they
//! are never ignored: a missing tool fails them there (`.ci/run` installs curl;
//! openssl comes with Debian's base system).

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| dir.is_absolute() && dir.join(tool).is_file())
    })
}

fn main() {
    println!("cargo::rustc-check-cfg=cfg(no_openssl)");
    println!("cargo::rustc-check-cfg=cfg(no_curl)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=PATH");
    println!("cargo::rerun-if-env-changed=CI");
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    if !ci && !on_path("openssl") {
        println!("cargo::rustc-cfg=no_openssl");
    }
    if !ci && !on_path("curl") {
        println!("cargo::rustc-cfg=no_curl");
    }
}
