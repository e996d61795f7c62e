//! Reading the feed's JSON back: just enough of a JSON parser for the clients.
//!
//! `ch11-client` receives `[{"id":1,"data":"..."},…]` and `{"error":"gone",…}`.
//! This is a small recursive-descent parser of RFC 8259 values (objects,
//! arrays, strings, integers, `true`/`false`/`null`), strict where it matters:
//! every escape is checked, `\uD83D\uDE00` surrogate pairs are joined and a lone
//! surrogate is an error, nesting depth is limited (a peer controls the input).
//! Fractions and exponents are not needed by the feed and are refused.

use std::fmt;

use crate::feed::Event;

/// A parsed JSON value (numbers are the feed's non-negative integers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// An integer in `0..=u64::MAX`.
    Int(u64),
    /// A string, unescaped.
    Str(String),
    /// An array.
    Array(Vec<Value>),
    /// An object's members, in order.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The member `name` of an object.
    pub fn get(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The integer, if this is one.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Int(n) => Some(*n),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// Why a JSON text was refused, and at which byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset of the problem.
    pub at: usize,
    /// What was wrong.
    pub what: &'static str,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid JSON at byte {}: {}", self.at, self.what)
    }
}

impl std::error::Error for JsonError {}

/// Deeper nesting than this is refused (the feed's JSON is 2 levels deep).
const MAX_DEPTH: usize = 32;

struct Reader<'a> {
    s: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn fail<T>(&self, what: &'static str) -> Result<T, JsonError> {
        Err(JsonError { at: self.at, what })
    }

    fn skip_ws(&mut self) {
        // RFC 8259 §2: space, tab, LF, CR.
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.at) {
            self.at += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.skip_ws();
        if self.s.get(self.at) == Some(&b) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return self.fail("nested too deeply");
        }
        self.skip_ws();
        match self.s.get(self.at) {
            Some(b'"') => self.string().map(Value::Str),
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                if self.eat(b']') {
                    return Ok(Value::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    if self.eat(b']') {
                        return Ok(Value::Array(items));
                    }
                    if !self.eat(b',') {
                        return self.fail("expected , or ] in an array");
                    }
                }
            }
            Some(b'{') => {
                self.at += 1;
                let mut members = Vec::new();
                if self.eat(b'}') {
                    return Ok(Value::Object(members));
                }
                loop {
                    self.skip_ws();
                    if self.s.get(self.at) != Some(&b'"') {
                        return self.fail("expected a member name");
                    }
                    let name = self.string()?;
                    if !self.eat(b':') {
                        return self.fail("expected : after a member name");
                    }
                    members.push((name, self.value(depth + 1)?));
                    if self.eat(b'}') {
                        return Ok(Value::Object(members));
                    }
                    if !self.eat(b',') {
                        return self.fail("expected , or } in an object");
                    }
                }
            }
            Some(b'0'..=b'9') => self.int(),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(_) => self.fail("unexpected character"),
            None => self.fail("unexpected end"),
        }
    }

    fn word(&mut self, word: &'static str, v: Value) -> Result<Value, JsonError> {
        if self.s[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(v)
        } else {
            self.fail("unknown word")
        }
    }

    fn int(&mut self) -> Result<Value, JsonError> {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.s.get(self.at) {
            self.at += 1;
        }
        let digits = &self.s[start..self.at];
        // RFC 8259 §6: no leading zeros.
        if digits.len() > 1 && digits[0] == b'0' {
            return self.fail("leading zero");
        }
        if let Some(b'.' | b'e' | b'E') = self.s.get(self.at) {
            return self.fail("only integers are expected here");
        }
        let text = std::str::from_utf8(digits).unwrap_or("");
        match text.parse() {
            Ok(n) => Ok(Value::Int(n)),
            Err(_) => self.fail("integer too large"),
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let Some(digits) = self.s.get(self.at..self.at + 4) else {
            return self.fail("short \\u escape");
        };
        let mut n = 0;
        for &d in digits {
            let v = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => return self.fail("bad hex digit in \\u escape"),
            };
            n = n * 16 + u32::from(v);
        }
        self.at += 4;
        Ok(n)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.at += 1; // the opening quote
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote, backslash or control character.
            let start = self.at;
            while let Some(&b) = self.s.get(self.at) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            // The input is a &str and we stopped at an ASCII byte: a char boundary.
            out.push_str(std::str::from_utf8(&self.s[start..self.at]).unwrap_or(""));
            match self.s.get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let Some(&e) = self.s.get(self.at) else {
                        return self.fail("unterminated escape");
                    };
                    self.at += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.unicode_escape()?),
                        _ => {
                            self.at -= 1;
                            return self.fail("unknown escape");
                        }
                    }
                }
                Some(_) => return self.fail("control character inside a string"),
                None => return self.fail("unterminated string"),
            }
        }
    }

    /// After `\u`: one code point, joining a UTF-16 surrogate pair (RFC 8259 §7).
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.s[self.at..].starts_with(b"\\u") {
                    return self.fail("a high surrogate without its low half");
                }
                self.at += 2;
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return self.fail("a high surrogate without its low half");
                }
                0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)
            }
            0xDC00..=0xDFFF => return self.fail("a lone low surrogate"),
            c => c,
        };
        match char::from_u32(code) {
            Some(c) => Ok(c),
            None => self.fail("not a Unicode scalar value"),
        }
    }
}

/// Parses one JSON text (a value with optional whitespace around it).
pub fn parse(text: &str) -> Result<Value, JsonError> {
    let mut r = Reader {
        s: text.as_bytes(),
        at: 0,
    };
    let v = r.value(0)?;
    r.skip_ws();
    if r.at != r.s.len() {
        return r.fail("trailing characters after the value");
    }
    Ok(v)
}

/// Parses a long-poll answer, `[{"id":N,"data":"..."},…]`, into events.
pub fn parse_events(text: &str) -> Result<Vec<Event>, JsonError> {
    let bad = |what| Err(JsonError { at: 0, what });
    let Value::Array(items) = parse(text)? else {
        return bad("expected an array of events");
    };
    let mut events = Vec::with_capacity(items.len());
    for item in &items {
        match (
            item.get("id").and_then(Value::as_u64),
            item.get("data").and_then(Value::as_str),
        ) {
            (Some(id), Some(data)) => events.push(Event {
                id,
                data: data.to_string(),
            }),
            _ => return bad("an event needs an integer id and a string data"),
        }
    }
    Ok(events)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        assert_eq!(parse(" [ ] ").unwrap(), Value::Array(vec![]));
        assert_eq!(parse("0").unwrap(), Value::Int(0));
        assert_eq!(
            parse(r#"{"a":[true,false,null],"b":"x"}"#).unwrap(),
            Value::Object(vec![
                (
                    "a".into(),
                    Value::Array(vec![Value::Bool(true), Value::Bool(false), Value::Null])
                ),
                ("b".into(), Value::Str("x".into())),
            ])
        );
        assert_eq!(
            parse(r#""\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00""#).unwrap(),
            Value::Str("\"\\/\u{8}\u{c}\n\r\té😀".into())
        );
    }

    #[test]
    fn refusals() {
        for bad in [
            "",
            "[",
            "[1,]",
            "{\"a\"}",
            "01",
            "1.5",
            "-1",
            "\"\\x\"",
            "\"a\nb\"",
            "\"\\ud83d\"",
            "\"\\ude00\"",
            "\"\\u12\"",
            "[] []",
            "tru",
            "18446744073709551616",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be refused");
        }
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert_eq!(parse(&deep).unwrap_err().what, "nested too deeply");
    }

    #[test]
    fn events() {
        let got = parse_events(r#"[{"id":1,"data":"a"}, {"data":"b\n","id":2}]"#).unwrap();
        assert_eq!(got[1].id, 2);
        assert_eq!(got[1].data, "b\n");
        assert!(parse_events(r#"[{"id":"1","data":"a"}]"#).is_err());
        assert!(parse_events(r#"{"id":1}"#).is_err());
    }
}
