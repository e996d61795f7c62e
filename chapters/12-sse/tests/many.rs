//! Many streams on one loop, and what happens to a stream that stops reading.

mod common;

use std::time::Duration;

use ch12_sse::parser::{Item, Parser};
use common::{RawStream, publish, server};

const WAIT: Duration = Duration::from_secs(10);

#[test]
fn a_thousand_streams_on_one_loop_all_receive_one_publish() {
    let srv = server(&[]);
    let addr = srv.addr();
    let mut streams: Vec<RawStream> = (0..1000)
        .map(|_| RawStream::open(addr, "/events", &[]))
        .collect();
    // Every head arrived: all 1000 streams are open before the publish.
    let id = publish(addr, "to everyone");
    for (i, s) in streams.iter_mut().enumerate() {
        let ok = s.read_until(WAIT, |t| t.contains("id: 1\ndata: to everyone\n\n"));
        assert!(ok, "stream {i} closed early: {:?}", s.text());
    }
    assert_eq!(id, 1);
}

#[test]
fn a_slow_consumer_is_dropped_and_resumes_without_loss() {
    let srv = server(&["--max-write-queue", "65536"]);
    let addr = srv.addr();
    // Open a stream and do not read it while 300 events of 16 KiB are published:
    // far more than the socket buffers and the 64 KiB queue hold.
    let mut slow = RawStream::open(addr, "/events?after=0", &[]);
    let big = "x".repeat(16 * 1024);
    for i in 0..300 {
        publish(addr, &format!("{big} #{i}"));
    }
    // Now read what it got: the stream must have been dropped (EOF) before
    // the end, with whole events up to some id.
    let end = "x #299\n\n"; // the end of the last event
    let ended = !slow.read_until_bytes(Duration::from_secs(30), end.as_bytes());
    assert!(ended, "the slow stream was not dropped");
    let mut parser = Parser::new();
    let mut items = Vec::new();
    let _ = parser.feed(&slow.body, &mut items);
    let got: Vec<u64> = items
        .iter()
        .filter_map(|i| match i {
            Item::Event(e) => Some(e.last_event_id.parse().unwrap()),
            _ => None,
        })
        .collect();
    let last = *got.last().unwrap_or(&0);
    assert_eq!(
        got,
        (1..=last).collect::<Vec<_>>(),
        "whole events, in order"
    );
    assert!(last < 300);
    eprintln!("the slow stream got events 1..={last} before it was dropped");

    // Its EventSource would come back with Last-Event-ID: last, and get the rest.
    let mut resumed = RawStream::open(addr, "/events", &[&format!("Last-Event-ID: {last}")]);
    assert!(resumed.read_until_bytes(Duration::from_secs(30), end.as_bytes()));
    let mut items = Vec::new();
    Parser::new().feed(&resumed.body, &mut items).unwrap();
    let rest: Vec<u64> = items
        .iter()
        .filter_map(|i| match i {
            Item::Event(e) => Some(e.last_event_id.parse().unwrap()),
            _ => None,
        })
        .collect();
    assert_eq!(rest, (last + 1..=300).collect::<Vec<_>>());
}

#[test]
fn a_broadcast_to_a_thousand_streams_needs_no_deep_stack() {
    use ch07_event_loop::{Config as LoopConfig, EventLoop};
    use ch11_long_polling::publisher::FeedMsg;
    use ch12_sse::{SseConfig, SseService};

    // The loop runs on a small stack: queuing one event on every stream must
    // not recurse once per stream (it once did, through on_drained → settle).
    let lp = EventLoop::bind(
        "127.0.0.1:0".parse().unwrap(),
        SseService::new(SseConfig::default()),
        LoopConfig::default(),
    )
    .unwrap();
    let addr = lp.local_addr().unwrap().to_string();
    let handle = lp.handle();
    let thread = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || lp.run().map(|_| ()))
        .unwrap();
    let mut streams: Vec<RawStream> = (0..1000)
        .map(|_| RawStream::open(&addr, "/events", &[]))
        .collect();
    handle.send(FeedMsg::Publish("fan out".into())).unwrap();
    for (i, s) in streams.iter_mut().enumerate() {
        let ok = s.read_until(WAIT, |t| t.contains("data: fan out\n\n"));
        assert!(ok, "stream {i} closed early: {:?}", s.text());
    }
    handle.stop();
    thread.join().unwrap().unwrap();
}
