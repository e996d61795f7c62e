//! One parser, the corpus `K` times, nothing else: for counting instructions
//! under callgrind, where perf has no hardware counters.
//!
//! ```text
//! cargo build --release -p ch05-http-parser --examples
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/parse-loop ours 1000
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/parse-loop ours 11000
//! ```
//! (instructions of the second − the first) / (10,000 × 4 requests) = instructions per parse.

use anyhow::{Context, bail};
use ch05_bench::{Parser, corpus, run};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let name = args
        .next()
        .context("usage: parse-loop plain|table|ours|httparse K")?;
    let k: u64 = args
        .next()
        .context("K, the rounds")?
        .parse()
        .context("K is a number")?;
    let Some(parser) = Parser::ALL.into_iter().find(|p| p.name() == name) else {
        bail!("unknown parser {name:?}: plain, table, ours or httparse");
    };
    let bytes = run(parser, &corpus(), k);
    println!("{} parsed {} requests, {bytes} bytes", parser.name(), k * 4);
    Ok(())
}
