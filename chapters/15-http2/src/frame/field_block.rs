//! A field block across frames (RFC 9113 §4.3): a HEADERS frame's fragment and
//! the CONTINUATIONs that follow it, joined for the HPACK decoder; and a block
//! of ours split into frames that fit the peer's SETTINGS_MAX_FRAME_SIZE.
//!
//! Nothing in the protocol limits how many CONTINUATION frames a block may
//! take, and HPACK cannot decode a block before it is whole, so a peer could
//! make a receiver buffer without end (the "CONTINUATION flood" of 2024). The
//! assembler counts what it holds and refuses a block past its limit.

use super::continuation::Continuation;
use super::error::{ConnectionError, Violation};
use super::frames::Frame;
use super::header::StreamId;
use super::headers::Headers;

/// Our default limit on one field block: 64 KiB, the same as the default
/// header-list limit, which a block from a sane encoder never exceeds.
pub const DEFAULT_MAX_FIELD_BLOCK: usize = 64 * 1024;

/// A whole field block, ready for HPACK.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldBlock<'a> {
    /// The stream the block opens or continues.
    pub stream: StreamId,
    /// The HEADERS frame had END_STREAM.
    pub end_stream: bool,
    /// The joined fragments.
    pub block: &'a [u8],
}

/// Joins fragments. The frame decoder has already checked their order (only
/// CONTINUATION on the same stream inside a block), so this only counts.
#[derive(Debug, Clone)]
pub struct FieldBlockAssembler {
    limit: usize,
    open: Option<(StreamId, bool)>,
    joined: Vec<u8>,
}

impl Default for FieldBlockAssembler {
    fn default() -> FieldBlockAssembler {
        FieldBlockAssembler::new(DEFAULT_MAX_FIELD_BLOCK)
    }
}

impl FieldBlockAssembler {
    /// An assembler that refuses blocks over `limit` octets.
    pub fn new(limit: usize) -> FieldBlockAssembler {
        FieldBlockAssembler {
            limit,
            open: None,
            joined: Vec::new(),
        }
    }

    /// Takes a HEADERS frame. With END_HEADERS its fragment is the whole block,
    /// returned as it is (no copy); otherwise it is kept until the last
    /// CONTINUATION.
    pub fn headers<'a>(
        &'a mut self,
        headers: &Headers<'a>,
    ) -> Result<Option<FieldBlock<'a>>, ConnectionError> {
        self.check(headers.fragment.len())?;
        if headers.end_headers {
            return Ok(Some(FieldBlock {
                stream: headers.stream,
                end_stream: headers.end_stream,
                block: headers.fragment,
            }));
        }
        self.open = Some((headers.stream, headers.end_stream));
        self.joined = headers.fragment.to_vec();
        Ok(None)
    }

    /// Takes a CONTINUATION frame; returns the block with the last one.
    pub fn continuation<'a>(
        &'a mut self,
        continuation: &Continuation<'_>,
    ) -> Result<Option<FieldBlock<'a>>, ConnectionError> {
        let Some((stream, end_stream)) = self.open else {
            return Err(ConnectionError(Violation::UnexpectedContinuation {
                stream: continuation.stream,
            }));
        };
        self.check(self.joined.len() + continuation.fragment.len())?;
        self.joined.extend_from_slice(continuation.fragment);
        if !continuation.end_headers {
            return Ok(None);
        }
        self.open = None;
        Ok(Some(FieldBlock {
            stream,
            end_stream,
            block: &self.joined,
        }))
    }

    fn check(&self, len: usize) -> Result<(), ConnectionError> {
        if len > self.limit {
            return Err(ConnectionError(Violation::FieldBlockTooLarge {
                limit: self.limit,
            }));
        }
        Ok(())
    }
}

// ANCHOR: encode_field_block
/// Appends `block` as a HEADERS frame on `stream`, followed by as many
/// CONTINUATION frames as `max_frame_size` (the peer's setting) requires;
/// END_HEADERS goes on the last, END_STREAM (if `end_stream`) on the HEADERS.
pub fn encode_field_block(
    stream: StreamId,
    block: &[u8],
    end_stream: bool,
    max_frame_size: u32,
    out: &mut Vec<u8>,
) {
    let max = max_frame_size as usize;
    let (first, mut rest) = block.split_at(block.len().min(max));
    Frame::Headers(Headers {
        stream,
        end_stream,
        end_headers: rest.is_empty(),
        priority: None,
        fragment: first,
        pad: None,
    })
    .encode(out);
    while !rest.is_empty() {
        let (piece, after) = rest.split_at(rest.len().min(max));
        rest = after;
        Frame::Continuation(Continuation {
            stream,
            end_headers: rest.is_empty(),
            fragment: piece,
        })
        .encode(out);
    }
}
// ANCHOR_END: encode_field_block
