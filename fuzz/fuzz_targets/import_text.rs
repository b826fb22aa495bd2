//! The importer on text: no panic, and a plan it writes loads and builds.
#![no_main]
use planpress::fuzzing::{check_import, scratch};

libfuzzer_sys::fuzz_target!(|data: &[u8]| check_import(scratch(), data, false));
