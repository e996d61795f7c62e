//! Exercise: find the server name in a ClientHello, without any keys.
//!
//! The ClientHello is sent in the clear (RFC 8446 §4.1.2), and its
//! server_name extension (RFC 6066 §3) says which host the client dialled.
//! That is how one IP address serves many certificates, and how haproxy
//! (`req.ssl_sni`) or nginx (`ssl_preread`) route TLS they never decrypt.
//!
//! ```text
//!  record:     type 22 | version (2) | length (2)
//!  handshake:  type 1 (ClientHello) | length (3)
//!  hello:      legacy_version (2) | random (32)
//!              | session_id: len (1) + bytes | cipher_suites: len (2) + bytes
//!              | compression_methods: len (1) + bytes
//!              | extensions: len (2) + { type (2) | len (2) | data }*
//!  server_name (type 0): list len (2) + { name_type (1, 0 = host_name) | len (2) | name }
//! ```
//!
//! Every length comes from the peer: check each one against what is really
//! there, and never index past the end.

/// Why no name could be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SniError {
    /// The bytes end before a length says they should.
    Truncated,
    /// Not a handshake record holding a ClientHello.
    NotClientHello,
    /// The host name is not ASCII (RFC 6066 §3: a DNS name, no trailing dot).
    BadName,
}

/// The host name in the server_name extension of the ClientHello that
/// starts `record` (one whole record, header included). `Ok(None)` when the
/// hello has no such extension: clients that dial an IP address send none.
pub fn server_name(record: &[u8]) -> Result<Option<String>, SniError> {
    // TODO: a small cursor (take(n) -> Result<&[u8], SniError>) makes every
    // step safe; skip what you don't need, stop at extension type 0.
    let _ = record;
    todo!("server_name: walk record, handshake and hello headers to the server_name extension")
}
