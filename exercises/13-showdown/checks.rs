// The checks for chapter 13's exercises. This one file checks both your crate
// (exercises/13-showdown) and the solutions (solutions/13-showdown): `answer` is
// whichever crate is being tested. One module per exercise, named as in info.txt.

mod percentile {
    use super::super::answer::percentile::percentile;

    #[test]
    fn nearest_rank_of_one_to_a_hundred() {
        let v: Vec<f64> = (1..=100).rev().map(f64::from).collect(); // any order
        for (p, want) in [(50.0, 50.0), (99.0, 99.0), (100.0, 100.0), (1.0, 1.0)] {
            assert_eq!(
                percentile(&v, p),
                Some(want),
                "p{p} of 1..=100: nearest rank ceil(p * n / 100)"
            );
        }
        assert_eq!(
            percentile(&v, 99.5),
            Some(100.0),
            "p99.5 of 1..=100: rank ceil(99.5) = 100, ranks round up"
        );
    }

    #[test]
    fn the_rank_is_computed_in_integers() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        // (7.0 / 100.0 * 100.0).ceil() is 8: the floating-point trap.
        assert_eq!(
            percentile(&v, 7.0),
            Some(7.0),
            "p7 of 1..=100 is 7: compute ceil(p * n / 100) in integers, not (p / 100.0 * n).ceil()"
        );
        let thousand: Vec<f64> = (1..=1000).map(f64::from).collect();
        for p in [7.0, 14.0, 28.0, 29.0, 57.0, 58.0, 99.0] {
            assert_eq!(
                percentile(&thousand, p),
                Some(p * 10.0),
                "p{p} of 1..=1000 is {}: rank p * 10, exactly",
                p * 10.0
            );
        }
    }

    #[test]
    fn p_outside_0_to_100_is_none() {
        let v = [1.0, 2.0, 3.0];
        for p in [0.0, -1.0, 100.5, f64::NAN] {
            assert_eq!(
                percentile(&v, p),
                None,
                "p = {p} of {v:?}: only 0 < p <= 100 is a percentile (chapter 2's definition)"
            );
        }
    }

    #[test]
    fn small_and_empty_sets() {
        assert_eq!(percentile(&[], 50.0), None, "no samples: no percentile");
        assert_eq!(
            percentile(&[7.5], 99.0),
            Some(7.5),
            "one sample is every percentile"
        );
        assert_eq!(
            percentile(&[2.0, 1.0], 50.0),
            Some(1.0),
            "p50 of [2, 1]: rank 1, never an average of the two"
        );
        assert_eq!(
            percentile(&[3.0, 1.0, 2.0], 99.0),
            Some(3.0),
            "p99 of [3, 1, 2]: sort first, rank ceil(2.97) = 3"
        );
    }

    #[test]
    fn the_callers_samples_are_not_reordered() {
        let v = [3.0, 1.0, 2.0];
        let _ = percentile(&v, 50.0);
        assert_eq!(v, [3.0, 1.0, 2.0]);
    }
}

mod log_axis {
    use super::super::answer::log_axis::{ticks, y_for};

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn powers_of_ten_are_evenly_spaced() {
        // 0.01 .. 1000 is five decades over 300 pixels: 60 pixels each.
        let y = |v| y_for(v, 0.01, 1000.0, 0.0, 300.0);
        assert!(close(y(0.01), 300.0), "lo is at the bottom: {}", y(0.01));
        assert!(close(y(1000.0), 0.0), "hi is at the top: {}", y(1000.0));
        assert!(close(y(1.0), 180.0), "1 is two decades up: {}", y(1.0));
        assert!(close(y(10.0), 120.0), "{}", y(10.0));
        assert!(close(y(0.1) - y(1.0), y(100.0) - y(1000.0)));
    }

    #[test]
    fn out_of_range_values_are_clamped() {
        assert!(close(y_for(5000.0, 1.0, 100.0, 20.0, 220.0), 20.0));
        assert!(close(y_for(0.001, 1.0, 100.0, 20.0, 220.0), 220.0));
        assert!(
            close(y_for(0.0, 1.0, 100.0, 20.0, 220.0), 220.0),
            "zero has no log"
        );
    }

    #[test]
    fn ticks_are_each_power_of_ten() {
        let t = ticks(0.01, 1000.0);
        assert_eq!(t.len(), 6, "{t:?}");
        for (got, want) in t.iter().zip([0.01, 0.1, 1.0, 10.0, 100.0, 1000.0]) {
            assert!((got - want).abs() < want * 1e-9, "{t:?}");
        }
        assert_eq!(ticks(1.0, 5.0), vec![1.0]);
    }
}

mod latencies {
    use super::super::answer::latencies::latencies;

    const STAMPS: [f64; 5] = [0.0, 50.0, 100.0, 150.0, 200.0];

    #[test]
    fn a_push_client_gets_each_event_once() {
        let got = latencies(&[(1, 1.0), (2, 52.0), (3, 103.0)], &STAMPS);
        assert_eq!(got, vec![1.0, 2.0, 3.0]);
    }

    #[test]
    fn a_poller_pays_for_what_it_skipped() {
        // Saw id 3 at 120 ms, then id 5 at 1000 ms.
        let got = latencies(&[(3, 120.0), (5, 1000.0)], &STAMPS);
        assert_eq!(got, vec![120.0, 70.0, 20.0, 850.0, 800.0]);
    }

    #[test]
    fn repeats_and_unknown_ids_add_nothing() {
        assert!(latencies(&[], &STAMPS).is_empty());
        let got = latencies(&[(2, 60.0), (2, 70.0), (1, 80.0)], &STAMPS);
        assert_eq!(
            got,
            vec![60.0, 10.0],
            "a repeated or older id covers nothing new"
        );
        let got = latencies(&[(7, 300.0)], &STAMPS);
        assert_eq!(got.len(), 5, "ids 6 and 7 have no stamp: {got:?}");
    }
}
