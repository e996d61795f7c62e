//! squid started by a test as a forward proxy on a free loopback port, in the
//! foreground (`-N`), with no disk cache and every file it writes (pid, cache
//! log, access log, core dumps) in its temporary directory.

use std::net::SocketAddr;
use std::os::unix::fs::PermissionsExt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::T;
use super::daemon::{Daemon, free_port, temp_dir, tool};

/// A running squid; killed, and its shared memory removed, on drop.
pub struct Squid {
    /// Where it listens: the proxy a client is configured with.
    pub addr: SocketAddr,
    daemon: Option<Daemon>,
    /// Its service name (`-n`), which names its shared memory segments.
    service: String,
}

/// Starts squid with the lines every test needs, then `extra` (the directive
/// under test, or nothing).
pub fn start(extra: &str) -> Squid {
    let dir = temp_dir("squid");
    // Started as root, squid drops to `cache_effective_user` (Debian's
    // `proxy`) before it opens its logs, so that user must be able to
    // write here.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    // Even one non-SMP squid makes POSIX shared memory segments named after
    // its service name (`/dev/shm/squid-cf__queues.shm`, …): two squids of
    // one name, as in tests running side by side, collide ("shm_open …
    // File exists"). Each gets a name of its own (alphanumeric).
    static N: AtomicUsize = AtomicUsize::new(0);
    let service = format!(
        "ch14squid{}x{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    );
    let port = free_port();
    let d = dir.display();
    let cfg = format!(
        "\
http_port 127.0.0.1:{port}
# `localhost` is one of squid's predefined ACLs (src 127.0.0.1/32 ::1).
http_access allow localhost
http_access deny all
pid_filename {d}/squid.pid
cache_log {d}/cache.log
access_log stdio:{d}/access.log
coredump_dir {d}
# No cache_dir: a memory cache only. No netdb file, no pinger helper
# process (it would outlive a killed squid).
cache_mem 8 MB
netdb_filename none
pinger_enable off
{extra}
"
    );
    let path = dir.join("squid.conf");
    std::fs::write(&path, &cfg).unwrap();
    let path = path.to_str().unwrap().to_string();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let args = ["-N", "-n", &service, "-f", &path];
    let daemon = Daemon::start(tool("squid"), &args, dir, &[addr]);
    Squid {
        addr,
        daemon: Some(daemon),
        service,
    }
}

impl Squid {
    /// The first line of its access log containing `needle` (squid writes a
    /// line when a transaction ends: for a tunnel, when it closes).
    pub fn access_log(&self, needle: &str) -> String {
        let dir = &self.daemon.as_ref().unwrap().dir;
        let deadline = Instant::now() + T;
        loop {
            let log = std::fs::read_to_string(dir.join("access.log")).unwrap_or_default();
            if let Some(line) = log.lines().find(|l| l.contains(needle)) {
                return line.to_string();
            }
            assert!(
                Instant::now() < deadline,
                "no {needle:?} in squid's access log: {log}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Squid {
    fn drop(&mut self) {
        drop(self.daemon.take());
        // Killed, squid cannot remove its segments itself.
        let prefix = format!("{}-", self.service);
        for entry in std::fs::read_dir("/dev/shm")
            .into_iter()
            .flatten()
            .flatten()
        {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}
