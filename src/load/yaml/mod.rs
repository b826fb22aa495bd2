//! The only module that calls serde_yaml, and this file is the only one in it
//! that does.
//!
//! serde_yaml is archived upstream; keeping every call here means a maintained
//! fork can replace it by changing this file alone. It turns parser errors into
//! [`Diagnostic`]s that point at the file, line and column (counted from the top
//! of the file, front matter included), say in plain words what is wrong and
//! what was expected, and suggest the closest known key for a misspelt one.
//!
//! serde stops at the first error, so [`parse`] recovers around each one: it
//! blanks out the smallest YAML block holding the problem (spaces in place of
//! its characters, so every later line and column stays where it was) and
//! parses again, until the file parses or [`MAX_PROBLEMS`] were found.
//!
//! - this file: the serde_yaml calls and the parse-and-recover loop;
//! - `diagnose`: one serde_yaml message, as text, to a [`Diagnostic`];
//! - `wording`: serde's words (types, values, paths) in plain words;
//! - `recover`: the blanking of a block so that parsing can go on past it;
//! - `spans`: where each key and value is, from the YAML parser's events.

mod diagnose;
mod recover;
mod spans;
mod wording;

use serde::de::DeserializeOwned;

pub use crate::diagnostics::{did_you_mean, ordinal};
use crate::diagnostics::{Code, Diagnostic, SourceFile};
use recover::{Blanked, BlankedKey};
pub use spans::index;

/// How many problems one file reports at most.
pub const MAX_PROBLEMS: usize = 50;

/// Parses `yaml`, which starts at byte `yaml_start` of `file`, into a `T`,
/// or returns every problem in it. `noun` names one entry of a file that is
/// a list (`"action"`, `"KPI"`), for messages such as "the 3rd action".
pub fn parse<T: DeserializeOwned>(
    file: &SourceFile,
    yaml_start: usize,
    yaml: &str,
    noun: &str,
) -> Result<T, Vec<Diagnostic>> {
    let context = Context {
        file,
        start: yaml_start,
        original: yaml,
        noun,
    };
    // An empty document is an empty mapping, so that missing fields are named.
    if yaml.trim().is_empty() {
        return serde_yaml::from_str("{}").map_err(|err| {
            let blank = Blanked::new(yaml);
            vec![context.diagnose(&err.to_string(), 0, &blank).diagnostic]
        });
    }
    let mut blank = Blanked::new(yaml);
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    while diagnostics.len() < MAX_PROBLEMS {
        let err = match serde_yaml::from_str::<T>(&blank.text) {
            Ok(value) if diagnostics.is_empty() => return Ok(value),
            Ok(_) => break,
            Err(err) => err,
        };
        let offset = err.location().map_or(0, |l| l.index());
        let found = context.diagnose(&err.to_string(), offset, &blank);
        if found.diagnostic.code == Code::YamlSyntax {
            // A syntax error after blanking comes from the blanking itself:
            // serde_yaml reads the whole document before it fills a value.
            if !blank.changed {
                diagnostics.push(found.diagnostic);
            }
            break;
        }
        let suppressed = found
            .missing
            .as_deref()
            .is_some_and(|field| blank.was_blanked(field, offset));
        if !suppressed && !diagnostics.iter().any(|d| same(d, &found.diagnostic)) {
            diagnostics.push(found.diagnostic);
        }
        if let Some(alias) = found.alias {
            blank.keys.push(alias);
        }
        let progressed = match found.recover {
            Recover::Entry(at) => blank.entry(at),
            Recover::Mapping(at) => blank.mapping(at),
        };
        if !progressed || blank.text.trim().is_empty() {
            break;
        }
    }
    // Problems in the order of the file (a missing key is found only at the
    // end of its mapping, but is shown where the mapping starts).
    diagnostics.sort_by_key(|d| d.location.as_ref().map_or(0, |l| l.span.start));
    Err(diagnostics)
}

/// Serializes a value as YAML (used by `init` and the benchmark generator).
pub fn to_string<T: serde::Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).expect("plain data always serializes to YAML")
}

fn same(a: &Diagnostic, b: &Diagnostic) -> bool {
    a.message == b.message
        && a.location.as_ref().map(|l| l.span.clone())
            == b.location.as_ref().map(|l| l.span.clone())
}

/// What one file's messages need to know about it.
struct Context<'a> {
    file: &'a SourceFile,
    /// Where the YAML starts in the file (after a front matter's `---`).
    start: usize,
    /// The YAML as written, before any blanking.
    original: &'a str,
    noun: &'a str,
}

/// One serde_yaml error, in plain words, and how to parse on past it.
struct Found {
    diagnostic: Diagnostic,
    recover: Recover,
    /// For a missing field: its name, to tell whether blanking caused it.
    missing: Option<String>,
    /// For a misspelt key: the key it was probably meant to be, which is then
    /// missing only because of the misspelling.
    alias: Option<BlankedKey>,
}

/// What to blank out before parsing again (offsets into the YAML).
enum Recover {
    /// The line holding this offset from its key on, and the lines below
    /// indented deeper.
    Entry(usize),
    /// The whole mapping whose first key is at this offset.
    Mapping(usize),
}

#[cfg(test)]
mod tests;
