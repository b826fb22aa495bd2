//! The command line, declared with clap's derive API.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// planpress: build an accessible website from plan sources in Markdown and YAML.
#[derive(Debug, Parser)]
#[command(name = "planpress", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Validate every source and report every error; write nothing.
    Check(CheckArgs),
    /// Create a small new site that builds as it is.
    Init(InitArgs),
    /// Write a new plan version from a Word document or text converted from Word or PDF.
    Import(ImportArgs),
    /// Build the site into memory, serve it, and rebuild and reload on every change.
    Serve(ServeArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on. Loopback by default, so only this computer can see the preview.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the site in a web browser.
    #[arg(long)]
    pub open: bool,
}

/// Where the site is.
#[derive(Debug, Clone, Args)]
pub struct SiteArgs {
    /// The site's root folder: the one that holds content/site.yaml.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Include versions whose status is draft.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Clone, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site [default: ROOT/public].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Write HTML as the templates are written, without minifying them.
    #[arg(long)]
    pub no_minify: bool,
    /// Build without the search index: no results as readers type; the
    /// search page keeps its A to Z index, where search boxes send readers.
    #[arg(long)]
    pub no_search: bool,
    /// Print how long each stage took.
    #[arg(long)]
    pub timings: bool,
    /// Print errors only, not the summary.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
}

#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    /// The folder to create the site in; it must be empty or not exist.
    pub dir: PathBuf,
    /// Leave out the starter plan: only the site's settings, for a plan
    /// you will import (`planpress import`).
    #[arg(long)]
    pub no_plan: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The plan: a Word document (.docx) or text converted from Word or PDF.
    pub file: PathBuf,
    /// The plan's folder name under content/plans/ (lowercase, digits, hyphens).
    #[arg(long)]
    pub plan: String,
    /// The new version's folder name; it must not exist yet.
    #[arg(long)]
    pub version: String,
    /// The site's root folder: the one that holds content/site.yaml.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// The plan's title, when the document's first line is not it.
    #[arg(long)]
    pub title: Option<String>,
    /// The version's name as readers see it [default: the --version given].
    #[arg(long)]
    pub label: Option<String>,
    /// The version's status: draft, consultation, final or superseded.
    #[arg(long, default_value = "final")]
    pub status: String,
    /// The version of the same plan this one revises (last year's import):
    /// the site then publishes a comparison of the two.
    #[arg(long, value_name = "VERSION")]
    pub based_on: Option<String>,
    /// A small YAML file correcting what the importer recognises: the
    /// title, table headings to column keys, section ids, priorities.
    #[arg(long, value_name = "FILE")]
    pub map: Option<PathBuf>,
}
