// The checks for chapter 4's exercises. This one file checks both your crate
// (exercises/04-threads) and the solutions (solutions/04-threads): `answer` is
// whichever crate is being tested. One module per exercise, named as in info.txt.

mod line_reader {
    use super::super::answer::line_reader::{CHUNK, Line, LineReader};
    use std::io::{self, ErrorKind, Read};

    /// Hands out `data` at most `per_read` bytes per call, with an
    /// `Interrupted` error every fifth call, and counts what was read.
    struct Trickle {
        data: Vec<u8>,
        at: usize,
        per_read: usize,
        calls: usize,
    }

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.calls += 1;
            assert!(
                self.calls < 1_000_000,
                "read called too often: is the loop stuck?"
            );
            if self.calls.is_multiple_of(5) {
                return Err(io::Error::new(ErrorKind::Interrupted, "signal"));
            }
            let n = self.per_read.min(buf.len()).min(self.data.len() - self.at);
            buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }

    fn reader(data: &[u8], per_read: usize, max: usize) -> LineReader<Trickle> {
        LineReader::new(
            Trickle {
                data: data.to_vec(),
                at: 0,
                per_read,
                calls: 0,
            },
            max,
        )
    }

    /// Every result until the end (at most 50), errors as their kind.
    fn all(data: &[u8], per_read: usize, max: usize) -> Vec<Result<Line, ErrorKind>> {
        let mut r = reader(data, per_read, max);
        let mut out = Vec::new();
        for _ in 0..50 {
            match r.next_line() {
                Ok(Some(line)) => out.push(Ok(line)),
                Ok(None) => return out,
                Err(e) => {
                    out.push(Err(e.kind()));
                    return out;
                }
            }
        }
        panic!("more than 50 results: does next_line ever return Ok(None)?");
    }

    fn line(s: &str) -> Result<Line, ErrorKind> {
        Ok(Line::Complete(s.as_bytes().to_vec()))
    }

    #[test]
    fn lines_arriving_in_any_fragments() {
        for per_read in [1, 2, 5, 4096] {
            assert_eq!(
                all(b"ann\nhi there\r\n\nbye\n", per_read, 16),
                vec![line("ann"), line("hi there"), line(""), line("bye")],
                "with reads of {per_read} bytes"
            );
        }
    }

    #[test]
    fn the_limit_is_max_bytes_without_the_line_end() {
        assert_eq!(all(b"12345678\r\n", 1, 8), vec![line("12345678")]);
        assert_eq!(
            all(b"123456789\nok\n", 1, 8),
            vec![Ok(Line::TooLong), line("ok")]
        );
        assert_eq!(
            all(b"123456789\nok\n", 4096, 8),
            vec![Ok(Line::TooLong), line("ok")]
        );
    }

    #[test]
    fn a_long_line_is_reported_early_and_once() {
        // 1 MB with no newline, then one: TooLong must come long before the
        // newline (a buffer that waits for it grows without bound).
        let mut data = vec![b'x'; 1_000_000];
        data.extend_from_slice(b"\nafter\n");
        let mut r = reader(&data, 4096, 100);
        assert_eq!(r.next_line().unwrap(), Some(Line::TooLong));
        // The rest of the long line was skipped, not reported again.
        assert_eq!(
            r.next_line().unwrap(),
            Some(Line::Complete(b"after".to_vec()))
        );
        assert_eq!(r.next_line().unwrap(), None);
    }

    #[test]
    fn too_long_is_noticed_before_reading_much_more() {
        // A stream of 'x' that never ends in '\n' and errors if read far past
        // the limit: the reader must say TooLong by then.
        struct Endless {
            served: usize,
        }
        impl Read for Endless {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                assert!(
                    self.served <= 100 + 2 * CHUNK,
                    "read {} bytes of a line whose limit is 100: stop buffering it",
                    self.served
                );
                buf.fill(b'x');
                self.served += buf.len();
                Ok(buf.len())
            }
        }
        let mut r = LineReader::new(Endless { served: 0 }, 100);
        assert_eq!(r.next_line().unwrap(), Some(Line::TooLong));
    }

    #[test]
    fn end_of_stream() {
        assert_eq!(all(b"", 1, 8), vec![]);
        assert_eq!(all(b"one\n", 3, 8), vec![line("one")]);
        assert_eq!(
            all(b"one\ntw", 3, 8),
            vec![line("one"), Err(ErrorKind::UnexpectedEof)]
        );
        // Ending while skipping a too-long line is a clean end.
        assert_eq!(all(&[b'x'; 50], 7, 8), vec![Ok(Line::TooLong)]);
    }
}

mod hub {
    use super::super::answer::hub::{Delivery, Hub, Mailbox};

    fn msg(s: &str) -> Option<Delivery> {
        Some(Delivery::Message(s.to_string()))
    }

    #[test]
    fn a_mailbox_keeps_order_under_its_capacity() {
        let fed = "Mailbox::new(3), pushed \"a\", \"b\"";
        let mut m = Mailbox::new(3);
        m.push("a".into());
        m.push("b".into());
        assert_eq!(m.len(), 2, "{fed}: len counts the queued messages");
        assert_eq!(
            m.take(),
            msg("a"),
            "{fed}: take gives the oldest first (FIFO)"
        );
        assert_eq!(m.take(), msg("b"), "{fed}, took \"a\": then the next one");
        assert_eq!(
            m.take(),
            None,
            "{fed}, took both: an empty mailbox gives None"
        );
    }

    #[test]
    fn a_full_mailbox_drops_the_oldest_and_says_how_many() {
        let fed = "Mailbox::new(3), pushed \"0\"..=\"9\"";
        let mut m = Mailbox::new(3);
        for i in 0..10 {
            m.push(i.to_string());
            assert!(
                m.len() <= 3,
                "Mailbox::new(3), pushed \"0\"..=\"{i}\": a full mailbox drops the oldest, \
                 yet it holds {}",
                m.len()
            );
        }
        assert_eq!(
            m.take(),
            Some(Delivery::Missed(7)),
            "{fed}: 7 were dropped; report the gap first, before the messages kept"
        );
        assert_eq!(m.take(), msg("7"), "{fed}: after the gap, the oldest kept");
        m.push("10".into());
        assert_eq!(
            m.take(),
            msg("8"),
            "{fed}, took Missed(7) and \"7\", pushed \"10\": the count was reported once, then reset"
        );
        assert_eq!(m.take(), msg("9"), "{fed}, then \"10\": in order");
        assert_eq!(m.take(), msg("10"), "{fed}, then \"10\": in order");
        assert_eq!(m.take(), None, "{fed}, then \"10\", all taken: None");
    }

    #[test]
    fn broadcast_reaches_everyone_but_the_sender() {
        let mut hub = Hub::new(8);
        let (ann, bob, cid) = (hub.join(), hub.join(), hub.join());
        hub.broadcast(ann, "<ann> hi");
        hub.broadcast(bob, "<bob> yo");
        let fed = "ann, bob, cid joined; ann broadcast \"<ann> hi\", bob \"<bob> yo\"";
        assert_eq!(
            hub.take(ann),
            msg("<bob> yo"),
            "{fed}: ann gets bob's message"
        );
        assert_eq!(
            hub.take(ann),
            None,
            "{fed}: ann does not get her own message"
        );
        assert_eq!(
            hub.take(bob),
            msg("<ann> hi"),
            "{fed}: bob gets ann's, not his own"
        );
        assert_eq!(
            hub.take(cid),
            msg("<ann> hi"),
            "{fed}: cid gets both, in order"
        );
        assert_eq!(
            hub.take(cid),
            msg("<bob> yo"),
            "{fed}: cid gets both, in order"
        );
        hub.leave(cid);
        hub.broadcast(ann, "<ann> bye");
        let fed = "cid left, then ann broadcast \"<ann> bye\"";
        assert_eq!(
            hub.take(cid),
            None,
            "{fed}: a client that left gets nothing"
        );
        assert_eq!(hub.take(bob), msg("<ann> bye"), "{fed}: bob still gets it");
    }

    #[test]
    fn a_stuck_client_costs_its_capacity_and_stalls_nobody() {
        let mut hub = Hub::new(16);
        let (talker, reader, stuck) = (hub.join(), hub.join(), hub.join());
        for i in 0..10_000 {
            hub.broadcast(talker, &format!("{i}"));
            assert_eq!(
                hub.take(reader),
                msg(&i.to_string()),
                "Hub::new(16), talker broadcast \"{i}\": the reader, who takes each one, keeps up"
            );
            assert!(
                hub.queued(stuck) <= 16,
                "Hub::new(16), {} broadcasts nobody took from stuck: its mailbox may hold 16, holds {}",
                i + 1,
                hub.queued(stuck)
            );
        }
        let fed = "Hub::new(16), 10,000 broadcasts \"0\"..=\"9999\", stuck took none";
        assert_eq!(
            hub.take(stuck),
            Some(Delivery::Missed(10_000 - 16)),
            "{fed}: stuck first learns that 9,984 were dropped"
        );
        assert_eq!(
            hub.take(stuck),
            msg("9984"),
            "{fed}: then gets the 16 newest, oldest first"
        );
    }
}
