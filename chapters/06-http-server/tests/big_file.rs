//! A big static file on ch06-server: streamed in pieces, so memory stays
//! bounded however many clients stall; a file that shrinks is cut off.
//! (The checks are shared with ch07-server: `common/big_file.rs`.)

mod common;

#[test]
fn a_big_file_streams_with_bounded_memory() {
    common::big_file::a_big_file_streams_with_bounded_memory(common::server);
}

#[test]
fn a_file_that_shrinks_mid_body_is_cut_off() {
    common::big_file::a_file_that_shrinks_mid_body_is_cut_off(
        common::server,
        "response aborted, closing without completing it: the file ended after",
    );
}
