//! tiltak: publishes NAV's reports on participants in labour-market measures as a static site.
//!
//! Data flows one way, and the module tree follows it:
//! [`source`] reads files and [`decode`] turns them into text → [`report`] parses one report → [`model`] merges reports into
//! series and [`validate`] checks them, which [`load`] runs to give what pages are made of →
//! [`export`] and [`site`] render data files, pages and charts in memory → [`write`] updates
//! the output folder. [`build`] runs the whole pipeline and is what every command calls. [`watch`] and [`serve`] sit on top of it: they
//! call the same build whenever the content changes, and nothing below them knows they exist.

pub mod build;
pub mod chart;
pub mod decode;
pub mod diagnostic;
pub mod dims;
pub mod export;
pub mod format;
pub mod load;
pub mod markdown;
pub mod model;
pub mod report;
pub mod serve;
pub mod settings;
pub mod site;
pub mod source;
pub mod validate;
pub mod watch;
pub mod write;

pub use build::{build, load, Config, Error};
