//! A server binary as a child process, optionally pinned to CPUs with `taskset`.

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{Context, bail};

/// A running server; killed and reaped on drop.
pub struct ServerProc {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
}

impl ServerProc {
    /// Starts `bin` with `--addr 127.0.0.1:0` and `args`, under `taskset -c cpus`
    /// when `cpus` is given (taskset execs the server, so the PID is the server's),
    /// and waits for its `listening on SCHEME://ADDR` line.
    pub fn start(bin: &Path, args: &[&str], cpus: Option<&str>) -> anyhow::Result<ServerProc> {
        let mut cmd = match cpus {
            Some(cpus) => {
                let mut c = Command::new("taskset");
                c.arg("-c").arg(cpus).arg(bin);
                c
            }
            None => Command::new(bin),
        };
        cmd.arg("--addr").arg("127.0.0.1:0").args(args);
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {}", bin.display()))?;
        let stdout = child.stdout.take().expect("piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout);
            let mut first = String::new();
            let _ = lines.read_line(&mut first);
            let _ = tx.send(first);
            let _ = std::io::copy(&mut lines, &mut std::io::sink());
        });
        let line = match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                bail!("{} printed no ready line", bin.display());
            }
        };
        let addr = line
            .trim()
            .strip_prefix("listening on ")
            .and_then(|url| url.split("://").nth(1))
            .and_then(|a| a.trim_end_matches('/').parse().ok());
        match addr {
            Some(addr) => Ok(ServerProc { child, addr }),
            None => {
                let _ = child.kill();
                let _ = child.wait();
                bail!("{}: unexpected ready line {line:?}", bin.display())
            }
        }
    }

    /// Starts a daemon that prints no ready line (nginx, say) with `args`,
    /// under `taskset -c cpus` when given, its stdout and stderr appended to
    /// `log` (or discarded), and waits until it accepts TCP connections on
    /// `addr`, which its own configuration makes it listen on.
    pub fn start_listening(
        program: &Path,
        args: &[&str],
        cpus: Option<&str>,
        addr: SocketAddr,
        log: Option<&Path>,
    ) -> anyhow::Result<ServerProc> {
        let output = || -> anyhow::Result<Stdio> {
            Ok(match log {
                Some(path) => std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .with_context(|| format!("opening {}", path.display()))?
                    .into(),
                None => Stdio::null(),
            })
        };
        let mut cmd = match cpus {
            Some(cpus) => {
                let mut c = Command::new("taskset");
                c.arg("-c").arg(cpus).arg(program);
                c
            }
            None => Command::new(program),
        };
        let child = cmd
            .args(args)
            .stdin(Stdio::null())
            .stdout(output()?)
            .stderr(output()?)
            .spawn()
            .with_context(|| format!("starting {}", program.display()))?;
        let mut server = ServerProc { child, addr };
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            if let Some(status) = server.child.try_wait()? {
                bail!(
                    "{} exited ({status}) before listening on {addr}",
                    program.display()
                );
            }
            if std::time::Instant::now() > deadline {
                bail!(
                    "{} is not listening on {addr} after 20 s",
                    program.display()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(server)
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for ServerProc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
