//! Writing frames: the header on the stack, the payload where it already is.
//!
//! A server's frames are unmasked, so a frame is just [`FrameHeader::encode`]
//! followed by the payload: chapter 10 can hand both slices to one `writev`, or
//! copy them into its write queue. A client must mask every frame with a fresh
//! random key (§5.3), which needs a copy of the payload to XOR in place.

use crate::close::write_close_payload;
use crate::header::{FrameHeader, HeaderBytes};
use crate::mask::apply_mask;
use crate::opcode::OpCode;

/// The header of an unmasked frame (server to client) of `payload_len` bytes.
pub fn header(fin: bool, opcode: OpCode, payload_len: usize) -> HeaderBytes {
    FrameHeader::new(fin, opcode, None, payload_len as u64).encode()
}

// ANCHOR: encode_frame
/// Appends an unmasked frame (what a server sends) to `out`.
pub fn encode_frame(out: &mut Vec<u8>, fin: bool, opcode: OpCode, payload: &[u8]) {
    out.extend_from_slice(header(fin, opcode, payload.len()).as_slice());
    out.extend_from_slice(payload);
}

/// Appends a frame masked with `key` (what a client sends) to `out`. The key must
/// be fresh and unpredictable for every frame (§5.3, §10.3): pass `rand::random()`.
pub fn encode_frame_masked(
    out: &mut Vec<u8>,
    fin: bool,
    opcode: OpCode,
    payload: &[u8],
    key: [u8; 4],
) {
    let h = FrameHeader::new(fin, opcode, Some(key), payload.len() as u64).encode();
    out.extend_from_slice(h.as_slice());
    let start = out.len();
    out.extend_from_slice(payload);
    apply_mask(&mut out[start..], key, 0);
}
// ANCHOR_END: encode_frame

/// Appends a Close frame with `code` and `reason` (cut to fit 125 bytes),
/// masked with `key` when given (client) or unmasked (server).
pub fn encode_close(out: &mut Vec<u8>, code: u16, reason: &str, key: Option<[u8; 4]>) {
    let mut payload = Vec::with_capacity(125);
    write_close_payload(&mut payload, code, reason);
    match key {
        Some(key) => encode_frame_masked(out, true, OpCode::Close, &payload, key),
        None => encode_frame(out, true, OpCode::Close, &payload),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_5_7_examples() {
        let mut out = Vec::new();
        encode_frame(&mut out, true, OpCode::Text, b"Hello");
        assert_eq!(out, [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]);

        out.clear();
        encode_frame_masked(
            &mut out,
            true,
            OpCode::Text,
            b"Hello",
            [0x37, 0xfa, 0x21, 0x3d],
        );
        assert_eq!(
            out,
            [
                0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58
            ]
        );

        // A fragmented unmasked text message: "Hel" then "lo".
        out.clear();
        encode_frame(&mut out, false, OpCode::Text, b"Hel");
        encode_frame(&mut out, true, OpCode::Continuation, b"lo");
        assert_eq!(out, [0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f]);

        // Unmasked Ping with "Hello", and the masked Pong answering it.
        out.clear();
        encode_frame(&mut out, true, OpCode::Ping, b"Hello");
        assert_eq!(out, [0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]);
        out.clear();
        encode_frame_masked(
            &mut out,
            true,
            OpCode::Pong,
            b"Hello",
            [0x37, 0xfa, 0x21, 0x3d],
        );
        assert_eq!(
            out,
            [
                0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58
            ]
        );

        // 256 bytes and 64 KiB binary messages in one unmasked frame.
        assert_eq!(
            header(true, OpCode::Binary, 256).as_slice(),
            [0x82, 0x7E, 0x01, 0x00]
        );
        assert_eq!(
            header(true, OpCode::Binary, 65_536).as_slice(),
            [0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0]
        );
    }

    #[test]
    fn close_frames() {
        let mut out = Vec::new();
        encode_close(&mut out, 1000, "bye", None);
        assert_eq!(out, [0x88, 0x05, 0x03, 0xe8, b'b', b'y', b'e']);
    }
}
