//! A YAML source or Markdown file (the first byte picks which) through the
//! loader's parsing: no panic, and every error placed inside the file.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| planpress::fuzzing::run("yaml_sources", data));
