//! The importer on Word documents. An input starting with an even byte is
//! the document's `word/document.xml`, zipped here, so that mutations reach
//! the XML reader; one starting with an odd byte is the file's bytes as
//! they are, for the zip reader.
#![no_main]
use std::io::Write;

use planpress::fuzzing::{check_import, scratch};

fn zipped(xml: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(xml).unwrap();
    zip.finish().unwrap().into_inner()
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some((first, rest)) = data.split_first() {
        let bytes = if first % 2 == 0 {
            zipped(rest)
        } else {
            rest.to_vec()
        };
        check_import(scratch(), &bytes, true);
    }
});
