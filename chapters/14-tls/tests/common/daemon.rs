//! An outside program (nginx, haproxy, squid) run by a test: found where
//! `build.rs` found it, given a config in a temporary directory, listening on
//! a free loopback port, and killed (and its directory removed) when dropped,
//! also when the test panics.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a daemon may take to start listening (squid is the slowest).
pub const START: Duration = Duration::from_secs(20);

/// The path `build.rs` found for `tool` (`"nginx"`, …). Panics with a clear
/// message when it found none: the test should have been ignored (locally)
/// or the tool installed (`.ci/run`, under CI).
pub fn tool(tool: &str) -> &'static str {
    let found = match tool {
        "nginx" => option_env!("CH14_NGINX"),
        "haproxy" => option_env!("CH14_HAPROXY"),
        "squid" => option_env!("CH14_SQUID"),
        "openssl" => option_env!("CH14_OPENSSL"),
        "curl" => option_env!("CH14_CURL"),
        _ => None,
    };
    found.unwrap_or_else(|| {
        panic!("no {tool} was found when this test was built (`.ci/run` installs it from Debian)")
    })
}

/// A loopback port that was free a moment ago. Daemons cannot be told
/// "port 0, then tell me which", so the test picks one; [`Daemon::start`]
/// fails clearly if someone took it in between.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("binding a loopback port")
}

/// A fresh temporary directory for one daemon's config, logs and pid file.
pub fn temp_dir(what: &str) -> PathBuf {
    ch01_tcp::testing::fresh_dir(&format!("ch14-{what}")).expect("creating a temporary directory")
}

/// A running daemon; killed, reaped and its directory removed on drop.
pub struct Daemon {
    child: Child,
    /// Its temporary directory (config, logs).
    pub dir: PathBuf,
    name: String,
}

impl Daemon {
    /// Starts `program` with `args` in `dir` (stdout and stderr go to
    /// `dir/stdout.log` and `dir/stderr.log`) and waits until every address
    /// in `ports` accepts a TCP connection.
    pub fn start(program: &str, args: &[&str], dir: PathBuf, ports: &[SocketAddr]) -> Daemon {
        let out = std::fs::File::create(dir.join("stdout.log")).unwrap();
        let err = std::fs::File::create(dir.join("stderr.log")).unwrap();
        let child = Command::new(program)
            .args(args)
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .unwrap_or_else(|e| panic!("starting {program}: {e}"));
        let name = Path::new(program)
            .file_name()
            .map_or(program.into(), |n| n.to_string_lossy().into_owned());
        let mut d = Daemon { child, dir, name };
        let deadline = Instant::now() + START;
        for addr in ports {
            while TcpStream::connect_timeout(addr, Duration::from_millis(200)).is_err() {
                if let Ok(Some(status)) = d.child.try_wait() {
                    panic!(
                        "{} exited ({status}) before listening on {addr}:\n{}",
                        d.name,
                        d.logs()
                    );
                }
                assert!(
                    Instant::now() < deadline,
                    "{} is not listening on {addr} after {START:?}:\n{}",
                    d.name,
                    d.logs()
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        d
    }

    /// Everything the daemon wrote to its log files in its directory
    /// (stdout, stderr, and any `*.log` its config names), for failure messages.
    pub fn logs(&self) -> String {
        let mut out = String::new();
        let mut files: Vec<_> = std::fs::read_dir(&self.dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "log"))
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            if !text.is_empty() {
                out.push_str(&format!("--- {}\n{text}", f.display()));
            }
        }
        out
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
