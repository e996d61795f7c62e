//! The server's TLS settings: its certificate chain and key from PEM files,
//! the crypto provider, and the application protocols it offers (ALPN).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// HTTP/1.1's name in ALPN (RFC 7301's registry): what chapters 13 and 14
/// speak over TLS.
pub const ALPN_HTTP1: &[u8] = b"http/1.1";

/// HTTP/2's name in ALPN (RFC 9113 §3.2): chapter 15 offers it first.
pub const ALPN_H2: &[u8] = b"h2";

/// What went wrong setting TLS up.
#[derive(Debug)]
pub enum TlsConfigError {
    /// A certificate file could not be read or holds no PEM certificate.
    Certificates(PathBuf, String),
    /// The key file could not be read or holds no PEM private key.
    Key(PathBuf, String),
    /// rustls refused the pair (say, a key that does not match the certificate).
    Rustls(rustls::Error),
}

impl fmt::Display for TlsConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TlsConfigError::Certificates(p, why) => {
                write!(f, "certificates from {}: {why}", p.display())
            }
            TlsConfigError::Key(p, why) => write!(f, "private key from {}: {why}", p.display()),
            TlsConfigError::Rustls(e) => write!(f, "TLS configuration: {e}"),
        }
    }
}

impl std::error::Error for TlsConfigError {}

// ANCHOR: server_config
/// A rustls server configuration from a PEM certificate chain (the server's
/// certificate first, then any intermediates) and its PEM private key.
///
/// The crypto provider is *ring*, named here rather than left to a process
/// default; TLS 1.3 and 1.2 with rustls' safe defaults; no client
/// certificates; ALPN offering `http/1.1` only.
pub fn server_config(cert: &Path, key: &Path) -> Result<Arc<ServerConfig>, TlsConfigError> {
    server_config_offering(cert, key, &[ALPN_HTTP1])
}

/// As [`server_config`], offering the application protocols `alpn` in our
/// order of preference; the server picks the first of ours that the client
/// also offers (RFC 7301 §3.2). A client that offers none of them gets no
/// ALPN answer and is assumed to speak HTTP/1.1.
pub fn server_config_offering(
    cert: &Path,
    key: &Path,
    alpn: &[&[u8]],
) -> Result<Arc<ServerConfig>, TlsConfigError> {
    let certs = CertificateDer::pem_file_iter(cert)
        .and_then(|it| it.collect::<Result<Vec<_>, _>>())
        .map_err(|e| TlsConfigError::Certificates(cert.into(), e.to_string()))?;
    if certs.is_empty() {
        return Err(TlsConfigError::Certificates(
            cert.into(),
            "no CERTIFICATE block".into(),
        ));
    }
    let key_der = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| TlsConfigError::Key(key.into(), e.to_string()))?;
    // rustls 0.23.48 marks *ring*'s provider deprecated: it has no
    // post-quantum key exchange (X25519MLKEM768), which aws-lc-rs offers. We
    // keep ring on purpose (it builds in seconds with a C compiler; aws-lc-rs
    // needs cmake and minutes): classical X25519 is what this loopback lesson
    // needs. A server on the internet should take aws-lc-rs.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(TlsConfigError::Rustls)?
        .with_no_client_auth()
        .with_single_cert(certs, key_der)
        .map_err(TlsConfigError::Rustls)?;
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    // Session resumption works as rustls sets it up: no ticket key
    // (`ticketer`), but an in-memory cache of 256 sessions
    // (`session_storage`), whose ids TLS 1.3 sends as its two tickets
    // (`send_tls13_tickets`), each good for one resumption, and TLS 1.2 as the
    // session id. Enough for a demo; a server with thousands of clients that
    // reconnect would give it a `Ticketer` or a bigger cache (see the
    // chapter's measurements).
    Ok(Arc::new(config))
}
// ANCHOR_END: server_config
