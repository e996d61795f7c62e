//! Chapter 4: a line-based chat server with one thread per connection.
//!
//! Each file has one job:
//! - [`line`]: cut a byte stream into lines, with a maximum length.
//! - [`naive`]: the first chat everyone writes (write to every socket under one
//!   lock), kept to show how one slow reader stalls it.
//! - [`text`]: turn a line's bytes into safe text (invalid UTF-8, control bytes).
//! - [`command`]: what a line means: text for the room or a `/command`.
//! - [`nick`]: what a valid nickname is.
//! - [`outbox`]: one client's bounded queue of outgoing messages, and what happens
//!   when it is full.
//! - [`hub`]: the room: who is here, and broadcast to every outbox.
//! - [`server`]: the accept loop, one thread per connection.
//! - [`connection`]: the two threads (reader, writer) of one client.
//! - [`proc_status`]: read a process's threads and memory from `/proc`, for the
//!   idle-cost measurement (`ch04-idle-cost`).
//!
//! The hub lives in the library, not in the binary, so it can be tested alone and
//! so chapter 10's WebSocket chat can be compared with it.

pub mod command;
pub mod config;
pub mod connection;
pub mod hub;
pub mod line;
pub mod naive;
pub mod nick;
pub mod outbox;
pub mod proc_status;
pub mod server;
pub mod text;
