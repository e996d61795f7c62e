//! Chapter 1: TCP sockets with nothing but `std::net`.
//!
//! The library half of the chapter: the echo loop ([`echo`]), the server that
//! accepts connections and runs it ([`server`]), and the client that sends its
//! input and reads the echo ([`client`]). It also holds the helpers every later
//! binary in the book uses: [`cli`] (flags and the ready line), [`trace`]
//! (`--trace` byte dumps) and [`testing`] (starting a server binary in a test).

pub mod cli;
pub mod client;
pub mod echo;
pub mod server;
pub mod testing;
pub mod trace;
