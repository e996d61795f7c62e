// The outside programs this bench needs (h2load, and nghttp and curl, which
// it does not use) are found by chapter 15's own build script, included here
// whole: the same `no_h2load` cfg for the smoke test, the same `CH15_H2LOAD`
// path for the binary. nginx is found by chapter 14's bench (`CH14_NGINX`).
include!("../build.rs");
