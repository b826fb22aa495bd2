//! planpress turns a plan site's Markdown and YAML sources into an accessible
//! static website.
//!
//! The pipeline, one module per stage; dependencies point one way, from the
//! sources to the pages (raw -> model -> views -> pages):
//!
//! 1. [`load`] walks `content/` and parses every file into raw structs
//!    (`load::raw`), keeping each file's text so errors can point at a line
//!    and column. It is the only stage that touches YAML (`load::yaml`).
//! 2. [`validate`] turns raw structs into the [`model`], checking ids and
//!    references; every problem becomes a [`diagnostics::Diagnostic`], and
//!    all of them are reported, not just the first. `markdown_check` then
//!    checks the links and raw HTML of every Markdown text.
//! 3. [`site`] holds one [`site::Site`]: the checked content, the theme and
//!    the plan of every output, each declaring the inputs it is made from.
//!    `Site::apply` takes a set of changed files and says which outputs are
//!    stale, by those declarations alone.
//! 4. [`render`] fills the theme's Tera templates from views of the model
//!    (`render::views`, shared by one plan's pages in `render::cache`), in
//!    parallel, one job a page; `diff` compares two versions of the model.
//! 5. `output` writes into a staging folder and swaps it into place only when
//!    the whole build succeeded, so a failed build never harms the last good
//!    site; [`serve`] keeps the site in memory instead and rebuilds on change.
//!
//! `cmd` holds the commands (`build`, `check`, `serve`, `init`), each a thin
//! layer over a `Site`, and `import`, a thin layer over the `import` stage,
//! which turns a published plan (a Word document, or text converted from
//! Word or PDF) into a new version folder of sources; [`cli`] is the
//! command line.

pub mod cli;
mod cmd;
pub mod date;
pub mod diagnostics;
mod diff;
/// The properties the fuzz targets in `fuzz/` check; not part of the API.
#[doc(hidden)]
pub mod fuzzing;
mod import;
pub mod load;
pub mod markdown;
mod markdown_check;
mod minify;
pub mod model;
mod output;
pub mod render;
mod search;
pub mod serve;
pub mod site;
mod theme;
pub mod validate;

pub use cmd::run;
