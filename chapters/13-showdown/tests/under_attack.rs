//! A peer that attacks on purpose, against `ch13-server`: pipelining without ever
//! reading, readers of a big file that stop reading, a chunk size over the
//! body limit. The checks are chapter 6's (`chapters/06-http-server/src/testing.rs`),
//! the same for every HTTP server in the book: this one runs chapter 7's loop
//! and `HttpSide`.

ch06_http_server::loop_server_attack_tests!("ch13-server");
