// The checks for chapter 14's exercises. This one file checks both your crate
// (exercises/14-tls) and the solutions (solutions/14-tls): `answer` is
// whichever crate is being tested. One module per exercise, named as in info.txt.
//
// The ClientHellos are real: rustls (an independent implementation) makes
// them in memory, no network, and the checks read what your code finds.

/// The bytes a rustls client sends first when it dials `name`: its ClientHello,
/// in one handshake record.
fn client_hello(name: &str) -> Vec<u8> {
    use std::sync::Arc;
    #[allow(deprecated)] // ring: see chapter 14's config.rs
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth();
    let server = rustls::pki_types::ServerName::try_from(name.to_string()).unwrap();
    let mut conn = rustls::ClientConnection::new(Arc::new(config), server).unwrap();
    let mut out = Vec::new();
    while conn.wants_write() {
        conn.write_tls(&mut out).unwrap();
    }
    out
}

mod record_header {
    use super::super::answer::record_header::{RecordError, RecordHeader, parse_record_header};

    #[test]
    fn a_real_client_hello_is_one_handshake_record() {
        let hello = super::client_hello("example.com");
        let header = parse_record_header(&hello).expect("a valid header");
        let want = RecordHeader {
            content_type: 22,
            length: (hello.len() - 5) as u16,
        };
        assert_eq!(
            header,
            Some(want),
            "type 22 (handshake), the length is bytes 3-4, big-endian"
        );
    }

    #[test]
    fn fewer_than_five_bytes_means_wait() {
        let hello = super::client_hello("example.com");
        for n in 0..5 {
            assert_eq!(
                parse_record_header(&hello[..n]),
                Ok(None),
                "{n} bytes of a valid header: wait for more"
            );
        }
        assert_eq!(
            parse_record_header(&[23, 3, 3, 0, 19]),
            Ok(Some(RecordHeader {
                content_type: 23,
                length: 19
            })),
            "application_data with 19 bytes"
        );
    }

    #[test]
    fn plain_http_is_not_tls_from_the_first_byte() {
        assert_eq!(
            parse_record_header(b"GET / HTTP/1.1\r\n"),
            Err(RecordError::NotTls(b'G')),
            "'G' (0x47) is no record type"
        );
        assert_eq!(
            parse_record_header(b"G"),
            Err(RecordError::NotTls(b'G')),
            "one byte is enough to know"
        );
        assert_eq!(
            parse_record_header(&[19, 3, 3, 0, 1]),
            Err(RecordError::NotTls(19))
        );
        assert_eq!(
            parse_record_header(&[24, 3, 3, 0, 1]),
            Err(RecordError::NotTls(24))
        );
    }

    #[test]
    fn version_and_length_are_checked() {
        assert_eq!(
            parse_record_header(&[22, 2, 0, 0, 10]),
            Err(RecordError::BadVersion(2, 0)),
            "SSL 2.0 is not TLS"
        );
        let max = 16384 + 256;
        assert!(
            parse_record_header(&[23, 3, 3, (max >> 8) as u8, max as u8])
                .unwrap()
                .is_some(),
            "2^14 + 256 is the longest allowed"
        );
        let over = max + 1;
        assert_eq!(
            parse_record_header(&[23, 3, 3, (over >> 8) as u8, over as u8]),
            Err(RecordError::TooLong(over as u16)),
            "RFC 8446 §5.2: more than 2^14 + 256 is a record_overflow"
        );
    }
}

mod sni {
    use super::super::answer::sni::{SniError, server_name};

    #[test]
    fn the_name_a_client_dialled() {
        for name in [
            "example.com",
            "localhost",
            "a.very.long.name.in.a.test.example.org",
        ] {
            let hello = super::client_hello(name);
            assert_eq!(
                server_name(&hello),
                Ok(Some(name.to_string())),
                "the server_name extension of a rustls ClientHello for {name}"
            );
        }
    }

    #[test]
    fn an_ip_address_sends_no_name() {
        let hello = super::client_hello("127.0.0.1");
        assert_eq!(
            server_name(&hello),
            Ok(None),
            "RFC 6066 §3: literal IP addresses are not sent as SNI"
        );
    }

    #[test]
    fn every_truncation_is_an_error_never_a_panic() {
        let hello = super::client_hello("example.com");
        for n in 0..hello.len() {
            let got = std::panic::catch_unwind(|| server_name(&hello[..n]));
            match got {
                Ok(Err(SniError::Truncated)) => {}
                Ok(other) => panic!(
                    "{n} of {} bytes: got {other:?}, want Truncated",
                    hello.len()
                ),
                Err(_) => panic!(
                    "{n} of {} bytes: panicked (index past the end?)",
                    hello.len()
                ),
            }
        }
    }

    #[test]
    fn lengths_that_lie_are_caught() {
        let mut hello = super::client_hello("example.com");
        // The session id's length byte is at 5 (record) + 4 (handshake) + 2 + 32.
        hello[43] = 0xff;
        let got = std::panic::catch_unwind(|| server_name(&hello));
        assert!(
            matches!(got, Ok(Err(SniError::Truncated))),
            "a session id said to be 255 bytes long: {got:?}"
        );
        assert_eq!(
            server_name(b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"),
            Err(SniError::NotClientHello),
            "plain HTTP"
        );
        let mut not_hello = super::client_hello("example.com");
        not_hello[5] = 2; // handshake type 2: ServerHello
        assert_eq!(server_name(&not_hello), Err(SniError::NotClientHello));
    }
}

mod overhead {
    use super::super::answer::overhead::{tls13_wire_bytes, ws_header_len, wss_message_wire_bytes};

    #[test]
    fn websocket_headers() {
        for (payload, want) in [(0, 2), (16, 2), (125, 2), (126, 4), (65535, 4), (65536, 10)] {
            assert_eq!(
                ws_header_len(payload),
                want,
                "a server frame with {payload} bytes of payload (RFC 6455 §5.2)"
            );
        }
    }

    #[test]
    fn tls_records() {
        assert_eq!(tls13_wire_bytes(0), 0, "nothing to send, no record");
        assert_eq!(tls13_wire_bytes(1), 23, "one record: 5 + 1 + 1 + 16");
        assert_eq!(tls13_wire_bytes(16384), 16384 + 22, "one full record");
        assert_eq!(tls13_wire_bytes(16385), 16385 + 44, "two records");
        // Seen in chapter 14's --trace: a 102,400-byte message (10-byte frame
        // header) and an 18-byte frame written together went out as six
        // records of 16,401 bytes and one of 4,141, each behind a 5-byte header.
        assert_eq!(
            tls13_wire_bytes(102_410 + 18),
            6 * (16_401 + 5) + (4_141 + 5),
            "what the server really sent"
        );
    }

    #[test]
    fn a_message_over_wss() {
        assert_eq!(
            wss_message_wire_bytes(16),
            16 + 2 + 22,
            "16 B: 24 bytes of overhead"
        );
        assert_eq!(wss_message_wire_bytes(1024), 1024 + 4 + 22);
        assert_eq!(
            wss_message_wire_bytes(65536),
            65536 + 10 + 5 * 22,
            "64 KiB and a 10-byte header: five records"
        );
    }
}
