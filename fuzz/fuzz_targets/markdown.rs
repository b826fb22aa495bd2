//! Markdown with raw HTML: no panic, and nothing that runs script comes out.
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| planpress::fuzzing::check_markdown(text));
