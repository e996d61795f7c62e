//! Chapter 8 exercises, solved. The checks are in exercises/08-ws-handshake/checks.rs.

pub mod accept_key;
pub mod origin_allowed;
pub mod token_list;
