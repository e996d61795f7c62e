//! Support for chapter 14's tests, its bench and the browser tests: a local
//! CA and a server certificate made with the `openssl` command in a temporary
//! directory, and a small blocking rustls client that trusts that CA.
//!
//! Real deployments get certificates from a CA the browsers trust (ACME, Let's
//! Encrypt); a test makes its own CA, so that nothing leaves the machine.
//!
//! [`ws`] is a WebSocket client for tests over any stream: TCP, TLS, a
//! tunnel through a proxy.

pub mod ws;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::client::Resumption;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{
    ClientConfig, ClientConnection, RootCertStore, StreamOwned, SupportedProtocolVersion,
};

/// How long any one step may take.
pub const T: Duration = Duration::from_secs(10);

/// The `openssl` command: where `build.rs` found it, else the PATH's.
const OPENSSL: &str = match option_env!("CH14_OPENSSL") {
    Some(p) => p,
    None => "openssl",
};

/// The PATH with `build.rs`'s openssl directory first (for a shell pipeline).
fn openssl_path() -> String {
    let dir = std::path::Path::new(OPENSSL)
        .parent()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    format!("{dir}:{}", std::env::var("PATH").unwrap_or_default())
}

/// A CA and a certificate for `127.0.0.1` and `localhost` signed by it,
/// removed with the directory when dropped.
pub struct Pki {
    /// The temporary directory holding every file below.
    pub dir: PathBuf,
    /// The CA's certificate: what a client trusts (`curl --cacert`).
    pub ca: PathBuf,
    /// The server's certificate and key (`--cert`, `--key`).
    pub cert: PathBuf,
    /// The server's private key.
    pub key: PathBuf,
}

fn openssl(dir: &PathBuf, args: &[&str]) {
    let out = Command::new(OPENSSL)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("running openssl (cfg(no_openssl) should have ignored this test)");
    assert!(
        out.status.success(),
        "openssl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl Pki {
    /// Makes the CA (self-signed, P-256) and the server's certificate, whose
    /// subjectAltName lists IP 127.0.0.1 and DNS localhost: clients check the
    /// name they dialled against the SAN, not the CN (RFC 6125 §6.4.4).
    pub fn make() -> Pki {
        let dir = ch01_tcp::testing::fresh_dir("ch14-pki").expect("a temporary directory");
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];
        let mut ca = vec!["req", "-x509", "-nodes", "-days", "2"];
        ca.extend(ec);
        ca.extend([
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-subj",
            "/CN=ch14 test CA",
        ]);
        openssl(&dir, &ca);
        let mut csr = vec!["req", "-nodes"];
        csr.extend(ec);
        csr.extend([
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=localhost",
        ]);
        openssl(&dir, &csr);
        std::fs::write(
            dir.join("ext.cnf"),
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
        )
        .unwrap();
        openssl(
            &dir,
            &[
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                "ext.cnf",
                "-out",
                "server.pem",
            ],
        );
        Pki {
            ca: dir.join("ca.pem"),
            cert: dir.join("server.pem"),
            key: dir.join("server.key"),
            dir,
        }
    }

    /// The base64 SHA-256 of the server certificate's public key (its
    /// SubjectPublicKeyInfo), as Chromium's `--ignore-certificate-errors-spki-list`
    /// and HTTP public-key pinning name a key.
    pub fn spki_sha256(&self) -> String {
        let script = "openssl x509 -in server.pem -pubkey -noout \
            | openssl pkey -pubin -outform der \
            | openssl dgst -sha256 -binary | openssl base64 -A";
        let out = Command::new("sh")
            .args(["-c", script])
            .current_dir(&self.dir)
            .env("PATH", openssl_path())
            .output()
            .expect("running openssl through sh");
        let hash = String::from_utf8_lossy(&out.stdout).trim().to_string();
        assert!(
            out.status.success() && hash.len() == 44,
            "hashing the key: {hash:?} {}",
            String::from_utf8_lossy(&out.stderr)
        );
        hash
    }

    /// A rustls client configuration trusting only this CA, offering `http/1.1`.
    pub fn client_config(&self) -> Arc<ClientConfig> {
        #[allow(deprecated)] // ring: see the chapter's config.rs
        let provider = rustls::crypto::ring::default_provider();
        self.client_config_with(provider, rustls::DEFAULT_VERSIONS, Resumption::default())
    }

    /// The same with each choice made by the caller: the crypto `provider`
    /// (its cipher suites, and its key exchange groups in order of
    /// preference: the first one gets a key share in the ClientHello), the
    /// `versions` to speak (say `&[&rustls::version::TLS12]`), and
    /// `resumption`: rustls' default keeps tickets and session ids in
    /// memory, `Resumption::disabled()` makes every handshake a full one.
    pub fn client_config_with(
        &self,
        provider: CryptoProvider,
        versions: &[&'static SupportedProtocolVersion],
        resumption: Resumption,
    ) -> Arc<ClientConfig> {
        let mut roots = RootCertStore::empty();
        for c in CertificateDer::pem_file_iter(&self.ca).unwrap() {
            roots.add(c.unwrap()).unwrap();
        }
        let mut config = ClientConfig::builder_with_provider(Arc::new(provider))
            .with_protocol_versions(versions)
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        config.resumption = resumption;
        Arc::new(config)
    }

    /// A TLS connection to `addr`, the handshake done, naming `name` (SNI).
    pub fn connect(&self, addr: &str, name: &str) -> StreamOwned<ClientConnection, TcpStream> {
        let sock = TcpStream::connect(addr).expect("connecting");
        sock.set_read_timeout(Some(T))
            .expect("setting a read timeout");
        self.handshake_over(sock, name).expect("TLS handshake")
    }

    /// TLS over a connection already open (to a proxy that relays it, or
    /// through a tunnel), naming `name` (SNI; an IP address sends none).
    pub fn handshake_over(
        &self,
        sock: TcpStream,
        name: &str,
    ) -> std::io::Result<StreamOwned<ClientConnection, TcpStream>> {
        let name = ServerName::try_from(name.to_string()).expect("a DNS name or an IP address");
        let conn = ClientConnection::new(self.client_config(), name).expect("a client session");
        let mut tls = StreamOwned::new(conn, sock);
        while tls.conn.is_handshaking() {
            tls.conn.complete_io(&mut tls.sock)?;
        }
        Ok(tls)
    }

    /// One HTTPS request with `Connection: close`; the whole answer as text.
    pub fn request(&self, addr: &str, method: &str, path: &str, body: &str) -> String {
        let mut tls = self.connect(addr, "localhost");
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        tls.write_all(req.as_bytes()).unwrap();
        let mut out = Vec::new();
        read_to_close(&mut tls, &mut out);
        String::from_utf8_lossy(&out).into_owned()
    }
}

impl Drop for Pki {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Reads until the peer's close_notify (or its FIN) or [`T`].
pub fn read_to_close(r: &mut impl Read, out: &mut Vec<u8>) {
    let deadline = Instant::now() + T;
    let mut buf = [0; 4096];
    while Instant::now() < deadline {
        match r.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => panic!("reading: {e} (after {} bytes)", out.len()),
        }
    }
    panic!("no close within {T:?}");
}

/// Reads until `out` contains `needle`, within [`T`].
pub fn read_until(r: &mut impl Read, out: &mut Vec<u8>, needle: &str) {
    let deadline = Instant::now() + T;
    let mut buf = [0; 4096];
    while !String::from_utf8_lossy(out).contains(needle) {
        assert!(
            Instant::now() < deadline,
            "no {needle:?} within {T:?}: {}",
            String::from_utf8_lossy(out)
        );
        match r.read(&mut buf) {
            Ok(0) => panic!("closed before {needle:?}: {}", String::from_utf8_lossy(out)),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) => panic!("reading for {needle:?}: {e}"),
        }
    }
}
