//! The outside programs this bench needs (openssl makes the certificates,
//! nginx is the comparison), found as chapter 14's tests find them: the same
//! `no_openssl` / `no_nginx` cfgs for the smoke test, the same `CH14_NGINX`
//! path (Debian puts nginx in /usr/sbin) for the binary.

#[path = "../../../tests/src/tool_lookup.rs"]
mod tool_lookup;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=../../../tests/src/tool_lookup.rs");
    tool_lookup::emit("CH14", &["openssl", "curl", "nginx", "haproxy", "squid"]);
}
