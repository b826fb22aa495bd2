//! Atom feeds of new versions: one per plan (`/<plan>/feed.xml`) and one
//! for the site (`/feed.xml`), written with `atom_syndication`. An entry is
//! a version that is published: not a draft, and with a `published` date,
//! which is the entry's date. A feed says it was updated when its newest
//! entry was published, never when it was built, so the same sources give
//! the same bytes; a feed with no entry would have no such date, so a plan
//! none of whose versions is published has no feed.

use atom_syndication::{Entry, Feed, FixedDateTime, Generator, Link, Person, Text, WriteConfig};
use serde::Serialize;

use super::open_data::absolute;
use super::pages::plan_comparison_pairs;
use super::views::PlanUrls;
use crate::model::{Content, Plan, PlanVersion, SiteConfig, Status};

/// The file name of every feed, in its folder.
pub const FEED: &str = "feed.xml";

/// Whether a version is in the feeds.
pub fn in_feed(v: &PlanVersion) -> bool {
    v.status != Status::Draft && v.published.is_some()
}

/// Whether a plan has a feed: some version of it is published.
pub fn has_feed(plan: &Plan) -> bool {
    plan.versions.iter().any(in_feed)
}

/// Which feeds exist, as the addresses pages link them by.
#[derive(Debug, Clone, Default)]
pub struct Feeds {
    pub site: Option<String>,
    /// By plan index.
    pub plans: Vec<Option<String>>,
}

/// The feeds a page links from its head.
#[derive(Debug, Serialize)]
pub struct PageFeeds<'a> {
    pub site: Option<&'a str>,
    pub plan: Option<&'a str>,
}

impl Feeds {
    pub fn of(content: &Content) -> Feeds {
        let base = &content.config.base_path;
        let plans: Vec<Option<String>> = content
            .plans
            .iter()
            .map(|p| has_feed(p).then(|| plan_feed_url(base, p)))
            .collect();
        let site = plans
            .iter()
            .any(Option::is_some)
            .then(|| format!("{base}{FEED}"));
        Feeds { site, plans }
    }

    /// The site's feed, and the plan's when the page is one of a plan's.
    pub fn for_page(&self, plan: Option<usize>) -> PageFeeds<'_> {
        PageFeeds {
            site: self.site.as_deref(),
            plan: plan.and_then(|p| self.plans[p].as_deref()),
        }
    }
}

/// `/<plan>/feed.xml`, with the base path.
pub fn plan_feed_url(base: &str, plan: &Plan) -> String {
    format!("{}{FEED}", PlanUrls::new(base, plan).plan_root)
}

/// One entry, with what orders entries: newest first, then by plan and
/// version id.
struct Dated {
    key: (chrono::NaiveDate, String, String),
    entry: Entry,
}

/// The entries of one plan's published versions.
fn plan_entries(content: &Content, p: usize) -> Vec<Dated> {
    let config = &content.config;
    let plan = &content.plans[p];
    let urls = PlanUrls::new(&config.base_path, plan);
    let pairs = plan_comparison_pairs(content, p);
    plan.versions
        .iter()
        .enumerate()
        .filter(|(_, v)| in_feed(v))
        .map(|(i, v)| {
            let date = v.published.expect("in a feed");
            let home = PlanUrls::permanent(&config.base_path, plan, &v.id).home();
            let mut links = vec![link(
                absolute(config, &home),
                "alternate",
                "text/html",
                None,
            )];
            // The comparison with the version it is based on, when it has a page.
            let base = v.based_on.as_deref().and_then(|b| {
                let from = plan.versions.iter().position(|o| o.id == b)?;
                pairs
                    .contains(&(p, from, i))
                    .then_some(&plan.versions[from])
            });
            if let Some(from) = base {
                let url = absolute(config, &urls.comparison(&from.id, &v.id));
                let title = format!("Changes from {}", from.label);
                links.push(link(url, "related", "text/html", Some(title)));
            }
            let when = instant(date);
            let entry = Entry {
                title: Text::plain(format!("{}: {}", v.title, v.label)),
                id: absolute(config, &home),
                updated: when,
                published: Some(when),
                links,
                summary: v.change_note.as_deref().map(Text::plain),
                ..Default::default()
            };
            Dated {
                key: (date, plan.id.clone(), v.id.clone()),
                entry,
            }
        })
        .collect()
}

fn link(href: String, rel: &str, mime: &str, title: Option<String>) -> Link {
    Link {
        href,
        rel: rel.to_string(),
        mime_type: Some(mime.to_string()),
        title,
        ..Default::default()
    }
}

/// Midnight UTC at the start of `date`.
fn instant(date: chrono::NaiveDate) -> FixedDateTime {
    date.and_time(chrono::NaiveTime::MIN)
        .and_utc()
        .fixed_offset()
}

/// A feed of `entries`, newest first; `None` when there are none.
fn feed(
    config: &SiteConfig,
    title: String,
    self_path: &str,
    home_path: &str,
    mut entries: Vec<Dated>,
) -> Option<Vec<u8>> {
    entries.sort_by(|a, b| {
        b.key
            .0
            .cmp(&a.key.0)
            .then_with(|| a.key.1.cmp(&b.key.1))
            .then_with(|| a.key.2.cmp(&b.key.2))
    });
    let updated = entries.first()?.entry.updated;
    let feed = Feed {
        title: Text::plain(title),
        id: absolute(config, self_path),
        updated,
        authors: vec![Person {
            name: config.organisation.clone(),
            ..Default::default()
        }],
        generator: Some(Generator {
            value: "planpress".to_string(),
            ..Default::default()
        }),
        links: vec![
            link(
                absolute(config, self_path),
                "self",
                "application/atom+xml",
                None,
            ),
            link(absolute(config, home_path), "alternate", "text/html", None),
        ],
        lang: Some(config.language.clone()),
        entries: entries.into_iter().map(|d| d.entry).collect(),
        ..Default::default()
    };
    let write = WriteConfig {
        write_document_declaration: true,
        indent_size: Some(2),
    };
    let mut bytes = feed
        .write_with_config(Vec::new(), write)
        .expect("writes to memory");
    bytes.push(b'\n');
    Some(bytes)
}

/// The feed of plan `p`'s published versions, if it has any.
pub fn plan_feed(content: &Content, p: usize) -> Option<Vec<u8>> {
    let config = &content.config;
    let plan = &content.plans[p];
    let title = format!("{}: new versions", plan.latest().title);
    let home = PlanUrls::new(&config.base_path, plan).home();
    let self_path = plan_feed_url(&config.base_path, plan);
    feed(config, title, &self_path, &home, plan_entries(content, p))
}

/// The feed of every plan's published versions, if any is.
pub fn site_feed(content: &Content) -> Option<Vec<u8>> {
    let config = &content.config;
    let entries = (0..content.plans.len())
        .flat_map(|p| plan_entries(content, p))
        .collect();
    let title = format!("{}: new versions of plans", config.title);
    let self_path = format!("{}{FEED}", config.base_path);
    feed(config, title, &self_path, &config.base_path, entries)
}
