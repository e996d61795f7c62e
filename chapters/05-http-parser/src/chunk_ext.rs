//! Chunk extensions (RFC 9112 §7.1.1), one byte at a time.
//!
//! ```text
//! chunk-ext      = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
//! chunk-ext-name = token                          at least one tchar
//! chunk-ext-val  = token / quoted-string
//! quoted-string  = DQUOTE *( qdtext / quoted-pair ) DQUOTE
//! qdtext         = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
//! quoted-pair    = "\" ( HTAB / SP / VCHAR / obs-text )
//! ```
//!
//! We do not interpret extensions (nobody sends them, and §7.1.1 lets a
//! recipient ignore the ones it does not understand), but we accept only what
//! the grammar allows: `5;` (no name) and a quoted string cut by a CR are
//! errors, where the byte is, rather than a line end or a wait for more input.
//! The chunk-size line may end (CR) only after a complete name or value.

use crate::chars;

/// Where the decoder is in a chunk-size line's extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ext {
    /// BWS after the size or after a value: only `;` (or more BWS) may follow.
    Bws,
    /// After `;`: BWS, then the first byte of a name.
    NameStart,
    /// Inside a name (at least one tchar so far).
    Name,
    /// BWS after a name: `=`, `;` or more BWS.
    AfterName,
    /// After `=`: BWS, then a token or a quoted string.
    ValueStart,
    /// Inside a token value (at least one tchar so far).
    Token,
    /// Inside a quoted string.
    Quoted,
    /// After a backslash in a quoted string.
    QuotedPair,
    /// Right after a quoted string's closing DQUOTE.
    ValueEnd,
}

/// What one byte does to the extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExtStep {
    /// Still inside the extensions, now here.
    Next(Ext),
    /// The CR that ends the chunk-size line (the LF is the decoder's business).
    LineEnd,
    /// A byte the grammar does not allow here.
    Invalid,
}

// ANCHOR: ext_step
/// The transition for one byte `b` in state `at`.
pub(crate) fn step(at: Ext, b: u8) -> ExtStep {
    use Ext::*;
    use ExtStep::{Invalid, LineEnd, Next};
    let bws = matches!(b, b' ' | b'\t');
    match at {
        Bws if bws => Next(Bws),
        NameStart | AfterName | ValueStart if bws => Next(at),
        Bws | AfterName | Token | ValueEnd if b == b';' => Next(NameStart),
        Name if b == b';' => Next(NameStart),
        NameStart if chars::is_tchar(b) => Next(Name),
        Name if chars::is_tchar(b) => Next(Name),
        Name if bws => Next(AfterName),
        Name | AfterName if b == b'=' => Next(ValueStart),
        ValueStart if b == b'"' => Next(Quoted),
        ValueStart | Token if chars::is_tchar(b) => Next(Token),
        Token | ValueEnd if bws => Next(Bws),
        // The line ends only after a whole name or value: not after `;` or `=`.
        Name | Token | ValueEnd if b == b'\r' => LineEnd,
        Quoted => match b {
            b'"' => Next(ValueEnd),
            b'\\' => Next(QuotedPair),
            // qdtext: no control bytes but HTAB, so no CR or LF, and no DEL.
            b'\t' | b' ' | 0x21..=0x7e | 0x80..=0xff => Next(Quoted),
            _ => Invalid,
        },
        QuotedPair => match b {
            b'\t' | b' ' | 0x21..=0x7e | 0x80..=0xff => Next(Quoted),
            _ => Invalid,
        },
        _ => Invalid,
    }
}
// ANCHOR_END: ext_step

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `ext` (what follows a chunk size) through the machine: where it
    /// stopped and why, or `None` if it is still going at the end.
    fn run(ext: &[u8]) -> Option<(usize, ExtStep)> {
        let mut at = Ext::Bws;
        for (i, &b) in ext.iter().enumerate() {
            match step(at, b) {
                ExtStep::Next(next) => at = next,
                done => return Some((i, done)),
            }
        }
        None
    }

    #[test]
    fn accepts_the_grammar() {
        for ext in [
            &b";a\r"[..],
            b";name=value\r",
            b" ; a = b ;c\r",
            b";a=\"quoted \\\" pair\";b\r",
            b";a=\"\"\r",
            b";a=\"caf\xe9\t\"\r",
            b"\t;a=b\t;c=\"d\"\r",
        ] {
            assert_eq!(
                run(ext),
                Some((ext.len() - 1, ExtStep::LineEnd)),
                "{:?}",
                String::from_utf8_lossy(ext)
            );
        }
    }

    #[test]
    fn rejects_what_the_grammar_does_not_allow_at_the_byte() {
        use ExtStep::Invalid;
        for (ext, at) in [
            (&b";\r"[..], 1),       // no name: a name is a token, 1+ tchar
            (b"; \r", 2),           // still no name
            (b";;a\r", 1),          // an empty extension
            (b";a=\r", 3),          // no value after =
            (b";a=\"abc\r\n", 7),   // a CR inside a quoted string
            (b";a=\"ab\\\r", 7),    // nor after a backslash
            (b";a=\"b\"c\r", 6),    // a byte glued to the closing quote
            (b";a=b\"\r", 4),       // DQUOTE inside a token
            (b";a \r", 3),          // BWS then the line end: not in the grammar
            (b" x\r", 1),           // after BWS, only ';'
            (b";a\x01\r", 2),       // a control byte in a name
            (b";a=\"\x7f\"\r", 4),  // DEL is not qdtext
            (b";a=\"b\x00\"\r", 5), // nor NUL
            (b";a\"b\"\r", 2),      // a quoted name
        ] {
            assert_eq!(
                run(ext),
                Some((at, Invalid)),
                "{:?}",
                String::from_utf8_lossy(ext)
            );
        }
        // An unbalanced quote without a CR is still a valid prefix: wait.
        assert_eq!(run(b";a=\"abc"), None);
    }
}
