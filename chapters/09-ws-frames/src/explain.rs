//! Frames described for people: used by `ch09-dump` and by chapter 10's `--trace`.

use std::fmt::Write as _;

use ch01_tcp::trace::{escape, hex};

use crate::header::{FrameHeader, LengthForm};
use crate::message::{Event, MessageKind};

/// How many payload bytes a description shows.
pub const PREVIEW: usize = 32;

/// One line: `FIN=1 RSV=000 text(0x1) MASK=1 key=37 fa 21 3d len=5 (7-bit)`.
pub fn summary(h: &FrameHeader) -> String {
    let mut s = format!(
        "FIN={} RSV={:03b} {}(0x{:X}) MASK={}",
        u8::from(h.fin),
        h.rsv,
        h.opcode.name(),
        h.opcode.nibble(),
        u8::from(h.mask.is_some())
    );
    if let Some(key) = h.mask {
        let _ = write!(s, " key={}", hex(&key, 4));
    }
    let _ = write!(s, " len={} ({})", h.payload_len, length_form(h));
    s
}

/// The line `--trace` prints for a frame: the summary, then the payload preview
/// (pass the payload unmasked). Chapter 10 prints it for every frame in and out.
pub fn trace_line(h: &FrameHeader, payload: &[u8]) -> String {
    format!("{}  {}", summary(h), preview(payload))
}

/// The length form in words, noting a non-minimal one.
pub fn length_form(h: &FrameHeader) -> String {
    let form = match h.length_form {
        LengthForm::Short => "7-bit",
        LengthForm::U16 => "16-bit",
        LengthForm::U64 => "64-bit",
    };
    if h.is_non_minimal() {
        format!("{form}, not minimal")
    } else {
        form.to_string()
    }
}

/// A payload preview: quoted text when it is UTF-8 without control characters
/// (tab, CR and LF aside), hex otherwise.
pub fn preview(payload: &[u8]) -> String {
    let text = std::str::from_utf8(payload).is_ok_and(|s| {
        s.chars()
            .all(|c| !c.is_control() || matches!(c, '\t' | '\r' | '\n'))
    });
    if text {
        escape(payload, PREVIEW)
    } else {
        hex(payload, PREVIEW)
    }
}

/// An event as `--trace` shows it, one line: what arrived, how big, a preview.
/// The server's connection and the client print events alike with it.
pub fn describe(event: &Event<'_>) -> String {
    match event {
        Event::Message { kind, payload } => {
            let kind = match kind {
                MessageKind::Text => "text",
                MessageKind::Binary => "binary",
            };
            format!(
                "message {kind}, {} bytes  {}",
                payload.len(),
                preview(payload)
            )
        }
        Event::Ping(p) => format!("ping, {} bytes  {}", p.len(), preview(p)),
        Event::Pong(p) => format!("pong, {} bytes  {}", p.len(), preview(p)),
        Event::Close(f) => match f.code {
            Some(code) => format!("close {code} {:?}", f.reason),
            None => "close (no code)".to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opcode::OpCode;

    #[test]
    fn one_line_summary() {
        let h = FrameHeader::new(true, OpCode::Text, Some([0x37, 0xfa, 0x21, 0x3d]), 5);
        assert_eq!(
            summary(&h),
            "FIN=1 RSV=000 text(0x1) MASK=1 key=37 fa 21 3d len=5 (7-bit)"
        );
        assert_eq!(preview(b"Hello"), "\"Hello\"");
        assert_eq!(preview(&[0xff, 0x00]), "ff 00");
        assert_eq!(
            preview(&[0x00, 0x41]),
            "00 41",
            "control characters show as hex"
        );
        assert_eq!(preview("a\tb".as_bytes()), "\"a\\tb\"");
    }
}
