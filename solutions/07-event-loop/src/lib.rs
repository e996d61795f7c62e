//! Chapter 7 exercises, solved: the three data structures under the event loop.

pub mod conn_table;
pub mod timers;
pub mod write_queue;
