//! `ch10-peer-tungstenite`: an echo server on tokio-tungstenite, one thread, for
//! `ch10-bench`.
//!
//! Its read buffer is set to 8 KiB. tungstenite's default `read_buffer_size` is
//! 128 KiB, and before every `read` it resizes the buffer to that size, which
//! zero-fills it: 128 KiB of memset per read, whatever arrived. That cost would
//! dominate a small-message benchmark and say nothing about the protocol code.

use anyhow::Context;
use ch10_bench_peers::{addr_from_args, listen};
use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

const USAGE: &str = "\
ch10-peer-tungstenite: a WebSocket echo server on tokio-tungstenite 0.30 (one thread,
8 KiB read buffer), to benchmark ch10-server against (see ch10-bench)

USAGE:
    ch10-peer-tungstenite [--addr IP:PORT]

    --addr IP:PORT   where to listen (default 127.0.0.1:0, a free port)
    --help           this text";

async fn serve(stream: TcpStream) -> anyhow::Result<()> {
    stream.set_nodelay(true)?;
    let config = WebSocketConfig::default()
        .read_buffer_size(8 * 1024)
        // Autobahn-sized messages, as ch10-server allows.
        .max_message_size(Some(32 << 20));
    let mut ws = tokio_tungstenite::accept_async_with_config(stream, Some(config)).await?;
    while let Some(msg) = ws.next().await {
        // The library's own echo example: `send` is feed + flush. Pings are
        // answered and a Close is answered by the library; the stream ends once
        // the close handshake is done.
        if let m @ (Message::Text(_) | Message::Binary(_)) = msg? {
            ws.send(m).await?;
        }
    }
    Ok(())
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
