//! Chapter 1: TCP sockets with nothing but `std::net`.
//!
//! The library half of the chapter. Besides the echo server and client, it holds
//! the two helpers every later binary in the book uses: [`cli`] (flags and the
//! ready line) and [`trace`] (`--trace` byte dumps).

pub mod cli;
pub mod testing;
pub mod trace;
