//! planpress turns a plan site's Markdown and YAML sources into an accessible
//! static website.
//!
//! The pipeline, one module per stage, dependencies pointing one way:
//!
//! 1. [`load`] walks `content/` and parses every file into raw structs, keeping
//!    each file's text so errors can point at a line and column. It is the only
//!    stage that touches YAML (through [`load::yaml`]).
//! 2. [`validate`] turns raw structs into the [`model`]: ids are checked for
//!    uniqueness, references resolve, and every problem becomes a
//!    [`diagnostics::Diagnostic`]; it reports all of them, not just the first.
//! 3. [`render`] plans every output page ([`render::pages`]), rejects two pages
//!    on one path, builds template views ([`render::views`]) and fills the Tera
//!    templates of the theme, in parallel, one job per page.
//! 4. [`output`] writes into a staging folder and swaps it into place only when
//!    the whole build succeeded, so a failed build never harms the last good
//!    site.
//!
//! [`pipeline`] runs the stages in order; [`cli`] and [`run`] are the edge.

pub mod cli;
pub mod cmd;
pub mod date;
pub mod diagnostics;
pub mod diff;
pub mod load;
pub mod markdown;
pub mod markdown_check;
pub mod minify;
pub mod model;
pub mod output;
pub mod render;
pub mod serve;
pub mod site;
pub mod theme;
pub mod validate;

pub use cmd::run;
