//! The integration test suite: one binary, a module per area, a fixture folder per case
//! under `tests/fixtures/`.

mod annual;
mod browser;
mod common;
mod corpus;
mod editions;
mod encodings;
mod errors;
mod figures;
mod fuzz;
mod history;
mod hostile;
mod merge;
mod output;
mod previews;
mod reading;
mod robustness;
mod roundtrip;
mod serve;
mod site;
mod watch;
