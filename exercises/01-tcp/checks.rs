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
            if self.calls.is_multiple_of(3) {
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
        write_all(&mut w, &msg).expect(
            "fed 1000 bytes to a writer that takes 3 per call and says Interrupted every third \
             call: write_all must retry Interrupted and loop until all is written",
        );
        assert_eq!(
            w.got, msg,
            "fed 1000 bytes, 3 accepted per call: the writer must receive exactly the message, \
             in order (advance by what each write returned)"
        );
    }

    #[test]
    fn empty_message_writes_nothing() {
        let mut w = stingy(3, usize::MAX);
        write_all(&mut w, b"").expect("fed an empty message: nothing to write is success");
        assert_eq!(
            w.calls, 0,
            "fed an empty message: no write is needed for an empty buffer"
        );
    }

    #[test]
    fn a_full_writer_is_write_zero() {
        let mut w = stingy(4, 10);
        let err = write_all(&mut w, &[7; 20]).expect_err(
            "fed 20 bytes to a writer with room for 10: once write returns Ok(0), it is an error",
        );
        assert_eq!(
            err.kind(),
            ErrorKind::WriteZero,
            "fed 20 bytes, room for 10: a write that returns Ok(0) is ErrorKind::WriteZero \
             (retrying would loop for ever)"
        );
        assert_eq!(
            w.got,
            vec![7; 10],
            "fed 20 bytes, room for 10: the 10 that fit are written before the error"
        );
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
        let err = write_all(&mut Broken, b"x")
            .expect_err("fed 1 byte to a writer that fails with BrokenPipe: that is an error");
        assert_eq!(
            err.kind(),
            ErrorKind::BrokenPipe,
            "fed 1 byte, the write failed with BrokenPipe: return that error as it is \
             (only Interrupted is retried)"
        );
    }
}

/// A reader that hands out its data 1, 2 or 3 bytes per call (in turn), with an
/// `Interrupted` error every fifth call, as a slow network would. Shared by the
/// read_full and read_frame checks.
struct Drip {
    data: Vec<u8>,
    pos: usize,
    calls: usize,
}

impl Drip {
    fn new(data: &[u8]) -> Drip {
        Drip {
            data: data.to_vec(),
            pos: 0,
            calls: 0,
        }
    }

    /// How many bytes have been taken from this reader so far.
    fn consumed(&self) -> usize {
        self.pos
    }
}

impl std::io::Read for Drip {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.calls += 1;
        assert!(
            self.calls < 1_000_000,
            "read called too many times: is the loop advancing, does it stop at EOF?"
        );
        if self.calls.is_multiple_of(5) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::Interrupted,
                "signal",
            ));
        }
        let n = buf
            .len()
            .min(1 + self.calls % 3)
            .min(self.data.len() - self.pos);
        buf[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

mod read_full {
    use super::super::answer::read_full::read_full;
    use super::Drip;
    use std::io::{self, ErrorKind, Read};

    #[test]
    fn fills_the_buffer_from_small_reads() {
        let data: Vec<u8> = (0..100u8).collect();
        let mut r = Drip::new(&data);
        let mut buf = [0u8; 40];
        assert_eq!(read_full(&mut r, &mut buf).unwrap(), 40);
        assert_eq!(buf[..], data[..40]);
        assert_eq!(r.consumed(), 40, "read past the end of the buffer");
        // The next call continues where the first stopped.
        assert_eq!(read_full(&mut r, &mut buf).unwrap(), 40);
        assert_eq!(buf[..], data[40..80]);
    }

    #[test]
    fn stops_at_end_of_stream_and_says_how_far() {
        let mut r = Drip::new(b"short");
        let mut buf = [0u8; 16];
        assert_eq!(read_full(&mut r, &mut buf).unwrap(), 5);
        assert_eq!(&buf[..5], b"short");
        assert_eq!(read_full(&mut r, &mut buf).unwrap(), 0, "EOF again");
    }

    #[test]
    fn an_empty_buffer_reads_nothing() {
        let mut r = Drip::new(b"abc");
        assert_eq!(read_full(&mut r, &mut []).unwrap(), 0);
        assert_eq!(r.consumed(), 0);
    }

    #[test]
    fn other_errors_are_returned() {
        struct Reset;
        impl Read for Reset {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::new(ErrorKind::ConnectionReset, "reset by peer"))
            }
        }
        let err = read_full(&mut Reset, &mut [0u8; 4]).expect_err("a reset is an error");
        assert_eq!(err.kind(), ErrorKind::ConnectionReset);
    }
}

mod read_frame {
    use super::super::answer::read_frame::read_frame;
    use super::Drip;
    use std::io::ErrorKind;

    fn frame(msg: &[u8]) -> Vec<u8> {
        let mut out = (msg.len() as u32).to_be_bytes().to_vec();
        out.extend_from_slice(msg);
        out
    }

    #[test]
    fn reads_frames_from_fragments() {
        let big: Vec<u8> = (0..1000u32).map(|i| (i % 256) as u8).collect();
        let mut stream = frame(b"hello");
        stream.extend(frame(b""));
        stream.extend(frame(&big));
        stream.extend(frame(b"hi"));
        let mut r = Drip::new(&stream);
        assert_eq!(
            read_frame(&mut r, 1000).unwrap().as_deref(),
            Some(&b"hello"[..])
        );
        assert_eq!(
            read_frame(&mut r, 1000).unwrap().as_deref(),
            Some(&b""[..]),
            "empty message"
        );
        assert_eq!(
            read_frame(&mut r, 1000).unwrap(),
            Some(big),
            "a frame of exactly max_len"
        );
        assert_eq!(
            read_frame(&mut r, 1000).unwrap().as_deref(),
            Some(&b"hi"[..])
        );
        assert_eq!(
            read_frame(&mut r, 1000).unwrap(),
            None,
            "clean end of stream"
        );
        assert_eq!(read_frame(&mut r, 1000).unwrap(), None, "still the end");
    }

    #[test]
    fn an_empty_stream_has_no_frames() {
        assert_eq!(read_frame(&mut Drip::new(b""), 10).unwrap(), None);
    }

    #[test]
    fn end_of_stream_inside_the_length_is_an_error() {
        let err = read_frame(&mut Drip::new(&[0, 0]), 10).expect_err("2 of 4 length bytes");
        assert_eq!(err.kind(), ErrorKind::UnexpectedEof);
    }

    #[test]
    fn end_of_stream_inside_the_message_is_an_error() {
        let mut cut = frame(b"hello");
        cut.truncate(7);
        let err = read_frame(&mut Drip::new(&cut), 10).expect_err("3 of 5 message bytes");
        assert_eq!(err.kind(), ErrorKind::UnexpectedEof);
    }

    #[test]
    fn a_length_over_the_limit_is_refused_before_reading_it() {
        let mut r = Drip::new(&frame(&[b'x'; 11]));
        let err = read_frame(&mut r, 10).expect_err("11 bytes is over a limit of 10");
        assert_eq!(err.kind(), ErrorKind::InvalidData);
        assert_eq!(r.consumed(), 4, "only the length should be read");
        // A peer claiming 4 GiB sends only the 4 length bytes: refusing must not
        // wait for (or allocate) the message.
        let mut r = Drip::new(&[0xff, 0xff, 0xff, 0xff]);
        let err = read_frame(&mut r, 1 << 20).expect_err("4 GiB is over 1 MiB");
        assert_eq!(err.kind(), ErrorKind::InvalidData);
    }
}
