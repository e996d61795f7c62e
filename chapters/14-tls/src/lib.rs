//! Chapter 14: TLS on the loop. `https://` and `wss://` for chapter 13's
//! showdown, with rustls driven sans-I/O through chapter 7's transport seam.
//!
//! | idea | file |
//! |---|---|
//! | the TLS transport: ciphertext in and out, plaintext to the same code | [`tls`] |
//! | certificates and key from PEM, the crypto provider, ALPN | [`config`] |
//! | TLS records as `--trace` shows them (type, length, handshake message) | [`records`] |
//! | earlier servers over TLS, unchanged: the showdown and chapter 10's echo and chat | [`server`] |
//! | test support: a local CA, a certificate, a client that trusts them | [`testing`] |
#![warn(missing_docs)]

pub mod config;
pub mod records;
pub mod server;
pub mod testing;
pub mod tls;

pub use config::{ALPN_H2, ALPN_HTTP1, TlsConfigError, server_config, server_config_offering};
pub use tls::Tls;
