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
//! - `typed`: the adapters that give serde's error kinds as data;
//! - `diagnose`: one problem, by its kind, to a [`Diagnostic`];
//! - `wording`: serde's words in plain words, and the one reading of
//!   serde_yaml's own messages;
//! - `recover`: the blanking of a block so that parsing can go on past it;
//! - `spans`: where each key and value is, from the YAML parser's events.

mod diagnose;
mod recover;
mod spans;
mod typed;
mod wording;

use std::cell::OnceCell;

use serde::de::DeserializeOwned;

pub use crate::diagnostics::{did_you_mean, ordinal};
use crate::diagnostics::{Code, Diagnostic, SourceFile, YamlIndex};
use diagnose::Problem;
use recover::{Blanked, BlankedKey};
pub use spans::index;
use typed::{Capture, Failure};

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
        original_index: OnceCell::new(),
        noun,
    };
    // An empty document is an empty mapping, so that missing fields are named.
    if yaml.trim().is_empty() {
        return attempt::<T>("{}")
            .map_err(|problem| vec![context.diagnose(&problem, &Blanked::new(yaml)).diagnostic]);
    }
    // serde_yaml alone reads a file that has no problem; the kinds of the
    // problems of one that has are found by reading it again through `typed`.
    if let Ok(value) = serde_yaml::from_str::<T>(yaml) {
        return Ok(value);
    }
    let mut blank = Blanked::new(yaml);
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    while diagnostics.len() < MAX_PROBLEMS {
        let problem = match attempt::<T>(&blank.text) {
            Ok(value) if diagnostics.is_empty() => return Ok(value),
            Ok(_) => break,
            Err(problem) => problem,
        };
        let offset = problem.at;
        let found = context.diagnose(&problem, &blank);
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

/// Reads `text` as a `T` through the adapters that give serde's error kinds
/// as data; the first problem, if there is one.
fn attempt<T: DeserializeOwned>(text: &str) -> Result<T, Problem> {
    let capture = Capture::default();
    let deserializer = serde_yaml::Deserializer::from_str(text);
    match typed::deserialize::<T, _>(deserializer, &capture) {
        Ok(value) => Ok(value),
        // Made outside serde_yaml's calls: serde_yaml would give it no place.
        Err(Failure::Outer(kind)) => Err(Problem {
            kind,
            path: None,
            node: None,
            at: 0,
        }),
        Err(Failure::Inner(err)) => {
            let at = err.location().map_or(0, |l| l.index());
            let message = err.to_string();
            let problem: Problem = match capture.caught.take() {
                Some(caught) if message.contains(&caught.message) => Problem {
                    path: wording::path_before(&message, &caught.message),
                    kind: caught.kind,
                    node: Some(caught.node),
                    at,
                },
                // serde_yaml's own: the YAML does not read, or a value is
                // not of the type serde_yaml was asked for.
                _ => {
                    let (path, kind) = wording::classify(&message);
                    Problem {
                        kind,
                        path,
                        node: None,
                        at,
                    }
                }
            };
            // serde_yaml writes an entry of a top-level list `.[2]`; the
            // index, as serde_yaml's other paths, has no leading dot.
            let path = problem.path.map(|p| p.trim_start_matches('.').to_string());
            Err(Problem { path, ..problem })
        }
    }
}

/// Serializes a value as YAML (used by `init` and the benchmark generator).
pub fn to_string<T: serde::Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).expect("plain data always serializes to YAML")
}

/// Reads a small YAML file of the tools' own, such as the importer's
/// mapping file; the error is serde_yaml's message, with its line.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_yaml::from_str(text).map_err(|e| e.to_string())
}

/// serde_yaml alone, for tests that compare it with [`attempt`].
#[cfg(test)]
fn serde_yaml_alone<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_yaml::from_str(text).map_err(|e| e.to_string())
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
    /// Where its keys and values are, once a message needs it.
    original_index: OnceCell<YamlIndex>,
    noun: &'a str,
}

impl Context<'_> {
    fn original_index(&self) -> &YamlIndex {
        self.original_index
            .get_or_init(|| spans::index(self.original))
    }
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
