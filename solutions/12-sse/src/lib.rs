//! Chapter 12 exercises, solved: writing events, where a stream resumes, and
//! reading an event stream the way a browser does.

pub mod parse;
pub mod resume;
pub mod serialize;
