//! Integration tests: run the real binary on fixture sites.
#![allow(unreachable_pub)]

mod build;
mod charts;
mod cli;
mod docx_fixture;
mod errors;
mod example;
mod faults;
mod feeds;
mod filters;
mod hostile;
mod import;
mod incremental;
mod layers;
mod limits;
mod markdown;
mod metadata;
mod model;
mod open_data;
mod readme;
mod search;
mod serve;
mod serve_load;
mod shapes;
mod support;
mod versions;
