//! Chapter 9 exercises, solved. Compare with your own in `exercises/09-ws-frames`.

pub mod assembler;
pub mod close_code;
pub mod header;
pub mod unmask;
pub mod utf8;
