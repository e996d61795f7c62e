//! Bench-only: `ch14-bench`, what TLS costs our servers, measured on this
//! machine against the same servers over plain TCP and against nginx
//! terminating TLS in front of them.
//!
//! It is a crate of its own, not a module of `ch14-tls`, so that what only the
//! measurement needs (rustls clients, chapter 10's load client, a counting
//! allocator, nginx) is no dependency of the TLS server. What it shares with
//! the lesson stays there: the TLS transport itself ([`ch14_tls::Tls`], whose
//! client side the load client uses), the test CA ([`ch14_tls::testing::Pki`])
//! and the record finder ([`ch14_tls::records`]).
//!
//! | file | job |
//! |---|---|
//! | [`client`] | rustls clients (one TLS version, full or resumed), a socket that counts ciphertext and flights |
//! | [`handshake`] | a new connection's cost: CPU on both sides, round trips, time to the first byte |
//! | [`overhead`] | one WebSocket message and one SSE event taken apart, layer by layer, bytes counted below rustls |
//! | [`echo`] | chapter 10's echo over ws and wss under the same load |
//! | [`idle`] | resident memory per idle connection |
//! | [`alloc`], [`memory`] | a counting allocator, and what it sees an idle connection hold, by block size |
//! | [`nginx`] | nginx terminating TLS with the same certificate |
//! | [`tables`] | each measurement run and made into its table |
//! | [`report`] | the tables, as text and Markdown |
//!
//! Servers run as child processes pinned to a CPU ([`ch07_bench::server`]),
//! their CPU time read from `/proc` ([`ch07_bench::procfs`]). Nothing here
//! asserts on speed: it returns figures for the binary to print.

pub mod alloc;
pub mod client;
pub mod echo;
pub mod handshake;
pub mod idle;
pub mod memory;
pub mod nginx;
pub mod overhead;
pub mod report;
pub mod tables;
