//! Response generators and the httparse comparison for `parse_response`
//! (tests/response_oracle.rs): the request cases' method, with a status line.

use ch05_http_parser::{
    EMPTY_HEADER, Limits, Status, parse_response, parse_response_with, scan::Plain,
};

use super::{Rng, eol, fields, mutated, pick};

const CODES: &[&str] = &[
    "100", "101", "200", "204", "206", "301", "304", "404", "500", "999", "000",
];

/// A response head that follows every rule (and so both parsers must accept).
pub fn valid_response(rng: &mut Rng) -> Vec<u8> {
    let mut out = Vec::new();
    if rng.ratio(1, 30) {
        out.extend_from_slice(eol(rng));
    }
    let http10 = rng.ratio(1, 5);
    out.extend_from_slice(if http10 { b"HTTP/1.0 " } else { b"HTTP/1.1 " });
    if rng.ratio(1, 4) {
        for _ in 0..3 {
            out.push(rng.byte_in(b'0', b'9'));
        }
    } else {
        out.extend_from_slice(pick(rng, CODES).as_bytes());
    }
    match rng.below(10) {
        0 => {}              // no SP, no reason (accepted by both)
        1 => out.push(b' '), // SP, empty reason
        _ => {
            out.push(b' ');
            for _ in 0..rng.range(1, 30) {
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
    fields(rng, &mut out, http10);
    out
}

/// A test case: a valid response, sometimes with a body after it, and usually
/// mutated one to three times.
pub fn case(rng: &mut Rng) -> Vec<u8> {
    let buf = valid_response(rng);
    mutated(rng, buf)
}

/// How our response parser and httparse's compared on one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    /// Both parsed the same head (same length, version, status, reason, headers).
    SameHead,
    /// Both need more bytes.
    BothPartial,
    /// Both rejected it.
    BothReject,
}

/// Parses `input` with both; any disagreement is an error (there is no
/// documented one on the response side).
pub fn compare(input: &[u8]) -> Result<Verdict, String> {
    let limits = Limits::default();
    let mut ours_h = [EMPTY_HEADER; 100];
    let ours = parse_response(input, &mut ours_h, &limits);
    let mut theirs_h = [httparse::EMPTY_HEADER; 100];
    let mut theirs_resp = httparse::Response::new(&mut theirs_h);
    let theirs = theirs_resp.parse(input);
    let show = || {
        format!(
            "input {:?}\n  ours {ours:?}\n  httparse {theirs:?}",
            String::from_utf8_lossy(input)
        )
    };
    match (&ours, &theirs) {
        (Ok(Status::Complete((resp, n))), Ok(httparse::Status::Complete(m))) => {
            let version = resp.version.minor();
            // httparse gives an empty reason when it holds obs-text (it returns
            // a `&str`); we give the bytes.
            let theirs_reason = theirs_resp.reason.unwrap_or_default().as_bytes();
            let reason_fits = resp.reason == theirs_reason
                || (theirs_reason.is_empty() && resp.reason.iter().any(|&b| b >= 0x80));
            let same = n == m
                && version == theirs_resp.version
                && Some(resp.status) == theirs_resp.code
                && reason_fits
                && resp.headers.len() == theirs_resp.headers.len()
                && resp
                    .headers
                    .iter()
                    .zip(theirs_resp.headers.iter())
                    .all(|(a, b)| a.name == b.name && a.value == b.value);
            if same {
                Ok(Verdict::SameHead)
            } else {
                Err(format!("different heads: {}", show()))
            }
        }
        (Ok(Status::Partial), Ok(httparse::Status::Partial)) => Ok(Verdict::BothPartial),
        (Err(_), Err(_)) => Ok(Verdict::BothReject),
        (Err(_), Ok(_)) => Err(format!("we reject, httparse does not: {}", show())),
        _ => Err(format!("we accept or wait, httparse rejects: {}", show())),
    }
}

/// Runs the rest on `input` (must never panic): the plain scanner must agree
/// with the fast one, every shorter prefix of a complete head must be partial
/// (checked on a few cut points), and framing and keep-alive must answer.
pub fn exercise(input: &[u8], cut: usize) {
    let limits = Limits::default();
    let mut h = [EMPTY_HEADER; 100];
    let fast = parse_response(input, &mut h, &limits);
    let mut h2 = [EMPTY_HEADER; 100];
    let plain = parse_response_with::<Plain>(input, &mut h2, &limits);
    assert_eq!(fast, plain, "plain and fast scanners disagree on {input:?}");
    if let Ok(Status::Complete((resp, n))) = fast {
        let _ = resp.keep_alive();
        let _ = resp.body_kind(false);
        let _ = resp.body_kind(true);
        let mut h3 = [EMPTY_HEADER; 100];
        let shorter = &input[..cut.min(n - 1)];
        assert_eq!(
            parse_response(shorter, &mut h3, &limits),
            Ok(Status::Partial),
            "a prefix of a complete head: {input:?}"
        );
    }
}
