//! The importer on Word documents (a zipped `word/document.xml`, or a file's
//! bytes as they are: `planpress::fuzzing::run` says which).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| planpress::fuzzing::run("import_docx", data));
