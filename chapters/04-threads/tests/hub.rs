//! The hub under concurrent broadcast, used directly as a library: a member that
//! never takes anything costs at most its queue's capacity, and a member that does
//! take gets every message or a count of those it missed, in each sender's order.

use std::sync::Arc;
use std::thread;
use std::time::Duration;

use ch04_threads::hub::Hub;
use ch04_threads::outbox::Next;

#[test]
fn concurrent_broadcasts_respect_every_queue_limit() {
    const TALKERS: usize = 4;
    const EACH: usize = 2_500;
    const CAP: usize = 16;
    let hub = Arc::new(Hub::new(CAP));
    let (stuck, stuck_box) = hub.connect();
    let (reader, reader_box) = hub.connect();
    hub.set_nick(stuck, "stuck").unwrap();
    hub.set_nick(reader, "reader").unwrap();

    let talkers: Vec<_> = (0..TALKERS)
        .map(|t| {
            let hub = hub.clone();
            let stuck_box = stuck_box.clone();
            thread::spawn(move || {
                let (me, _) = hub.connect();
                hub.set_nick(me, &format!("t{t}")).unwrap();
                for i in 0..EACH {
                    hub.broadcast(me, &format!("{t} {i}"));
                    assert!(stuck_box.len() <= CAP, "the stuck queue grew past {CAP}");
                }
                hub.leave(me);
            })
        })
        .collect();

    // The reader takes as fast as it can; it may still fall behind and miss some.
    let mut last = [None::<usize>; TALKERS];
    let (mut delivered, mut missed) = (0, 0);
    while delivered + missed < TALKERS * EACH {
        match reader_box.next_timeout(Duration::from_secs(20)) {
            Some(Next::Message(m)) => {
                let mut parts = m.split(' ');
                let (Some(t), Some(i)) = (parts.next(), parts.next()) else {
                    panic!("unexpected message {m:?}");
                };
                let (t, i): (usize, usize) = (t.parse().unwrap(), i.parse().unwrap());
                assert!(
                    last[t].is_none_or(|l| i > l),
                    "talker {t}: {i} after {:?}",
                    last[t]
                );
                last[t] = Some(i);
                delivered += 1;
            }
            Some(Next::Missed(n)) => missed += n as usize,
            other => panic!("expected a message, got {other:?}"),
        }
    }
    for t in talkers {
        t.join().unwrap();
    }
    assert_eq!(delivered + missed, TALKERS * EACH);
    assert_eq!(
        stuck_box.len(),
        CAP,
        "the stuck member holds exactly the newest {CAP}"
    );
    assert_eq!(
        stuck_box.next(),
        Next::Missed((TALKERS * EACH - CAP) as u64)
    );
}
