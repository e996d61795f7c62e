//! Bench-only: measuring chapter 5's parser. The same corpus of realistic
//! requests through our parser (three ways of scanning) and through httparse,
//! in one run.
//!
//! It is a crate of its own, not a module of `ch05-http-parser`, so that
//! httparse (the reference we measure against) is no runtime dependency of the
//! parser's library, and not a file in `benches/`, so that the final chapter's
//! benchmark can call [`compare`] too. Run it with `cargo bench -p
//! ch05-http-parser` (a release build); count instructions with chapter 5's
//! `examples/parse-loop.rs` under callgrind (see the book). Figures are
//! printed, never asserted.

use std::hint::black_box;
use std::time::{Duration, Instant};

use ch05_http_parser::scan::{Plain, Swar, Table};
use ch05_http_parser::{EMPTY_HEADER, Limits, Status, parse_request_with};

/// The corpus: four requests as real clients send them.
pub fn corpus() -> Vec<(&'static str, Vec<u8>)> {
    let browser_get = "GET /articles/2026/11/realtime-networking?ref=home HTTP/1.1\r\n\
        Host: www.example.com\r\n\
        User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36\r\n\
        Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r\n\
        Accept-Language: en-GB,en;q=0.9,fr;q=0.8\r\n\
        Accept-Encoding: gzip, deflate, br, zstd\r\n\
        Referer: https://www.example.com/\r\n\
        Connection: keep-alive\r\n\
        Upgrade-Insecure-Requests: 1\r\n\
        Sec-Fetch-Dest: document\r\n\
        Sec-Fetch-Mode: navigate\r\n\
        Sec-Fetch-Site: same-origin\r\n\
        \r\n";
    let small_post = "POST /publish HTTP/1.1\r\n\
        Host: 127.0.0.1:7011\r\n\
        Content-Type: text/plain;charset=UTF-8\r\n\
        Content-Length: 21\r\n\
        Origin: http://127.0.0.1:7011\r\n\
        Accept: */*\r\n\
        \r\n";
    let ws_upgrade = "GET /ws HTTP/1.1\r\n\
        Host: 127.0.0.1:7013\r\n\
        Connection: Upgrade\r\n\
        Pragma: no-cache\r\n\
        Cache-Control: no-cache\r\n\
        User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36\r\n\
        Upgrade: websocket\r\n\
        Origin: http://127.0.0.1:7013\r\n\
        Sec-WebSocket-Version: 13\r\n\
        Accept-Encoding: gzip, deflate, br, zstd\r\n\
        Accept-Language: en-GB,en;q=0.9\r\n\
        Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
        Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\
        \r\n";
    let cookie: String = (0..24)
        .map(|i| {
            format!(
                "pref_{i:02}=v{:032x}",
                0x9e37_79b9_7f4a_7c15_u64.wrapping_mul(i + 1)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let long_cookie = format!(
        "GET /account/settings HTTP/1.1\r\n\
         Host: www.example.com\r\n\
         Accept: text/html\r\n\
         Cookie: {cookie}\r\n\
         \r\n"
    );
    vec![
        ("browser GET", browser_get.as_bytes().to_vec()),
        ("small POST", small_post.as_bytes().to_vec()),
        ("WebSocket upgrade", ws_upgrade.as_bytes().to_vec()),
        ("long cookie", long_cookie.into_bytes()),
    ]
}

/// Which parser to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parser {
    /// Ours, with the plain byte loops (`matches!` per byte).
    Plain,
    /// Ours, with 256-entry tables.
    Table,
    /// Ours as shipped: tables plus 8-bytes-at-a-time checks.
    Ours,
    /// httparse 1.10, the independent reference (SIMD where the CPU has it).
    Httparse,
}

impl Parser {
    /// All of them, in the order the comparison prints them.
    pub const ALL: [Parser; 4] = [Parser::Plain, Parser::Table, Parser::Ours, Parser::Httparse];

    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Parser::Plain => "plain",
            Parser::Table => "table",
            Parser::Ours => "ours",
            Parser::Httparse => "httparse",
        }
    }

    /// Parses one complete head; returns its length and header count (so the
    /// work cannot be optimised away). Panics if the head is not complete and
    /// valid: the corpus is fixed and valid, so that would be a bug.
    pub fn parse(self, buf: &[u8]) -> (usize, usize) {
        let limits = Limits::default();
        let mut headers = [EMPTY_HEADER; 32];
        let result = match self {
            Parser::Plain => parse_request_with::<Plain>(buf, &mut headers, &limits),
            Parser::Table => parse_request_with::<Table>(buf, &mut headers, &limits),
            Parser::Ours => parse_request_with::<Swar>(buf, &mut headers, &limits),
            Parser::Httparse => {
                let mut headers = [httparse::EMPTY_HEADER; 32];
                let mut req = httparse::Request::new(&mut headers);
                return match req.parse(buf) {
                    Ok(httparse::Status::Complete(n)) => (n, req.headers.len()),
                    other => panic!("httparse: {other:?}"),
                };
            }
        };
        match result {
            Ok(Status::Complete((req, n))) => (n, req.headers.len()),
            other => panic!("{}: {other:?}", self.name()),
        }
    }
}

/// One parser's figures.
#[derive(Debug, Clone, Copy)]
pub struct Measurement {
    /// Which parser.
    pub parser: Parser,
    /// Head bytes parsed per second, in MB (10^6 bytes).
    pub mb_per_s: f64,
    /// Requests parsed per second.
    pub requests_per_s: f64,
}

/// Parses the whole corpus `rounds` times; returns bytes parsed.
pub fn run(parser: Parser, corpus: &[(&str, Vec<u8>)], rounds: u64) -> u64 {
    let mut bytes = 0u64;
    for _ in 0..rounds {
        for (_, req) in corpus {
            let (n, h) = parser.parse(black_box(req));
            black_box(h);
            bytes += n as u64;
        }
    }
    bytes
}

/// Measures one parser for about `time`.
pub fn measure(parser: Parser, corpus: &[(&str, Vec<u8>)], time: Duration) -> Measurement {
    run(parser, corpus, 1000); // warm up caches and the branch predictor
    let start = Instant::now();
    let (mut rounds, mut bytes) = (0u64, 0u64);
    while start.elapsed() < time {
        bytes += run(parser, corpus, 1000);
        rounds += 1000;
    }
    let secs = start.elapsed().as_secs_f64();
    Measurement {
        parser,
        mb_per_s: bytes as f64 / secs / 1e6,
        requests_per_s: (rounds * corpus.len() as u64) as f64 / secs,
    }
}

/// Measures every parser (each for `time`, interleaved over `passes` to even
/// out noise from other processes), prints a table and the ratio of ours to
/// httparse, and returns the best figure of each.
pub fn compare(time: Duration, passes: u32) -> Vec<Measurement> {
    let corpus = corpus();
    let total: usize = corpus.iter().map(|(_, r)| r.len()).sum();
    println!(
        "corpus: {} requests, {} bytes ({})",
        corpus.len(),
        total,
        corpus
            .iter()
            .map(|(n, r)| format!("{n} {} B", r.len()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut best: Vec<Measurement> = Vec::new();
    for _ in 0..passes.max(1) {
        for parser in Parser::ALL {
            let m = measure(parser, &corpus, time);
            match best.iter_mut().find(|b| b.parser == parser) {
                Some(b) if b.mb_per_s >= m.mb_per_s => {}
                Some(b) => *b = m,
                None => best.push(m),
            }
        }
    }
    let reference = best
        .iter()
        .find(|m| m.parser == Parser::Httparse)
        .map_or(1.0, |m| m.mb_per_s);
    println!(
        "{:<10} {:>10} {:>14} {:>14}",
        "parser", "MB/s", "requests/s", "vs httparse"
    );
    for m in &best {
        println!(
            "{:<10} {:>10.0} {:>14.0} {:>13.2}x",
            m.parser.name(),
            m.mb_per_s,
            m.requests_per_s,
            m.mb_per_s / reference
        );
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parser_agrees_on_the_corpus() {
        for (name, req) in corpus() {
            let want = Parser::Httparse.parse(&req);
            assert_eq!(want.0, req.len(), "{name}: the whole request is the head");
            for p in Parser::ALL {
                assert_eq!(p.parse(&req), want, "{name}: {}", p.name());
            }
        }
    }

    #[test]
    fn run_counts_bytes() {
        let c = corpus();
        let total: usize = c.iter().map(|(_, r)| r.len()).sum();
        assert_eq!(run(Parser::Ours, &c, 3), 3 * total as u64);
    }
}
