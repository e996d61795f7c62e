//! Chapter 3: building a TCP listener by hand with socket2.
//!
//! `std::net::TcpListener::bind` does four system calls for you (socket, setsockopt
//! SO_REUSEADDR, bind, listen) and picks every option itself. This chapter does
//! those steps one at a time, so each option has a name and a reason:
//!
//! - [`listener()`]: `socket` → options → `bind` → `listen`, driven by
//!   [`ListenOptions`]. Later chapters build their listeners with it.
//! - [`applied`]: read the options back with `getsockopt`, to see what the kernel
//!   really set (Linux doubles buffer sizes, for one).
//! - [`accept`]: a non-blocking accept loop that meets `WouldBlock`.
//! - [`time_wait`]: reproduce "Address already in use" after a restart, for real.
//! - [`nagle`]: measure Nagle's algorithm meeting delayed ACKs.

pub mod accept;
pub mod applied;
pub mod error;
pub mod listener;
pub mod nagle;
pub mod options;
pub mod procnet;
pub mod server;
pub mod time_wait;

pub use applied::Applied;
pub use error::BuildError;
pub use listener::listener;
pub use options::ListenOptions;
