//! HPACK, header compression for HTTP/2 (RFC 7541), with no I/O in it.
//!
//! HTTP/1.1 sends every header as text on every request; a browser's
//! `user-agent`, `accept` and cookies repeat byte for byte a hundred times per
//! page. HPACK replaces them with indexes into two tables both ends keep, and
//! codes the rest with a Huffman code made for header text. One job per file:
//!
//! - [`integer`]: prefix integers (§5.1), with limits.
//! - [`string`]: string literals (§5.2), raw or Huffman, with length limits.
//! - [`huffman`] and [`huffman_table`]: the code of Appendix B, both ways, and
//!   the padding and EOS rules.
//! - [`static_table`]: the 61 entries of Appendix A.
//! - [`dynamic_table`]: the table both ends build (§4): sizes, eviction.
//! - [`decoder`]: blocks to header lists, every representation of §6, every
//!   error typed ([`DecodeError`]), the header-list limit enforced as it decodes.
//! - [`encoder`]: header lists to blocks: indexed, incremental, never indexed.
//! - [`field`]: the header field and list, and how the trace prints them.

pub mod decoder;
pub mod dynamic_table;
pub mod encoder;
pub mod error;
pub mod field;
pub mod huffman;
pub mod huffman_table;
pub mod integer;
pub mod static_table;
pub mod string;

pub use decoder::{DEFAULT_MAX_HEADER_LIST_SIZE, DEFAULT_TABLE_SIZE, Decoder};
pub use dynamic_table::DynamicTable;
pub use encoder::Encoder;
pub use error::DecodeError;
pub use field::{HeaderField, HeaderList, is_sensitive};
