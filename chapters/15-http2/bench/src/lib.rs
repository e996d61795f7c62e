//! Bench-only: `ch15-bench`, HTTP/2 against HTTP/1.1 measured on this
//! machine: h2load against `ch15-server` and nginx, the octets of a
//! long-poll cycle with and without HPACK, and SSE fan-out over one
//! connection or a hundred.
//!
//! It is a crate of its own, not a module of `ch15-http2`, so that what only
//! the measurement needs (a raw client, chapter 13's bench clients, nginx)
//! is no dependency of the HTTP/2 server. The client it brings is made of
//! the lesson's own codecs ([`ch15_http2::frame`], [`ch15_http2::hpack`]).
//!
//! | file | job |
//! |---|---|
//! | [`h2load`] | h2load run, and its figures read |
//! | [`requests`] | h2load against ch15-server and nginx: each variant, each file, the server's CPU |
//! | [`site`] | the files both servers serve, from one directory |
//! | [`nginx`] | nginx serving them over HTTP/2 (h2c and TLS) and HTTP/1.1 |
//! | [`h2client`] | a raw HTTP/2 client from chapter 15's frame and HPACK codecs, counting octets |
//! | [`http1`] | one keep-alive HTTP/1.1 connection, counting octets |
//! | [`publisher`] | events into the feed with `POST /publish`, at a rate |
//! | [`fanout`] | SSE fan-out: N streams on one HTTP/2 connection against N HTTP/1.1 connections |
//! | [`poll_cycle`] | one long-poll cycle's octets, HTTP/1.1 and HTTP/2 with and without HPACK's table |
//! | [`tables`] | each measurement run and made into its table |
//!
//! Servers run as child processes pinned to a CPU ([`ch07_bench::server`]),
//! their CPU time and memory read from `/proc` ([`ch07_bench::procfs`]).
//! Nothing here asserts on speed: it returns figures for the binary to print.

pub mod fanout;
pub mod h2client;
pub mod h2load;
pub mod http1;
pub mod nginx;
pub mod poll_cycle;
pub mod publisher;
pub mod requests;
pub mod site;
pub mod tables;
