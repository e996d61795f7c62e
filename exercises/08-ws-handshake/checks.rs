// The checks for chapter 8's exercises. This one file checks both your crate
// (exercises/08-ws-handshake) and the solutions (solutions/08-ws-handshake):
// `answer` is whichever crate is being tested. One module per exercise, named
// as in info.txt.

mod accept_key {
    use super::super::answer::accept_key::accept_key;

    #[test]
    fn the_rfc_6455_example() {
        // RFC 6455 §1.3 works this one through.
        assert_eq!(
            accept_key("dGhlIHNhbXBsZSBub25jZQ=="),
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        );
    }

    #[test]
    fn other_keys() {
        // Computed with `printf %s KEY258EAFA5-E914-47DA-95CA-C5AB0DC85B11 | openssl sha1 -binary | base64`.
        let cases = [
            ("x3JJHMbDL1EzLkh9GBhXDw==", "HSmrc0sMlYUkAGmm5OPpG2HaGWk="),
            ("QSK0xtsM0EXlOhHfDemphg==", "2y7LpELvTaKSpdOxfEw44v47SQo="),
            ("AAAAAAAAAAAAAAAAAAAAAA==", "ICX+Yqv66kxgM0FcWaLWlFLwTAI="),
        ];
        for (key, want) in cases {
            assert_eq!(accept_key(key), want, "key {key}");
        }
    }

    #[test]
    fn the_key_is_hashed_as_text_not_decoded() {
        // accept_key does not decode: it hashes whatever text it is given, so
        // even a key that is not base64 has an answer (the server's *other*
        // check is what refuses such a key with 400).
        let v = accept_key("not base64!");
        assert_eq!(v, "qNFXnHRWK9gXMY88SCqWaExzK/Q=");
        assert_eq!(v.len(), 28, "20 bytes of SHA-1 are 28 base64 characters");
    }
}

mod token_list {
    use super::super::answer::token_list::{fields_contain, list_contains};

    #[test]
    fn finds_tokens_ignoring_case_and_spaces() {
        assert!(list_contains(b"Upgrade", "upgrade"));
        assert!(list_contains(b"keep-alive, Upgrade", "upgrade"));
        assert!(list_contains(b"keep-alive,UPGRADE", "Upgrade"));
        assert!(list_contains(b" \tupgrade\t ", "upgrade"));
        assert!(list_contains(b", ,upgrade,,", "upgrade"));
    }

    #[test]
    fn whole_elements_only() {
        assert!(!list_contains(b"keep-alive-upgrade", "upgrade"));
        assert!(!list_contains(b"upgrades", "upgrade"));
        assert!(!list_contains(b"up grade", "upgrade"));
        assert!(!list_contains(b"", "upgrade"));
        assert!(!list_contains(b",,,", "upgrade"));
        assert!(!list_contains(b"keep-alive", "upgrade"));
    }

    #[test]
    fn lists_over_several_fields() {
        let fields: [&[u8]; 2] = [b"keep-alive", b"Upgrade"];
        assert!(fields_contain(&fields, "upgrade"));
        assert!(!fields_contain(&fields, "close"));
        assert!(!fields_contain(&[], "upgrade"));
    }
}

mod origin_allowed {
    use super::super::answer::origin_allowed::origin_allowed;

    /// `origin_allowed(origin, host, list)` must be `want`; the message names
    /// what was fed and the rule.
    fn expect(origin: Option<&str>, host: &str, list: &[&str], want: bool, rule: &str) {
        assert_eq!(
            origin_allowed(origin, host, list),
            want,
            "fed Origin {origin:?}, Host {host:?}, allow-list {list:?}: {rule}"
        );
    }

    #[test]
    fn no_origin_and_loopback() {
        expect(
            None,
            "example.com",
            &[],
            true,
            "no Origin: not a browser, so no cross-site attack to stop",
        );
        for origin in [
            "http://127.0.0.1:5500",
            "http://localhost:3000",
            "http://LOCALHOST:3000",
            "http://[::1]:8080",
            "http://[::1]",
            "https://localhost",
        ] {
            expect(
                Some(origin),
                "example.com",
                &[],
                true,
                "a loopback origin (127.0.0.1, localhost in any case, [::1]), any scheme or port, is allowed",
            );
        }
    }

    #[test]
    fn same_host() {
        let same = "an origin whose host[:port] is the Host header is same-origin (hosts compare case-insensitively)";
        expect(
            Some("http://example.com:8080"),
            "example.com:8080",
            &[],
            true,
            same,
        );
        expect(Some("http://Example.com"), "example.COM", &[], true, same);
        expect(
            Some("http://example.com:8080"),
            "example.com:9090",
            &[],
            false,
            "the port is part of the origin: 8080 is not 9090",
        );
    }

    #[test]
    fn foreign_origins_are_refused() {
        for origin in [
            "http://evil.example",
            "http://example.com.evil.example",
            "http://localhost.evil.example",
            "http://127.0.0.1.evil.example",
            "http://localhost:80/x",
            "null",
            "file://",
            "",
            "example.com",
        ] {
            expect(
                Some(origin),
                "example.com",
                &[],
                false,
                "refuse any other origin: compare whole hosts (no prefix or suffix match), \
                 an origin has no path, and \"null\", \"\" or a bare host is no allowed origin",
            );
        }
    }

    #[test]
    fn the_allow_list() {
        let list = ["https://app.example.com", "null"];
        let listed = "an origin on the allow-list is allowed, compared case-insensitively";
        expect(
            Some("https://app.example.com"),
            "api.example.com",
            &list,
            true,
            listed,
        );
        expect(
            Some("HTTPS://APP.EXAMPLE.COM"),
            "api.example.com",
            &list,
            true,
            listed,
        );
        expect(
            Some("null"),
            "api.example.com",
            &list,
            true,
            "\"null\" is allowed when listed",
        );
        expect(
            Some("http://app.example.com"),
            "api.example.com",
            &list,
            false,
            "the scheme is part of the origin: http is not the listed https",
        );
    }
}
