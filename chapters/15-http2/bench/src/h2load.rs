//! h2load (Debian's `nghttp2-client`) as the load generator: run it, and
//! read the figures it prints.
//!
//! ```text
//! finished in 143.76ms, 139125.60 req/s, 19.38MB/s
//! requests: 20000 total, 20000 started, 20000 done, 20000 succeeded, 0 failed, 0 errored, 0 timeout
//! traffic: 2.79MB (2920810) total, 78.50KB (80380) headers (space savings 95.43%), 2.37MB (2480000) data
//! ```
//!
//! `traffic` counts what h2load *received*: every octet (`total`), the
//! response heads (`headers`: HPACK blocks over HTTP/2, the head's text over
//! HTTP/1.1), and the bodies (`data`). "Space savings" compares the HPACK
//! blocks with the decoded fields' size. The bench reads the exact counts
//! in parentheses.

use std::process::Command;
use std::time::Duration;

use anyhow::{Context, bail};

/// Where `build.rs` found h2load, if it did.
pub const H2LOAD: Option<&str> = option_env!("CH15_H2LOAD");

/// What one h2load run printed.
#[derive(Debug, Clone, PartialEq)]
pub struct H2loadRun {
    /// Requests per second (h2load's own figure, over its run).
    pub req_per_sec: f64,
    /// Requests that got a response.
    pub succeeded: u64,
    /// Requests that failed or errored.
    pub failed: u64,
    /// Every octet received.
    pub total_bytes: u64,
    /// Response heads received.
    pub header_bytes: u64,
    /// h2load's "space savings", percent.
    pub savings_pct: f64,
    /// Response bodies received.
    pub data_bytes: u64,
    /// The protocol h2load spoke (`h2c`, `h2`, `http/1.1`).
    pub protocol: String,
    /// Over TLS: the protocol version and cipher.
    pub tls: Option<String>,
}

impl H2loadRun {
    /// Response head octets per request.
    pub fn header_bytes_per_req(&self) -> f64 {
        self.header_bytes as f64 / self.succeeded.max(1) as f64
    }

    /// Octets received per request.
    pub fn bytes_per_req(&self) -> f64 {
        self.total_bytes as f64 / self.succeeded.max(1) as f64
    }
}

/// The number in parentheses after `key`'s figure, as in `2.79MB (2920810) total`.
fn exact(line: &str, key: &str) -> Option<u64> {
    let before = &line[..line.find(key)?];
    let open = before.rfind('(')?;
    let close = before.rfind(')')?;
    before.get(open + 1..close)?.trim().parse().ok()
}

/// The number right before `key` in a comma-separated list (`20000 succeeded`).
fn counted(line: &str, key: &str) -> Option<u64> {
    line.split(',').find_map(|part| {
        let part = part.trim().trim_start_matches("requests:").trim();
        part.strip_suffix(key)?.trim().parse().ok()
    })
}

/// Reads h2load's output.
pub fn parse(stdout: &str) -> Option<H2loadRun> {
    let line = |prefix: &str| stdout.lines().find(|l| l.starts_with(prefix));
    let finished = line("finished in")?;
    let req_per_sec = finished
        .split(',')
        .find_map(|p| p.trim().strip_suffix("req/s")?.trim().parse().ok())?;
    let requests = line("requests:")?;
    let traffic = line("traffic:")?;
    let savings_pct = traffic
        .split("space savings ")
        .nth(1)?
        .split('%')
        .next()?
        .parse()
        .ok()?;
    let after = |prefix: &str| line(prefix).map(|l| l[prefix.len()..].trim().to_string());
    let tls = match (after("TLS Protocol:"), after("Cipher:")) {
        (Some(p), Some(c)) => Some(format!("{p}, {c}")),
        _ => None,
    };
    Some(H2loadRun {
        req_per_sec,
        succeeded: counted(requests, "succeeded")?,
        failed: counted(requests, "failed")? + counted(requests, "errored")?,
        total_bytes: exact(traffic, "total")?,
        header_bytes: exact(traffic, "headers")?,
        savings_pct,
        data_bytes: exact(traffic, "data")?,
        protocol: after("Application protocol:")?,
        tls,
    })
}

/// Runs `program` (h2load) with `args` and `url`, at most `limit`, and reads
/// what it printed. Every request must succeed.
pub fn run(
    program: &str,
    args: &[String],
    url: &str,
    limit: Duration,
) -> anyhow::Result<H2loadRun> {
    let mut cmd = Command::new("timeout");
    cmd.arg(format!("{}", limit.as_secs().max(1)))
        .arg(program)
        .args(args)
        .arg(url);
    let out = cmd
        .output()
        .with_context(|| format!("running {program} {} {url}", args.join(" ")))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let Some(run) = parse(&stdout) else {
        bail!(
            "h2load {} {url}: no figures in what it printed ({}):\n{stdout}{}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    };
    if run.failed > 0 {
        bail!(
            "h2load {} {url}: {} requests failed:\n{stdout}",
            args.join(" "),
            run.failed
        );
    }
    Ok(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "starting benchmark...
spawning thread #0: 10 total client(s). 20000 total requests
TLS Protocol: TLSv1.3
Cipher: TLS_AES_256_GCM_SHA384
Server Temp Key: X25519 253 bits
Application protocol: h2
progress: 100% done

finished in 143.76ms, 139125.60 req/s, 19.38MB/s
requests: 20000 total, 20000 started, 20000 done, 19990 succeeded, 10 failed, 2 errored, 0 timeout
status codes: 20000 2xx, 0 3xx, 0 4xx, 0 5xx
traffic: 2.79MB (2920810) total, 78.50KB (80380) headers (space savings 95.43%), 2.37MB (2480000) data
";

    #[test]
    fn reads_the_exact_figures() {
        let r = parse(OUTPUT).unwrap();
        assert_eq!(r.req_per_sec, 139125.60);
        assert_eq!((r.succeeded, r.failed), (19990, 12));
        assert_eq!(
            (r.total_bytes, r.header_bytes, r.data_bytes),
            (2920810, 80380, 2480000)
        );
        assert_eq!(r.savings_pct, 95.43);
        assert_eq!(r.protocol, "h2");
        assert_eq!(r.tls.as_deref(), Some("TLSv1.3, TLS_AES_256_GCM_SHA384"));
        assert!(parse("finished in 1s").is_none());
    }
}
