//! Request generators and the httparse comparison, shared by the oracle test
//! (tests/oracle.rs) and the fuzz run (examples/fuzz.rs).
//!
//! Valid requests are built from the grammar with random choices; mutated ones
//! insert, delete, replace or duplicate bytes, favouring the bytes parsers get
//! wrong (SP, HTAB, CR, LF, `:`, NUL, DEL, obs-text).

#![allow(dead_code)] // each user takes what it needs

pub mod response;

use ch05_http_parser::{
    ChunkedDecoder, EMPTY_HEADER, ErrorKind, Limits, Status, parse_request, parse_request_with,
    scan::Plain,
};

/// A small, fast, seeded random generator (xorshift64*): a ChaCha-based rng is
/// ~50x slower in a debug build, and the test must stay quick there.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (any value; 0 is mapped to a fixed non-zero state).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }
    /// A number in `lo..hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo)
    }
    /// True `a` times in `b`.
    fn ratio(&mut self, a: usize, b: usize) -> bool {
        self.below(b) < a
    }
    fn byte(&mut self) -> u8 {
        (self.next() >> 56) as u8
    }
    fn byte_in(&mut self, lo: u8, hi_inclusive: u8) -> u8 {
        self.range(lo as usize, hi_inclusive as usize + 1) as u8
    }
}

const METHODS: &[&str] = &[
    "GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS", "CONNECT", "M-SEARCH", "x",
];
const NAMES: &[&str] = &[
    "Host",
    "Accept",
    "User-Agent",
    "Content-Length",
    "Transfer-Encoding",
    "Connection",
    "Cookie",
    "X-Forwarded-For",
    "Sec-WebSocket-Key",
    "Upgrade",
    "a",
    "X_~!#$%&'*+-.^`|",
];
const TCHARS: &[u8] =
    b"!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/// Bytes that sit on the edges of the rules.
const TRICKY: &[u8] = b" \t\r\n:;,/?*@\x00\x01\x7f\x80\xff\x0b\x0cAz0";

fn pick<'a, T>(rng: &mut Rng, from: &'a [T]) -> &'a T {
    &from[rng.below(from.len())]
}

fn token(rng: &mut Rng, max: usize) -> Vec<u8> {
    (0..rng.range(1, max + 1))
        .map(|_| *pick(rng, TCHARS))
        .collect()
}

fn eol(rng: &mut Rng) -> &'static [u8] {
    if rng.ratio(1, 20) { b"\n" } else { b"\r\n" }
}

/// A request head that follows every rule (and so both parsers must accept).
pub fn valid_request(rng: &mut Rng) -> Vec<u8> {
    let mut out = Vec::new();
    if rng.ratio(1, 30) {
        out.extend_from_slice(eol(rng));
    }
    let method: Vec<u8> = if rng.ratio(1, 4) {
        token(rng, 10)
    } else {
        pick(rng, METHODS).as_bytes().to_vec()
    };
    out.extend_from_slice(&method);
    out.push(b' ');
    match (method.as_slice(), rng.below(10)) {
        (b"CONNECT", _) => out.extend_from_slice(b"example.com:443"),
        (b"OPTIONS", 0) => out.push(b'*'),
        (_, 1) => out.extend_from_slice(b"http://example.com:8080/a/b?c=d#e"),
        _ => {
            out.push(b'/');
            for _ in 0..rng.below(40) {
                out.push(rng.byte_in(0x21, 0x7e));
            }
        }
    }
    out.push(b' ');
    let http10 = rng.ratio(1, 5);
    out.extend_from_slice(if http10 { b"HTTP/1.0" } else { b"HTTP/1.1" });
    out.extend_from_slice(eol(rng));
    fields(rng, &mut out, http10);
    out
}

/// 0–13 valid field lines and the empty line (requests and responses share them).
///
/// The two framing fields get values that keep RFC 9112 §6.3's rules, which
/// our parser checks line by line and httparse does not check at all: every
/// Content-Length holds the same number, Transfer-Encoding is `chunked`, once,
/// in HTTP/1.1 only, and never beside a Content-Length. (A second framing
/// field that would break a rule is sent under another name.) The mutations
/// then break them, and `compare` accepts our stricter answer.
fn fields(rng: &mut Rng, out: &mut Vec<u8>, http10: bool) {
    let length = rng.below(100_000).to_string();
    let (mut has_length, mut has_chunked) = (false, false);
    for _ in 0..rng.below(14) {
        let mut name = if rng.ratio(7, 10) {
            pick(rng, NAMES).as_bytes().to_vec()
        } else {
            token(rng, 20)
        };
        let framing_value = match name.as_slice() {
            b"Content-Length" if !has_chunked => {
                has_length = true;
                Some(length.as_bytes())
            }
            b"Transfer-Encoding" if !http10 && !has_length && !has_chunked => {
                has_chunked = true;
                Some(&b"chunked"[..])
            }
            b"Content-Length" | b"Transfer-Encoding" => {
                name = b"X-Not-Framing".to_vec();
                None
            }
            _ => None,
        };
        out.extend_from_slice(&name);
        out.push(b':');
        for _ in 0..rng.below(3) {
            out.push(*pick(rng, b" \t"));
        }
        match framing_value {
            Some(value) => out.extend_from_slice(value),
            None => {
                for _ in 0..rng.below(60) {
                    out.push(match rng.below(20) {
                        0 => b' ',
                        1 => b'\t',
                        2 => rng.byte_in(0x80, 0xff),
                        _ => rng.byte_in(0x21, 0x7e),
                    });
                }
            }
        }
        out.extend_from_slice(eol(rng));
    }
    out.extend_from_slice(eol(rng));
}

/// One random edit of `buf`.
pub fn mutate(rng: &mut Rng, buf: &mut Vec<u8>) {
    let byte = |rng: &mut Rng| -> u8 {
        if rng.ratio(7, 10) {
            *pick(rng, TRICKY)
        } else {
            rng.byte()
        }
    };
    let at = rng.below(buf.len() + 1);
    match rng.below(5) {
        0 => buf.insert(at, byte(rng)),
        1 if at < buf.len() => {
            buf.remove(at);
        }
        2 if at < buf.len() => buf[at] = byte(rng),
        3 => buf.truncate(at),
        _ => {
            let len = rng.below(8).min(buf.len() - at);
            let copy = buf[at..at + len].to_vec();
            buf.splice(at..at, copy);
        }
    }
}

/// A test case: a valid request, sometimes with a body or a second request
/// after it, and usually mutated one to three times.
pub fn case(rng: &mut Rng) -> Vec<u8> {
    let buf = valid_request(rng);
    mutated(rng, buf)
}

/// `buf` (a valid head), sometimes with a chunked body after it, and usually
/// mutated one to three times: the requests' cases and the responses' alike.
pub fn mutated(rng: &mut Rng, mut buf: Vec<u8>) -> Vec<u8> {
    if rng.ratio(1, 10) {
        buf.extend_from_slice(b"5\r\nhello\r\n0\r\n\r\n");
    }
    if rng.ratio(3, 4) {
        for _ in 0..rng.range(1, 4) {
            mutate(rng, &mut buf);
        }
    }
    buf
}

/// How our parser and httparse compared on one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    /// Both parsed the same head (same length, method, target, version, headers).
    SameHead,
    /// Both need more bytes.
    BothPartial,
    /// Both rejected it.
    BothReject,
    /// We reject what httparse accepts or waits on, for a documented rule.
    StricterTarget,
    /// `GET *`, `CONNECT /x` …: the target's form does not fit the method.
    StricterTargetForm,
    /// `GET / HTTP/2`: httparse rejects any version but 1.x at once; we wait for
    /// `HTTP/2.0` to answer 505 (a version we do not speak) rather than 400.
    WaitsForVersion,
    /// A Content-Length or Transfer-Encoding that breaks RFC 9112 §6.3:
    /// httparse leaves framing to its caller; our parser checks it line by line.
    StricterFraming,
}

/// The error kinds by which we are (on purpose, tested in tests/rules.rs)
/// stricter than httparse:
/// - `Target`: httparse allows non-ASCII (UTF-8) bytes in the target; RFC 3986
///   has none, so we reject them.
/// - `TargetForm`: httparse does not check RFC 9112 §3.2's pairing of forms and methods.
/// - the framing kinds: httparse does not read Content-Length or
///   Transfer-Encoding; our parser applies RFC 9112 §6.3 as each field line ends.
fn documented_strictness(kind: ErrorKind) -> Option<Verdict> {
    use ErrorKind::*;
    match kind {
        Target => Some(Verdict::StricterTarget),
        TargetForm => Some(Verdict::StricterTargetForm),
        ContentLength
        | ConflictingContentLength
        | TransferEncodingWithContentLength
        | TransferEncodingInHttp10
        | ChunkedNotFinal
        | UnknownTransferCoding => Some(Verdict::StricterFraming),
        _ => None,
    }
}

/// Parses `input` with both and explains any disagreement that is not documented.
pub fn compare(input: &[u8]) -> Result<Verdict, String> {
    let limits = Limits::default();
    let mut ours_h = [EMPTY_HEADER; 100];
    let ours = parse_request(input, &mut ours_h, &limits);
    let mut theirs_h = [httparse::EMPTY_HEADER; 100];
    let mut theirs_req = httparse::Request::new(&mut theirs_h);
    let theirs = theirs_req.parse(input);
    let show = || {
        format!(
            "input {:?}\n  ours {ours:?}\n  httparse {theirs:?}",
            String::from_utf8_lossy(input)
        )
    };
    match (&ours, &theirs) {
        (Ok(Status::Complete((req, n))), Ok(httparse::Status::Complete(m))) => {
            let version = req.version.minor();
            let same = n == m
                && Some(req.method) == theirs_req.method
                && Some(req.target) == theirs_req.path
                && version == theirs_req.version
                && req.headers.len() == theirs_req.headers.len()
                && req
                    .headers
                    .iter()
                    .zip(theirs_req.headers.iter())
                    .all(|(a, b)| a.name == b.name && a.value == b.value);
            if same {
                Ok(Verdict::SameHead)
            } else {
                Err(format!("different heads: {}", show()))
            }
        }
        (Ok(Status::Partial), Ok(httparse::Status::Partial)) => Ok(Verdict::BothPartial),
        (Err(_), Err(_)) => Ok(Verdict::BothReject),
        (Ok(Status::Partial), Err(httparse::Error::Version)) => Ok(Verdict::WaitsForVersion),
        (Err(e), Ok(_)) => documented_strictness(e.kind)
            .ok_or_else(|| format!("we reject, httparse does not: {}", show())),
        _ => Err(format!("we accept or wait, httparse rejects: {}", show())),
    }
}

/// Runs everything else we have on `input` (must never panic): the plain
/// scanner must agree with the fast one; body framing, keep-alive and the
/// chunked decoder (fed in two pieces) run on whatever follows the head.
pub fn exercise(input: &[u8], split: usize) {
    let limits = Limits::default();
    let mut h = [EMPTY_HEADER; 100];
    let fast = parse_request(input, &mut h, &limits);
    let mut h2 = [EMPTY_HEADER; 100];
    let plain = parse_request_with::<Plain>(input, &mut h2, &limits);
    assert_eq!(fast, plain, "plain and fast scanners disagree on {input:?}");
    if let Ok(Status::Complete((req, n))) = fast {
        let _ = req.keep_alive();
        let _ = req.body_kind();
        let body = &input[n..];
        let mut d = ChunkedDecoder::new();
        let mut out = Vec::new();
        let cut = split.min(body.len());
        if let Ok(r) = d.decode(&body[..cut], &mut out) {
            assert!(r.consumed <= cut);
            if !r.done {
                let _ = d.decode(&body[cut..], &mut out);
            }
        }
    }
}
