//! The slowloris experiment of chapters 6 and 7, against a server binary:
//! N connections that send a request head a byte at a time and never finish,
//! while an honest client asks for a small file five times a second.
//!
//! ```console
//! $ cargo build --release -p ch06-http-server -p ch07-event-loop --bins --examples
//! $ target/release/examples/slowloris target/release/ch06-server 1500
//! ```

use ch01_tcp::testing::Server;
use ch06_http_server::testing;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let binary = args
        .next()
        .unwrap_or_else(|| "target/release/ch06-server".into());
    let conns: usize = args.next().map_or(Ok(1500), |n| n.parse())?;
    let secs: f64 = args.next().map_or(Ok(5.0), |s| s.parse())?;
    let site = testing::small_site();
    let server = Server::start(&binary, &["--addr", "127.0.0.1:0", "--root", site.arg()])?;
    let (served, asked) = testing::slowloris(&server, conns, secs, "/hello.txt");
    println!(
        "{binary}: {conns} slowloris connections for {secs} s: the honest client got \
         {served} of {asked} requests answered with 200"
    );
    Ok(())
}
