//! A peer that attacks on purpose, against `ch12-server`: pipelining without ever
//! reading, readers of a big file that stop reading. The checks are chapter
//! 6's (`chapters/06-http-server/src/testing.rs`), the same for every HTTP
//! server in the book: this server runs chapter 7's loop and `HttpSide`.

use ch01_tcp::testing::Server;
use ch06_http_server::testing as attack;

/// The loop's default `max_write_queue`.
const QUEUE: u64 = 256 * 1024;
/// The loop's read buffer, a request's parse, the allocator's rounding.
const SLACK: u64 = 512 * 1024;

fn server(root: &attack::Root) -> Server {
    Server::start(
        env!("CARGO_BIN_EXE_ch12-server"),
        &["--addr", "127.0.0.1:0", "--root", root.arg()],
    )
    .expect("ch12-server starts")
}

#[test]
fn pipelined_requests_that_are_never_read_cost_at_most_the_write_queue() {
    let site = attack::small_site();
    let s = server(&site);
    attack::pipelined_requests_that_are_never_read(&s, "/hello.txt", QUEUE, SLACK);
}

#[test]
fn readers_of_a_big_file_that_stop_reading_cost_at_most_the_write_queue() {
    let site = attack::site_with_big_file(16 << 20);
    let s = server(&site);
    attack::big_file_readers_that_stop_reading(&s, "/big.bin", "/hello.txt", QUEUE, SLACK);
}

#[test]
fn a_chunk_over_the_body_limit_gets_413_at_once() {
    let site = attack::small_site();
    let s = server(&site);
    attack::a_chunk_over_the_body_limit_is_refused_at_once(&s, "/");
}
