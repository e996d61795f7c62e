//! Support for end-to-end tests: start a built server binary, wait for its ready
//! line, and make sure it is stopped when the test ends (even when it panics).
//!
//! Every chapter's tests use this, so it lives here in chapter 1.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use anyhow::{Context, bail};

/// A fresh, empty directory in the temp dir for a test (a web root, a
/// browser profile, a daemon's config and logs), named after `tag`, this
/// process, a counter and the clock's nanoseconds, so that neither parallel
/// tests nor a reused process id meet an old one. The caller removes it.
pub fn fresh_dir(tag: &str) -> std::io::Result<std::path::PathBuf> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let dir = std::env::temp_dir().join(format!(
        "{tag}-{}-{nanos}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// How long a server may take to print its ready line.
pub const STARTUP: Duration = Duration::from_secs(20);

/// A running server process; killed and reaped on drop.
pub struct Server {
    child: Child,
    /// What follows `listening on ` in the ready line: `tcp://127.0.0.1:40123`.
    pub url: String,
    stderr: mpsc::Receiver<String>,
}

impl Server {
    /// Starts `program` with `args`, waits for `listening on URL` on its stdout.
    /// stderr is captured (see [`Server::stderr_so_far`]), stdout after the ready
    /// line is drained so the server never blocks on a full pipe.
    pub fn start(program: &str, args: &[&str]) -> anyhow::Result<Server> {
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("starting {program}"))?;
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        let (line_tx, line_rx) = mpsc::channel();
        thread::spawn(move || {
            let mut lines = BufReader::new(stdout);
            let mut first = String::new();
            let _ = lines.read_line(&mut first);
            let _ = line_tx.send(first);
            // Keep draining so the server's later prints never block.
            let _ = std::io::copy(&mut lines, &mut std::io::sink());
        });
        let (err_tx, err_rx) = mpsc::channel();
        thread::spawn(move || {
            let mut stderr = BufReader::new(stderr);
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0
                    || err_tx
                        .send(String::from_utf8_lossy(&buf[..n]).into_owned())
                        .is_err()
                {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            url: String::new(),
            stderr: err_rx,
        };
        let line = match line_rx.recv_timeout(STARTUP) {
            Ok(line) => line,
            Err(_) => bail!("{program} printed no ready line within {STARTUP:?}"),
        };
        match line.trim_end().strip_prefix("listening on ") {
            Some(url) => server.url = url.to_string(),
            None => bail!(
                "{program}: expected `listening on …`, got {line:?}; stderr: {}",
                server.stderr_so_far()
            ),
        }
        Ok(server)
    }

    /// The `host:port` part of the URL (`127.0.0.1:40123`), for TCP servers.
    pub fn addr(&self) -> &str {
        let rest = self
            .url
            .split_once("://")
            .map_or(self.url.as_str(), |(_, r)| r);
        rest.split('/').next().unwrap_or(rest)
    }

    /// Whatever the server has written to stderr so far (its `--trace`, its errors).
    pub fn stderr_so_far(&self) -> String {
        let mut out = String::new();
        while let Ok(s) = self.stderr.recv_timeout(Duration::from_millis(50)) {
            out.push_str(&s);
        }
        out
    }

    /// The process id (to read its `/proc/<pid>/status`, say).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
