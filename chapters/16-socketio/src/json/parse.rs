//! A bounded JSON parser (RFC 8259): one pass over the text, recursion limited
//! by [`Limits::max_depth`], every failure a [`JsonError`] with its offset.

use std::fmt;

use super::Value;

/// What a peer's JSON may cost us. The length of the text is bounded by the
/// layer below (Engine.IO's `maxPayload`); nesting is bounded here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// How deep arrays and objects may nest (`[[1]]` is depth 2).
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        // Deep enough for any real payload; shallow enough that recursion
        // never comes near the stack's end.
        Limits { max_depth: 32 }
    }
}

/// Why a text is not the JSON we accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonError {
    /// The text ended inside a value.
    UnexpectedEnd,
    /// A byte that cannot start or continue a value here.
    UnexpectedByte {
        /// Its offset in the text.
        at: usize,
    },
    /// A number that breaks RFC 8259 §6 (`01`, `1.`, `-`, `+1`).
    BadNumber {
        /// Where the number starts.
        at: usize,
    },
    /// A bad escape in a string (§7), or a lone UTF-16 surrogate, which a Rust
    /// string cannot hold.
    BadEscape {
        /// Where the escape starts.
        at: usize,
    },
    /// A raw control character (U+0000–U+001F) inside a string (§7).
    ControlInString {
        /// Its offset.
        at: usize,
    },
    /// Arrays and objects nested deeper than [`Limits::max_depth`].
    TooDeep,
    /// Something after the value, other than whitespace.
    TrailingBytes {
        /// Where it starts.
        at: usize,
    },
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonError::UnexpectedEnd => write!(f, "JSON ends inside a value"),
            JsonError::UnexpectedByte { at } => write!(f, "unexpected byte at {at}"),
            JsonError::BadNumber { at } => write!(f, "bad number at {at}"),
            JsonError::BadEscape { at } => write!(f, "bad string escape at {at}"),
            JsonError::ControlInString { at } => write!(f, "control character in a string at {at}"),
            JsonError::TooDeep => write!(f, "JSON nested too deep"),
            JsonError::TrailingBytes { at } => write!(f, "bytes after the JSON value at {at}"),
        }
    }
}

impl std::error::Error for JsonError {}

/// Parses `text` as one JSON value, surrounded by optional whitespace.
pub fn parse(text: &str, limits: Limits) -> Result<Value, JsonError> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
        limits,
    };
    p.skip_whitespace();
    let value = p.value(0)?;
    p.skip_whitespace();
    if p.at < p.bytes.len() {
        return Err(JsonError::TrailingBytes { at: p.at });
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    limits: Limits,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        // RFC 8259 §2: space, tab, LF, CR, and nothing else.
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn expect_word(&mut self, word: &str, value: Value) -> Result<Value, JsonError> {
        let end = self.at + word.len();
        match self.bytes.get(self.at..end) {
            Some(b) if b == word.as_bytes() => {
                self.at = end;
                Ok(value)
            }
            Some(_) => Err(JsonError::UnexpectedByte { at: self.at }),
            None if word.as_bytes().starts_with(&self.bytes[self.at..]) => {
                Err(JsonError::UnexpectedEnd)
            }
            None => Err(JsonError::UnexpectedByte { at: self.at }),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        match self.peek() {
            None => Err(JsonError::UnexpectedEnd),
            Some(b'n') => self.expect_word("null", Value::Null),
            Some(b't') => self.expect_word("true", Value::Bool(true)),
            Some(b'f') => self.expect_word("false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'[') => self.array(depth + 1),
            Some(b'{') => self.object(depth + 1),
            Some(_) => Err(JsonError::UnexpectedByte { at: self.at }),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > self.limits.max_depth {
            return Err(JsonError::TooDeep);
        }
        self.at += 1; // '['
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_whitespace();
            items.push(self.value(depth)?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                Some(_) => return Err(JsonError::UnexpectedByte { at: self.at }),
                None => return Err(JsonError::UnexpectedEnd),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > self.limits.max_depth {
            return Err(JsonError::TooDeep);
        }
        self.at += 1; // '{'
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_whitespace();
            match self.peek() {
                Some(b'"') => {}
                Some(_) => return Err(JsonError::UnexpectedByte { at: self.at }),
                None => return Err(JsonError::UnexpectedEnd),
            }
            let key = self.string()?;
            self.skip_whitespace();
            match self.peek() {
                Some(b':') => self.at += 1,
                Some(_) => return Err(JsonError::UnexpectedByte { at: self.at }),
                None => return Err(JsonError::UnexpectedEnd),
            }
            self.skip_whitespace();
            let value = self.value(depth)?;
            members.push((key, value));
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(members));
                }
                Some(_) => return Err(JsonError::UnexpectedByte { at: self.at }),
                None => return Err(JsonError::UnexpectedEnd),
            }
        }
    }

    /// RFC 8259 §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.at;
        let bad = JsonError::BadNumber { at: start };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => self.digits(),
            None => return Err(JsonError::UnexpectedEnd),
            Some(_) => return Err(bad),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            match self.peek() {
                Some(b'0'..=b'9') => self.digits(),
                None => return Err(JsonError::UnexpectedEnd),
                Some(_) => return Err(bad),
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            match self.peek() {
                Some(b'0'..=b'9') => self.digits(),
                None => return Err(JsonError::UnexpectedEnd),
                Some(_) => return Err(bad),
            }
        }
        // A digit right after a leading zero (`01`) is not a number.
        if let Some(b'0'..=b'9') = self.peek() {
            return Err(bad);
        }
        Ok(Value::Number(self.text[start..self.at].to_string()))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
    }

    fn hex4(&mut self, escape_at: usize) -> Result<u16, JsonError> {
        let hex = self
            .bytes
            .get(self.at..self.at + 4)
            .ok_or(JsonError::UnexpectedEnd)?;
        let text = std::str::from_utf8(hex).map_err(|_| JsonError::BadEscape { at: escape_at })?;
        if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(JsonError::BadEscape { at: escape_at });
        }
        self.at += 4;
        u16::from_str_radix(text, 16).map_err(|_| JsonError::BadEscape { at: escape_at })
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.at += 1; // '"'
        let mut out = String::new();
        let mut plain = self.at;
        loop {
            match self.peek() {
                None => return Err(JsonError::UnexpectedEnd),
                Some(b'"') => {
                    out.push_str(&self.text[plain..self.at]);
                    self.at += 1;
                    return Ok(out);
                }
                Some(0x00..=0x1f) => return Err(JsonError::ControlInString { at: self.at }),
                Some(b'\\') => {
                    out.push_str(&self.text[plain..self.at]);
                    let escape_at = self.at;
                    self.at += 1;
                    let Some(b) = self.peek() else {
                        return Err(JsonError::UnexpectedEnd);
                    };
                    self.at += 1;
                    match b {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.unicode_escape(escape_at)?),
                        _ => return Err(JsonError::BadEscape { at: escape_at }),
                    }
                    plain = self.at;
                }
                // Multi-byte UTF-8 characters pass byte by byte: `text` is a
                // `str`, so they are valid, and no byte of them is < 0x80.
                Some(_) => self.at += 1,
            }
        }
    }

    /// `\uXXXX`, or a surrogate pair `\uD83D\uDE00` for characters above
    /// U+FFFF (§7). A lone surrogate is an error: JavaScript allows it, a
    /// Rust `String` (UTF-8) cannot hold it.
    fn unicode_escape(&mut self, escape_at: usize) -> Result<char, JsonError> {
        let bad = JsonError::BadEscape { at: escape_at };
        let first = self.hex4(escape_at)?;
        let code = match first {
            0xd800..=0xdbff => {
                if self.bytes.get(self.at..self.at + 2) != Some(b"\\u") {
                    let rest = &self.bytes[self.at..];
                    return if rest.len() < 2 && b"\\u".starts_with(rest) {
                        Err(JsonError::UnexpectedEnd)
                    } else {
                        Err(bad)
                    };
                }
                self.at += 2;
                let second = self.hex4(escape_at)?;
                if !(0xdc00..=0xdfff).contains(&second) {
                    return Err(bad);
                }
                0x10000 + ((u32::from(first) - 0xd800) << 10) + (u32::from(second) - 0xdc00)
            }
            0xdc00..=0xdfff => return Err(bad),
            _ => u32::from(first),
        };
        char::from_u32(code).ok_or(bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::to_string;

    fn ok(text: &str) -> Value {
        parse(text, Limits::default()).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    #[test]
    fn values_parse_and_write_back_compactly() {
        for text in [
            "null",
            "true",
            "false",
            "0",
            "-0",
            "12",
            "-3.25e+10",
            "1E5",
            "\"\"",
            "\"a\\\"b\\\\c\\n\"",
            "[]",
            "{}",
            "[1,[2,[3]],{\"a\":null}]",
            "{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[\"websocket\"]}",
        ] {
            assert_eq!(to_string(&ok(text)), text);
        }
        assert_eq!(to_string(&ok(" [ 1 , 2 ] \n")), "[1,2]");
        assert_eq!(ok("\"\\u00e9\\ud83d\\ude00\\/\""), Value::str("é😀/"));
    }

    #[test]
    fn bad_json_is_a_typed_error() {
        let cases: &[(&str, JsonError)] = &[
            ("", JsonError::UnexpectedEnd),
            ("[1,", JsonError::UnexpectedEnd),
            ("nul", JsonError::UnexpectedEnd),
            ("nulx", JsonError::UnexpectedByte { at: 0 }),
            ("01", JsonError::BadNumber { at: 0 }),
            ("1.", JsonError::UnexpectedEnd),
            ("1.x", JsonError::BadNumber { at: 0 }),
            ("-", JsonError::UnexpectedEnd),
            ("+1", JsonError::UnexpectedByte { at: 0 }),
            ("\"\\x\"", JsonError::BadEscape { at: 1 }),
            ("\"\\ud800\"", JsonError::BadEscape { at: 1 }),
            ("\"\\udc00\"", JsonError::BadEscape { at: 1 }),
            ("\"a\nb\"", JsonError::ControlInString { at: 2 }),
            ("[1]]", JsonError::TrailingBytes { at: 3 }),
            ("{1:2}", JsonError::UnexpectedByte { at: 1 }),
            ("[1 2]", JsonError::UnexpectedByte { at: 3 }),
        ];
        for (text, want) in cases {
            assert_eq!(
                parse(text, Limits::default()).as_ref(),
                Err(want),
                "{text:?}"
            );
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let limits = Limits { max_depth: 3 };
        assert!(parse("[[[1]]]", limits).is_ok());
        assert_eq!(parse("[[[[1]]]]", limits), Err(JsonError::TooDeep));
        // A hundred thousand brackets: an error, not a stack overflow.
        let deep = "[".repeat(100_000);
        assert_eq!(parse(&deep, Limits::default()), Err(JsonError::TooDeep));
    }

    #[test]
    fn duplicate_keys_last_wins_as_in_json_parse() {
        let v = ok("{\"a\":1,\"a\":2}");
        assert_eq!(v.get("a").and_then(Value::as_u64), Some(2));
        assert_eq!(ok("2.5e4").as_u64(), None);
    }
}
