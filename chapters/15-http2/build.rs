//! Marks the tests that need an outside program `#[ignore]`d when it is
//! missing, so the summary counts them ("N ignored", with the reason beside
//! each) instead of printing `ok` for tests that did nothing. The programs
//! are the independent HTTP/2 peers of `tests/interop.rs`:
//!
//! - `nghttp` and `h2load`, from Debian's `nghttp2-client` (`.ci/run`
//!   installs it): a client that prints every frame, and a load generator;
//! - `curl`, built with nghttp2, with `--http2-prior-knowledge`.
//!
//! The lookup is `tests/src/tool_lookup.rs`, shared with chapter 14; paths
//! reach the tests as `CH15_<NAME>`.

#[path = "../../tests/src/tool_lookup.rs"]
mod tool_lookup;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=../../tests/src/tool_lookup.rs");
    tool_lookup::emit("CH15", &["nghttp", "h2load", "curl"]);
}
