//! A streaming frame decoder: bytes in, headers and unmasked payload pieces out.
//!
//! It never waits for a whole frame: a 16 MiB frame is handed over in whatever
//! pieces the socket delivers, unmasked in place, so the caller can validate and
//! store it as it comes (or reject it at the header). The only bytes it keeps
//! between calls are a partial header (at most 14), so an idle connection's
//! decoder owns no heap memory at all. It does no I/O: the caller reads.

use crate::error::Violation;
use crate::header::{FrameHeader, MAX_HEADER};
use crate::mask::apply_mask;

/// What one call to [`FrameDecoder::decode`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoded {
    /// A complete frame header. The payload follows in `Payload` pieces.
    Header(FrameHeader),
    /// The bytes just consumed (the first `n` bytes of the input, where `n` is the
    /// count returned beside this) are payload, already unmasked in place.
    Payload {
        /// Position of these bytes within the frame's payload.
        offset: u64,
        /// The frame's payload ends with these bytes. A frame with an empty payload
        /// yields one `Payload` with `n == 0` and `last == true`.
        last: bool,
    },
}

#[derive(Debug, Clone, Copy)]
enum State {
    /// Waiting for a header; `buf[..have]` is the part seen so far.
    Header { buf: [u8; MAX_HEADER], have: u8 },
    /// Inside a frame's payload; `done` bytes of it were handed out.
    Payload { header: FrameHeader, done: u64 },
}

/// The decoder's state between reads: about 40 bytes, no allocation.
#[derive(Debug, Clone)]
pub struct FrameDecoder {
    state: State,
}

impl Default for FrameDecoder {
    fn default() -> Self {
        FrameDecoder::new()
    }
}

impl FrameDecoder {
    /// A decoder at the start of a frame.
    pub fn new() -> FrameDecoder {
        FrameDecoder {
            state: State::Header {
                buf: [0; MAX_HEADER],
                have: 0,
            },
        }
    }

    /// The header of the frame whose payload is being decoded, if any.
    pub fn current(&self) -> Option<&FrameHeader> {
        match &self.state {
            State::Payload { header, .. } => Some(header),
            State::Header { .. } => None,
        }
    }

    // ANCHOR: decode
    /// Decodes from the start of `input`.
    ///
    /// # Returns
    /// `(n, found)`: `n` bytes of `input` were consumed, and
    /// - `None`: nothing more can be decoded until more bytes arrive (every byte
    ///   given was consumed: partial header bytes are kept inside the decoder);
    /// - `Some(Decoded::Header(h))`: a header was completed;
    /// - `Some(Decoded::Payload { .. })`: `input[..n]` is payload, unmasked in place.
    ///
    /// Call it in a loop, advancing by `n`, until it returns `None`.
    pub fn decode(&mut self, input: &mut [u8]) -> Result<(usize, Option<Decoded>), Violation> {
        match &mut self.state {
            State::Header { buf, have } => {
                let had = usize::from(*have);
                let parsed = if had == 0 {
                    // The common case: parse straight from the input, no copy.
                    FrameHeader::decode(input)?
                } else {
                    // A header split across reads: top up our small buffer.
                    let take = input.len().min(MAX_HEADER - had);
                    buf[had..had + take].copy_from_slice(&input[..take]);
                    FrameHeader::decode(&buf[..had + take])?
                };
                match parsed {
                    None => {
                        // Keep what we have; a header is never longer than 14 bytes,
                        // so everything fits.
                        let take = input.len().min(MAX_HEADER - had);
                        if had == 0 {
                            buf[..take].copy_from_slice(&input[..take]);
                        }
                        *have = (had + take) as u8;
                        Ok((take, None))
                    }
                    Some((header, header_len)) => {
                        self.state = State::Payload { header, done: 0 };
                        Ok((header_len - had, Some(Decoded::Header(header))))
                    }
                }
            }
            State::Payload { header, done } => {
                let left = header.payload_len - *done;
                let take = left.min(input.len() as u64) as usize;
                if take == 0 && left > 0 {
                    return Ok((0, None));
                }
                let offset = *done;
                if let Some(key) = header.mask {
                    // §5.3: unmask with the key byte for each byte's position in the
                    // payload, hence the offset: pieces unmask like the whole.
                    apply_mask(&mut input[..take], key, (offset & 3) as usize);
                }
                *done += take as u64;
                let last = *done == header.payload_len;
                if last {
                    *self = FrameDecoder::new();
                }
                Ok((take, Some(Decoded::Payload { offset, last })))
            }
        }
    }
    // ANCHOR_END: decode
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opcode::OpCode;

    /// Feeds `bytes` in pieces of `step`, collecting headers and payloads.
    fn run(bytes: &[u8], step: usize) -> Vec<(FrameHeader, Vec<u8>)> {
        let mut d = FrameDecoder::new();
        let mut data = bytes.to_vec();
        let mut out: Vec<(FrameHeader, Vec<u8>)> = Vec::new();
        let mut pos = 0;
        while pos < data.len() {
            let end = (pos + step).min(data.len());
            let mut at = pos;
            loop {
                let (n, found) = d.decode(&mut data[at..end]).unwrap();
                match found {
                    None => {
                        at += n;
                        break;
                    }
                    Some(Decoded::Header(h)) => out.push((h, Vec::new())),
                    Some(Decoded::Payload { offset, .. }) => {
                        let frame = out.last_mut().unwrap();
                        assert_eq!(offset as usize, frame.1.len());
                        frame.1.extend_from_slice(&data[at..at + n]);
                    }
                }
                at += n;
            }
            assert_eq!(at, end, "every byte is consumed");
            pos = end;
        }
        out
    }

    #[test]
    fn rfc_masked_hello_at_once_and_byte_by_byte() {
        let bytes = [
            0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58,
        ];
        for step in [bytes.len(), 1, 2, 3] {
            let frames = run(&bytes, step);
            assert_eq!(frames.len(), 1);
            assert_eq!(frames[0].0.opcode, OpCode::Text);
            assert_eq!(frames[0].0.mask, Some([0x37, 0xfa, 0x21, 0x3d]));
            assert_eq!(frames[0].1, b"Hello", "step {step}");
        }
    }

    #[test]
    fn empty_payload_frames_end_at_once() {
        let mut d = FrameDecoder::new();
        let mut bytes = [0x89, 0x00, 0x8A, 0x00];
        assert_eq!(d.decode(&mut bytes).unwrap().0, 2);
        assert_eq!(
            d.decode(&mut bytes[2..]).unwrap(),
            (
                0,
                Some(Decoded::Payload {
                    offset: 0,
                    last: true
                })
            )
        );
        let (n, found) = d.decode(&mut bytes[2..]).unwrap();
        assert_eq!(n, 2);
        assert!(matches!(found, Some(Decoded::Header(h)) if h.opcode == OpCode::Pong));
    }

    #[test]
    fn split_header_is_kept_inside() {
        let mut d = FrameDecoder::new();
        let mut part1 = [0x82, 0x7F, 0, 0];
        assert_eq!(d.decode(&mut part1).unwrap(), (4, None));
        let mut part2 = [0, 0, 0, 1, 0, 0, 0xAA];
        let (n, found) = d.decode(&mut part2).unwrap();
        assert_eq!(n, 6);
        assert!(matches!(found, Some(Decoded::Header(h)) if h.payload_len == 65_536));
    }
}
