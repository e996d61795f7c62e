//! Shared by chapter 14's tests: the library's certificates and TLS client
//! (`ch14_tls::testing`), `ch14-server` started on a free port with them, and
//! outside programs run on loopback (`daemon`).
#![allow(dead_code, unused_imports)] // each test file uses a different part

pub mod daemon;
pub mod haproxy;
pub mod nginx;
pub mod squid;
pub mod tap;
pub mod two_feeds;

use std::time::{Duration, Instant};

pub use ch01_tcp::testing::Server;
pub use ch14_tls::testing::{Pki, T, read_to_close, read_until};

/// Starting this chapter's binaries with a [`Pki`]'s certificate.
pub trait StartServer {
    /// Starts `ch14-server` on a free port with this certificate, no taxi
    /// (events come only from the tests), and `--trace` (tests read it).
    fn server(&self) -> Server;
    /// Starts `ch14-ws-server` (chapter 10's echo and chat over TLS) on a
    /// free port with this certificate and `--trace`.
    fn ws_server(&self) -> Server;
}

impl StartServer for Pki {
    fn server(&self) -> Server {
        let (cert, key) = (self.cert.to_str().unwrap(), self.key.to_str().unwrap());
        let args = [
            "--addr",
            "127.0.0.1:0",
            "--rate",
            "0",
            "--trace",
            "--cert",
            cert,
            "--key",
            key,
        ];
        let s =
            Server::start(env!("CARGO_BIN_EXE_ch14-server"), &args).expect("ch14-server starts");
        assert!(s.url.starts_with("https://"), "ready line: {}", s.url);
        s
    }

    fn ws_server(&self) -> Server {
        let (cert, key) = (self.cert.to_str().unwrap(), self.key.to_str().unwrap());
        let args = [
            "--addr",
            "127.0.0.1:0",
            "--trace",
            "--cert",
            cert,
            "--key",
            key,
        ];
        let s = Server::start(env!("CARGO_BIN_EXE_ch14-ws-server"), &args)
            .expect("ch14-ws-server starts");
        assert!(s.url.starts_with("https://"), "ready line: {}", s.url);
        s
    }
}

/// Waits until the server's `--trace` (what it wrote since the last call)
/// contains `needle`; returns that text.
pub fn trace_shows(server: &Server, needle: &str) -> String {
    let deadline = Instant::now() + T;
    let mut text = String::new();
    loop {
        text.push_str(&server.stderr_so_far());
        if text.contains(needle) || Instant::now() > deadline {
            return text;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Chapter 13's showdown, plain HTTP, on a free port in this process, with
/// no taxi (events come only from the test): the server behind a proxy that
/// terminates TLS or that a test wants two of.
pub fn plain_showdown(options: ch13_showdown::ShowdownConfig) -> ch13_showdown::driver::Server {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let config = ch07_event_loop::Config::default();
    ch13_showdown::driver::Server::start(addr, options, config, None).expect("the showdown starts")
}
