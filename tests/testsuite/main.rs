//! The integration test suite: one binary, a module per area, a fixture folder per case
//! under `tests/fixtures/`.

mod common;
mod serve;
mod site;
mod watch;
