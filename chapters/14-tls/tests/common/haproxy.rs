//! haproxy started by a test: the `frontend` and `backend` sections a test
//! writes, behind a `global` and `defaults` every test shares, in a
//! temporary directory, in the foreground (`-db`), logging to its stderr.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use super::Pki;
use super::daemon::{Daemon, temp_dir, tool};

/// What every test's haproxy has: logs to stderr (the daemon's `stderr.log`),
/// and timeouts long enough for a test, short enough to end a stuck one.
/// `timeout tunnel` applies once a connection is a tunnel: after a WebSocket's
/// 101, and for the whole of a `mode tcp` connection (haproxy's configuration
/// manual, "timeout tunnel").
const PREAMBLE: &str = "\
global
    log stderr format raw local0 info

defaults
    log global
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    timeout tunnel 30s
";

/// Writes `haproxy.cfg` (the preamble, then `sections`) in a new temporary
/// directory and starts `haproxy -db -f` on it; returns once every address in
/// `listens` accepts connections.
pub fn start(sections: &str, listens: &[SocketAddr]) -> Daemon {
    let dir = temp_dir("haproxy");
    start_in(dir, sections, listens)
}

/// As [`start`], in a directory the caller made (to put a PEM file in it first).
pub fn start_in(dir: PathBuf, sections: &str, listens: &[SocketAddr]) -> Daemon {
    let cfg = dir.join("haproxy.cfg");
    std::fs::write(&cfg, format!("{PREAMBLE}\n{sections}")).unwrap();
    eprintln!("haproxy.cfg:\n{sections}");
    let cfg = cfg.to_str().unwrap().to_string();
    Daemon::start(tool("haproxy"), &["-db", "-f", &cfg], dir, listens)
}

/// haproxy's `crt` wants the certificate and its key in one PEM file
/// (configuration manual, bind option `crt`): writes `dir/site.pem` from the
/// test's certificate and key.
pub fn pem_bundle(pki: &Pki, dir: &Path) -> PathBuf {
    let mut pem = std::fs::read(&pki.cert).unwrap();
    pem.extend(std::fs::read(&pki.key).unwrap());
    let path = dir.join("site.pem");
    std::fs::write(&path, pem).unwrap();
    path
}
