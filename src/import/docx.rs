//! The Word reader: a .docx is a zip archive of XML parts. Not written
//! yet: a Word document is refused with a clear error, and nothing is
//! written; save it as text (or convert it) and import that.

use super::document::Block;
use super::report::Report;

pub(crate) fn read_docx(_bytes: &[u8], _report: &mut Report) -> Result<Vec<Block>, String> {
    Err("this is a Word document (a zip archive); reading .docx files is not supported yet: save it as plain text and import the text".to_string())
}
