//! Helpers for the workspace-level tests in `tests/tests/`.

pub mod browser;
pub mod chromium_lookup;
pub mod showdown_page;
