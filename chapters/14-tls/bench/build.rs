// The outside programs this bench needs (openssl makes the certificates, nginx
// is the comparison) are found by chapter 14's own build script, included here
// whole: the same `no_openssl` / `no_nginx` cfgs for the smoke test, the same
// `CH14_NGINX` path (Debian puts nginx in /usr/sbin) for the binary.
include!("../build.rs");
