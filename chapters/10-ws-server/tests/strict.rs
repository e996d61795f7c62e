//! Cases in the spirit of Autobahn|Testsuite: frames delivered a byte at a
//! time, and the biggest messages it sends, which the default limits must pass.

mod common;

use std::io::Write;
use std::thread;
use std::time::Duration;

use ch09_ws_frames::OpCode;
use ch09_ws_frames::encoder::encode_frame_masked;
use common::{Raw, server};

#[test]
fn frames_chopped_into_single_bytes_still_decode() {
    let s = server(&[]);
    let mut ws = Raw::connect(s.addr(), "/echo");
    let mut bytes = Vec::new();
    encode_frame_masked(&mut bytes, true, OpCode::Ping, &[b'*'; 125], [1, 2, 3, 4]);
    encode_frame_masked(
        &mut bytes,
        false,
        OpCode::Text,
        "chopp".as_bytes(),
        [5, 6, 7, 8],
    );
    encode_frame_masked(
        &mut bytes,
        true,
        OpCode::Continuation,
        "ed ✓".as_bytes(),
        [9, 9, 9, 9],
    );
    for b in &bytes {
        ws.send_raw(std::slice::from_ref(b));
        thread::sleep(Duration::from_micros(200));
    }
    let pong = ws.recv();
    assert_eq!((pong.opcode, pong.payload.len()), (OpCode::Pong, 125));
    assert_eq!(ws.recv().payload, "chopped ✓".as_bytes());
}

/// Sends `bytes` from a thread while the caller reads the echo.
fn send_in_background(ws: &Raw, bytes: Vec<u8>) -> thread::JoinHandle<()> {
    let mut w = ws.stream.try_clone().unwrap();
    thread::spawn(move || w.write_all(&bytes).unwrap())
}

#[test]
fn a_16_mib_message_and_one_of_65536_fragments_pass_the_default_limits() {
    let s = server(&[]);
    let mut ws = Raw::connect(s.addr(), "/echo");
    ws.stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    // Autobahn 9.1.6: 16 MiB of text in one frame.
    let text: Vec<u8> = (0..16 << 20).map(|i: u32| b'a' + (i % 26) as u8).collect();
    let mut frame = Vec::with_capacity(text.len() + 14);
    encode_frame_masked(
        &mut frame,
        true,
        OpCode::Text,
        &text,
        [0xde, 0xad, 0xbe, 0xef],
    );
    let writer = send_in_background(&ws, frame);
    let echo = ws.recv();
    writer.join().unwrap();
    assert_eq!(
        (echo.opcode, echo.payload.len()),
        (OpCode::Text, text.len())
    );
    assert!(echo.payload == text, "the 16 MiB echo differs");
    // Autobahn 9.3.1: 4 MiB of text in 65,536 fragments of 64 bytes.
    let mut frames = Vec::new();
    for (i, piece) in text[..4 << 20].chunks(64).enumerate() {
        let op = if i == 0 {
            OpCode::Text
        } else {
            OpCode::Continuation
        };
        let fin = (i + 1) * 64 == 4 << 20;
        encode_frame_masked(&mut frames, fin, op, piece, [1, 2, 3, 4]);
    }
    let writer = send_in_background(&ws, frames);
    let echo = ws.recv();
    writer.join().unwrap();
    assert_eq!(echo.payload.len(), 4 << 20);
    assert!(
        echo.payload == text[..4 << 20],
        "the fragmented echo differs"
    );
}
