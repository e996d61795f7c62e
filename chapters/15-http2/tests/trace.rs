//! What `--trace` will show for a request over HTTP/2: the frames on one line
//! each, the HEADERS block decoded by HPACK beneath. The same request sent
//! twice shows what the dynamic table saves; the figures are printed for the
//! book.

use ch15_http2::frame::{
    Decoded, FieldBlockAssembler, Frame, FrameDecoder, PREFACE, Settings, encode_field_block,
};
use ch15_http2::hpack::{Decoder, Encoder, HeaderField};

/// A browser's request for chapter 12's event stream, as Chromium sends it
/// (trimmed to the fields that matter).
fn request() -> Vec<HeaderField> {
    [
        (":method", "GET"),
        (":authority", "127.0.0.1:7015"),
        (":scheme", "https"),
        (":path", "/events"),
        ("accept", "text/event-stream"),
        ("cache-control", "no-cache"),
        (
            "user-agent",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        ),
        ("accept-encoding", "gzip, deflate, br"),
        ("accept-language", "en-US,en;q=0.9"),
        ("cookie", "session=4f2a9c"),
    ]
    .into_iter()
    .map(|(n, v)| HeaderField::new(n, v))
    .collect()
}

/// The same head as HTTP/1.1 text, for comparison.
fn http1_len(fields: &[HeaderField]) -> usize {
    let get = |n: &str| {
        fields
            .iter()
            .find(|f| f.name == n.as_bytes())
            .unwrap()
            .value
            .len()
    };
    let request_line = "GET ".len() + get(":path") + " HTTP/1.1\r\n".len();
    let host = "host: ".len() + get(":authority") + 2;
    let rest: usize = fields
        .iter()
        .filter(|f| !f.name.starts_with(b":"))
        .map(|f| f.name.len() + 2 + f.value.len() + 2)
        .sum();
    request_line + host + rest + 2
}

#[test]
fn a_request_twice_on_one_connection() {
    let mut encoder = Encoder::default();
    let mut wire = PREFACE.to_vec();
    Frame::Settings(Settings::new(Vec::new())).encode(&mut wire);
    let mut sizes = Vec::new();
    for stream in [1, 3] {
        let mut block = Vec::new();
        encoder.encode(&request(), &mut block);
        sizes.push(block.len());
        encode_field_block(stream, &block, true, 16_384, &mut wire);
    }

    let mut frames = FrameDecoder::server();
    let mut blocks = FieldBlockAssembler::default();
    let mut hpack = Decoder::default();
    let mut trace = Vec::new();
    let mut at = 0;
    while at < wire.len() {
        let (n, found) = frames.decode(&wire[at..]).unwrap();
        at += n;
        let Some(found) = found else { continue };
        trace.push(found.to_string());
        if let Decoded::Frame(Frame::Headers(h)) = &found {
            let block = blocks.headers(h).unwrap().expect("one frame holds it");
            let list = hpack.decode(block.block).unwrap();
            assert_eq!(list.0, request());
            trace.extend(list.to_string().lines().map(|l| format!("    {l}")));
        }
    }
    for line in &trace {
        eprintln!("{line}");
    }
    let http1 = http1_len(&request());
    eprintln!(
        "the head as HTTP/1.1 text: {http1} bytes; as HPACK: {} bytes the first time, {} the second",
        sizes[0], sizes[1]
    );
    assert_eq!(
        trace[0],
        "client preface \"PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n\""
    );
    assert_eq!(trace[1], "SETTINGS stream=0 len=0");
    assert_eq!(
        trace[2],
        format!(
            "HEADERS stream=1 len={} flags=END_STREAM|END_HEADERS fragment={}",
            sizes[0], sizes[0]
        )
    );
    assert_eq!(trace[3], "    :method: GET");
    assert_eq!(trace[12], "    cookie: session=4f2a9c  (never indexed)");
    assert!(
        sizes[0] < http1,
        "Huffman and the static table already save"
    );
    // The second time, every field but the never-indexed cookie is one index.
    assert!(sizes[1] < 30, "{} bytes", sizes[1]);
}
