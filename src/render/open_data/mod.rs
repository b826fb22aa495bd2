//! Open data: each version's actions, KPIs and whole content as files
//! (`actions.csv`, `kpis.csv`, `plan.json`) at the version's permanent
//! address, with copies of the current version's at the plan's own
//! address, and the "Download this plan's data" list that links them with
//! the size of the bytes written.

pub mod csv;
pub mod json;

use serde::Serialize;

use super::views::PlanUrls;
use crate::model::{Plan, PlanVersion, SiteConfig};

/// One of a version's data files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataFile {
    ActionsCsv,
    KpisCsv,
    PlanJson,
}

impl DataFile {
    pub const ALL: [DataFile; 3] = [DataFile::ActionsCsv, DataFile::KpisCsv, DataFile::PlanJson];

    /// Its name in the version's folder.
    pub fn name(self) -> &'static str {
        match self {
            DataFile::ActionsCsv => "actions.csv",
            DataFile::KpisCsv => "kpis.csv",
            DataFile::PlanJson => "plan.json",
        }
    }

    /// Whether a version has this file: a version without actions has no
    /// `actions.csv`, one without KPIs no `kpis.csv`, as it has no pages
    /// for them.
    pub fn exists_for(self, v: &PlanVersion) -> bool {
        match self {
            DataFile::ActionsCsv => v.action_count() > 0,
            DataFile::KpisCsv => !v.kpis.is_empty(),
            DataFile::PlanJson => true,
        }
    }

    fn describe(self) -> (&'static str, &'static str, &'static str) {
        match self {
            DataFile::ActionsCsv => ("Actions, one row each", "CSV", "text/csv"),
            DataFile::KpisCsv => (
                "Key performance indicators, one row each",
                "CSV",
                "text/csv",
            ),
            DataFile::PlanJson => ("The whole plan", "JSON", "application/json"),
        }
    }
}

/// A version's data files with their bytes, in [`DataFile::ALL`] order.
pub type VersionData = Vec<(DataFile, Vec<u8>)>;

/// A data file's address under `urls` (the version's or the plan's root).
pub fn url(urls: &PlanUrls, file: DataFile) -> String {
    format!("{}{}", urls.root, file.name())
}

/// `path` (with the base path) as a full address on the site's host.
pub fn absolute(config: &SiteConfig, path: &str) -> String {
    let host = config
        .base_url
        .trim_end_matches(config.base_path.trim_end_matches('/'));
    format!("{host}{path}")
}

/// The bytes of one version's data files, whichever address they are at:
/// the copies at the plan's address are the same bytes.
pub fn bytes(config: &SiteConfig, plan: &Plan, v: &PlanVersion, file: DataFile) -> Vec<u8> {
    match file {
        DataFile::ActionsCsv => csv::actions(v),
        DataFile::KpisCsv => csv::kpis(v),
        DataFile::PlanJson => {
            let home = PlanUrls::permanent(&config.base_path, plan, &v.id).home();
            let urls = json::JsonUrls {
                schema: format!("{}/{}", config.base_url, json::SCHEMA_PATH),
                version: absolute(config, &home),
            };
            json::plan_json(v, &urls)
        }
    }
}

/// The "Download this plan's data" list of a version's overview.
#[derive(Debug, Serialize)]
pub struct Downloads {
    pub files: Vec<Download>,
    /// At the plan's own address: these files are always the current
    /// version's.
    pub current: bool,
    pub schema_url: String,
}

#[derive(Debug, Serialize)]
pub struct Download {
    pub name: &'static str,
    pub title: &'static str,
    pub url: String,
    pub format: &'static str,
    pub mime: &'static str,
    /// `14.2 KB`: the bytes written, in units of 1,024, to one decimal.
    pub size: String,
    pub bytes: usize,
}

impl Downloads {
    /// `sizes` are each file's length in bytes, where the version has it.
    pub fn new(base: &str, urls: &PlanUrls, sizes: &[(DataFile, usize)], current: bool) -> Self {
        Downloads {
            files: sizes
                .iter()
                .map(|&(file, bytes)| {
                    let (title, format, mime) = file.describe();
                    Download {
                        name: file.name(),
                        title,
                        url: url(urls, file),
                        format,
                        mime,
                        size: size(bytes),
                        bytes,
                    }
                })
                .collect(),
            current,
            schema_url: format!("{base}{}", json::SCHEMA_PATH),
        }
    }
}

/// A size as people read it: `0.4 KB`, `14.2 KB`, never `0.0 KB`.
pub fn size(bytes: usize) -> String {
    let tenths = (bytes as f64 / 102.4).ceil().max(1.0);
    format!("{:.1} KB", tenths / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_round_up_to_a_tenth_of_a_kilobyte() {
        assert_eq!(size(1), "0.1 KB");
        assert_eq!(size(1024), "1.0 KB");
        assert_eq!(size(1025), "1.1 KB");
        assert_eq!(size(14_540), "14.2 KB");
    }
}
