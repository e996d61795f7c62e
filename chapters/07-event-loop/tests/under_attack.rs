//! A peer that attacks on purpose: pipelining without ever reading, and a chunk
//! size over the body limit. (The checks are chapter 6's, shared by every
//! HTTP server: `chapters/06-http-server/src/testing.rs`.)

mod common;

use ch06_http_server::testing as attack;

#[test]
fn pipelined_requests_that_are_never_read_cost_at_most_the_write_queue() {
    let site = attack::small_site();
    let server = common::server(&["--root", site.arg()]);
    // 256 KiB is the default --max-write-queue; the slack covers the loop's
    // read buffer, a request's parse, and the allocator's rounding.
    attack::pipelined_requests_that_are_never_read(&server, "/hello.txt", 256 * 1024, 512 * 1024);
}

#[test]
fn a_chunk_over_the_body_limit_gets_413_at_once() {
    let server = common::server(&[]);
    attack::a_chunk_over_the_body_limit_is_refused_at_once(&server, "/echo");
}

#[test]
fn five_thousand_slowloris_connections_leave_room_for_an_honest_client() {
    // Chapter 6's threads run out at their cap (1,000 by default) and refuse
    // the honest client with 503; one loop holds every slow connection in a
    // few hundred bytes and answers the honest one at once.
    let site = attack::small_site();
    let server = common::server(&["--root", site.arg()]);
    // (The slow ones are cut by the read timeout, 10 s after they connected:
    // that is chapter 6's slowloris rule, kept by HttpSide.)
    let (served, asked) = attack::slowloris(&server, 5000, 3.0, "/hello.txt");
    assert_eq!(
        served, asked,
        "the honest client was refused during the attack"
    );
}
