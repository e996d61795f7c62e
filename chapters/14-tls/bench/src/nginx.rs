//! nginx terminating TLS with the same certificate: what a reader would put
//! in front of a plain server instead of TLS in the server itself.
//!
//! One process (`master_process off`, so its PID is the one that works),
//! pinned like our servers, everything (config, pid, logs, temporary files)
//! in its own directory ([`NginxProc`], which runs any configuration of
//! ours that way: chapter 15's bench serves files over HTTP/2 with it). It
//! serves:
//!
//! - TLS on `tls`: a fixed small answer on every path (so a handshake
//!   measures nginx's TLS alone), and, when an upstream is given, `/echo`
//!   proxied to it with the WebSocket upgrade forwarded;
//! - plain HTTP on `plain`: the same small answer, the baseline.
//!
//! An upgraded (WebSocket) connection is relayed through one buffer of
//! `proxy_buffer_size` in each direction (nginx's `ngx_http_upstream.c`,
//! `ngx_http_upstream_process_upgraded`), one memory page (4 KiB here) by
//! default; [`Nginx::start`] can raise it, to show what that costs.
//!
//! TLS settings are nginx's defaults except where the bench says otherwise:
//! TLS 1.2 and 1.3, session tickets on (nginx makes a ticket key at start;
//! `ssl_session_tickets`, nginx's ngx_http_ssl_module documentation), no
//! session cache (its default, `none`), so TLS 1.3 and 1.2 resume by tickets.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context;
use ch07_bench::server::ServerProc;
use ch14_tls::testing::Pki;

/// Where `build.rs` found nginx (Debian puts it in /usr/sbin), if it did.
pub const NGINX: Option<&str> = option_env!("CH14_NGINX");

/// The body of nginx's fixed answer, about the size of ours (`/state`).
/// (No `'` in it: the configuration quotes it with those.)
pub const ANSWER: &str =
    r#"{"id":0,"data":"nginx answers this itself, a fixed body about as long as ours"}"#;

/// A running nginx; stopped and its directory removed on drop.
pub struct Nginx {
    process: NginxProc,
    /// Where it terminates TLS.
    pub tls: SocketAddr,
    /// Where it answers plain HTTP.
    pub plain: SocketAddr,
}

/// nginx running a configuration of ours, everything it writes (pid, logs,
/// temporary files) in a directory of its own; stopped and the directory
/// removed on drop. Chapter 15's bench runs its own configuration with it.
pub struct NginxProc {
    // Dropped in this order: the process is killed, then its directory goes.
    server: ServerProc,
    dir: Dir,
}

/// A free port on 127.0.0.1 for nginx to listen on.
pub fn free_addr() -> anyhow::Result<SocketAddr> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?)
}

impl NginxProc {
    /// Starts nginx (`program`) pinned to `cpus`, with `http` as the body of
    /// its `http {}` block (its `server`s and their settings), and waits
    /// until it accepts connections on `ready`, one of its `listen`
    /// addresses. `name` names its directory.
    ///
    /// One process (`master_process off`, so its PID is the one that works),
    /// in the foreground; up to 16,000 connections. The rest of the
    /// configuration keeps nginx inside its directory: the pid file, the
    /// error log, every temporary path; access logging is off.
    pub fn start(
        program: &str,
        name: &str,
        cpus: Option<&str>,
        ready: SocketAddr,
        http: &str,
    ) -> anyhow::Result<NginxProc> {
        static STARTED: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "{name}-nginx-{}-{}",
            std::process::id(),
            STARTED.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let dir = Dir(dir);
        let d = dir.0.display();
        let conf = dir.0.join("nginx.conf");
        std::fs::write(
            &conf,
            format!(
                "error_log {d}/error.log warn;
pid {d}/nginx.pid;
worker_rlimit_nofile 20000;
events {{ worker_connections 16000; }}
http {{
    access_log off;
    client_body_temp_path {d}/client_body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
{http}}}
"
            ),
        )?;
        let args = [
            "-p",
            dir.0.to_str().context("a UTF-8 temporary directory")?,
            "-c",
            conf.to_str().context("a UTF-8 temporary directory")?,
            "-g",
            "daemon off; master_process off;",
        ];
        let output = dir.0.join("output.log");
        let server =
            ServerProc::start_listening(Path::new(program), &args, cpus, ready, Some(&output))
                .with_context(|| {
                    let mut log = std::fs::read_to_string(&output).unwrap_or_default();
                    log += &std::fs::read_to_string(dir.0.join("error.log")).unwrap_or_default();
                    format!("nginx did not start; what it said:\n{log}")
                })?;
        Ok(NginxProc { server, dir })
    }

    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.server.pid()
    }

    /// Its directory (its configuration is `nginx.conf` there).
    pub fn dir(&self) -> &Path {
        &self.dir.0
    }
}

/// The body of the `http {}` block: see the module's documentation.
fn config(
    pki: &Pki,
    tls: SocketAddr,
    plain: SocketAddr,
    upstream: Option<SocketAddr>,
    buffer: Option<&str>,
) -> String {
    // `proxy_buffers` only so that nginx's check passes: its busy buffers
    // (twice the larger buffer size by default) must fit in all of them
    // but one.
    let buffers = match buffer {
        Some(size) => format!(
            "            proxy_buffer_size {size};
            proxy_buffers 4 {size};
"
        ),
        None => String::new(),
    };
    let echo = match upstream {
        // The upgrade headers are hop-by-hop (RFC 9110 §7.6.1): nginx drops
        // them unless told to pass them on, and speaks HTTP/1.0 upstream
        // unless told 1.1. Idle WebSockets would be cut after the default
        // 60 s proxy_read_timeout; the bench's are not idle that long, but
        // the setting is what a real deployment needs.
        Some(up) => format!(
            "        location = /echo {{
            proxy_pass http://{up};
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection \"upgrade\";
            proxy_read_timeout 3600s;
            proxy_send_timeout 3600s;
{buffers}        }}
"
        ),
        None => String::new(),
    };
    format!(
        "    default_type application/json;
    ssl_certificate {cert};
    ssl_certificate_key {key};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_tickets on;
    server {{
        listen {tls} ssl;
{echo}        location / {{ return 200 '{ANSWER}'; }}
    }}
    server {{
        listen {plain};
        location / {{ return 200 '{ANSWER}'; }}
    }}
",
        cert = pki.cert.display(),
        key = pki.key.display(),
    )
}

impl Nginx {
    /// Starts nginx (`program`) with `pki`'s certificate, pinned to `cpus`,
    /// proxying `/echo` to `upstream` if given, through buffers of `buffer`
    /// (`"64k"`, say) instead of the default page.
    pub fn start(
        program: &str,
        pki: &Pki,
        cpus: Option<&str>,
        upstream: Option<SocketAddr>,
        buffer: Option<&str>,
    ) -> anyhow::Result<Nginx> {
        let (tls, plain) = (free_addr()?, free_addr()?);
        let http = config(pki, tls, plain, upstream, buffer);
        let process = NginxProc::start(program, "ch14-bench", cpus, tls, &http)?;
        Ok(Nginx {
            process,
            tls,
            plain,
        })
    }

    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.process.pid()
    }
}

/// nginx's directory, removed on drop.
struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
