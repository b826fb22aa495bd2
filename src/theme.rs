//! Themes: Tera templates and static files, with the override order Hugo and
//! Zola use. For a template or a static file, the first of these that has it wins:
//!
//! 1. the site's own `templates/` or `static/` folder;
//! 2. the site's `themes/<theme>/templates/` or `themes/<theme>/static/`;
//! 3. the default theme built into the binary (a copy of `themes/default/`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use crate::diagnostics::{Code, Diagnostic};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a theme file comes from.
#[derive(Debug, Clone)]
pub enum Origin {
    BuiltIn,
    Disk(PathBuf),
}

/// A static file to copy into the output.
#[derive(Debug, Clone)]
pub struct StaticFile {
    pub origin: Origin,
    pub bytes: Vec<u8>,
}

/// The templates and static files of a site, after overrides.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name (`priority.html`) to its text and origin.
    pub templates: BTreeMap<String, (String, Origin)>,
    /// Output path (`assets/site.css`) to the file.
    pub statics: BTreeMap<String, StaticFile>,
}

impl Theme {
    /// Collects the theme for the site at `root`.
    pub fn load(root: &Path, theme_name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let mut theme = Theme::default();
        let mut diagnostics = Vec::new();
        theme.add_built_in(&DEFAULT_THEME);
        let theme_dir = root.join("themes").join(theme_name);
        if theme_name != "default" && !theme_dir.is_dir() {
            diagnostics.push(
                Diagnostic::error(Code::Io, format!("theme `{theme_name}` not found"))
                    .in_file(PathBuf::from("content/site.yaml"))
                    .expected(format!("a folder themes/{theme_name}/ in the site"))
                    .hint("remove `theme:` from site.yaml to use the built-in theme"),
            );
        }
        for (layer, kind) in [
            (theme_dir.join("templates"), Kind::Template),
            (theme_dir.join("static"), Kind::Static),
            (root.join("templates"), Kind::Template),
            (root.join("static"), Kind::Static),
        ] {
            theme.add_disk_layer(root, &layer, kind, &mut diagnostics);
        }
        if diagnostics.is_empty() {
            Ok(theme)
        } else {
            Err(diagnostics)
        }
    }

    fn add_built_in(&mut self, dir: &Dir<'static>) {
        for entry in dir.entries() {
            if let Some(sub) = entry.as_dir() {
                self.add_built_in(sub);
            } else if let Some(file) = entry.as_file() {
                let path = file.path().to_string_lossy().replace('\\', "/");
                if let Some(name) = path.strip_prefix("templates/") {
                    let text = String::from_utf8_lossy(file.contents()).into_owned();
                    self.templates
                        .insert(name.to_string(), (text, Origin::BuiltIn));
                } else if let Some(name) = path.strip_prefix("static/") {
                    self.statics.insert(
                        name.to_string(),
                        StaticFile {
                            origin: Origin::BuiltIn,
                            bytes: file.contents().to_vec(),
                        },
                    );
                }
            }
        }
    }

    fn add_disk_layer(
        &mut self,
        root: &Path,
        dir: &Path,
        kind: Kind,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        if !dir.is_dir() {
            return;
        }
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    diagnostics.push(Diagnostic::error(
                        Code::Io,
                        format!("cannot read {}: {err}", dir.display()),
                    ));
                    continue;
                }
            };
            let name_ignored = crate::load::is_ignored(&entry.file_name().to_string_lossy());
            if !entry.file_type().is_file() || name_ignored {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(dir)
                .expect("walkdir yields paths under its root")
                .to_string_lossy()
                .replace('\\', "/");
            let display = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_path_buf();
            match std::fs::read(entry.path()) {
                Ok(bytes) => match kind {
                    Kind::Template => {
                        let text = String::from_utf8_lossy(&bytes).into_owned();
                        self.templates.insert(rel, (text, Origin::Disk(display)));
                    }
                    Kind::Static => {
                        self.statics.insert(
                            rel,
                            StaticFile {
                                origin: Origin::Disk(display),
                                bytes,
                            },
                        );
                    }
                },
                Err(err) => diagnostics.push(
                    Diagnostic::error(
                        Code::Io,
                        format!("cannot read {}: {err}", display.display()),
                    )
                    .in_file(display),
                ),
            }
        }
    }

    /// Compiles the templates into a Tera instance; with `minify`, HTML
    /// templates are minified first (see [`crate::minify`]).
    pub fn tera(&self, minify: bool) -> Result<tera::Tera, Diagnostic> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default also escapes `/` and `'`, which garbles URLs in
        // sitemap.xml for no gain: every attribute in the themes is double-quoted.
        tera.set_escape_fn(crate::markdown::escape);
        let templates: Vec<(&str, std::borrow::Cow<str>)> = self
            .templates
            .iter()
            .map(|(name, (text, _))| {
                let minified = (minify && name.ends_with(".html"))
                    .then(|| crate::minify::template(text))
                    .flatten();
                (name.as_str(), minified.map_or(text.into(), Into::into))
            })
            .collect();
        tera.add_raw_templates(templates).map_err(|err| {
            Diagnostic::error(
                Code::Template,
                format!("a template does not compile: {}", error_chain(&err)),
            )
            .hint("check the template syntax; see the Tera documentation")
        })?;
        Ok(tera)
    }

    /// Where a template came from, for error messages.
    pub fn template_origin(&self, name: &str) -> Option<PathBuf> {
        match &self.templates.get(name)?.1 {
            Origin::BuiltIn => Some(PathBuf::from(format!(
                "themes/default/templates/{name} (built in)"
            ))),
            Origin::Disk(path) => Some(path.clone()),
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Template,
    Static,
}

/// Tera nests the real cause several errors deep.
pub(crate) fn error_chain(err: &dyn std::error::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}
