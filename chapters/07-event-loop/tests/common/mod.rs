//! Shared by the HTTP tests: start `ch07-server` and talk to it with chapter
//! 6's test client (httparse underneath), the very checks ch06-server passes.
#![allow(dead_code)] // each test file uses a different part

pub use ch01_tcp::testing::Server;

#[path = "../../../06-http-server/tests/common/client.rs"]
mod client;
#[allow(unused_imports)] // some test files use only the rest
pub use client::*;

/// Starts the built `ch07-server` on a free port with extra `args`.
pub fn server(args: &[&str]) -> Server {
    let mut all = vec!["--addr", "127.0.0.1:0"];
    all.extend_from_slice(args);
    Server::start(env!("CARGO_BIN_EXE_ch07-server"), &all).expect("ch07-server starts")
}

#[path = "../../../06-http-server/tests/common/big_file.rs"]
pub mod big_file;
