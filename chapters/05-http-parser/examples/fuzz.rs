//! The long run: N generated inputs (default 10,000,000) through every part of
//! the parser, checking that nothing panics and that httparse agrees (as in
//! tests/oracle.rs). Release build:
//!
//! ```text
//! cargo run --release -p ch05-http-parser --example fuzz -- 10000000
//! ```
//!
//! Inputs: generated requests, mutated (see tests/cases), one in eight pure
//! random bytes, and chunked bodies with random edits fed in random pieces.

#[path = "../tests/cases/mod.rs"]
mod cases;

use std::collections::BTreeMap;
use std::time::Instant;

use ch05_http_parser::ChunkedDecoder;

fn main() -> anyhow::Result<()> {
    let n: u64 = match std::env::args().nth(1) {
        Some(a) => a.parse()?,
        None => 10_000_000,
    };
    let seed: u64 = match std::env::args().nth(2) {
        Some(a) => a.parse()?,
        None => 2026,
    };
    let mut rng = cases::Rng::new(seed);
    let mut tally: BTreeMap<cases::Verdict, u64> = BTreeMap::new();
    let (mut chunked_done, mut chunked_err) = (0u64, 0u64);
    let start = Instant::now();
    for i in 0..n {
        let input = if i % 8 == 7 {
            (0..rng.below(64)).map(|_| rng.below(256) as u8).collect()
        } else {
            cases::case(&mut rng)
        };
        match cases::compare(&input) {
            Ok(v) => *tally.entry(v).or_default() += 1,
            Err(why) => anyhow::bail!("case {i} (seed {seed}): {why}"),
        }
        cases::exercise(&input, rng.below(40));
        // A chunked body with random edits, fed in random pieces.
        let mut body =
            b"5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Sum: 1\r\n\r\n"
                .to_vec();
        for _ in 0..rng.below(3) {
            cases::mutate(&mut rng, &mut body);
        }
        let mut d = ChunkedDecoder::new();
        let mut out = Vec::new();
        let mut pos = 0;
        loop {
            let end = (pos + 1 + rng.below(16)).min(body.len());
            match d.decode(&body[pos..end], &mut out) {
                Ok(r) if r.done => {
                    chunked_done += 1;
                    break;
                }
                Ok(r) => {
                    assert_eq!(r.consumed, end - pos, "not done, so all input used");
                    pos = end;
                    if pos == body.len() {
                        break;
                    }
                }
                Err(_) => {
                    chunked_err += 1;
                    break;
                }
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!("{n} inputs in {secs:.1} s, no panic; vs httparse: {tally:?}");
    println!("chunked bodies: {chunked_done} complete, {chunked_err} rejected, the rest partial");
    Ok(())
}
