//! `cargo bench -p ch05-http-parser`: our parser (plain, table, shipped) and
//! httparse on the same corpus, in one run; prints MB/s, requests/s, ratios.
//!
//! Options (after `--`): `--seconds S` per parser per pass (default 1),
//! `--passes N` (default 3; the best pass of each is kept).

use ch01_tcp::cli::Args;
use std::time::Duration;

const USAGE: &str = "\
cargo bench -p ch05-http-parser [-- --seconds S --passes N]

Parses a corpus of four realistic request heads with our parser (three ways of
scanning: plain, table, ours = table + 8 bytes at a time) and with httparse,
and prints MB/s, requests/s and the ratio to httparse. Release build.";

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    args.flag("--bench"); // cargo bench passes this to harness = false benches
    let seconds: f64 = args.parsed_or("--seconds", 1.0)?;
    let passes: u32 = args.parsed_or("--passes", 3)?;
    args.finish()?;
    ch05_bench::compare(Duration::from_secs_f64(seconds), passes);
    Ok(())
}
