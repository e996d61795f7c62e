//! The outside programs this bench needs (h2load; nghttp and curl come
//! along), found as chapter 15's tests find them (`tests/src/tool_lookup.rs`):
//! the same `no_h2load` cfg for the smoke test, the same `CH15_H2LOAD` path
//! for the binary. nginx is found by chapter 14's bench (`CH14_NGINX`).

#[path = "../../../tests/src/tool_lookup.rs"]
mod tool_lookup;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=../../../tests/src/tool_lookup.rs");
    tool_lookup::emit("CH15", &["nghttp", "h2load", "curl"]);
}
