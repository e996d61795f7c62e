// The checks for chapter 11's exercises. This one file checks both your crate
// (exercises/11-long-polling) and the solutions (solutions/11-long-polling):
// `answer` is whichever crate is being tested. One module per exercise, named as in info.txt.

mod history {
    use super::super::answer::history::{Gone, History};

    fn ids(h: &History, after: u64) -> Result<Vec<u64>, Gone> {
        h.after(after)
            .map(|v| v.into_iter().map(|e| e.id).collect())
    }

    #[test]
    fn ids_start_at_one_and_count_up() {
        let mut h = History::new(10);
        assert_eq!(h.publish("a"), 1);
        assert_eq!(h.publish("b"), 2);
        assert_eq!(h.publish("c"), 3);
        assert_eq!(h.latest_id(), 3);
        let after1 = h.after(1).unwrap();
        assert_eq!(after1.len(), 2);
        assert_eq!((after1[0].id, after1[0].data.as_str()), (2, "b"));
        assert_eq!(ids(&h, 0), Ok(vec![1, 2, 3]));
        assert_eq!(ids(&h, 3), Ok(vec![]), "up to date: nothing, not an error");
    }

    #[test]
    fn only_the_newest_capacity_events_are_kept() {
        let mut h = History::new(3);
        for i in 1..=10 {
            assert_eq!(h.publish(&format!("e{i}")), i);
        }
        assert_eq!(h.events.len(), 3, "the history is bounded");
        assert_eq!(
            ids(&h, 7),
            Ok(vec![8, 9, 10]),
            "after 7: 8 is the oldest kept"
        );
        assert_eq!(ids(&h, 9), Ok(vec![10]));
    }

    #[test]
    fn a_dropped_cursor_is_gone_never_a_silent_gap() {
        let mut h = History::new(3);
        for i in 1..=10 {
            h.publish(&i.to_string());
        }
        assert_eq!(h.after(6), Err(Gone { oldest: 8 }), "event 7 was dropped");
        assert_eq!(h.after(0), Err(Gone { oldest: 8 }));
        assert_eq!(
            h.after(11),
            Err(Gone { oldest: 8 }),
            "a cursor from the future"
        );
        let empty = History::new(3);
        assert_eq!(empty.after(0).map(|v| v.len()), Ok(0));
        assert_eq!(empty.after(1), Err(Gone { oldest: 1 }));
    }

    #[test]
    fn every_cursor_is_answered_exactly() {
        let mut h = History::new(5);
        for n in 0..20u64 {
            let oldest = (n + 1).saturating_sub(5).max(1);
            for after in 0..=n + 1 {
                let want = if after + 1 < oldest || after > n {
                    Err(Gone { oldest })
                } else {
                    Ok((after + 1..=n).collect::<Vec<_>>())
                };
                assert_eq!(ids(&h, after), want, "after({after}) with {n} published");
            }
            h.publish("x");
        }
    }
}

mod json_escape {
    use super::super::answer::json_escape::json_escape;

    #[test]
    fn the_escape_table() {
        let table: &[(&str, &str)] = &[
            ("plain text", "plain text"),
            ("say \"hi\"", "say \\\"hi\\\""),
            ("C:\\dir\\", "C:\\\\dir\\\\"),
            ("a\nb\rc\td", "a\\nb\\rc\\td"),
            ("\u{8}\u{c}", "\\b\\f"),
            ("\0\u{1}\u{1f}", "\\u0000\\u0001\\u001f"),
            ("\u{1b}[31m", "\\u001b[31m"),
            ("é € 😀", "é € 😀"),
            ("\u{7f}/", "\u{7f}/"),
            ("", ""),
        ];
        for (input, want) in table {
            assert_eq!(&json_escape(input), want, "escaping {input:?}");
        }
    }

    #[test]
    fn every_control_character_is_escaped() {
        for c in (0u8..0x20).map(char::from) {
            let out = json_escape(&c.to_string());
            assert!(out.starts_with('\\'), "{c:?} must be escaped, got {out:?}");
            assert!(!out.chars().any(|o| o.is_control()), "{out:?}");
        }
    }
}

mod take_new {
    use super::super::answer::take_new::{Event, Taken, take_new};

    fn events(ids: &[u64]) -> Vec<Event> {
        ids.iter()
            .map(|&id| Event {
                id,
                data: format!("e{id}"),
            })
            .collect()
    }

    #[test]
    fn new_events_move_the_cursor() {
        let mut cursor = 3;
        let t = take_new(&mut cursor, events(&[4, 5, 6]));
        assert_eq!(t.fresh, events(&[4, 5, 6]));
        assert!(t.gaps.is_empty());
        assert_eq!(cursor, 6);
        let t = take_new(&mut cursor, Vec::new());
        assert_eq!(t, Taken::default());
        assert_eq!(cursor, 6, "an empty answer leaves the cursor alone");
    }

    #[test]
    fn repeats_are_dropped() {
        let mut cursor = 5;
        let t = take_new(&mut cursor, events(&[4, 5, 6, 7]));
        assert_eq!(t.fresh, events(&[6, 7]), "4 and 5 were shown already");
        assert_eq!(cursor, 7);
        let t = take_new(&mut cursor, events(&[6, 7]));
        assert!(t.fresh.is_empty());
        assert_eq!(cursor, 7);
    }

    #[test]
    fn gaps_are_reported() {
        let mut cursor = 1;
        let t = take_new(&mut cursor, events(&[2, 5, 6, 9]));
        assert_eq!(t.fresh, events(&[2, 5, 6, 9]));
        assert_eq!(t.gaps, vec![(3, 4), (7, 8)]);
        assert_eq!(cursor, 9);
    }
}
