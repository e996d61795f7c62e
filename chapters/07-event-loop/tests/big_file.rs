//! A big static file on ch07-server: streamed in pieces, so memory stays
//! bounded however many clients stall; a file that shrinks is cut off.
//! (The checks are chapter 6's: `chapters/06-http-server/tests/common/big_file.rs`.)

mod common;

#[test]
fn a_big_file_streams_with_bounded_memory() {
    common::big_file::a_big_file_streams_with_bounded_memory(common::server);
}

#[test]
fn a_file_that_shrinks_mid_body_is_cut_off() {
    common::big_file::a_file_that_shrinks_mid_body_is_cut_off(
        common::server,
        "aborting the response: the file ended after",
    );
}
