//! Fault injection: 10,000 events reach a long-poll client whose connections a
//! proxy cuts at random byte counts and times, hundreds of times. The client
//! must end with every id exactly once, in order.

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use ch07_event_loop::{Config, spawn};
use ch11_long_polling::chaos::{Chaos, CutProxy};
use ch11_long_polling::client::{ClientConfig, Happened, PollClient};
use ch11_long_polling::publisher::Publisher;
use ch11_long_polling::server::{LongPollConfig, LongPollService};

const EVENTS: u64 = 10_000;
/// The whole test gives up after this (it takes a few seconds normally).
const LIMIT: Duration = Duration::from_secs(120);

/// What a run saw.
#[derive(Debug, Default)]
struct Outcome {
    ids: Vec<u64>,
    datas_ok: bool,
    gaps: Vec<(u64, u64)>,
    errors: u64,
    polls: u64,
}

fn data(i: u64) -> String {
    // Quotes, backslashes, a newline and non-ASCII in every event: the JSON must survive cuts too.
    format!("event {i} \"q\" \\ é\n{}", "x".repeat((i % 50) as usize))
}

/// Runs a server, a proxy and a client; publishes `EVENTS` events paced over
/// a few seconds; returns what the client saw and the proxy's counters.
fn run(history: usize, chaos: Chaos, pace: Duration) -> (Outcome, u64, u64) {
    let config = LongPollConfig {
        history,
        ..LongPollConfig::default()
    };
    let server = spawn(
        "127.0.0.1:0".parse().unwrap(),
        LongPollService::new(config),
        Config::default(),
    )
    .expect("server starts");
    let proxy = CutProxy::start(server.addr, chaos).expect("proxy starts");
    let url = format!("http://{}", proxy.addr());

    let (tx, rx) = mpsc::channel();
    let client = thread::spawn(move || {
        let config = ClientConfig {
            poll_timeout: Duration::from_secs(1),
            read_slack: Duration::from_secs(2),
            backoff_min: Duration::from_millis(1),
            backoff_max: Duration::from_millis(20),
            ..ClientConfig::default()
        };
        let mut client = PollClient::new(&url, Some(0), config).unwrap();
        let mut out = Outcome {
            datas_ok: true,
            ..Outcome::default()
        };
        let started = Instant::now();
        let _ = client.run(|h| {
            match h {
                Happened::Event(e) => {
                    out.datas_ok &= e.data == data(e.id);
                    out.ids.push(e.id);
                }
                Happened::Gap { from, to } => out.gaps.push((from, to)),
                Happened::Error(..) => out.errors += 1,
            }
            let seen = out
                .ids
                .last()
                .copied()
                .unwrap_or(0)
                .max(out.gaps.last().map_or(0, |g| g.1));
            seen < EVENTS && started.elapsed() < LIMIT
        });
        out.polls = client.polls;
        let _ = tx.send(());
        out
    });

    let publisher = Publisher::new(server.handle().clone());
    for i in 1..=EVENTS {
        publisher.publish(data(i)).expect("the loop is running");
        if i % 10 == 0 {
            thread::sleep(pace);
        }
    }
    let _ = rx.recv_timeout(LIMIT + Duration::from_secs(10));
    let outcome = client.join().expect("client thread");
    (outcome, proxy.cuts(), proxy.connections())
}

#[test]
fn every_event_exactly_once_through_hundreds_of_cuts() {
    let chaos = Chaos {
        // A budget must sometimes exceed a whole answer (100 events are ~7 KB),
        // or no batch would ever get through: the client would retry forever.
        max_bytes: 20_000,
        max_life: Duration::from_millis(100),
        seed: 2026,
    };
    let (out, cuts, conns) = run(EVENTS as usize, chaos, Duration::from_millis(10));
    let mut sorted = out.ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    let duplicated = out.ids.len() - sorted.len();
    let lost = EVENTS as usize - sorted.len();
    println!(
        "fault injection: events {EVENTS}, received {}, cuts {cuts} (of {conns} connections), \
         lost {lost}, duplicated {duplicated}, polls {}, failed polls {}",
        out.ids.len(),
        out.polls,
        out.errors
    );
    assert_eq!(
        out.ids,
        (1..=EVENTS).collect::<Vec<_>>(),
        "every id once, in order"
    );
    assert!(out.gaps.is_empty(), "no gaps: {:?}", out.gaps);
    assert!(out.datas_ok, "every event's data arrived intact");
    assert!(cuts >= 100, "only {cuts} cuts: the test did not test much");
}

#[test]
fn a_small_history_loses_events_loudly_never_silently() {
    // History of 50 and a slow, often-cut client: some events are dropped before
    // it can fetch them. Every lost id must be reported as a gap, and every other
    // id received exactly once.
    let chaos = Chaos {
        max_bytes: 5000,
        max_life: Duration::from_millis(100),
        seed: 7,
    };
    let (out, cuts, _) = run(50, chaos, Duration::from_millis(1));
    let mut accounted: Vec<u64> = out.ids.clone();
    for &(from, to) in &out.gaps {
        accounted.extend(from..=to);
    }
    accounted.sort_unstable();
    println!(
        "small history: received {}, reported lost {} in {} gaps, cuts {cuts}",
        out.ids.len(),
        accounted.len() - out.ids.len(),
        out.gaps.len()
    );
    assert!(
        out.ids.windows(2).all(|w| w[0] < w[1]),
        "in order, never twice"
    );
    assert_eq!(
        accounted,
        (1..=EVENTS).collect::<Vec<_>>(),
        "each id received or reported lost, once"
    );
}
