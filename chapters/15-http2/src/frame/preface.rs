//! The connection preface (RFC 9113 §3.4).
//!
//! A client opens every HTTP/2 connection with these 24 octets, then a
//! SETTINGS frame; the server's preface is a SETTINGS frame alone. The string
//! was chosen so that an HTTP/1.1 server reading it sees a request it cannot
//! serve (method `PRI`, version `HTTP/2.0`) and fails at once, rather than
//! mistaking HTTP/2 frames for a request.

/// The client connection preface: `PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n`.
pub const PREFACE: &[u8; 24] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// Compares `input` with the preface from octet `matched` on.
///
/// # Returns
/// How many octets of `input` matched (all of it, up to the preface's end),
/// or the offset in the preface of the first octet that differs.
pub fn match_preface(matched: usize, input: &[u8]) -> Result<usize, usize> {
    let want = &PREFACE[matched..];
    let n = want.len().min(input.len());
    match (0..n).find(|&i| input[i] != want[i]) {
        Some(i) => Err(matched + i),
        None => Ok(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_in_pieces_and_fails_at_the_first_wrong_octet() {
        assert_eq!(match_preface(0, b"PRI * HT"), Ok(8));
        assert_eq!(match_preface(8, b"TP/2.0\r\n\r\nSM\r\n\r\nXYZ"), Ok(16));
        // An HTTP/1.1 request fails at its first octet; a `PRI` one later.
        assert_eq!(match_preface(0, b"GET / HTTP/1.1\r\n"), Err(0));
        assert_eq!(match_preface(0, b"PRI * HTTP/1.1"), Err(11));
    }
}
