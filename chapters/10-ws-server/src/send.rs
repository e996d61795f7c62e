//! Frames out, on the loop. A server's frames are not masked (RFC 6455 §5.1),
//! so a frame is chapter 9's header followed by the payload as it is; chapter 9
//! encodes, this file only queues and traces. Header and payload go into the
//! connection's write queue in the same callback, so the loop sends them with
//! one `write` call: no frame ever leaves as a lonely 2-byte header.

use crate::link::Link;
use ch01_tcp::trace::Trace;
use ch09_ws_frames::close::write_close_payload;
use ch09_ws_frames::encoder::header;
use ch09_ws_frames::explain::{preview, summary};
use ch09_ws_frames::{FrameHeader, OpCode};

// ANCHOR: send_frame
/// Queues one unmasked, final frame: header, then payload, back to back.
pub fn send_frame(link: &mut impl Link, trace: Trace, opcode: OpCode, payload: &[u8]) {
    if trace.enabled() {
        let h = FrameHeader::new(true, opcode, None, payload.len() as u64);
        let line = format!("frame {}  {}", summary(&h), preview_of(opcode, payload));
        trace.annotated("->", link.peer(), line);
    }
    link.write(header(true, opcode, payload.len()).as_slice());
    link.write(payload);
}
// ANCHOR_END: send_frame

/// A payload as `--trace` shows it: a Close's code and reason decoded.
fn preview_of(opcode: OpCode, payload: &[u8]) -> String {
    match payload {
        [hi, lo, reason @ ..] if opcode == OpCode::Close => {
            let code = u16::from_be_bytes([*hi, *lo]);
            format!("code {code} {:?}", String::from_utf8_lossy(reason))
        }
        _ => preview(payload),
    }
}

/// Queues a Close frame with `code` and a reason (cut to fit, §5.5: 125 bytes).
pub fn send_close(link: &mut impl Link, trace: Trace, code: u16, reason: &str) {
    let mut payload = Vec::with_capacity(2 + reason.len().min(123));
    write_close_payload(&mut payload, code, reason);
    send_frame(link, trace, OpCode::Close, &payload);
}
