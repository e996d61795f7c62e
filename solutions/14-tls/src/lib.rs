//! Chapter 14 exercises, solved: three things a proxy, a debugger or a
//! capacity planner reads off TLS without the keys.

pub mod overhead;
pub mod record_header;
pub mod sni;
