//! `ch07-server`: chapter 6's HTTP server on the event loop.
//!
//! Work in progress: the HTTP service is wired in once chapter 6's library lands.

fn main() -> anyhow::Result<()> {
    let args = ch01_tcp::cli::Args::from_env(
        "ch07-server: chapter 6's HTTP server on a mio event loop (not wired in yet)",
    );
    args.finish()?;
    anyhow::bail!("ch07-server: the HTTP service is not wired in yet")
}
