//! The independent oracle: our parser against httparse on 120,000 generated
//! requests, valid and mutated. For every head httparse accepts we must produce
//! the same method, target, version, headers and head length; every
//! disagreement must be one of our documented strictnesses (cases::compare).
//!
//! `cargo test -p ch05-http-parser --test oracle -- --nocapture` prints the tally.

mod cases;

use std::collections::BTreeMap;

const CASES: usize = 120_000;

#[test]
fn agrees_with_httparse_on_generated_requests() {
    let mut rng = cases::Rng::new(0x05_9112);
    let mut tally: BTreeMap<cases::Verdict, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for _ in 0..CASES {
        let input = cases::case(&mut rng);
        match cases::compare(&input) {
            Ok(v) => *tally.entry(v).or_default() += 1,
            Err(why) => failures.push(why),
        }
    }
    println!("{CASES} cases: {tally:?}");
    assert!(
        failures.is_empty(),
        "{} undocumented disagreements, first: {}",
        failures.len(),
        failures[0]
    );
    // The generator must reach every outcome, or the test proves little.
    for v in [
        cases::Verdict::SameHead,
        cases::Verdict::BothPartial,
        cases::Verdict::BothReject,
    ] {
        assert!(
            tally.get(&v).copied().unwrap_or(0) > 1000,
            "too few {v:?}: {tally:?}"
        );
    }
}

#[test]
fn documented_strictness_is_real() {
    // Each documented difference, shown once: httparse accepts, we reject.
    for input in [
        &b"GET /caf\xc3\xa9 HTTP/1.1\r\n\r\n"[..],
        b"GET * HTTP/1.1\r\n\r\n",
        b"CONNECT /x HTTP/1.1\r\n\r\n",
    ] {
        let mut h = [httparse::EMPTY_HEADER; 4];
        assert!(httparse::Request::new(&mut h).parse(input).is_ok());
        let v = cases::compare(input).unwrap();
        assert!(
            matches!(
                v,
                cases::Verdict::StricterTarget | cases::Verdict::StricterTargetForm
            ),
            "{v:?}"
        );
    }
    // Framing (RFC 9112 §6.3): httparse leaves Content-Length and
    // Transfer-Encoding to its caller; we reject at the field line that breaks a rule.
    for input in [
        &b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"[..],
        b"POST / HTTP/1.1\r\nContent-Length: 1000000000000000000000\r\n\r\n",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n",
    ] {
        let mut h = [httparse::EMPTY_HEADER; 4];
        assert!(httparse::Request::new(&mut h).parse(input).is_ok());
        assert_eq!(cases::compare(input), Ok(cases::Verdict::StricterFraming));
    }
    // And the one where we wait while httparse has decided: it rejects `HTTP/2`
    // at once (400), we wait for `HTTP/2.0` to answer 505 (tests/rules.rs).
    assert_eq!(
        cases::compare(b"GET / HTTP/2"),
        Ok(cases::Verdict::WaitsForVersion)
    );
}

#[test]
fn compare_classifies_simple_cases() {
    // Agreement on a valid head, and on a rejected one.
    assert!(cases::compare(b"GET / HTTP/1.1\r\nA: b\r\n\r\n").is_ok());
    assert!(
        cases::compare(b"GET / HTTP/1.1\r\nA : b\r\n\r\n").is_ok(),
        "both reject"
    );
}

#[test]
fn plain_and_fast_scanners_agree_and_nothing_panics() {
    let mut rng = cases::Rng::new(7);
    for i in 0..20_000 {
        let input = cases::case(&mut rng);
        cases::exercise(&input, i % 40);
    }
}
