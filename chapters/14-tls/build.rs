//! Marks the tests that need an outside program `#[ignore]`d when it is
//! missing (see `tests/src/tool_lookup.rs`, shared with chapter 15):
//!
//! - `openssl` makes a CA and a server certificate at test time;
//! - `curl` is a real HTTPS client;
//! - `nginx`, `haproxy` and `squid` are the proxies the experiments put in
//!   front of our servers (Debian's packages; `.ci/run` installs them).
//!
//! Their paths reach the tests as `CH14_<NAME>`.

#[path = "../../tests/src/tool_lookup.rs"]
mod tool_lookup;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=../../tests/src/tool_lookup.rs");
    tool_lookup::emit("CH14", &["openssl", "curl", "nginx", "haproxy", "squid"]);
}
