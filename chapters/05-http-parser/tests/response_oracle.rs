//! The independent oracle for the response side: `parse_response` against
//! httparse's `Response` on 30,000 generated responses, valid and mutated (the
//! request cases' mutations). For every head httparse accepts we must produce
//! the same version, status, reason, headers and head length, and reject what
//! it rejects.
//!
//! `cargo test -p ch05-http-parser --test response_oracle -- --nocapture` prints the tally.

mod cases;

use std::collections::BTreeMap;

use cases::response::{self, Verdict};

const CASES: usize = 30_000;

#[test]
fn agrees_with_httparse_on_generated_responses() {
    let mut rng = cases::Rng::new(0x0591_1204);
    let mut tally: BTreeMap<Verdict, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for i in 0..CASES {
        let input = response::case(&mut rng);
        match response::compare(&input) {
            Ok(v) => *tally.entry(v).or_default() += 1,
            Err(why) => failures.push(why),
        }
        response::exercise(&input, i % 50);
    }
    println!("{CASES} responses: {tally:?}");
    assert!(
        failures.is_empty(),
        "{} disagreements, first: {}",
        failures.len(),
        failures[0]
    );
    // The generator must reach every outcome, or the test proves little.
    for v in [Verdict::SameHead, Verdict::BothPartial, Verdict::BothReject] {
        assert!(
            tally.get(&v).copied().unwrap_or(0) > 1000,
            "too few {v:?}: {tally:?}"
        );
    }
}

#[test]
fn compare_classifies_simple_cases() {
    // Agreement on a valid head, on a partial one and on a rejected one…
    assert_eq!(
        response::compare(b"HTTP/1.1 200 OK\r\nA: b\r\n\r\n"),
        Ok(Verdict::SameHead)
    );
    assert_eq!(response::compare(b"HTTP/1.1 20"), Ok(Verdict::BothPartial));
    assert_eq!(
        response::compare(b"HTTP/1.1 200 OK\r\nA : b\r\n\r\n"),
        Ok(Verdict::BothReject)
    );
    // …and the obs-text reason httparse hides is not a difference.
    assert_eq!(
        response::compare(b"HTTP/1.1 200 caf\xe9\r\n\r\n"),
        Ok(Verdict::SameHead)
    );
}
