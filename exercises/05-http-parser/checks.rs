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

    /// `line` must fail with `want`: the message names the line and the rule.
    fn rejects(line: &str, want: LineError, rule: &str) {
        assert_eq!(err(line), want, "fed {line:?}: {rule}");
    }

    #[test]
    fn splits_a_request_line() {
        for (line, want) in [
            (
                "GET /index.html?q=1 HTTP/1.1",
                ("GET", "/index.html?q=1", 1),
            ),
            ("OPTIONS * HTTP/1.0", ("OPTIONS", "*", 0)),
            (
                "M-SEARCH http://x:1/ HTTP/1.1",
                ("M-SEARCH", "http://x:1/", 1),
            ),
        ] {
            let r = ok(line);
            assert_eq!(
                (r.method, r.target, r.minor),
                want,
                "fed {line:?}: method SP target SP HTTP/1.minor"
            );
        }
    }

    #[test]
    fn rejects_bad_methods_and_targets() {
        use LineError::*;
        rejects("G(T / HTTP/1.1", Method, "'(' is not a tchar");
        rejects(" / HTTP/1.1", Method, "the method may not be empty");
        rejects("GET", Method, "no SP after the method");
        rejects(
            "GET  / HTTP/1.1",
            Target,
            "two SPs in a row: an empty target",
        );
        rejects(
            "GET /caf\u{e9} HTTP/1.1",
            Target,
            "target bytes are 0x21..=0x7e",
        );
        rejects("GET /a\tb HTTP/1.1", Target, "HTAB is not visible ASCII");
        rejects("GET /", Target, "no SP after the target, so no version");
    }

    #[test]
    fn a_space_inside_the_target_ends_it() {
        // The target ends at the next SP (RFC 9112 §3: exactly one SP between
        // the parts), so what follows must be the version, and is not.
        rejects(
            "GET /a b HTTP/1.1",
            LineError::Version,
            "the target is \"/a\" (it ends at the next SP), so \"b HTTP/1.1\" must be HTTP/DIGIT.DIGIT",
        );
    }

    #[test]
    fn versions() {
        use LineError::*;
        let form = "the version is exactly HTTP/DIGIT.DIGIT";
        rejects("GET / HTTP/1.1 ", Version, form);
        rejects("GET / http/1.1", Version, "HTTP is case-sensitive");
        rejects("GET / HTTP/1", Version, form);
        rejects("GET / HTTP/1.x", Version, form);
        let ours = "well-formed, but only 1.0 and 1.1 are ours (505)";
        rejects("GET / HTTP/2.0", Unsupported, ours);
        rejects("GET / HTTP/1.2", Unsupported, ours);
        rejects("GET / HTTP/0.9", Unsupported, ours);
    }
}

mod header_line {
    use super::super::answer::header_line::{FieldError, parse_header_line};

    /// `line` must parse as `want`; the message names the line and the rule.
    fn parses(line: &[u8], want: (&str, &[u8]), rule: &str) {
        assert_eq!(
            parse_header_line(line),
            Ok(want),
            "fed {:?}: {rule}",
            String::from_utf8_lossy(line)
        );
    }

    /// `line` must fail with `want`.
    fn rejects(line: &[u8], want: FieldError, rule: &str) {
        assert_eq!(
            parse_header_line(line),
            Err(want),
            "fed {:?}: {rule}",
            String::from_utf8_lossy(line)
        );
    }

    #[test]
    fn name_and_trimmed_value() {
        parses(
            b"Host: example.com",
            ("Host", b"example.com"),
            "name ':' OWS value",
        );
        parses(
            b"X-A:\t  a  b \t",
            ("X-A", b"a  b"),
            "SP/HTAB around the value are trimmed, inside it kept",
        );
        parses(b"Empty:", ("Empty", b""), "an empty value is allowed");
        parses(b"Empty:   ", ("Empty", b""), "a value of only OWS is empty");
        parses(
            b"Latin: caf\xe9",
            ("Latin", b"caf\xe9"),
            "obs-text (0x80..=0xff) is allowed in a value",
        );
    }

    #[test]
    fn rejects_what_rfc_9112_rejects() {
        use FieldError::*;
        let space = "whitespace between the name and ':' is a 400 (RFC 9112 §5.1)";
        rejects(b"Host : x", SpaceBeforeColon, space);
        rejects(b"Host\t: x", SpaceBeforeColon, space);
        let fold = "a line starting with SP/HTAB is obs-fold (RFC 9112 §5.2)";
        rejects(b" folded", ObsFold, fold);
        rejects(b"\tfolded: x", ObsFold, fold);
        rejects(b": x", Name, "the name may not be empty");
        rejects(b"Ho\"st: x", Name, "'\"' is not a tchar");
        rejects(b"NoColon", Name, "a name must be followed by ':'");
        let ctl = "control bytes (but HTAB) are not allowed in a value";
        rejects(b"A: b\x00c", Value, ctl);
        rejects(b"A: b\x7f", Value, "DEL is a control byte");
        rejects(b"A: b\rc", Value, ctl);
        rejects(
            b"A: b \x0c",
            Value,
            "only SP/HTAB are trimmed: 0x0c stays, and is a control byte",
        );
    }
}

mod chunked {
    use super::super::answer::chunked::{ChunkError, decode_chunked};

    const BODY: &[u8] = b"5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nExpires: never\r\n\r\n";

    /// What `decode_chunked` must answer for `input`; the message names the
    /// input and the rule.
    fn decodes(input: &[u8], want: Result<Option<(Vec<u8>, usize)>, ChunkError>, rule: &str) {
        assert_eq!(
            decode_chunked(input),
            want,
            "fed {:?}: {rule}",
            String::from_utf8_lossy(input)
        );
    }

    #[test]
    fn decodes_a_whole_body_and_says_where_it_ends() {
        let mut input = BODY.to_vec();
        input.extend_from_slice(b"GET / HTTP/1.1\r\n");
        decodes(
            &input,
            Ok(Some((b"hello world".to_vec(), BODY.len()))),
            "two chunks, an extension, a trailer; `used` stops before the next request",
        );
        decodes(
            b"0\r\n\r\n",
            Ok(Some((Vec::new(), 5))),
            "the last chunk alone: an empty body",
        );
        decodes(
            b"A\r\n0123456789\r\n0\r\n\r\n",
            Ok(Some((b"0123456789".to_vec(), 20))),
            "sizes are hex: A is 10",
        );
    }

    #[test]
    fn every_prefix_needs_more() {
        for cut in 0..BODY.len() {
            decodes(
                &BODY[..cut],
                Ok(None),
                &format!("a prefix of {cut} bytes of a valid body: read more (Ok(None))"),
            );
        }
    }

    #[test]
    fn rejects_bad_sizes_and_framing() {
        use ChunkError::*;
        decodes(b"x\r\n", Err(Size), "a chunk-size is hex digits");
        decodes(b"\r\n", Err(Size), "a chunk-size may not be empty");
        decodes(
            b"10000000000000000\r\n",
            Err(Overflow),
            "17 hex digits do not fit in a u64: use checked_mul/checked_add",
        );
        decodes(
            b"ffffffffffffffff\r\nabc",
            Ok(None),
            "huge but valid (u64::MAX): wait for the data",
        );
        decodes(
            b"3\r\nabcX\r\n0\r\n\r\n",
            Err(MissingCrlf),
            "a chunk's data must be followed by CRLF",
        );
    }
}
