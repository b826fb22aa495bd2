//! What a template is made of: its own text and that of every template it
//! extends, imports or includes, walked from Tera's parsed AST. A page that
//! uses a template is stale when any of them changes (see `inputs`).

use std::collections::{BTreeMap, HashMap};

use crate::theme::Theme;

use super::inputs::hash_of;

/// Each template's text with the texts of every template it extends,
/// imports or includes, as Tera parsed them, by name.
pub(super) fn closures(theme: &Theme, tera: &tera::Tera) -> HashMap<String, u64> {
    theme
        .templates
        .keys()
        .map(|name| {
            let mut seen = BTreeMap::new();
            collect_template(theme, tera, name, &mut seen);
            (name.clone(), hash_of(seen))
        })
        .collect()
}

/// Adds `name` and what it builds on to `seen`, name to text.
fn collect_template<'t>(
    theme: &'t Theme,
    tera: &'t tera::Tera,
    name: &str,
    seen: &mut BTreeMap<&'t str, &'t str>,
) {
    let Some((key, (text, _))) = theme.templates.get_key_value(name) else {
        return;
    };
    if seen.insert(key, text).is_some() {
        return;
    }
    let Some(template) = tera.templates.get(name) else {
        return;
    };
    let mut uses: Vec<&str> = template.parents.iter().map(String::as_str).collect();
    uses.extend(
        template
            .imported_macro_files
            .iter()
            .map(|(file, _)| file.as_str()),
    );
    includes(&template.ast, &mut uses);
    for m in template.macros.values() {
        includes(&m.body, &mut uses);
    }
    for used in uses {
        collect_template(theme, tera, used, seen);
    }
}

/// The templates that `nodes` include, at any depth.
fn includes<'n>(nodes: &'n [tera::ast::Node], out: &mut Vec<&'n str>) {
    use tera::ast::Node;
    for node in nodes {
        match node {
            Node::Include(_, names, _) => out.extend(names.iter().map(String::as_str)),
            Node::MacroDefinition(_, m, _) => includes(&m.body, out),
            Node::FilterSection(_, f, _) => includes(&f.body, out),
            Node::Block(_, b, _) => includes(&b.body, out),
            Node::Forloop(_, f, _) => {
                includes(&f.body, out);
                includes(f.empty_body.as_deref().unwrap_or_default(), out);
            }
            Node::If(i, _) => {
                for (_, _, body) in &i.conditions {
                    includes(body, out);
                }
                includes(i.otherwise.as_ref().map_or(&[][..], |(_, b)| b), out);
            }
            _ => {}
        }
    }
}
