// The checks for chapter 10's exercises. This one file checks both your crate
// (exercises/10-ws-server) and the solutions (solutions/10-ws-server): `answer`
// is whichever crate is being tested. One module per exercise, named as in info.txt.

mod echo_step {
    use super::super::answer::echo_step::{Echo, In, Next, Out};

    #[test]
    fn data_comes_back_and_pings_get_pongs() {
        let mut e = Echo::default();
        assert_eq!(
            e.step(In::Text("hi".into())),
            (vec![Out::Text("hi".into())], Next::Continue)
        );
        assert_eq!(
            e.step(In::Binary(vec![0, 255])),
            (vec![Out::Binary(vec![0, 255])], Next::Continue)
        );
        assert_eq!(
            e.step(In::Ping(b"p1".to_vec())),
            (vec![Out::Pong(b"p1".to_vec())], Next::Continue),
            "a Pong carries the Ping's payload"
        );
        assert_eq!(
            e.step(In::Pong(b"x".to_vec())),
            (vec![], Next::Continue),
            "a Pong is not answered"
        );
        assert!(!e.close_sent);
    }

    #[test]
    fn a_close_is_echoed_once_then_tcp_closes() {
        let mut e = Echo::default();
        assert_eq!(
            e.step(In::Close(Some(4001))),
            (vec![Out::Close(4001)], Next::CloseTcp),
            "the code is echoed"
        );
        assert!(e.close_sent);
        let mut e = Echo::default();
        assert_eq!(
            e.step(In::Close(None)),
            (vec![Out::Close(1000)], Next::CloseTcp),
            "no code: answer 1000"
        );
    }

    #[test]
    fn nothing_is_sent_after_our_close() {
        let mut e = Echo { close_sent: true };
        assert_eq!(e.step(In::Text("late".into())), (vec![], Next::Continue));
        assert_eq!(e.step(In::Ping(b"p".to_vec())), (vec![], Next::Continue));
        assert_eq!(
            e.step(In::Close(Some(1000))),
            (vec![], Next::CloseTcp),
            "the peer's Close completes the handshake: no second Close"
        );
    }
}

mod backoff {
    use super::super::answer::backoff::delay;
    use std::time::Duration;

    const BASE: Duration = Duration::from_millis(100);
    const CAP: Duration = Duration::from_secs(5);

    #[test]
    fn grows_exponentially_up_to_the_cap() {
        // random = 0 gives exactly half the ceiling.
        let halves: Vec<u128> = (0..10)
            .map(|n| delay(BASE, CAP, n, 0.0).as_millis())
            .collect();
        assert_eq!(
            halves,
            [50, 100, 200, 400, 800, 1600, 2500, 2500, 2500, 2500]
        );
    }

    #[test]
    fn jitter_stays_in_the_upper_half() {
        for n in 0..8 {
            let ceiling = (BASE * 2u32.pow(n)).min(CAP);
            for r in [0.0, 0.25, 0.5, 0.75, 0.999] {
                let d = delay(BASE, CAP, n, r);
                assert!(
                    d >= ceiling / 2 && d < ceiling,
                    "attempt {n}, random {r}: {d:?} not in [{:?}, {ceiling:?})",
                    ceiling / 2
                );
            }
            assert!(
                delay(BASE, CAP, n, 0.9) > delay(BASE, CAP, n, 0.1),
                "random matters"
            );
        }
    }

    #[test]
    fn huge_attempts_do_not_overflow() {
        for n in [31, 32, 63, 1000, u32::MAX] {
            assert_eq!(delay(BASE, CAP, n, 0.0), CAP / 2, "attempt {n}");
        }
        let big = Duration::from_secs(u64::MAX / 4);
        assert_eq!(
            delay(big, Duration::MAX, 40, 0.0),
            big.saturating_mul(u32::MAX) / 2
        );
    }
}

mod heartbeat {
    use super::super::answer::heartbeat::{Beat, Heartbeat};
    use std::time::{Duration, Instant};

    const I: Duration = Duration::from_secs(30);
    const T: Duration = Duration::from_secs(10);

    #[test]
    fn a_quiet_peer_is_pinged_then_timed_out() {
        let t0 = Instant::now();
        let mut hb = Heartbeat {
            last_seen: t0,
            ping_sent: None,
        };
        assert_eq!(hb.on_timer(t0 + I, I, T), Beat::SendPing(t0 + I + T));
        assert_eq!(hb.ping_sent, Some(t0 + I), "remember when the ping left");
        assert_eq!(hb.on_timer(t0 + I + T / 2, I, T), Beat::Wait(t0 + I + T));
        // Data (last_seen moving) is not a Pong.
        hb.last_seen = t0 + I + Duration::from_secs(1);
        assert_eq!(hb.on_timer(t0 + I + T, I, T), Beat::TimedOut);
    }

    #[test]
    fn activity_postpones_the_ping_and_a_pong_clears_it() {
        let t0 = Instant::now();
        let mut hb = Heartbeat {
            last_seen: t0 + Duration::from_secs(20),
            ping_sent: None,
        };
        assert_eq!(
            hb.on_timer(t0 + I, I, T),
            Beat::Wait(t0 + Duration::from_secs(50))
        );
        assert_eq!(hb.ping_sent, None, "no ping sent early");
        let at = t0 + Duration::from_secs(50);
        assert_eq!(hb.on_timer(at, I, T), Beat::SendPing(at + T));
        hb.on_pong(at + Duration::from_secs(1));
        assert_eq!(
            hb.on_timer(at + Duration::from_secs(2), I, T),
            Beat::Wait(at + Duration::from_secs(31))
        );
    }
}
