//! The RFC 9112 rules the parser keeps, one test per rule, with the offsets it reports.

use ch05_http_parser::{
    EMPTY_HEADER, ErrorKind, Header, Limits, ParseError, Status, Version, parse_request,
};

/// What a parsed head holds, owned: method, target, version, headers, head length.
type Parsed = (String, String, Version, Vec<(String, Vec<u8>)>, usize);

/// Parses a complete head, or panics.
fn ok(input: &str) -> Parsed {
    let mut h = [EMPTY_HEADER; 100];
    match parse_request(input.as_bytes(), &mut h, &Limits::default()) {
        Ok(Status::Complete((r, n))) => (
            r.method.into(),
            r.target.into(),
            r.version,
            r.headers
                .iter()
                .map(|h| (h.name.into(), h.value.to_vec()))
                .collect(),
            n,
        ),
        other => panic!("{input:?}: {other:?}"),
    }
}

fn err_with(input: &[u8], limits: &Limits) -> ParseError {
    let mut h = [EMPTY_HEADER; 100];
    match parse_request(input, &mut h, limits) {
        Err(e) => e,
        other => panic!(
            "{:?} should fail: {other:?}",
            String::from_utf8_lossy(input)
        ),
    }
}

/// The error kind and offset for `input`.
fn err(input: &str) -> (ErrorKind, usize) {
    let e = err_with(input.as_bytes(), &Limits::default());
    (e.kind, e.offset)
}

fn partial(input: &[u8]) -> bool {
    let mut h = [EMPTY_HEADER; 100];
    matches!(
        parse_request(input, &mut h, &Limits::default()),
        Ok(Status::Partial)
    )
}

#[test]
fn a_simple_get() {
    let (m, t, v, h, n) =
        ok("GET /index.html?q=1 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n");
    assert_eq!(
        (m.as_str(), t.as_str(), v),
        ("GET", "/index.html?q=1", Version::Http11)
    );
    assert_eq!(
        h,
        vec![
            ("Host".into(), b"example.com".to_vec()),
            ("Accept".into(), b"*/*".to_vec())
        ]
    );
    assert_eq!(n, 64);
}

#[test]
fn every_prefix_is_partial_and_the_whole_is_complete() {
    let req = b"POST /x HTTP/1.0\r\nContent-Length: 3\r\nX:\t a b \t\r\n\r\n";
    for cut in 0..req.len() {
        assert!(partial(&req[..cut]), "prefix of {cut} bytes");
    }
    let (.., h, n) = ok(std::str::from_utf8(req).unwrap());
    assert_eq!(n, req.len());
    assert_eq!(
        h[1],
        ("X".into(), b"a b".to_vec()),
        "OWS trimmed, inner kept"
    );
}

#[test]
fn pipelined_requests_parse_one_after_another() {
    let two = b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n";
    let mut h = [EMPTY_HEADER; 8];
    let Status::Complete((first, n)) = parse_request(two, &mut h, &Limits::default()).unwrap()
    else {
        panic!()
    };
    assert_eq!(first.target, "/a");
    let mut h2 = [EMPTY_HEADER; 8];
    let Status::Complete((second, m)) =
        parse_request(&two[n..], &mut h2, &Limits::default()).unwrap()
    else {
        panic!()
    };
    assert_eq!((second.target, n + m), ("/b", two.len()));
}

#[test]
fn request_line_rules() {
    use ErrorKind::*;
    assert_eq!(err("G(T / HTTP/1.1\r\n\r\n"), (Method, 1));
    assert_eq!(err(" GET / HTTP/1.1\r\n\r\n"), (Method, 0));
    assert_eq!(err("GET  / HTTP/1.1\r\n\r\n"), (Target, 4), "one SP only");
    assert_eq!(err("GET /a\x01 HTTP/1.1\r\n\r\n"), (Target, 6));
    assert_eq!(
        err("GET /caf\u{e9} HTTP/1.1\r\n\r\n"),
        (Target, 8),
        "non-ASCII target"
    );
    assert_eq!(
        err("GET /\r\n\r\n"),
        (Target, 5),
        "HTTP/0.9 style: no version"
    );
    assert_eq!(err("GET / HTTP/1.1 \r\n\r\n"), (LineEnd, 14));
    assert_eq!(err("GET / http/1.1\r\n\r\n"), (Version, 6));
    assert_eq!(err("GET / HTTP/1.x\r\n\r\n"), (Version, 13));
    assert_eq!(err("GET / HTTP/2.0\r\n\r\n"), (VersionUnsupported, 6));
    assert_eq!(err("GET / HTTP/0.9\r\n\r\n").0.status(), 505);
    // To tell 505 from 400 we wait for the whole version.
    assert!(partial(b"GET / HTTP/2"));
    assert!(partial(b"GET / HTTP/2."));
    assert_eq!(
        ok("GET / HTTP/1.0\r\n\r\n").2,
        ch05_http_parser::Version::Http10
    );
    assert_eq!(
        ok("get / HTTP/1.1\r\n\r\n").0,
        "get",
        "methods are case-sensitive tokens"
    );
}

#[test]
fn request_target_forms() {
    use ErrorKind::TargetForm;
    ok("OPTIONS * HTTP/1.1\r\n\r\n");
    ok("CONNECT example.com:443 HTTP/1.1\r\n\r\n");
    ok("CONNECT [::1]:443 HTTP/1.1\r\n\r\n");
    ok("GET http://example.com/x?y HTTP/1.1\r\n\r\n");
    ok("OPTIONS / HTTP/1.1\r\n\r\n");
    assert_eq!(err("GET * HTTP/1.1\r\n\r\n"), (TargetForm, 4));
    assert_eq!(err("CONNECT /x HTTP/1.1\r\n\r\n"), (TargetForm, 8));
    assert_eq!(err("CONNECT example.com HTTP/1.1\r\n\r\n"), (TargetForm, 8));
    assert_eq!(err("GET index.html HTTP/1.1\r\n\r\n"), (TargetForm, 4));
    assert_eq!(err("GET 1http://x HTTP/1.1\r\n\r\n"), (TargetForm, 4));
}

#[test]
fn header_rules() {
    use ErrorKind::*;
    assert_eq!(
        err("GET / HTTP/1.1\r\nHost : x\r\n\r\n"),
        (SpaceBeforeColon, 20)
    );
    assert_eq!(err("GET / HTTP/1.1\r\nHo\"st: x\r\n\r\n"), (HeaderName, 18));
    assert_eq!(err("GET / HTTP/1.1\r\n: x\r\n\r\n"), (HeaderName, 16));
    assert_eq!(err("GET / HTTP/1.1\r\nHost\r\n\r\n"), (HeaderName, 20));
    assert_eq!(
        err("GET / HTTP/1.1\r\nA: b\x00c\r\n\r\n"),
        (HeaderValue, 20)
    );
    assert_eq!(err("GET / HTTP/1.1\r\nA: b\x7f\r\n\r\n"), (HeaderValue, 20));
    assert_eq!(err("GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n"), (ObsFold, 22));
    assert_eq!(err("GET / HTTP/1.1\r\nA: b\r\n\tc\r\n\r\n"), (ObsFold, 22));
    assert_eq!(err("GET / HTTP/1.1\r\n Host: x\r\n\r\n"), (ObsFold, 16));
    // obs-text is allowed in values and kept as bytes.
    let (.., h, _) = ok("GET / HTTP/1.1\r\nX: caf\u{e9}\r\n\r\n");
    assert_eq!(h[0].1, "café".as_bytes());
    // Empty values are fine.
    let (.., h, _) = ok("GET / HTTP/1.1\r\nX:\r\nY:   \r\n\r\n");
    assert_eq!((h[0].1.len(), h[1].1.len()), (0, 0));
}

#[test]
fn line_ends_bare_lf_accepted_bare_cr_rejected() {
    // RFC 9112 §2.2: a recipient MAY recognize a single LF as a line terminator.
    let (.., h, n) = ok("GET / HTTP/1.1\nHost: x\n\n");
    assert_eq!((h.len(), n), (1, 24));
    ok("GET / HTTP/1.1\r\nHost: x\n\r\n");
    // A bare CR is rejected wherever it appears.
    assert_eq!(
        err("GET / HTTP/1.1\rHost: x\r\n\r\n"),
        (ErrorKind::BareCr, 14)
    );
    assert_eq!(
        err("GET / HTTP/1.1\r\nHost: x\ry\r\n\r\n"),
        (ErrorKind::BareCr, 23)
    );
    assert_eq!(
        err("GET / HTTP/1.1\r\nHost: x\r\n\rx"),
        (ErrorKind::BareCr, 25)
    );
}

#[test]
fn leading_empty_lines_are_skipped() {
    let (m, .., n) = ok("\r\n\nGET / HTTP/1.1\r\n\r\n");
    assert_eq!((m.as_str(), n), ("GET", 21));
    assert!(partial(b"\r\n\r\n"));
}

#[test]
fn errors_are_found_before_the_head_is_complete() {
    assert_eq!(
        err_with(b"GET / HTTP/1.1\r\nBad Name", &Limits::default()).kind,
        ErrorKind::SpaceBeforeColon
    );
    assert_eq!(
        err_with(b"GET / HTTP/1.1\r\nA: b\x01", &Limits::default()).kind,
        ErrorKind::HeaderValue
    );
    assert_eq!(err_with(b"GET / HTTX", &Limits::default()).offset, 9);
}

#[test]
fn framing_errors_are_found_as_soon_as_their_field_line_ends() {
    use ErrorKind::*;
    // Each head stops right after the line that breaks a framing rule: no
    // empty line yet, yet the error is certain, so the parser reports it, at
    // the first byte of the offending value (RFC 9112 §6.3, RFC 9110 §8.6).
    let cases: [(&str, ErrorKind, &str); 6] = [
        (
            "POST / HTTP/1.1\r\nContent-Length: 1000000000000000000000\r\n",
            ContentLength,
            "1000",
        ),
        (
            "POST / HTTP/1.1\r\nContent-Length: 5\r\nHost: a\r\nContent-Length: 6\r\n",
            ConflictingContentLength,
            "6\r",
        ),
        (
            "POST / HTTP/1.1\r\nContent-Length: 5, 7\r\n",
            ConflictingContentLength,
            "7",
        ),
        (
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n",
            TransferEncodingWithContentLength,
            "5",
        ),
        (
            "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n",
            TransferEncodingInHttp10,
            "chunked",
        ),
        (
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n",
            UnknownTransferCoding,
            "gzip",
        ),
    ];
    for (head, kind, at) in cases {
        let e = err(head);
        assert_eq!(
            e,
            (kind, head.find(at).unwrap()),
            "{head:?}: fails at the end of its field line"
        );
        // Before that line ends, the value may still grow or change: wait.
        let line_end = head.len() - 2;
        for cut in (head.len() - 20).max(17)..line_end {
            assert!(
                partial(&head.as_bytes()[..cut]) || err(&head[..cut]) != e,
                "{:?}: the error is not certain before the line ends",
                &head[..cut]
            );
        }
    }
    // The one rule that needs the whole head: the last coding must be chunked,
    // and a later Transfer-Encoding field could still supply it.
    assert!(partial(b"POST / HTTP/1.1\r\nTransfer-Encoding:\r\n"));
    let head = "POST / HTTP/1.1\r\nTransfer-Encoding:\r\n\r\n";
    assert_eq!(err(head), (ChunkedNotFinal, head.find("\r\n\r\n").unwrap()));
    let mut h = [EMPTY_HEADER; 4];
    let chunked = b"POST / HTTP/1.1\r\nTransfer-Encoding:\r\nTransfer-Encoding: chunked\r\n\r\n";
    assert!(matches!(
        parse_request(chunked, &mut h, &Limits::default()),
        Ok(Status::Complete(_))
    ));
}

#[test]
fn limits() {
    let limits = Limits {
        max_head_bytes: 64,
        max_headers: 2,
        max_target_bytes: 10,
    };
    let e = err_with(b"GET /0123456789a HTTP/1.1\r\n\r\n", &limits);
    assert_eq!(
        (e.kind, e.offset, e.status()),
        (ErrorKind::TargetTooLong, 14, 414)
    );
    // Also while the target is still arriving.
    assert_eq!(
        err_with(b"GET /0123456789a", &limits).kind,
        ErrorKind::TargetTooLong
    );
    let e = err_with(b"GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", &limits);
    assert_eq!(
        (e.kind, e.offset, e.status()),
        (ErrorKind::TooManyHeaders, 28, 431)
    );
    let big = format!("GET / HTTP/1.1\r\nA: {}\r\n\r\n", "x".repeat(60));
    let e = err_with(big.as_bytes(), &limits);
    assert_eq!(
        (e.kind, e.offset, e.status()),
        (ErrorKind::HeadTooLarge, 64, 431)
    );
    // A head of exactly the limit is fine; one byte short of its end is partial.
    let exact = format!("GET / HTTP/1.1\r\nA: {}\r\n\r\n", "x".repeat(41));
    assert_eq!(exact.len(), 64);
    let mut h = [EMPTY_HEADER; 4];
    assert!(matches!(
        parse_request(exact.as_bytes(), &mut h, &limits),
        Ok(Status::Complete((_, 64)))
    ));
    assert!(matches!(
        parse_request(&exact.as_bytes()[..63], &mut h, &limits),
        Ok(Status::Partial)
    ));
    // The header array also caps the count.
    let mut one = [EMPTY_HEADER; 1];
    let r = parse_request(
        b"GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n\r\n",
        &mut one,
        &Limits::default(),
    );
    assert_eq!(r.unwrap_err().kind, ErrorKind::TooManyHeaders);
}

#[test]
fn keep_alive_rules() {
    let ka = |s: &str| {
        let mut h = [EMPTY_HEADER; 8];
        match parse_request(s.as_bytes(), &mut h, &Limits::default()).unwrap() {
            Status::Complete((r, _)) => r.keep_alive(),
            Status::Partial => panic!(),
        }
    };
    assert!(ka("GET / HTTP/1.1\r\n\r\n"));
    assert!(!ka("GET / HTTP/1.1\r\nConnection: close\r\n\r\n"));
    assert!(!ka("GET / HTTP/1.1\r\nConnection: Upgrade, CLOSE\r\n\r\n"));
    assert!(!ka("GET / HTTP/1.0\r\n\r\n"));
    assert!(ka("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"));
    assert!(!ka(
        "GET / HTTP/1.0\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n"
    ));
}

#[test]
fn errors_display_what_and_where() {
    let e = err_with(b"GET / HTTP/1.1\r\nHost : x\r\n\r\n", &Limits::default());
    let text = e.to_string();
    assert!(
        text.contains("whitespace before the colon") && text.contains("at byte 20"),
        "{text}"
    );
    let _: Header = EMPTY_HEADER;
}
