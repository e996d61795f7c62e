//! The Origin policy: which pages may open a WebSocket to us (RFC 6455 §10.2),
//! as a table, then through the whole request check.

mod support;

use ch08_ws_handshake::{HandshakeConfig, HandshakeError, OriginPolicy};
use support::{good_without, validate};

#[test]
fn the_default_policy_table() {
    let policy = OriginPolicy::default();
    // (Origin, Host, allowed?, why)
    let table: &[(Option<&str>, &str, bool, &str)] = &[
        (None, "example.com", true, "no Origin: not a browser"),
        (
            Some("http://127.0.0.1:5500"),
            "example.com",
            true,
            "loopback, any port",
        ),
        (
            Some("http://localhost:3000"),
            "example.com",
            true,
            "localhost",
        ),
        (
            Some("http://LOCALHOST:3000"),
            "example.com",
            true,
            "host names ignore case",
        ),
        (
            Some("http://[::1]:8080"),
            "example.com",
            true,
            "IPv6 loopback",
        ),
        (
            Some("http://127.0.0.1"),
            "example.com",
            true,
            "loopback, default port",
        ),
        (
            Some("http://example.com:8080"),
            "example.com:8080",
            true,
            "same host and port",
        ),
        (
            Some("http://Example.COM"),
            "example.com",
            true,
            "same host, port 80 both",
        ),
        (
            Some("http://example.com"),
            "example.com:80",
            true,
            "explicit default port",
        ),
        (
            Some("https://example.com"),
            "example.com",
            true,
            "https, port 443 both",
        ),
        (
            Some("http://example.com:8080"),
            "example.com:9090",
            false,
            "same host, other port",
        ),
        (
            Some("http://example.com"),
            "example.com:8080",
            false,
            "port 80 vs 8080",
        ),
        (
            Some("http://evil.example"),
            "example.com",
            false,
            "another site",
        ),
        (
            Some("http://example.com.evil.example"),
            "example.com",
            false,
            "a suffix trick",
        ),
        (
            Some("http://127.0.0.2:80"),
            "example.com",
            false,
            "not the listed loopback",
        ),
        (Some("null"), "example.com", false, "an opaque origin"),
        (Some("file://"), "example.com", false, "not http(s)"),
        (Some(""), "example.com", false, "empty"),
        (
            Some("http://user@example.com"),
            "example.com",
            false,
            "userinfo is not an origin",
        ),
    ];
    for &(origin, host, want, why) in table {
        let got = policy.allows(origin.map(str::as_bytes), Some(host.as_bytes()));
        assert_eq!(got, want, "{why}: Origin {origin:?}, Host {host:?}");
    }
}

#[test]
fn an_allow_list_and_switching_rules_off() {
    let mut policy = OriginPolicy::default();
    policy.allowed.push("https://app.example.com".into());
    let allows = |p: &OriginPolicy, o: &str| p.allows(Some(o.as_bytes()), Some(b"api.example.com"));
    assert!(allows(&policy, "https://app.example.com"));
    assert!(
        allows(&policy, "HTTPS://APP.EXAMPLE.COM"),
        "scheme and host ignore case"
    );
    assert!(
        !allows(&policy, "http://app.example.com"),
        "http is another origin"
    );
    assert!(
        !allows(&policy, "https://app.example.com:444"),
        "another port"
    );

    let strict = OriginPolicy::only(&["https://app.example.com"]);
    assert!(allows(&strict, "https://app.example.com"));
    assert!(!allows(&strict, "http://localhost:3000"), "loopback off");
    assert!(
        !strict.allows(Some(b"http://api.example.com"), Some(b"api.example.com")),
        "same-host off"
    );
    assert!(
        strict.allows(None, Some(b"api.example.com")),
        "no Origin still allowed"
    );

    let no_missing = OriginPolicy {
        allow_missing: false,
        ..OriginPolicy::default()
    };
    assert!(!no_missing.allows(None, Some(b"x")));
    assert!(
        !OriginPolicy::default().allows(Some(b"http://x:1"), None),
        "same-host needs a Host"
    );
}

#[test]
fn the_request_check_answers_403() {
    let config = HandshakeConfig::default(); // GOOD's Host is server.example.com
    let evil = good_without("x", &["Origin: https://evil.example"]);
    let refused = validate(&evil, &config).unwrap_err();
    assert_eq!(refused, HandshakeError::OriginRefused);
    assert!(
        refused
            .response()
            .starts_with(b"HTTP/1.1 403 Forbidden\r\n")
    );

    let same = good_without("x", &["Origin: http://server.example.com"]);
    assert!(validate(&same, &config).is_ok());

    let mut listed = HandshakeConfig::default();
    listed.origin.allowed.push("https://evil.example".into());
    assert!(validate(&evil, &listed).is_ok(), "the allow-list wins");
}
