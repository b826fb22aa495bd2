//! No source can put a script on a page: `tests/fixtures/hostile-fields/`
//! carries a payload (`"><script>`, `<img onerror>`, `' onmouseover=`,
//! `javascript:`, `</title>`, `<!--`) in every field a user writes, and
//! Markdown links and images with `javascript:` (in mixed case, with an
//! entity, after a space), `data:` and `vbscript:` addresses. Every built
//! page is read with html5ever's tokenizer, as a browser reads it, and
//! must hold no script but the theme's files, no `on*` attribute, no
//! address with a scheme that runs code, and nothing that frames, embeds or
//! redirects; the payload must still be there as text.

use std::cell::RefCell;
use std::path::Path;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, CharacterTokens, CommentToken, StartTag, TagToken, Token, TokenSink,
    TokenSinkResult, Tokenizer, TokenizerOpts,
};

use crate::support::SiteTest;

/// What a page holds that could run code, and its text.
#[derive(Default)]
struct Findings {
    problems: Vec<String>,
    text: String,
    /// Whether a `<main>` start tag was read: a field that opened a comment
    /// or a raw-text element would hide the rest of the page, and what
    /// it hides would go unchecked.
    main: bool,
}

struct Sink(RefCell<Findings>);

/// A scheme that runs code or carries a document, read as browsers read an
/// address: leading blanks and control characters, and tabs and newlines
/// anywhere, ignored; any case.
fn dangerous_scheme(url: &str) -> bool {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "data:", "vbscript:"]
        .iter()
        .any(|s| cleaned.starts_with(s))
}

const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "srcset",
    "poster",
    "cite",
    "data",
    "background",
];
const FORBIDDEN_ELEMENTS: &[&str] = &[
    "iframe", "frame", "object", "embed", "base", "applet", "style",
];

impl Sink {
    fn check_tag(&self, tag: &html5ever::tokenizer::Tag) {
        let mut found = self.0.borrow_mut();
        let name = tag.name.to_string();
        let attr = |n: &str| {
            tag.attrs
                .iter()
                .find(|a| &*a.name.local == n)
                .map(|a| a.value.to_string())
        };
        if name == "script" {
            let own = attr("src").is_some_and(|s| {
                s.starts_with("/assets/") && s.ends_with(".js") && !s.contains(':')
            });
            if !own {
                found
                    .problems
                    .push(format!("a script that is not the theme's: {tag:?}"));
            }
        }
        if FORBIDDEN_ELEMENTS.contains(&name.as_str()) {
            found.problems.push(format!("a <{name}> element"));
        }
        if name == "meta"
            && attr("http-equiv")
                .is_some_and(|v| !v.eq_ignore_ascii_case("content-security-policy"))
        {
            found.problems.push(format!(
                "a <meta http-equiv> other than the policy: {tag:?}"
            ));
        }
        for a in &tag.attrs {
            let local = a.name.local.to_ascii_lowercase();
            if local.starts_with("on") {
                found
                    .problems
                    .push(format!("an `{local}` attribute on <{name}>"));
            }
            if URL_ATTRIBUTES.contains(&local.as_str()) && dangerous_scheme(&a.value) {
                found
                    .problems
                    .push(format!("<{name} {local}=\"{}\">", a.value));
            }
        }
    }
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            TagToken(tag) if tag.kind == StartTag => {
                self.check_tag(&tag);
                if &*tag.name == "main" {
                    self.0.borrow_mut().main = true;
                }
                // The states the tree builder would switch the tokenizer to.
                match &*tag.name {
                    "title" | "textarea" => return TokenSinkResult::RawData(RawKind::Rcdata),
                    "script" => return TokenSinkResult::RawData(RawKind::ScriptData),
                    "style" | "noscript" => return TokenSinkResult::RawData(RawKind::Rawtext),
                    _ => {}
                }
            }
            CharacterTokens(text) => self.0.borrow_mut().text.push_str(&text),
            // The themes' pages are minified and hold no comment; one that
            // holds the payload was opened by a field's `<!--`.
            CommentToken(text) if text.contains("alert(") => {
                let mut found = self.0.borrow_mut();
                found.problems.push(format!(
                    "a comment opened by a field: {}",
                    text.chars().take(80).collect::<String>()
                ));
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

fn read_page(path: &Path) -> Findings {
    let html = std::fs::read_to_string(path).unwrap();
    let tokenizer = Tokenizer::new(Sink(RefCell::default()), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html.as_str()));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.into_inner()
}

#[test]
fn no_field_of_the_sources_puts_a_script_on_a_page() {
    let site = SiteTest::fixture("hostile-fields");
    let outcome = site.run(&["build", "--quiet"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let mut pages = 0;
    let mut problems = Vec::new();
    let mut payload_shown = 0;
    for entry in walkdir::WalkDir::new(site.path().join("public")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let found = read_page(entry.path());
        let rel = entry
            .path()
            .strip_prefix(site.path())
            .unwrap()
            .display()
            .to_string();
        if !found.main {
            problems.push(format!("{rel}: no <main> read: the page is cut short"));
        }
        problems.extend(found.problems.into_iter().map(|p| format!("{rel}: {p}")));
        if found
            .text
            .contains("\"><script>alert(1)</script><img src=x onerror=alert(1)>")
        {
            payload_shown += 1;
        }
    }
    assert!(pages > 10, "the fixture builds its pages ({pages})");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The payload reached the pages, as text: the check above had something to find.
    assert!(
        payload_shown * 2 > pages,
        "the payload is shown as text on {payload_shown} of {pages} pages"
    );
}

#[test]
fn a_script_scheme_in_a_navigation_link_is_a_located_error() {
    let site = SiteTest::fixture("minimal");
    let config = site.read("content/site.yaml");
    for url in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " data:text/html,x",
        "\tvbscript:x",
        "java\nscript:alert(1)",
    ] {
        let quoted = format!("{url:?}");
        site.write(
            "content/site.yaml",
            &config.replace("url: /accessibility/", &format!("url: {quoted}")),
        );
        let outcome = site.run(&["build", "--quiet"]);
        assert_eq!(outcome.code, 1, "{url:?} refused:\n{}", outcome.stderr);
        assert!(
            outcome.stderr.contains("a navigation link may not use the"),
            "{}",
            outcome.stderr
        );
        assert!(
            outcome.stderr.contains("content/site.yaml:"),
            "located: {}",
            outcome.stderr
        );
        assert!(outcome.stderr.contains("hint:"), "{}", outcome.stderr);
    }
}
