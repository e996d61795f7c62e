//! `ch10-peer-fastwebsockets`: an echo server on fastwebsockets (Deno's library),
//! one thread, for `ch10-bench`.
//!
//! fastwebsockets leaves the HTTP upgrade to hyper; to keep hyper out of the
//! measurement (it runs once per connection, never per message) the upgrade is
//! read by hand and answered with chapter 8's `accept_key`.

use anyhow::{Context, bail};
use ch10_bench_peers::{addr_from_args, listen};
use fastwebsockets::{FragmentCollector, OpCode, Role, WebSocket};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const USAGE: &str = "\
ch10-peer-fastwebsockets: a WebSocket echo server on fastwebsockets 0.10 (one thread),
to benchmark ch10-server against (see ch10-bench)

USAGE:
    ch10-peer-fastwebsockets [--addr IP:PORT]

    --addr IP:PORT   where to listen (default 127.0.0.1:0, a free port)
    --help           this text";

/// Reads the upgrade request (up to 8 KiB) and sends the 101.
async fn handshake(stream: &mut TcpStream) -> anyhow::Result<()> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut chunk).await?;
        if n == 0 || head.len() + n > 8192 {
            bail!("no complete upgrade request");
        }
        head.extend_from_slice(&chunk[..n]);
    }
    let text = std::str::from_utf8(&head).context("a non-UTF-8 request head")?;
    let key = text
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("sec-websocket-key")
                .then(|| value.trim())
        })
        .context("no Sec-WebSocket-Key")?;
    let accept = ch08_ws_handshake::accept_key(key.as_bytes());
    let response = ch08_ws_handshake::switching_protocols(&accept, None);
    stream.write_all(&response).await?;
    Ok(())
}

async fn serve(mut stream: TcpStream) -> anyhow::Result<()> {
    stream.set_nodelay(true)?;
    handshake(&mut stream).await?;
    let mut ws = WebSocket::after_handshake(stream, Role::Server);
    ws.set_auto_close(true);
    ws.set_auto_pong(true);
    // Whole messages, as ch10-server's /echo echoes them.
    let mut ws = FragmentCollector::new(ws);
    loop {
        let frame = ws.read_frame().await?;
        match frame.opcode {
            OpCode::Text | OpCode::Binary => ws.write_frame(frame).await?,
            OpCode::Close => return Ok(()),
            _ => {}
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let addr = addr_from_args(USAGE)?;
    let listener = listen(addr).await?;
    loop {
        let (stream, _) = listener.accept().await.context("accepting")?;
        tokio::spawn(async move {
            let _ = serve(stream).await;
        });
    }
}
