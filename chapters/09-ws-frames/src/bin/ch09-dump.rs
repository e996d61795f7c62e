//! `ch09-dump`: explain WebSocket frames read from stdin, field by field.

use std::io::Read;
use std::process::ExitCode;

use anyhow::{Context, bail};
use ch01_tcp::cli::Args;
use ch01_tcp::trace::{Trace, hex};
use ch09_ws_frames::explain::{length_form, preview, trace_line};
use ch09_ws_frames::mask::apply_mask;
use ch09_ws_frames::{Event, FrameHeader, MessageKind, Receiver, Role};

const USAGE: &str = "\
ch09-dump: explain WebSocket frames (RFC 6455 §5), field by field

USAGE:
    echo '81 85 37 fa 21 3d 7f 9f 4d 51 58' | ch09-dump
    ch09-dump --raw < frames.bin

Reads frames from stdin: hex bytes (whitespace optional, `#` starts a comment)
or, with --raw, the bytes themselves. For each frame it prints FIN, RSV, the
opcode, MASK, the length and its form, the key and the unmasked payload, then
what a receiver makes of it: a message, a ping/pong/close, or the rule broken and
the close code that answers it (1002, 1007, 1009).

OPTIONS:
    --raw            stdin is raw bytes, not hex text
    --trace          also print each frame's raw bytes and its one-line summary to
                     stderr, as chapter 10's servers do with --trace
    --from WHO       `client` (frames must be masked) or `server` (must not be);
                     default: guessed from the first frame's MASK bit
    --help           this text

EXIT STATUS: 0 all frames valid; 1 a frame breaks a rule; 2 input ends mid-frame.";

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("ch09-dump: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    let mut args = Args::from_env(USAGE);
    let raw = args.flag("--raw");
    let trace = Trace::new(args.flag("--trace"));
    let from = args.value("--from")?;
    args.finish()?;

    let mut input = Vec::new();
    std::io::stdin()
        .read_to_end(&mut input)
        .context("reading stdin")?;
    let bytes = if raw {
        input
    } else {
        parse_hex(&String::from_utf8_lossy(&input))?
    };

    let role = match from.as_deref() {
        Some("client") => Role::Server,
        Some("server") => Role::Client,
        Some(other) => bail!("--from: expected client or server, not {other:?}"),
        // The MASK bit is the high bit of byte 1.
        None if bytes.get(1).is_some_and(|b| b & 0x80 != 0) => Role::Server,
        None => Role::Client,
    };
    let who = if role == Role::Server {
        "client (masked)"
    } else {
        "server (unmasked)"
    };
    println!("{} bytes, frames from a {who}", bytes.len());
    Ok(ExitCode::from(dump(&bytes, role, trace)))
}

/// Hex text to bytes: pairs of hex digits, anything whitespace between them,
/// `#` comments to the end of a line.
fn parse_hex(text: &str) -> anyhow::Result<Vec<u8>> {
    let mut digits = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("");
        for c in line.chars().filter(|c| !c.is_whitespace()) {
            let d = c
                .to_digit(16)
                .with_context(|| format!("not a hex digit: {c:?}"))?;
            digits.push(d as u8);
        }
    }
    if digits.len() % 2 != 0 {
        bail!("odd number of hex digits ({})", digits.len());
    }
    Ok(digits.chunks(2).map(|p| (p[0] << 4) | p[1]).collect())
}

/// Explains every frame; returns the exit status.
fn dump(bytes: &[u8], role: Role, trace: Trace) -> u8 {
    let mut receiver = Receiver::new(role);
    let mut pos = 0;
    let mut number = 0;
    while pos < bytes.len() {
        number += 1;
        let (h, hlen) = match FrameHeader::decode(&bytes[pos..]) {
            Ok(Some(found)) => found,
            Ok(None) => {
                println!(
                    "\nframe {number} at byte {pos}: input ends inside the header ({})",
                    hex(&bytes[pos..], 16)
                );
                return 2;
            }
            Err(v) => {
                println!(
                    "\nframe {number} at byte {pos}: {}",
                    hex(&bytes[pos..(pos + 10).min(bytes.len())], 10)
                );
                println!(
                    "  ✗ {v} → fail the connection with close code {}",
                    v.close_code()
                );
                return 1;
            }
        };
        explain_header(number, pos, &bytes[pos..pos + hlen], &h);
        // The receiver checks the header before any payload: a frame that breaks
        // a rule there fails before its payload would be read.
        let Ok(mut events) = feed(&mut receiver, bytes[pos..pos + hlen].to_vec()) else {
            return 1;
        };
        let start = pos + hlen;
        let have = (bytes.len() - start) as u64;
        if have < h.payload_len {
            row(
                "payload",
                format_args!("input ends after {have} of {} bytes", h.payload_len),
            );
            return 2;
        }
        let end = start + h.payload_len as usize;
        let mut payload = bytes[start..end].to_vec();
        if let Some(key) = h.mask {
            apply_mask(&mut payload, key, 0);
        }
        trace.recv("stdin", &bytes[pos..end]);
        trace.annotated("<-", "stdin", trace_line(&h, &payload));
        let note = if h.mask.is_some() { ", unmasked" } else { "" };
        row(
            "payload",
            format_args!("{} bytes{note}: {}", payload.len(), preview(&payload)),
        );
        let Ok(more) = feed(&mut receiver, bytes[start..end].to_vec()) else {
            return 1;
        };
        events.extend(more);
        for e in events {
            println!("  ⇒ {e}");
        }
        if receiver.is_mid_message() && !h.opcode.is_control() {
            println!("  … the message continues in the next frame");
        }
        pos = end;
    }
    if receiver.is_mid_message() {
        println!("\ninput ends inside a fragmented message");
        return 2;
    }
    0
}

/// Feeds `bytes` to the receiver: the events it yields, described, or the rule
/// broken (already printed, with the close code that answers it).
fn feed(receiver: &mut Receiver, mut bytes: Vec<u8>) -> Result<Vec<String>, ()> {
    let mut events = Vec::new();
    let mut at = 0;
    // Each call consumes bytes or yields an event; bounded by the input size.
    for _ in 0..=bytes.len() + 1 {
        match receiver.feed(&mut bytes[at..]) {
            Ok((n, Some(event))) => {
                at += n;
                events.push(describe(&event));
            }
            Ok((_, None)) => break,
            Err(v) => {
                println!(
                    "  ✗ {v} → fail the connection with close code {}",
                    v.close_code()
                );
                return Err(());
            }
        }
    }
    Ok(events)
}

/// One line of the breakdown: the bytes on the left, what they mean on the right.
fn row(bytes: &str, meaning: impl std::fmt::Display) {
    println!("  {bytes:<23}  {meaning}");
}

fn explain_header(number: usize, pos: usize, head: &[u8], h: &FrameHeader) {
    println!(
        "\nframe {number} at byte {pos}, header {} bytes:",
        head.len()
    );
    let fin = if h.fin {
        "final frame of its message"
    } else {
        "more frames follow"
    };
    row(
        &hex(&head[..1], 1),
        format_args!(
            "FIN={} ({fin}), RSV={:03b}, opcode={:X} ({})",
            u8::from(h.fin),
            h.rsv,
            h.opcode.nibble(),
            h.opcode.name()
        ),
    );
    let said = match head[1] & 0x7F {
        126 => "126: a 16-bit length follows".to_string(),
        127 => "127: a 64-bit length follows".to_string(),
        n => format!("{n}: the payload length"),
    };
    row(
        &hex(&head[1..2], 1),
        format_args!("MASK={}, length {said}", u8::from(h.mask.is_some())),
    );
    let ext = h.length_form.extra_bytes();
    if ext > 0 {
        row(
            &hex(&head[2..2 + ext], 8),
            format_args!("length {} ({})", h.payload_len, length_form(h)),
        );
    }
    if let Some(key) = h.mask {
        row(&hex(&key, 4), "masking key");
    }
}

fn describe(event: &Event<'_>) -> String {
    match event {
        Event::Message { kind, payload } => {
            let kind = if *kind == MessageKind::Text {
                "text"
            } else {
                "binary"
            };
            format!(
                "{kind} message, {} bytes: {}",
                payload.len(),
                preview(payload)
            )
        }
        Event::Ping(p) => format!(
            "ping, {} bytes: {} (answer with a pong)",
            p.len(),
            preview(p)
        ),
        Event::Pong(p) => format!("pong, {} bytes: {}", p.len(), preview(p)),
        Event::Close(c) => match c.code {
            Some(code) => format!("close, code {code}, reason {:?}", c.reason),
            None => "close, no code (reported as 1005)".to_string(),
        },
    }
}
