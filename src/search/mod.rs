//! The search index, made by Pagefind (its Rust API, without its server)
//! from the site's search entries (`render::search`): every priority,
//! action, KPI, section, commitment and plan overview of every version, and
//! the standalone pages. Each entry is one custom record whose `version`
//! filter is `current` or `earlier`, so that the reader's search leaves
//! other versions out unless asked.
//!
//! Pagefind's API is async; a small current-thread tokio runtime drives it.
//! Of the files it returns, only those the search script needs are kept:
//! its search API and worker, the WebAssembly for the site's language, the
//! entry and meta files and the index, filter and fragment chunks, whose
//! names are hashes of their content. Pagefind's own interfaces are left
//! out: the theme's `search.js` shows the results.

use std::collections::BTreeMap;

use pagefind::api::{CustomRecord, PagefindIndex};
use pagefind::options::PagefindServiceConfig;

use crate::diagnostics::{Code, Diagnostic};
use crate::model::Content;
use crate::render::search::{Entry, SharedEntries};

/// The index's files for `content`, whose entries are `entries`: each path
/// (below the index's folder) with its bytes, in path order.
pub(crate) fn index(
    content: &Content,
    entries: &SharedEntries,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    // The index has threads of its own: on the pages' pool its parallel
    // steps would wait for every page to be rendered, and then leave a
    // core idle through its serial ones. Half as many as the pages': it
    // runs beside them, which keep every core busy, so more threads would
    // only take turns with theirs, and each costs more frees across threads
    // (on 2 cores, one thread took a tenth less of the CPU than two; more
    // cores are not measured, where the steps left after the pages end
    // have half the machine).
    let threads = (rayon::current_num_threads() / 2).max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("search-index-{i}"))
        .build()
        .map_err(|e| failed(&e))?;
    // A panic inside Pagefind is this build's error, not the program's end
    // (as when Pagefind ran the batch as a task of its own).
    let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pool.install(|| index_files(content, entries))
    }));
    built.unwrap_or_else(|panic| {
        let message = (panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "Pagefind stopped".to_string());
        Err(failed(&message))
    })
}

fn index_files(
    content: &Content,
    entries: &SharedEntries,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let language = content.config.language.to_lowercase();
    let records = entries.get(content);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed(&e))?;
    let files = runtime
        .block_on(build(records, language))
        .map_err(|e| failed(&e))?;
    let mut files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|f| {
            let parts = f.filename.iter().map(|p| p.to_string_lossy());
            (parts.collect::<Vec<_>>().join("/"), f.contents)
        })
        .collect();
    let has_language = files
        .iter()
        .any(|(name, _)| name.starts_with("wasm.") && name != GENERIC_WASM);
    files.retain(|(name, _)| wanted(name, has_language));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// The WebAssembly for a language that Pagefind has no stemmer for.
const GENERIC_WASM: &str = "wasm.unknown.pagefind";

/// Whether the site serves one of Pagefind's files: not its interfaces,
/// and the generic WebAssembly only when there is none for the language.
fn wanted(name: &str, has_language: bool) -> bool {
    match name {
        "pagefind.js" | "pagefind-worker.js" | "pagefind-entry.json" => true,
        GENERIC_WASM => !has_language,
        _ => {
            name.starts_with("wasm.")
                || name.ends_with(".pf_meta")
                || ["index/", "filter/", "fragment/"]
                    .iter()
                    .any(|dir| name.starts_with(dir))
        }
    }
}

/// How many records a fragment file holds, about.
const GROUP: usize = 16;

/// Indexes every record and returns Pagefind's files.
async fn build(
    records: &[Entry],
    language: String,
) -> Result<Vec<pagefind::api::SyntheticFile>, String> {
    // Records are bundled into fragment files of about GROUP records: one
    // file each would be tens of thousands of files on a big site, each
    // compressed on its own, while a search loads only a few of them.
    let groups = records.len().div_ceil(GROUP).max(1) as u32;
    let options = PagefindServiceConfig::builder()
        .force_language(language.clone())
        .keep_index_url(true)
        .max_fragments(groups)
        .build();
    let mut index = PagefindIndex::new(Some(options)).map_err(|e| format!("{e:#}"))?;
    let records = records
        .iter()
        .map(|entry| {
            let (meta, filters) = meta_and_filters(entry);
            CustomRecord {
                content: words(entry),
                url: entry.url.clone(),
                language: language.clone(),
                meta: Some(meta),
                filters: Some(filters),
                sort: None,
            }
        })
        .collect();
    let added = index
        .add_custom_records(records)
        .await
        .map_err(|e| format!("{e:#}"))?;
    for result in added {
        result.map_err(|e| format!("{e:#}"))?;
    }
    index.into_files().await.map_err(|e| format!("{e:#}"))
}

/// The words of a record: its name, then its text. Pagefind drops a record
/// without words, and shows its excerpt from them.
fn words(e: &Entry) -> String {
    if e.text.starts_with(e.name.trim_end_matches('…')) {
        e.text.clone()
    } else if e.text.is_empty() {
        e.name.clone()
    } else {
        format!("{}\n{}", e.name, e.text)
    }
}

type Meta = BTreeMap<String, String>;
type Filters = BTreeMap<String, Vec<String>>;

/// What a result shows besides its excerpt, and the `version` filter.
fn meta_and_filters(e: &Entry) -> (Meta, Filters) {
    let mut meta = Meta::new();
    let mut put = |key: &str, value: &str| {
        if !value.is_empty() {
            meta.insert(key.to_string(), value.to_string());
        }
    };
    put("title", &e.title);
    put("kind", &e.kind_label);
    put("context", &e.context);
    put("version", e.version.as_deref().unwrap_or(""));
    put("people", e.people.as_deref().unwrap_or(""));
    put("due", &e.deadlines.join("; "));
    let version = if e.current { "current" } else { "earlier" };
    let filters = Filters::from([("version".to_string(), vec![version.to_string()])]);
    (meta, filters)
}

fn failed(e: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::error(Code::Io, format!("cannot make the search index: {e}"))
}

#[cfg(test)]
mod tests {
    use super::wanted;

    #[test]
    fn pagefinds_interfaces_are_left_out() {
        for name in ["pagefind-ui.js", "pagefind-ui.css", "pagefind-highlight.js"] {
            assert!(!wanted(name, true), "{name}");
        }
        for name in [
            "pagefind.js",
            "wasm.en-gb.pagefind",
            "fragment/en-gb_1.pf_fragment",
        ] {
            assert!(wanted(name, true), "{name}");
        }
        assert!(!wanted("wasm.unknown.pagefind", true));
        assert!(wanted("wasm.unknown.pagefind", false));
    }
}
