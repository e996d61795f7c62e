//! Everything a peer's header block can get wrong, each case named.

use std::fmt;

use crate::error_code::ErrorCode;

/// Why a header block could not be decoded.
///
/// Every case but [`DecodeError::HeaderListTooLarge`] is a *decoding error* of
/// RFC 7541, and RFC 9113 §4.3 makes each one a connection error of type
/// COMPRESSION_ERROR: once one block is misread, the two dynamic tables differ
/// and no later block can be trusted. `HeaderListTooLarge` is different: the
/// whole block was processed (the table is in step), only the list was too big
/// to keep, so the connection can refuse that one request and go on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The block ends in the middle of a representation (an integer, a string,
    /// a field).
    Truncated,
    /// An integer larger than 2^32-1 or longer than its octet limit (§5.1
    /// lets a decoder set such limits and treat going past them as an error).
    IntegerOverflow,
    /// A string literal longer than the decoder accepts.
    StringTooLong {
        /// The length the literal declared.
        len: usize,
        /// The decoder's limit.
        limit: usize,
    },
    /// Huffman padding longer than 7 bits (§5.2).
    HuffmanPaddingTooLong,
    /// Huffman padding that is not the leading bits of EOS, all ones (§5.2).
    HuffmanPaddingNotOnes,
    /// The EOS symbol inside a Huffman string (§5.2).
    HuffmanEos,
    /// An index of 0 in an indexed field (§6.1).
    IndexZero,
    /// An index past the end of both tables (§2.3.3).
    IndexOutOfRange {
        /// The index received.
        index: usize,
        /// The highest valid index at that point: 61 plus the dynamic entries.
        highest: usize,
    },
    /// A dynamic table size update after the first field of a block (§4.2).
    SizeUpdateNotAtStart,
    /// A dynamic table size update above the limit we set with
    /// SETTINGS_HEADER_TABLE_SIZE (§6.3).
    SizeUpdateTooLarge {
        /// The size asked for.
        size: usize,
        /// Our limit.
        limit: usize,
    },
    /// We lowered SETTINGS_HEADER_TABLE_SIZE below the table's size, and the
    /// next block did not start with the size update §4.2 requires.
    SizeUpdateMissing,
    /// The decoded list is over SETTINGS_MAX_HEADER_LIST_SIZE (RFC 9113
    /// §6.5.2): name + value + 32 octets per field. Not a COMPRESSION_ERROR;
    /// see the type's documentation.
    HeaderListTooLarge {
        /// The limit in octets.
        limit: usize,
    },
}

impl DecodeError {
    /// The error code to end the connection with (COMPRESSION_ERROR), or
    /// `None` for [`DecodeError::HeaderListTooLarge`], which concerns one
    /// request only (a server answers it with 431, RFC 9113 §10.5.1).
    pub fn connection_error(&self) -> Option<ErrorCode> {
        match self {
            DecodeError::HeaderListTooLarge { .. } => None,
            _ => Some(ErrorCode::COMPRESSION_ERROR),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Truncated => write!(f, "the block ends inside a representation"),
            DecodeError::IntegerOverflow => write!(f, "an integer past 2^32-1 (RFC 7541 §5.1)"),
            DecodeError::StringTooLong { len, limit } => {
                write!(f, "a {len}-octet string literal, over the limit of {limit}")
            }
            DecodeError::HuffmanPaddingTooLong => {
                write!(f, "Huffman padding longer than 7 bits (§5.2)")
            }
            DecodeError::HuffmanPaddingNotOnes => {
                write!(f, "Huffman padding that is not all ones (§5.2)")
            }
            DecodeError::HuffmanEos => write!(f, "EOS inside a Huffman string (§5.2)"),
            DecodeError::IndexZero => write!(f, "index 0 (§6.1)"),
            DecodeError::IndexOutOfRange { index, highest } => {
                write!(f, "index {index}, the tables end at {highest}")
            }
            DecodeError::SizeUpdateNotAtStart => {
                write!(f, "a table size update after a field (§4.2)")
            }
            DecodeError::SizeUpdateTooLarge { size, limit } => {
                write!(
                    f,
                    "a table size update to {size}, over our limit of {limit} (§6.3)"
                )
            }
            DecodeError::SizeUpdateMissing => {
                write!(f, "no table size update after our limit was lowered (§4.2)")
            }
            DecodeError::HeaderListTooLarge { limit } => {
                write!(f, "a header list over {limit} octets")
            }
        }
    }
}

impl std::error::Error for DecodeError {}
