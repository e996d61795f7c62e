//! The showdown's event data: what the taxi and the visitors publish.
//!
//! Every event in the feed carries a JSON object as its `data`:
//!
//! ```text
//! {"t":"pos","x":412.5,"y":60,"ts":1763779200123.456}   the taxi moved
//! {"t":"msg","text":"hello","ts":1763779200999.001}      a visitor said something
//! ```
//!
//! `ts` is the server's clock when it published, in milliseconds since the Unix
//! epoch, with microseconds as the fraction. Client and server share a clock in
//! this demo (same machine), so `arrival − ts` is the delivery latency.

use std::time::{SystemTime, UNIX_EPOCH};

use ch11_long_polling::json;

use crate::taxi::Point;

/// Milliseconds since the Unix epoch, with a microsecond fraction.
pub fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// A position event's data.
pub fn position(p: Point, ts: f64) -> String {
    format!(
        "{{\"t\":\"pos\",\"x\":{:.1},\"y\":{:.1},\"ts\":{ts:.3}}}",
        p.x, p.y
    )
}

/// A message event's data; `text` is escaped by chapter 11's JSON encoder.
pub fn message(text: &str, ts: f64) -> String {
    format!(
        "{{\"t\":\"msg\",\"text\":{},\"ts\":{ts:.3}}}",
        json::string(text)
    )
}

/// Whether `data` is a position event (the short-polling `/state` keeps the latest).
pub fn is_position(data: &str) -> bool {
    data.starts_with("{\"t\":\"pos\"")
}

/// The `ts` field of an event's data, if it has one: a tiny scan, enough for
/// the data this module writes (the bench reads it from every delivery).
pub fn timestamp(data: &str) -> Option<f64> {
    let at = data.find("\"ts\":")? + 5;
    let rest = &data[at..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let p = position(Point { x: 1.25, y: 2.0 }, 1000.5);
        assert_eq!(p, r#"{"t":"pos","x":1.2,"y":2.0,"ts":1000.500}"#);
        assert!(is_position(&p));
        assert_eq!(timestamp(&p), Some(1000.5));
        let m = message("say \"hi\"\n", 7.0);
        assert_eq!(m, r#"{"t":"msg","text":"say \"hi\"\n","ts":7.000}"#);
        assert!(!is_position(&m));
        assert_eq!(timestamp(&m), Some(7.0));
        assert_eq!(timestamp("{}"), None);
    }
}
