// The checks for chapter 7's exercises. This one file checks both your crate
// (exercises/07-event-loop) and the solutions (solutions/07-event-loop):
// `answer` is whichever crate is being tested. One module per exercise, named as in info.txt.

mod conn_table {
    use super::super::answer::conn_table::{Id, Table};

    #[test]
    fn insert_then_get() {
        let mut t = Table::new();
        let a = t.insert("a");
        let b = t.insert("b");
        assert_ne!(a, b);
        assert_eq!(t.get(a), Some(&"a"));
        assert_eq!(t.get(b), Some(&"b"));
        *t.get_mut(b).unwrap() = "B";
        assert_eq!(t.get(b), Some(&"B"));
        assert_eq!(t.len(), 2);
        assert_eq!(
            t.get(Id {
                index: 7,
                generation: 0
            }),
            None,
            "an unknown slot"
        );
    }

    #[test]
    fn a_stale_id_never_reaches_the_next_tenant() {
        let mut t = Table::new();
        let old = t.insert("old connection");
        assert_eq!(t.remove(old), Some("old connection"));
        assert_eq!(t.get(old), None, "removed");
        let new = t.insert("new connection");
        assert_eq!(
            new.index, old.index,
            "the freed slot is reused before the table grows"
        );
        assert_ne!(new.generation, old.generation, "with a new generation");
        assert_eq!(t.get(old), None, "the old id must not find the new tenant");
        assert_eq!(t.get_mut(old), None, "nor change it");
        assert_eq!(t.remove(old), None, "nor remove it");
        assert_eq!(t.get(new), Some(&"new connection"));
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn many_opens_and_closes_match_a_model() {
        let mut t = Table::new();
        let mut live: Vec<(Id, u32)> = Vec::new();
        let mut dead: Vec<Id> = Vec::new();
        let mut x = 12345u32;
        let mut peak = 0;
        for n in 0..2000u32 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            if !x.is_multiple_of(3) || live.is_empty() {
                live.push((t.insert(n), n));
            } else {
                let (id, v) = live.swap_remove(x as usize % live.len());
                assert_eq!(t.remove(id), Some(v));
                dead.push(id);
            }
            peak = peak.max(live.len());
        }
        assert_eq!(t.len(), live.len());
        for (id, v) in &live {
            assert_eq!(t.get(*id), Some(v));
        }
        for id in &dead {
            assert_eq!(t.get(*id), None, "{id:?} was removed");
        }
        let most = live.iter().map(|(id, _)| id.index).max().unwrap_or(0);
        assert!(
            (most as usize) < peak,
            "freed slots must be reused: highest index {most}, but at most {peak} were open at once"
        );
    }
}

mod write_queue {
    use super::super::answer::write_queue::{Pressure, WriteQueue};
    use std::io::{self, ErrorKind, Write};

    /// A socket that takes `per_call` bytes per write until `room` is used up,
    /// then says WouldBlock; every fourth call is interrupted by a signal.
    struct Socket {
        got: Vec<u8>,
        per_call: usize,
        room: usize,
        calls: usize,
    }

    impl Socket {
        fn new(per_call: usize, room: usize) -> Socket {
            Socket {
                got: Vec::new(),
                per_call,
                room,
                calls: 0,
            }
        }
    }

    impl Write for Socket {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.calls += 1;
            assert!(
                self.calls < 100_000,
                "write called too often: is it advancing?"
            );
            if self.calls.is_multiple_of(4) {
                return Err(ErrorKind::Interrupted.into());
            }
            if self.room == 0 {
                return Err(ErrorKind::WouldBlock.into());
            }
            let n = buf.len().min(self.per_call).min(self.room);
            self.room -= n;
            self.got.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn partial_writes_keep_the_rest_in_order() {
        let mut q = WriteQueue::new(1 << 20);
        let msg: Vec<u8> = (0..5000u32).map(|i| (i % 251) as u8).collect();
        assert_eq!(q.push(&msg[..3000]), Pressure::Ok);
        assert_eq!(q.push(&msg[3000..]), Pressure::Ok);
        let mut s = Socket::new(700, 1200);
        assert_eq!(q.write_to(&mut s).unwrap(), 1200, "wrote until WouldBlock");
        assert_eq!(q.len(), 3800);
        assert!(!q.is_empty());
        s.room = usize::MAX;
        assert_eq!(q.write_to(&mut s).unwrap(), 3800);
        assert!(q.is_empty());
        assert_eq!(s.got, msg, "bytes lost, duplicated or reordered");
    }

    #[test]
    fn a_drained_queue_frees_its_memory() {
        let mut q = WriteQueue::new(1 << 20);
        q.push(&[1; 10_000]);
        q.write_to(&mut Socket::new(4096, usize::MAX)).unwrap();
        assert!(q.is_empty());
        assert_eq!(q.capacity(), 0, "an idle connection should hold no buffer");
        q.push(b"again");
        let mut s = Socket::new(4096, usize::MAX);
        q.write_to(&mut s).unwrap();
        assert_eq!(s.got, b"again");
    }

    #[test]
    fn too_much_waiting_asks_for_a_pause() {
        let mut q = WriteQueue::new(1000);
        assert_eq!(q.push(&[0; 600]), Pressure::Ok);
        assert_eq!(q.push(&[0; 400]), Pressure::Ok, "exactly the limit is fine");
        assert_eq!(q.push(&[0; 1]), Pressure::Pause);
        assert!(!q.can_resume());
        let mut s = Socket::new(100, 400);
        q.write_to(&mut s).unwrap(); // 601 left
        assert!(
            !q.can_resume(),
            "601 bytes waiting is more than half of 1000"
        );
        s.room = 101;
        q.write_to(&mut s).unwrap(); // 500 left
        assert!(q.can_resume(), "resume at half the limit");
    }

    #[test]
    fn errors_end_the_connection() {
        struct Reset;
        impl Write for Reset {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(ErrorKind::ConnectionReset.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        struct Zero;
        impl Write for Zero {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Ok(0)
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut q = WriteQueue::new(100);
        q.push(b"x");
        assert_eq!(
            q.write_to(&mut Reset).unwrap_err().kind(),
            ErrorKind::ConnectionReset
        );
        assert_eq!(
            q.write_to(&mut Zero).unwrap_err().kind(),
            ErrorKind::WriteZero
        );
        let mut empty = WriteQueue::new(100);
        assert_eq!(
            empty.write_to(&mut Reset).unwrap(),
            0,
            "nothing to write, no write call"
        );
    }
}

mod timers {
    use super::super::answer::timers::Timers;
    use std::time::{Duration, Instant};

    const S: Duration = Duration::from_secs(1);

    #[test]
    fn the_nearest_deadline_is_the_poll_timeout() {
        let t0 = Instant::now();
        let mut t = Timers::new();
        assert_eq!(
            t.next_timeout(t0),
            None,
            "no timers: poll may sleep forever"
        );
        t.set(1, Some(t0 + 5 * S));
        t.set(2, Some(t0 + 2 * S));
        t.set(3, Some(t0 + 9 * S));
        assert_eq!(t.next_timeout(t0), Some(2 * S));
        assert_eq!(
            t.next_timeout(t0 + 3 * S),
            Some(Duration::ZERO),
            "a passed deadline"
        );
    }

    #[test]
    fn expired_ids_come_out_earliest_first_and_once() {
        let t0 = Instant::now();
        let mut t = Timers::new();
        t.set(1, Some(t0 + 5 * S));
        t.set(2, Some(t0 + 2 * S));
        t.set(3, Some(t0 + 9 * S));
        assert_eq!(t.expired(t0 + S), Vec::<u64>::new());
        assert_eq!(t.expired(t0 + 6 * S), vec![2, 1]);
        assert_eq!(
            t.expired(t0 + 6 * S),
            Vec::<u64>::new(),
            "fired timers are gone"
        );
        assert_eq!(t.next_timeout(t0 + 6 * S), Some(3 * S));
    }

    #[test]
    fn moved_and_cleared_deadlines_do_not_fire() {
        let t0 = Instant::now();
        let mut t = Timers::new();
        t.set(1, Some(t0 + S));
        t.set(1, Some(t0 + 10 * S)); // pushed back (a request arrived)
        t.set(2, Some(t0 + 2 * S));
        t.set(2, None); // cleared
        t.set(3, Some(t0 + 8 * S));
        t.set(3, Some(t0 + 3 * S)); // brought forward
        assert_eq!(
            t.next_timeout(t0),
            Some(3 * S),
            "stale entries must not set the timeout"
        );
        assert_eq!(t.expired(t0 + 5 * S), vec![3]);
        assert_eq!(t.expired(t0 + 9 * S), Vec::<u64>::new());
        assert_eq!(t.expired(t0 + 11 * S), vec![1]);
        assert_eq!(t.next_timeout(t0 + 11 * S), None);
    }
}
