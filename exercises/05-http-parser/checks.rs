// The checks for chapter 5's exercises. This one file checks both your crate
// (exercises/05-http-parser) and the solutions (solutions/05-http-parser):
// `answer` is whichever crate is being tested. One module per exercise, named as in info.txt.

mod request_line {
    use super::super::answer::request_line::{LineError, RequestLine, parse_request_line};

    fn ok(line: &str) -> RequestLine<'_> {
        parse_request_line(line.as_bytes()).unwrap_or_else(|e| panic!("{line:?}: {e:?}"))
    }

    fn err(line: &str) -> LineError {
        match parse_request_line(line.as_bytes()) {
            Err(e) => e,
            Ok(r) => panic!("{line:?} should be rejected, got {r:?}"),
        }
    }

    #[test]
    fn splits_a_request_line() {
        let r = ok("GET /index.html?q=1 HTTP/1.1");
        assert_eq!((r.method, r.target, r.minor), ("GET", "/index.html?q=1", 1));
        let r = ok("OPTIONS * HTTP/1.0");
        assert_eq!((r.method, r.target, r.minor), ("OPTIONS", "*", 0));
        assert_eq!(ok("M-SEARCH http://x:1/ HTTP/1.1").method, "M-SEARCH");
    }

    #[test]
    fn rejects_bad_methods_and_targets() {
        assert_eq!(err("G(T / HTTP/1.1"), LineError::Method);
        assert_eq!(err(" / HTTP/1.1"), LineError::Method);
        assert_eq!(err("GET"), LineError::Method);
        assert_eq!(
            err("GET  / HTTP/1.1"),
            LineError::Target,
            "two spaces: an empty target"
        );
        assert_eq!(err("GET /caf\u{e9} HTTP/1.1"), LineError::Target);
        assert_eq!(err("GET /a\tb HTTP/1.1"), LineError::Target);
        assert_eq!(err("GET /"), LineError::Target, "no version");
    }

    #[test]
    fn versions() {
        assert_eq!(err("GET / HTTP/1.1 "), LineError::Version);
        assert_eq!(err("GET / http/1.1"), LineError::Version);
        assert_eq!(err("GET / HTTP/1"), LineError::Version);
        assert_eq!(err("GET / HTTP/1.x"), LineError::Version);
        assert_eq!(err("GET / HTTP/2.0"), LineError::Unsupported);
        assert_eq!(err("GET / HTTP/1.2"), LineError::Unsupported);
        assert_eq!(err("GET / HTTP/0.9"), LineError::Unsupported);
    }
}

mod header_line {
    use super::super::answer::header_line::{FieldError, parse_header_line};

    #[test]
    fn name_and_trimmed_value() {
        assert_eq!(
            parse_header_line(b"Host: example.com"),
            Ok(("Host", &b"example.com"[..]))
        );
        assert_eq!(
            parse_header_line(b"X-A:\t  a  b \t"),
            Ok(("X-A", &b"a  b"[..]))
        );
        assert_eq!(parse_header_line(b"Empty:"), Ok(("Empty", &b""[..])));
        assert_eq!(parse_header_line(b"Empty:   "), Ok(("Empty", &b""[..])));
        assert_eq!(
            parse_header_line(b"Latin: caf\xe9"),
            Ok(("Latin", &b"caf\xe9"[..])),
            "obs-text is allowed"
        );
    }

    #[test]
    fn rejects_what_rfc_9112_rejects() {
        assert_eq!(
            parse_header_line(b"Host : x"),
            Err(FieldError::SpaceBeforeColon)
        );
        assert_eq!(
            parse_header_line(b"Host\t: x"),
            Err(FieldError::SpaceBeforeColon)
        );
        assert_eq!(parse_header_line(b" folded"), Err(FieldError::ObsFold));
        assert_eq!(parse_header_line(b"\tfolded: x"), Err(FieldError::ObsFold));
        assert_eq!(parse_header_line(b": x"), Err(FieldError::Name));
        assert_eq!(parse_header_line(b"Ho\"st: x"), Err(FieldError::Name));
        assert_eq!(parse_header_line(b"NoColon"), Err(FieldError::Name));
        assert_eq!(parse_header_line(b"A: b\x00c"), Err(FieldError::Value));
        assert_eq!(parse_header_line(b"A: b\x7f"), Err(FieldError::Value));
        assert_eq!(parse_header_line(b"A: b\rc"), Err(FieldError::Value));
        assert_eq!(
            parse_header_line(b"A: b \x0c"),
            Err(FieldError::Value),
            "only SP/HTAB are trimmed"
        );
    }
}

mod chunked {
    use super::super::answer::chunked::{ChunkError, decode_chunked};

    const BODY: &[u8] = b"5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nExpires: never\r\n\r\n";

    #[test]
    fn decodes_a_whole_body_and_says_where_it_ends() {
        let mut input = BODY.to_vec();
        input.extend_from_slice(b"GET / HTTP/1.1\r\n");
        assert_eq!(
            decode_chunked(&input),
            Ok(Some((b"hello world".to_vec(), BODY.len())))
        );
        assert_eq!(decode_chunked(b"0\r\n\r\n"), Ok(Some((Vec::new(), 5))));
        assert_eq!(
            decode_chunked(b"A\r\n0123456789\r\n0\r\n\r\n"),
            Ok(Some((b"0123456789".to_vec(), 20)))
        );
    }

    #[test]
    fn every_prefix_needs_more() {
        for cut in 0..BODY.len() {
            assert_eq!(
                decode_chunked(&BODY[..cut]),
                Ok(None),
                "prefix of {cut} bytes"
            );
        }
    }

    #[test]
    fn rejects_bad_sizes_and_framing() {
        assert_eq!(decode_chunked(b"x\r\n"), Err(ChunkError::Size));
        assert_eq!(decode_chunked(b"\r\n"), Err(ChunkError::Size));
        assert_eq!(
            decode_chunked(b"10000000000000000\r\n"),
            Err(ChunkError::Overflow)
        );
        assert_eq!(
            decode_chunked(b"ffffffffffffffff\r\nabc"),
            Ok(None),
            "huge but valid: wait"
        );
        assert_eq!(
            decode_chunked(b"3\r\nabcX\r\n0\r\n\r\n"),
            Err(ChunkError::MissingCrlf)
        );
    }
}
