//! The static table, typed from RFC 7541 Appendix A.
//!
//! Sixty-one header fields common enough that both ends know them by heart:
//! index 2 is `:method: GET`, index 8 `:status: 200`. An encoder sends the one
//! byte `0x82` instead of the 12 bytes of `:method: GET`. Where only the name is
//! common (`user-agent`), the value is empty and the entry lends just its name.

/// Entries 1–61 of Appendix A, `(name, value)`; index 1 is `STATIC_TABLE[0]`.
#[rustfmt::skip]
pub const STATIC_TABLE: [(&str, &str); 61] = [
    (":authority", ""),                  // 1
    (":method", "GET"),                  // 2
    (":method", "POST"),                 // 3
    (":path", "/"),                      // 4
    (":path", "/index.html"),            // 5
    (":scheme", "http"),                 // 6
    (":scheme", "https"),                // 7
    (":status", "200"),                  // 8
    (":status", "204"),                  // 9
    (":status", "206"),                  // 10
    (":status", "304"),                  // 11
    (":status", "400"),                  // 12
    (":status", "404"),                  // 13
    (":status", "500"),                  // 14
    ("accept-charset", ""),              // 15
    ("accept-encoding", "gzip, deflate"), // 16
    ("accept-language", ""),             // 17
    ("accept-ranges", ""),               // 18
    ("accept", ""),                      // 19
    ("access-control-allow-origin", ""), // 20
    ("age", ""),                         // 21
    ("allow", ""),                       // 22
    ("authorization", ""),               // 23
    ("cache-control", ""),               // 24
    ("content-disposition", ""),         // 25
    ("content-encoding", ""),            // 26
    ("content-language", ""),            // 27
    ("content-length", ""),              // 28
    ("content-location", ""),            // 29
    ("content-range", ""),               // 30
    ("content-type", ""),                // 31
    ("cookie", ""),                      // 32
    ("date", ""),                        // 33
    ("etag", ""),                        // 34
    ("expect", ""),                      // 35
    ("expires", ""),                     // 36
    ("from", ""),                        // 37
    ("host", ""),                        // 38
    ("if-match", ""),                    // 39
    ("if-modified-since", ""),           // 40
    ("if-none-match", ""),               // 41
    ("if-range", ""),                    // 42
    ("if-unmodified-since", ""),         // 43
    ("last-modified", ""),               // 44
    ("link", ""),                        // 45
    ("location", ""),                    // 46
    ("max-forwards", ""),                // 47
    ("proxy-authenticate", ""),          // 48
    ("proxy-authorization", ""),         // 49
    ("range", ""),                       // 50
    ("referer", ""),                     // 51
    ("refresh", ""),                     // 52
    ("retry-after", ""),                 // 53
    ("server", ""),                      // 54
    ("set-cookie", ""),                  // 55
    ("strict-transport-security", ""),   // 56
    ("transfer-encoding", ""),           // 57
    ("user-agent", ""),                  // 58
    ("vary", ""),                        // 59
    ("via", ""),                         // 60
    ("www-authenticate", ""),            // 61
];

/// The static entry at `index` (1–61), as bytes.
pub fn get(index: usize) -> Option<(&'static [u8], &'static [u8])> {
    let (name, value) = STATIC_TABLE.get(index.checked_sub(1)?)?;
    Some((name.as_bytes(), value.as_bytes()))
}

/// The lowest index whose name and value both match, if any.
pub fn find_field(name: &[u8], value: &[u8]) -> Option<usize> {
    STATIC_TABLE
        .iter()
        .position(|(n, v)| n.as_bytes() == name && v.as_bytes() == value)
        .map(|i| i + 1)
}

/// The lowest index whose name matches, if any.
pub fn find_name(name: &[u8]) -> Option<usize> {
    STATIC_TABLE
        .iter()
        .position(|(n, _)| n.as_bytes() == name)
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_start_at_one() {
        assert_eq!(get(0), None);
        assert_eq!(get(2), Some((&b":method"[..], &b"GET"[..])));
        assert_eq!(get(61), Some((&b"www-authenticate"[..], &b""[..])));
        assert_eq!(get(62), None);
    }

    #[test]
    fn lookups_find_the_lowest_index() {
        assert_eq!(find_field(b":status", b"404"), Some(13));
        assert_eq!(find_field(b":status", b"302"), None);
        assert_eq!(find_name(b":status"), Some(8));
        assert_eq!(find_name(b"x-custom"), None);
    }
}
