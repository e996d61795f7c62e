//! Frames from another implementation, for `ch09-dump` to explain:
//!
//! ```console
//! cargo run -q -p ch09-ws-frames --example tungstenite_frames | cargo run -q -p ch09-ws-frames -- --raw
//! ```
//!
//! tungstenite (a dev-dependency, used only here and in tests) formats what a
//! client would send: a text message in two fragments with a ping between them,
//! then a Close. A real client draws a fresh random key for every frame; this
//! example uses fixed keys so that its output is the same every run.

use std::io::Write;

use tungstenite::protocol::frame::coding::{Data, OpCode};
use tungstenite::protocol::frame::{CloseFrame, Frame};

fn main() -> anyhow::Result<()> {
    let mut frames = vec![
        Frame::message("Hello, ", OpCode::Data(Data::Text), false),
        Frame::ping("are you there?"),
        Frame::message("wörld", OpCode::Data(Data::Continue), true),
        Frame::close(Some(CloseFrame {
            code: 1000.into(),
            reason: "bye".into(),
        })),
    ];
    let mut out = Vec::new();
    for (i, frame) in frames.iter_mut().enumerate() {
        frame.header_mut().mask = Some([0x11 * (i as u8 + 1), 0x22, 0x33, 0x44]);
    }
    for frame in frames {
        frame.format(&mut out)?;
    }
    std::io::stdout().write_all(&out)?;
    Ok(())
}
