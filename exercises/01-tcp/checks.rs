// The checks for chapter 1's exercises. This one file checks both your crate
// (exercises/01-tcp) and the solutions (solutions/01-tcp): `answer` is whichever
// crate is being tested. One module per exercise, named as in info.txt.

mod write_all {
    use super::super::answer::write_all::write_all;
    use std::io::{self, ErrorKind, Write};

    /// A writer that takes at most `per_call` bytes per call, and is
    /// interrupted by a "signal" every third call.
    struct Stingy {
        got: Vec<u8>,
        per_call: usize,
        calls: usize,
        capacity: usize,
    }

    impl Write for Stingy {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.calls += 1;
            assert!(
                self.calls < 10_000,
                "write called too many times: is the loop advancing?"
            );
            if self.calls % 3 == 0 {
                return Err(io::Error::new(ErrorKind::Interrupted, "signal"));
            }
            let room = self.capacity - self.got.len();
            let n = buf.len().min(self.per_call).min(room);
            self.got.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn stingy(per_call: usize, capacity: usize) -> Stingy {
        Stingy {
            got: Vec::new(),
            per_call,
            calls: 0,
            capacity,
        }
    }

    #[test]
    fn writes_everything_a_few_bytes_at_a_time() {
        let msg: Vec<u8> = (0..1000u32).map(|i| (i % 251) as u8).collect();
        let mut w = stingy(3, usize::MAX);
        write_all(&mut w, &msg).expect("write_all failed");
        assert_eq!(w.got, msg, "the bytes written differ from the message");
    }

    #[test]
    fn empty_message_writes_nothing() {
        let mut w = stingy(3, usize::MAX);
        write_all(&mut w, b"").unwrap();
        assert_eq!(w.calls, 0, "no write is needed for an empty buffer");
    }

    #[test]
    fn a_full_writer_is_write_zero() {
        let mut w = stingy(4, 10);
        let err = write_all(&mut w, &[7; 20]).expect_err("20 bytes cannot fit in 10");
        assert_eq!(err.kind(), ErrorKind::WriteZero);
        assert_eq!(w.got, vec![7; 10]);
    }

    #[test]
    fn other_errors_are_returned() {
        struct Broken;
        impl Write for Broken {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::new(ErrorKind::BrokenPipe, "peer closed"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let err = write_all(&mut Broken, b"x").expect_err("a broken pipe is an error");
        assert_eq!(err.kind(), ErrorKind::BrokenPipe);
    }
}
