//! Dates and deadlines: no panic, and every form read reads back the same.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| planpress::fuzzing::run("dates", data));
