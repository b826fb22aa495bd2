//! The importer on text: no panic, and a plan it writes loads and builds.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| planpress::fuzzing::run("import_text", data));
