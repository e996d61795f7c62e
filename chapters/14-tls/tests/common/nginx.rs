//! nginx in front of one of our servers: a config written into a temporary
//! directory, nginx started on a free loopback port in the foreground, and
//! killed (its directory removed) when dropped.
//!
//! Every path nginx writes to is inside that directory: the pid file, the
//! error and access logs, and the five `*_temp_path`s (Debian's build points
//! them at `/var/lib/nginx`, which a test must not touch). nginx runs as
//! `nginx -p DIR -c DIR/nginx.conf -e DIR/error.log -g 'daemon off;
//! master_process off;'`: one process, in the foreground, that the test owns.

use std::net::SocketAddr;
use std::path::Path;

use super::daemon::{Daemon, free_port, temp_dir, tool};

/// What goes between nginx's client and our server: the `location /`
/// directives an experiment is about, and whether nginx terminates TLS.
pub struct Front<'a> {
    /// Our server (plain HTTP), where `proxy_pass` sends everything.
    pub upstream: SocketAddr,
    /// The experiment's directives, written inside `location / { … }`.
    pub location: &'a str,
    /// `listen … ssl` with this certificate and key (PEM).
    pub tls: Option<(&'a Path, &'a Path)>,
}

/// The three lines that forward a WebSocket upgrade (nginx's
/// "WebSocket proxying" page): HTTP/1.1 to the upstream, and the hop-by-hop
/// `Upgrade` and `Connection` (RFC 9110 §7.6.1, §7.8) passed on by hand,
/// with `$connection_upgrade` from the `map` every config here has.
pub const UPGRADE: &str = "\
proxy_http_version 1.1;
proxy_set_header Upgrade $http_upgrade;
proxy_set_header Connection $connection_upgrade;";

/// A running nginx.
pub struct Nginx {
    daemon: Daemon,
    /// Where it listens.
    pub addr: SocketAddr,
    /// The whole `nginx.conf` it runs.
    pub conf: String,
    /// Its `location / { … }` block: what the tests print and the book quotes.
    pub location: String,
}

impl Nginx {
    /// Writes the config for `front` and starts nginx; returns once its port
    /// accepts connections.
    pub fn start(front: &Front<'_>) -> Nginx {
        let dir = temp_dir("nginx");
        let addr = SocketAddr::from(([127, 0, 0, 1], free_port()));
        let location = location_block(front);
        let conf = config(&dir, addr, front, &location);
        let conf_path = dir.join("nginx.conf");
        std::fs::write(&conf_path, &conf).expect("writing nginx.conf");
        let prefix = format!("{}/", dir.display());
        let error_log = dir.join("error.log");
        let args = [
            "-p",
            &prefix,
            "-c",
            conf_path.to_str().unwrap(),
            // The log used before the config is read (Debian's default is stderr).
            "-e",
            error_log.to_str().unwrap(),
            "-g",
            "daemon off; master_process off;",
        ];
        let daemon = Daemon::start(tool("nginx"), &args, dir, &[addr]);
        Nginx {
            daemon,
            addr,
            conf,
            location,
        }
    }

    /// The error log so far: nginx says there why it cut a connection
    /// (`upstream timed out … while proxying upgraded connection`).
    pub fn error_log(&self) -> String {
        std::fs::read_to_string(self.daemon.dir.join("error.log")).unwrap_or_default()
    }
}

/// `location / { proxy_pass …; <the experiment's directives> }`.
fn location_block(front: &Front<'_>) -> String {
    let mut block = format!("location / {{\n    proxy_pass http://{};\n", front.upstream);
    for line in front.location.lines() {
        block.push_str(&format!("    {line}\n"));
    }
    block.push('}');
    block
}

/// The config: the main context keeps every file inside `dir`; one server
/// block listens on `addr` with the `location` block.
fn config(dir: &Path, addr: SocketAddr, front: &Front<'_>, location: &str) -> String {
    let d = dir.display();
    let (listen, certs) = match front.tls {
        Some((cert, key)) => (
            " ssl",
            format!(
                "        ssl_certificate {};\n        ssl_certificate_key {};\n",
                cert.display(),
                key.display()
            ),
        ),
        None => ("", String::new()),
    };
    let location: String = location.lines().map(|l| format!("        {l}\n")).collect();
    format!(
        "# written by chapter 14's tests (tests/common/nginx.rs)
error_log {d}/error.log info;
pid {d}/nginx.pid;
events {{
    worker_connections 64;
}}
http {{
    access_log {d}/access.log;
    client_body_temp_path {d}/client_body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    # Connection: upgrade when the client asked for an upgrade, close otherwise.
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ''      close;
    }}
    server {{
        listen {addr}{listen};
{certs}{location}    }}
}}
"
    )
}
