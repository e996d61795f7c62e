//! Shared by the end-to-end tests: start `ch06-server`, read its responses
//! with the independent client in `client.rs` (temporary directories are
//! chapter 6's `testing::Root`).
#![allow(dead_code)] // each test file uses a different part

pub use ch01_tcp::testing::Server;

mod client;
#[allow(unused_imports)] // some test files use only the rest
pub use client::*;

/// Starts the built `ch06-server` on a free port with extra `args`.
pub fn server(args: &[&str]) -> Server {
    let mut all = vec!["--addr", "127.0.0.1:0"];
    all.extend_from_slice(args);
    Server::start(env!("CARGO_BIN_EXE_ch06-server"), &all).expect("ch06-server starts")
}

/// Whether a program can be run (`curl --version`).
pub fn have(program: &str) -> bool {
    std::process::Command::new(program)
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

pub mod big_file;
