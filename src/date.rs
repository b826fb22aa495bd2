//! Dates and deadlines as plans write them.
//!
//! Plans give deadlines as exact dates (`31/07/2026` or `2026-07-31`), months
//! (`July 2026`, `2026-07`), years (`2026`), academic years (`2026/27`), terms
//! (`Summer 2026`) or recurring kinds (`ongoing`, `annual`, `termly`). Each
//! parses to a [`Due`] that knows how to display itself, what machine-readable
//! `datetime` it has, and when it ends, so deadlines can be sorted.

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// The forms accepted, for error messages.
pub const DUE_FORMS: &str = "a date such as 31/07/2026 or 2026-07-31, a month such as July 2026, \
a year such as 2026, an academic year such as 2026/27, a term such as Summer 2026, \
or one of: ongoing, annual, termly, quarterly, monthly";

/// The forms accepted for a plain date.
pub const DATE_FORMS: &str = "a date such as 31/07/2026 (day/month/year) or 2026-07-31";

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A school term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Term {
    Spring,
    Summer,
    Autumn,
}

/// Work that has no single deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Recurring {
    Ongoing,
    Annual,
    Termly,
    Quarterly,
    Monthly,
}

/// When something is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Due {
    Date(NaiveDate),
    Month {
        year: i32,
        month: u32,
    },
    Year(i32),
    /// The academic year that starts in September of this year.
    AcademicYear(i32),
    Term {
        term: Term,
        year: i32,
        /// Written with the word: `Summer term 2026` rather than `Summer
        /// 2026` (a season, to most councils), and shown as written.
        named: bool,
    },
    Recurring(Recurring),
}

/// Why a date did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    pub value: String,
    pub reason: String,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a date planpress can read: {}",
            self.value, self.reason
        )
    }
}

impl std::error::Error for DateError {}

/// Parses an exact date, ISO (`2026-07-31`) or UK (`31/07/2026`).
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let value = text.trim();
    let fail = |reason: &str| DateError {
        value: value.to_string(),
        reason: reason.to_string(),
    };
    let (year, month, day) = if let Some((d, m, y)) = split3(value, '/') {
        if y.len() != 4 {
            return Err(fail("the year must have four digits, as in 31/07/2026"));
        }
        (y, m, d)
    } else if let Some((y, m, d)) = split3(value, '-') {
        if y.len() != 4 {
            return Err(fail("an ISO date is year-month-day, as in 2026-07-31"));
        }
        (y, m, d)
    } else {
        return Err(fail(&format!("expected {DATE_FORMS}")));
    };
    let (Ok(year), Ok(month), Ok(day)) = (
        year.parse::<i32>(),
        month.parse::<u32>(),
        day.parse::<u32>(),
    ) else {
        return Err(fail(&format!("expected {DATE_FORMS}")));
    };
    if !(1..=12).contains(&month) {
        return Err(fail(&format!(
            "there is no month {month}; months run from 1 to 12"
        )));
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        fail(&format!(
            "{} {} has no day {day}",
            MONTHS[month as usize - 1],
            year
        ))
    })
}

/// Splits `a?b?c` into three all-digit parts.
fn split3(value: &str, sep: char) -> Option<(&str, &str, &str)> {
    let mut parts = value.split(sep);
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    (digits(a) && digits(b) && digits(c)).then_some((a, b, c))
}

impl Due {
    /// Parses any of the forms in [`DUE_FORMS`].
    pub fn parse(text: &str) -> Result<Due, DateError> {
        let value = text.trim();
        let lower = value.to_ascii_lowercase();
        let recurring = match lower.as_str() {
            "ongoing" => Some(Recurring::Ongoing),
            "annual" | "annually" | "yearly" => Some(Recurring::Annual),
            "termly" => Some(Recurring::Termly),
            "quarterly" => Some(Recurring::Quarterly),
            "monthly" => Some(Recurring::Monthly),
            _ => None,
        };
        if let Some(r) = recurring {
            return Ok(Due::Recurring(r));
        }
        if value.matches('/').count() == 2 || value.matches('-').count() == 2 {
            return parse_date(value).map(Due::Date);
        }
        if let Some(due) = parse_academic_year(value) {
            return due;
        }
        if let Some((y, m)) = value.split_once('-') {
            if let (Ok(year), Ok(month)) = (y.parse::<i32>(), m.parse::<u32>()) {
                if y.len() == 4 && (1..=12).contains(&month) {
                    return Ok(Due::Month { year, month });
                }
            }
        }
        if value.len() == 4 {
            if let Ok(year) = value.parse::<i32>() {
                return Ok(Due::Year(year));
            }
        }
        // `Summer term 2026`, as plans write a term (and as a term is shown).
        let words: Vec<&str> = value.split_whitespace().collect();
        if let [term, middle, year] = words[..] {
            if middle.eq_ignore_ascii_case("term") {
                return match Due::parse(&format!("{term} {year}")) {
                    Ok(Due::Term { term, year, .. }) => Ok(Due::Term {
                        term,
                        year,
                        named: true,
                    }),
                    _ => Err(DateError {
                        value: value.to_string(),
                        reason: format!("expected {DUE_FORMS}"),
                    }),
                };
            }
        }
        if let Some((word, year)) = value.split_once(' ') {
            if let Ok(year) = year.trim().parse::<i32>() {
                let word = word.to_ascii_lowercase();
                if let Some(month) = month_from_name(&word) {
                    return Ok(Due::Month { year, month });
                }
                let term = match word.as_str() {
                    "spring" => Some(Term::Spring),
                    "summer" => Some(Term::Summer),
                    "autumn" => Some(Term::Autumn),
                    _ => None,
                };
                if let Some(term) = term {
                    return Ok(Due::Term {
                        term,
                        year,
                        named: false,
                    });
                }
            }
        }
        Err(DateError {
            value: value.to_string(),
            reason: format!("expected {DUE_FORMS}"),
        })
    }

    /// The last day this deadline allows; recurring work has none.
    pub fn ends(&self) -> Option<NaiveDate> {
        match *self {
            Due::Date(d) => Some(d),
            Due::Month { year, month } => last_day_of_month(year, month),
            Due::Year(year) => NaiveDate::from_ymd_opt(year, 12, 31),
            Due::AcademicYear(start) => NaiveDate::from_ymd_opt(start + 1, 8, 31),
            Due::Term { term, year, .. } => match term {
                Term::Spring => NaiveDate::from_ymd_opt(year, 3, 31),
                Term::Summer => NaiveDate::from_ymd_opt(year, 7, 31),
                Term::Autumn => NaiveDate::from_ymd_opt(year, 12, 31),
            },
            Due::Recurring(_) => None,
        }
    }

    /// A value for `<time datetime>`, where the HTML standard has a form for it.
    pub fn datetime(&self) -> Option<String> {
        match *self {
            Due::Date(d) => Some(d.format("%Y-%m-%d").to_string()),
            Due::Month { year, month } => Some(format!("{year:04}-{month:02}")),
            Due::Year(year) => Some(format!("{year:04}")),
            Due::AcademicYear(_) | Due::Term { .. } | Due::Recurring(_) => None,
        }
    }

    /// The short form a communications team would write (`31/07/2026`), used
    /// in comparisons and open data.
    pub fn source_form(&self) -> String {
        match *self {
            Due::Date(d) => d.format("%d/%m/%Y").to_string(),
            Due::AcademicYear(start) => format!("{:04}/{:02}", start, (start + 1) % 100),
            _ => self.to_string(),
        }
    }
}

fn parse_academic_year(value: &str) -> Option<Result<Due, DateError>> {
    let (a, b) = value.split_once('/')?;
    let start: i32 = a.parse().ok()?;
    if a.len() != 4 || !(b.len() == 2 || b.len() == 4) || !b.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let end: i32 = b.parse().ok()?;
    let follows = if b.len() == 2 {
        (start + 1) % 100 == end
    } else {
        start + 1 == end
    };
    Some(if follows {
        Ok(Due::AcademicYear(start))
    } else {
        Err(DateError {
            value: value.to_string(),
            reason: format!(
                "an academic year runs over two consecutive years, as in {}/{:02}",
                start,
                (start + 1) % 100
            ),
        })
    })
}

fn month_from_name(word: &str) -> Option<u32> {
    MONTHS
        .iter()
        .position(|m| {
            let m = m.to_ascii_lowercase();
            word == m || (word.len() >= 3 && m.starts_with(word))
        })
        .map(|i| i as u32 + 1)
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1).and_then(|d| d.pred_opt())
}

/// The day a build is for, which "overdue" is measured against: the day (in
/// UTC) of `SOURCE_DATE_EPOCH`, seconds since 1970, when it is set to a
/// whole number, so that a build can be repeated byte for byte; otherwise
/// today's date (UTC). The one place planpress reads the clock for a page.
pub fn today() -> NaiveDate {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let at = epoch.and_then(|s| s.trim().parse::<i64>().ok());
    at.and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(chrono::Utc::now)
        .date_naive()
}

/// `31 July 2026`, the GOV.UK style for dates.
pub fn display_date(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

impl fmt::Display for Due {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Due::Date(d) => f.write_str(&display_date(d)),
            Due::Month { year, month } => write!(f, "{} {}", MONTHS[month as usize - 1], year),
            Due::Year(year) => write!(f, "{year:04}"),
            // As plans write them: `2026/27` is an academic year to a school
            // and a financial one to a council, so no word is added.
            Due::AcademicYear(start) => write!(f, "{:04}/{:02}", start, (start + 1) % 100),
            Due::Term {
                term,
                year,
                named: true,
            } => write!(f, "{term:?} term {year}"),
            Due::Term { term, year, .. } => write!(f, "{term:?} {year}"),
            Due::Recurring(r) => f.write_str(match r {
                Recurring::Ongoing => "Ongoing",
                Recurring::Annual => "Annual",
                Recurring::Termly => "Termly",
                Recurring::Quarterly => "Quarterly",
                Recurring::Monthly => "Monthly",
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_term_reads_back_and_is_shown_as_written() {
        for written in ["Summer 2021", "Autumn term 2025", "2026/27"] {
            let due = Due::parse(written).unwrap();
            assert_eq!(Due::parse(&due.source_form()).unwrap(), due);
            assert_eq!(due.to_string(), written);
        }
        // The same term either way, for sorting.
        assert_eq!(
            Due::parse("Autumn term 2025").unwrap().ends(),
            Due::parse("Autumn 2025").unwrap().ends()
        );
    }

    #[test]
    fn parses_every_documented_form() {
        let cases = [
            ("31/07/2026", Due::Date(ymd(2026, 7, 31))),
            ("1/9/2025", Due::Date(ymd(2025, 9, 1))),
            ("2026-07-31", Due::Date(ymd(2026, 7, 31))),
            (
                "July 2026",
                Due::Month {
                    year: 2026,
                    month: 7,
                },
            ),
            (
                "Oct 2020",
                Due::Month {
                    year: 2020,
                    month: 10,
                },
            ),
            (
                "2026-07",
                Due::Month {
                    year: 2026,
                    month: 7,
                },
            ),
            ("2025", Due::Year(2025)),
            ("2026/27", Due::AcademicYear(2026)),
            ("2026/2027", Due::AcademicYear(2026)),
            (
                "Summer 2019",
                Due::Term {
                    term: Term::Summer,
                    year: 2019,
                    named: false,
                },
            ),
            ("ongoing", Due::Recurring(Recurring::Ongoing)),
            ("Ongoing", Due::Recurring(Recurring::Ongoing)),
            ("annual", Due::Recurring(Recurring::Annual)),
        ];
        for (text, expected) in cases {
            assert_eq!(Due::parse(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn rejects_impossible_and_malformed_dates_with_a_reason() {
        let cases = [
            ("31/02/2026", "February 2026 has no day 31"),
            ("12/13/2026", "there is no month 13"),
            ("31/03/026", "four digits"),
            ("21/10//2025", "expected"),
            ("2026/28", "consecutive"),
            ("soon", "expected"),
        ];
        for (text, reason) in cases {
            let err = Due::parse(text).unwrap_err();
            assert!(err.reason.contains(reason), "{text}: {}", err.reason);
            assert_eq!(err.value, text);
        }
    }

    #[test]
    fn uk_and_iso_forms_round_trip_through_display_forms() {
        for day in 0..800 {
            let date = ymd(2025, 1, 1) + chrono::Days::new(day);
            let due = Due::Date(date);
            assert_eq!(Due::parse(&due.source_form()), Ok(due));
            assert_eq!(Due::parse(&due.datetime().unwrap()), Ok(due));
        }
    }

    #[test]
    fn ends_orders_deadlines_by_their_last_day() {
        assert_eq!(
            Due::parse("2026/27").unwrap().ends(),
            Some(ymd(2027, 8, 31))
        );
        assert_eq!(
            Due::parse("Feb 2028").unwrap().ends(),
            Some(ymd(2028, 2, 29))
        );
        assert_eq!(
            Due::parse("December 2026").unwrap().ends(),
            Some(ymd(2026, 12, 31))
        );
        assert_eq!(Due::parse("ongoing").unwrap().ends(), None);
    }

    #[test]
    fn displays_dates_in_gov_uk_style() {
        assert_eq!(
            Due::parse("01/09/2025").unwrap().to_string(),
            "1 September 2025"
        );
        // A year that spans two is shown as written, not named.
        assert_eq!(Due::parse("2026/27").unwrap().to_string(), "2026/27");
    }
}
