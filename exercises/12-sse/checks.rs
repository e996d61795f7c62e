// The checks for chapter 12's exercises. This one file checks both your crate
// (exercises/12-sse) and the solutions (solutions/12-sse): `answer` is
// whichever crate is being tested. One module per exercise, named as in info.txt.

mod serialize {
    use super::super::answer::serialize::{SseEvent, serialize};

    #[test]
    fn one_line_of_data() {
        let e = SseEvent {
            data: "hello",
            ..SseEvent::default()
        };
        assert_eq!(serialize(&e), "data: hello\n\n");
    }

    #[test]
    fn every_field_in_order() {
        let e = SseEvent {
            id: Some("42"),
            event: Some("price"),
            data: "10.5",
            retry: Some(3000),
        };
        assert_eq!(
            serialize(&e),
            "retry: 3000\nid: 42\nevent: price\ndata: 10.5\n\n"
        );
    }

    #[test]
    fn multi_line_data_becomes_several_data_lines() {
        let e = |data| SseEvent {
            data,
            ..SseEvent::default()
        };
        assert_eq!(serialize(&e("a\nb")), "data: a\ndata: b\n\n");
        assert_eq!(
            serialize(&e("a\r\nb")),
            "data: a\ndata: b\n\n",
            "CRLF is ONE line break"
        );
        assert_eq!(
            serialize(&e("a\rb")),
            "data: a\ndata: b\n\n",
            "so is a lone CR"
        );
        assert_eq!(
            serialize(&e("a\n")),
            "data: a\ndata: \n\n",
            "a trailing LF is an empty last line"
        );
        assert_eq!(
            serialize(&e("")),
            "data: \n\n",
            "empty data is one empty line"
        );
        assert_eq!(
            serialize(&e("\r\n\n\r")),
            "data: \ndata: \ndata: \ndata: \n\n"
        );
        assert_eq!(
            serialize(&e(" spaced: out ")),
            "data:  spaced: out \n\n",
            "the value is written as is after `data: `"
        );
    }
}

mod resume {
    use super::super::answer::resume::{StartError, start_after};

    #[test]
    fn the_header_wins_over_the_query() {
        assert_eq!(start_after(Some("7"), Some("3"), 10), Ok(7));
        assert_eq!(start_after(Some(" 7 "), None, 10), Ok(7), "trimmed");
        assert_eq!(start_after(None, Some("3"), 10), Ok(3));
        assert_eq!(start_after(None, None, 10), Ok(10), "only new events");
        assert_eq!(
            start_after(Some(""), Some("3"), 10),
            Ok(3),
            "blank = absent"
        );
        assert_eq!(start_after(Some("  "), None, 10), Ok(10));
    }

    #[test]
    fn garbage_is_an_error_not_a_guess() {
        assert_eq!(
            start_after(Some("abc"), Some("3"), 10),
            Err(StartError::BadLastEventId)
        );
        assert_eq!(
            start_after(Some("-1"), None, 10),
            Err(StartError::BadLastEventId)
        );
        assert_eq!(start_after(None, Some("x"), 10), Err(StartError::BadAfter));
        assert_eq!(start_after(None, Some(""), 10), Err(StartError::BadAfter));
    }
}

mod parse {
    use super::super::answer::parse::{EventStream, Message};

    fn msg(event: &str, data: &str, id: &str) -> Message {
        Message {
            event: event.into(),
            data: data.into(),
            last_event_id: id.into(),
        }
    }

    /// Feeds `input` whole, then one byte at a time; both must give `want`.
    fn check(input: &[u8], want: &[Message]) {
        let whole = EventStream::new().feed(input);
        assert_eq!(
            whole,
            want,
            "fed at once: {:?}",
            String::from_utf8_lossy(input)
        );
        let mut p = EventStream::new();
        let mut bytewise = Vec::new();
        for b in input {
            bytewise.extend(p.feed(std::slice::from_ref(b)));
        }
        assert_eq!(
            bytewise,
            want,
            "fed byte by byte: {:?}",
            String::from_utf8_lossy(input)
        );
    }

    #[test]
    fn data_lines_and_dispatch() {
        check(b"data: hello\n\n", &[msg("message", "hello", "")]);
        check(b"data:a\ndata: b\n\n", &[msg("message", "a\nb", "")]);
        check(b"data:  x\n\n", &[msg("message", " x", "")]);
        check(b"data\n\n", &[msg("message", "", "")]);
        check(b"data: a\ndata:\n\n", &[msg("message", "a\n", "")]);
        check(b"data: unfinished\n", &[]);
        check(b"event: only\n\n", &[]);
        check(b"data: a\n\n\n\n", &[msg("message", "a", "")]);
    }

    #[test]
    fn every_line_end() {
        let want = [msg("message", "a\nb", "")];
        check(b"data: a\rdata: b\r\r", &want);
        check(b"data: a\r\ndata: b\r\n\r\n", &want);
        check(b"data: a\ndata: b\n\n", &want);
        check(
            b"data: a\n\rdata: b\n\n",
            &[msg("message", "a", ""), msg("message", "b", "")],
        );
    }

    #[test]
    fn a_crlf_split_between_two_feeds_is_one_line_end() {
        let mut p = EventStream::new();
        assert_eq!(p.feed(b"data: a\r"), []);
        assert_eq!(
            p.feed(b"\n"),
            [],
            "the LF completes the CRLF: no empty line"
        );
        assert_eq!(p.feed(b"\r\n"), [msg("message", "a", "")]);
    }

    #[test]
    fn fields_comments_and_unknowns() {
        check(
            b": a comment\nfoo: bar\nData: x\nevent: add\ndata: 1\n\ndata: 2\n\n",
            &[msg("add", "1", ""), msg("message", "2", "")],
        );
        check(b"data: a:b\n\n", &[msg("message", "a:b", "")]);
    }

    #[test]
    fn ids_persist_and_ids_with_nul_are_ignored() {
        check(
            b"id: 1\ndata: a\n\ndata: b\n\nid: 2\x00\ndata: c\n\nid\ndata: d\n\n",
            &[
                msg("message", "a", "1"),
                msg("message", "b", "1"),
                msg("message", "c", "1"),
                msg("message", "d", ""),
            ],
        );
        let mut p = EventStream::new();
        p.feed(b"id: 9\n\n");
        assert_eq!(p.last_event_id(), "9", "an id-only block still sets the id");
    }

    #[test]
    fn bom_and_utf8() {
        check(b"\xEF\xBB\xBFdata: x\n\n", &[msg("message", "x", "")]);
        check(b"\xEF\xBB\xBF\xEF\xBB\xBFdata: x\n\n", &[]);
        check(
            b"data: \xFFok \xE2\x82\xAC\n\n",
            &[msg("message", "\u{FFFD}ok \u{20AC}", "")],
        );
    }
}
