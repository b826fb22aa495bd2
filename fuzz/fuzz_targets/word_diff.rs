//! The word diff of two texts (split at the first NUL) gives both back.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| planpress::fuzzing::run("word_diff", data));
