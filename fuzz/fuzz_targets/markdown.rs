//! Markdown with raw HTML: no panic, and nothing that runs script comes out.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| planpress::fuzzing::run("markdown", data));
