//! Integration tests: run the real binary on fixture sites.
#![allow(unreachable_pub)]

mod build;
mod cli;
mod errors;
mod example;
mod incremental;
mod layers;
mod markdown;
mod model;
mod readme;
mod search;
mod serve;
mod shapes;
mod support;
mod versions;
