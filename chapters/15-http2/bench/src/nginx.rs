//! nginx serving the bench's files over HTTP/2 and HTTP/1.1: Debian's
//! nginx (1.22 here), one process pinned like our servers, run by chapter
//! 14's bench ([`NginxProc`]: its own directory, logs and temporary files).
//!
//! nginx 1.22 speaks HTTP/2 on a `listen … http2` socket. In the clear that
//! socket speaks h2c with prior knowledge and nothing else (no HTTP/1.1, no
//! `Upgrade: h2c`), so HTTP/1.1 gets a socket of its own; over TLS, ALPN
//! picks `h2` or `http/1.1` on one socket (nginx's ngx_http_v2_module
//! documentation). Ours serves both on each of its sockets (the first
//! bytes, or ALPN, decide).
//!
//! Beyond nginx's defaults:
//!
//! - `keepalive_requests 1000000`: since 1.19.7 it also caps the requests
//!   on one HTTP/2 connection (`http2_max_requests` before), 1,000 by
//!   default, after which nginx sends GOAWAY; h2load does not reconnect, so
//!   the rest of its requests would fail (ngx_http_core_module, ngx_http_v2_module);
//! - the two types the files need, in place of `mime.types`.
//!
//! Nothing else: `sendfile` in particular stays off, nginx's own default.
//! Debian's `/etc/nginx/nginx.conf` turns it on (with `tcp_nopush`), but for
//! these small files over loopback it made nginx slower in a trial (h2c:
//! about 50,000 requests/s against 68,000; HTTP/1.1: 69,000 against 78,000),
//! so the comparison keeps nginx at its fastest.

use std::net::SocketAddr;
use std::path::Path;

use ch14_bench::nginx::{NginxProc, free_addr};
use ch14_tls::testing::Pki;

/// A running nginx; stopped on drop.
pub struct NginxFiles {
    process: NginxProc,
    /// h2c with prior knowledge.
    pub h2c: SocketAddr,
    /// HTTP/1.1 in the clear.
    pub h1: SocketAddr,
    /// TLS, ALPN `h2` or `http/1.1`.
    pub tls: SocketAddr,
}

// ANCHOR: config
/// The body of the `http {}` block.
fn config(pki: &Pki, root: &Path, h2c: SocketAddr, h1: SocketAddr, tls: SocketAddr) -> String {
    let root = root.display();
    format!(
        "    types {{ text/html html; application/json json; }}
    keepalive_requests 1000000;
    ssl_certificate {cert};
    ssl_certificate_key {key};
    ssl_protocols TLSv1.2 TLSv1.3;
    server {{ listen {h2c} http2; root {root}; }}
    server {{ listen {h1}; root {root}; }}
    server {{ listen {tls} ssl http2; root {root}; }}
",
        cert = pki.cert.display(),
        key = pki.key.display(),
    )
}
// ANCHOR_END: config

impl NginxFiles {
    /// Starts nginx (`program`) serving `root`, pinned to `cpus`, with `pki`'s certificate.
    pub fn start(
        program: &str,
        pki: &Pki,
        cpus: Option<&str>,
        root: &Path,
    ) -> anyhow::Result<NginxFiles> {
        let (h2c, h1, tls) = (free_addr()?, free_addr()?, free_addr()?);
        let http = config(pki, root, h2c, h1, tls);
        let process = NginxProc::start(program, "ch15-bench", cpus, tls, &http)?;
        Ok(NginxFiles {
            process,
            h2c,
            h1,
            tls,
        })
    }

    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.process.pid()
    }
}
