//! `ch05-parse`: the parser on the command line. Feed it raw requests and it
//! prints what it parsed, or the first error and the byte it was found at.

use std::io::Read;
use std::process::ExitCode;

use anyhow::Context;
use ch01_tcp::cli::Args;
use ch01_tcp::trace::escape;
use ch05_http_parser::{
    BodyKind, ChunkedDecoder, EMPTY_HEADER, Limits, ParseError, Request, Status, parse_request,
};

const USAGE: &str = "\
ch05-parse: parse raw HTTP/1.1 requests and show what the parser saw

USAGE:
    printf 'GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n' | ch05-parse
    ch05-parse [FILE]          read FILE instead of stdin (- is stdin)

Parses every request in the input in sequence (head, then the body framed by
Content-Length or chunked), printing each. Syntax and framing rules only
(RFC 9112): server rules such as \"HTTP/1.1 needs Host\" are not checked.

OPTIONS:
    --max-head BYTES     head size limit (default 8192; beyond it: 431)
    --max-headers N      header count limit (default 100; beyond it: 431)
    --trace              also print each request's raw bytes, escaped
    --help               this text

EXIT STATUS:
    0  the input ends right after complete, valid requests
    1  an invalid byte: the error and its offset are printed
    2  the input ends inside a request";

/// How the input ended.
enum End {
    Clean,
    Invalid,
    Truncated,
}

fn main() -> anyhow::Result<ExitCode> {
    let mut args = Args::from_env(USAGE);
    let trace = args.flag("--trace");
    let defaults = Limits::default();
    let limits = Limits {
        max_head_bytes: args.parsed_or("--max-head", defaults.max_head_bytes)?,
        max_headers: args.parsed_or("--max-headers", defaults.max_headers)?,
        ..defaults
    };
    let file = args.positional();
    args.finish()?;

    let mut input = Vec::new();
    match file.as_deref() {
        None | Some("-") => std::io::stdin()
            .read_to_end(&mut input)
            .context("reading stdin")?,
        Some(path) => {
            input = std::fs::read(path).with_context(|| format!("reading {path}"))?;
            input.len()
        }
    };
    Ok(match parse_all(&input, &limits, trace) {
        End::Clean => ExitCode::SUCCESS,
        End::Invalid => ExitCode::from(1),
        End::Truncated => ExitCode::from(2),
    })
}

// ANCHOR: parse_all
/// Parses requests one after another, as a server on a keep-alive connection
/// would: each head, then its body, then the next request right after it.
fn parse_all(input: &[u8], limits: &Limits, trace: bool) -> End {
    let mut pos = 0;
    let mut count = 0;
    while pos < input.len() {
        count += 1;
        let mut headers = [EMPTY_HEADER; 100];
        let (req, head_len) = match parse_request(&input[pos..], &mut headers, limits) {
            Ok(Status::Complete(done)) => done,
            Ok(Status::Partial) => {
                println!(
                    "request {count}: the input ends inside the head ({} bytes, no empty line yet)",
                    input.len() - pos
                );
                return End::Truncated;
            }
            Err(e) => return invalid(input, pos, count, e),
        };
        // Framing errors were parse errors, at their field line in the head
        // (so this is always Ok); decoding errors point into the body.
        let kind = match req.body_kind() {
            Ok(kind) => kind,
            Err(e) => return invalid(input, pos, count, e),
        };
        let body_start = pos + head_len;
        let body = match read_body(kind, &input[body_start..]) {
            Ok(Some(body)) => body,
            Ok(None) => {
                println!(
                    "request {count}: {} {} — the input ends inside the body",
                    req.method, req.target
                );
                return End::Truncated;
            }
            Err(e) => return invalid(input, body_start, count, e),
        };
        let end = body_start + body.used;
        println!(
            "request {count}: bytes {pos}..{end} (head {head_len}, body {})",
            body.used
        );
        show(&req, &body);
        if trace {
            println!("  raw      {}", escape(&input[pos..end], 4096));
        }
        pos = end;
    }
    println!(
        "{count} request{} parsed, input ends cleanly",
        if count == 1 { "" } else { "s" }
    );
    End::Clean
}
// ANCHOR_END: parse_all

/// A body as read from the input: what framing said, the data, the bytes used.
struct Body {
    kind: BodyKind,
    data: Vec<u8>,
    used: usize,
}

/// Reads the body that follows a head. `Ok(None)`: the input ends inside it.
fn read_body(kind: BodyKind, rest: &[u8]) -> Result<Option<Body>, ParseError> {
    let body = |data: Vec<u8>, used| Some(Body { kind, data, used });
    Ok(match kind {
        BodyKind::None => body(Vec::new(), 0),
        BodyKind::Length(n) => match usize::try_from(n) {
            Ok(n) if n <= rest.len() => body(rest[..n].to_vec(), n),
            _ => None,
        },
        BodyKind::Chunked => {
            let mut decoder = ChunkedDecoder::new();
            let mut data = Vec::new();
            let done = decoder.decode(rest, &mut data)?;
            if done.done {
                body(data, done.consumed)
            } else {
                None
            }
        }
    })
}

/// Prints one parsed request.
fn show(req: &Request, body: &Body) {
    println!("  method   {}", req.method);
    println!("  target   {}", req.target);
    println!("  version  {}", req.version);
    for h in req.headers {
        println!("  header   {}: {}", h.name, escape(h.value, 200));
    }
    match body.kind {
        BodyKind::None => println!("  body     none"),
        BodyKind::Length(n) => println!(
            "  body     {n} bytes (Content-Length) {}",
            escape(&body.data, 200)
        ),
        BodyKind::Chunked => println!(
            "  body     {} bytes decoded from {} chunked bytes {}",
            body.data.len(),
            body.used,
            escape(&body.data, 200)
        ),
    }
    let persist = if req.keep_alive() {
        "keep-alive"
    } else {
        "close (a server would stop reading after this request)"
    };
    println!("  connection {persist}");
}

/// Prints an error found `e.offset` bytes after `base`, with the line it is on
/// and a caret under the byte.
fn invalid(input: &[u8], base: usize, count: usize, e: ParseError) -> End {
    let at = base + e.offset;
    println!(
        "request {count}: error at byte {at}: {} → {} {}",
        e.kind.describe(),
        e.status(),
        reason(e.status())
    );
    let line_start = input[..at.min(input.len())]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line_end = input[at.min(input.len())..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(input.len(), |i| at + i + 1);
    if line_end - line_start <= 200 {
        let shown = escape(&input[line_start..line_end], 200);
        // The caret sits under the first character of the bad byte's escape.
        let before = escape(&input[line_start..at.min(input.len())], 200);
        println!("  {shown}");
        println!("  {}^", " ".repeat(before.chars().count() - 1));
    }
    End::Invalid
}

/// The reason phrase of each status the parser can ask for.
fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        501 => "Not Implemented",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}
