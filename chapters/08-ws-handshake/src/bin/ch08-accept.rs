//! `ch08-accept [KEY]`: the Sec-WebSocket-Accept value for a Sec-WebSocket-Key.

use ch01_tcp::cli::Args;
use ch08_ws_handshake::{GUID, accept_key, accept_steps, key_is_valid};

const USAGE: &str = "\
ch08-accept: compute Sec-WebSocket-Accept from a Sec-WebSocket-Key (RFC 6455 §4.2.2)

USAGE:
    ch08-accept KEY    print the accept value for KEY
    ch08-accept        show the RFC 6455 §1.3 example step by step:
                       the key, key + GUID, its SHA-1 in hex, and the base64

The accept value is base64(SHA-1(KEY + \"258EAFA5-E914-47DA-95CA-C5AB0DC85B11\")).
A server sends it in its 101 response; the client checks it against its own key.
KEY is used exactly as sent (its base64 text); a key that does not decode to
16 bytes is still hashed, with a warning on stderr, since a server would refuse it.

OPTIONS:
    -h, --help         this text";

/// The key RFC 6455 §1.3 works through.
const RFC_KEY: &str = "dGhlIHNhbXBsZSBub25jZQ==";

fn main() -> anyhow::Result<()> {
    let mut args = Args::from_env(USAGE);
    let key = args.positional();
    args.finish()?;
    match key {
        Some(key) => {
            if !key_is_valid(key.as_bytes()) {
                eprintln!(
                    "warning: {key:?} is not base64 of 16 bytes; \
                     a server would answer 400 (RFC 6455 §4.2.1)"
                );
            }
            println!("{}", accept_key(key.as_bytes()));
        }
        None => explain(RFC_KEY),
    }
    Ok(())
}

/// Prints every step for `key`, as the book shows them.
fn explain(key: &str) {
    let steps = accept_steps(key.as_bytes());
    let hex: Vec<String> = steps.sha1.iter().map(|b| format!("{b:02x}")).collect();
    println!("Sec-WebSocket-Key     {key}   (RFC 6455 §1.3 example)");
    println!("+ GUID                {GUID}");
    println!(
        "= key + GUID          {}",
        String::from_utf8_lossy(&steps.concatenated)
    );
    println!("SHA-1 (20 bytes)      {}", hex.join(" "));
    println!("base64 of the SHA-1   {}", steps.accept);
    println!("Sec-WebSocket-Accept: {}", steps.accept);
}
