//! A whole little site of two versions (its files separated by NUL bytes,
//! in the order of `SITE_FILES`), loaded, checked, compared and rendered in
//! memory: no panic, a site that loads renders, and every problem is placed.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| planpress::fuzzing::run("site", data));
