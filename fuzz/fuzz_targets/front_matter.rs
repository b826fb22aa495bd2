//! Front matter splitting: the parts are the file's text at their offsets.
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| planpress::fuzzing::check_front_matter(text));
