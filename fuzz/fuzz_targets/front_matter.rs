//! Front matter splitting: the parts are the file's text at their offsets.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| planpress::fuzzing::run("front_matter", data));
