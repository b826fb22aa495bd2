//! KPI charts, drawn at build time: an SVG line chart of a KPI's baseline
//! and results, in the order the plan lists them, with its target as a
//! marked point after them and a dashed line across, and a sentence that
//! states the trend in words from the same values.
//!
//! A KPI gets a chart when every value it gives (baseline, each result,
//! target) is a number and it gives at least two of them, one of them a
//! baseline or a result: a chart of some of its values would hide the
//! others, and one point is no trend. The table beside it stays the
//! primary form; the chart adds nothing the table does not hold.
//!
//! The SVG has no style attribute or element (the site's strict CSP): its
//! colours come from classes in `site.css`, and each kind of point has a
//! shape of its own and a label in words, so nothing is told by colour alone.

use serde::Serialize;
use svg::node::element::{Element, Group, Line, Path, Polyline, TSpan, Text, Title};
use svg::Document;

use crate::model::{number, Amount, Direction, Kpi, Terms};

/// The chart's drawing area, in SVG units; it scales with the page width.
const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 250.0;
const LEFT: f64 = 12.0;
const RIGHT: f64 = 12.0;
/// Room above the highest point for its value label.
const TOP: f64 = 34.0;
/// Room under the plot for two lines of labels.
const BOTTOM: f64 = 60.0;

/// A KPI's chart as a template shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// The inline `<svg>`, named by the summary's element (`summary_id`).
    pub svg_html: String,
    /// The trend in words: `Rose from 74% in 2024/25 to 76% in 2025/26;
    /// target 80% by 2029. Higher is better.`
    pub summary: String,
    pub summary_id: String,
}

/// What kind of value a point is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Baseline,
    Actual,
    Target,
}

/// One value of the chart, with the words the table shows for it.
#[derive(Debug, Clone)]
struct Point {
    kind: Kind,
    value: f64,
    /// The value with its unit: `76%`.
    text: String,
    /// The period (`2025/26`) of a baseline or a result; `by 2029` for a target.
    when: Option<String>,
}

impl Point {
    /// As the KPI table's cell writes it: `76% (2025/26)`, `80% by 2029`.
    fn cell_text(&self) -> String {
        match (&self.when, self.kind) {
            (None, _) => self.text.clone(),
            (Some(by), Kind::Target) => format!("{} {by}", self.text),
            (Some(period), _) => format!("{} ({period})", self.text),
        }
    }
}

/// The chart of `k`, when it qualifies (see the module's comment).
/// `target_by` is the target's deadline as the table shows it (`2029`).
pub fn chart(k: &Kpi, terms: &Terms, target_by: Option<&str>) -> Option<ChartView> {
    let points = points(k, target_by)?;
    let summary = summary(&points, k.direction);
    let summary_id = format!("kpi-chart-{}-summary", k.id);
    let svg_html = draw(&points, terms, &summary_id).to_string();
    Some(ChartView {
        svg_html,
        summary,
        summary_id,
    })
}

/// The KPI's values in chart order, or none when it does not qualify.
fn points(k: &Kpi, target_by: Option<&str>) -> Option<Vec<Point>> {
    let unit = k.unit.as_deref();
    let numeric = |kind, amount: &Amount, when: Option<String>| match amount {
        Amount::Number(n) => Some(Point {
            kind,
            value: *n,
            text: number(*n, unit),
            when,
        }),
        Amount::Words(_) => None,
    };
    let mut points = Vec::new();
    if let Some(b) = &k.baseline {
        points.push(numeric(Kind::Baseline, &b.value, b.period.clone())?);
    }
    for a in &k.actuals {
        points.push(numeric(Kind::Actual, &a.value, a.period.clone())?);
    }
    if points.is_empty() {
        return None;
    }
    if let Some(t) = &k.target {
        let by = target_by.map(|by| format!("by {by}"));
        points.push(numeric(Kind::Target, &t.value, by)?);
    }
    (points.len() >= 2).then_some(points)
}

/// The trend in one sentence, from the values as the table writes them.
fn summary(points: &[Point], direction: Option<Direction>) -> String {
    let series: Vec<&Point> = points.iter().filter(|p| p.kind != Kind::Target).collect();
    let at = |p: &Point| match &p.when {
        Some(period) => format!("{} in {period}", p.text),
        None => p.text.clone(),
    };
    let mut text = match series.as_slice() {
        [only] => format!("was {}", at(only)),
        [first, .., last] if series.iter().all(|p| p.value == first.value) => {
            match (&first.when, &last.when) {
                (Some(from), Some(to)) => format!("stayed at {} from {from} to {to}", first.text),
                _ => format!("stayed at {}", first.text),
            }
        }
        [first, middle @ .., last] => {
            let verb = if last.value > first.value {
                "rose"
            } else if last.value < first.value {
                "fell"
            } else {
                "went"
            };
            let through: Vec<String> = middle.iter().map(|p| at(p)).collect();
            match through.is_empty() {
                true => format!("{verb} from {} to {}", at(first), at(last)),
                false => format!(
                    "{verb} from {}, through {}, to {}",
                    at(first),
                    through.join(", "),
                    at(last)
                ),
            }
        }
        [] => String::new(),
    };
    if let Some(target) = points.iter().find(|p| p.kind == Kind::Target) {
        text.push_str(&format!("; target {}", target.cell_text()));
    }
    text.push('.');
    match direction {
        Some(Direction::HigherIsBetter) => text.push_str(" Higher is better."),
        Some(Direction::LowerIsBetter) => text.push_str(" Lower is better."),
        None => {}
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// A coordinate, written short and the same on every build.
fn c(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// The SVG of `points`: a line through the baseline and results, the
/// target as a diamond with a dashed line at its value.
fn draw(points: &[Point], terms: &Terms, summary_id: &str) -> Document {
    let (low, high) = range(points);
    let plot = HEIGHT - TOP - BOTTOM;
    let slot = (WIDTH - LEFT - RIGHT) / points.len() as f64;
    let x = |i: usize| LEFT + slot * (i as f64 + 0.5);
    let y = |v: f64| TOP + (high - v) / (high - low) * plot;
    let mut doc = Document::new()
        .set("viewBox", format!("0 0 {} {}", c(WIDTH), c(HEIGHT)))
        .set("class", "chart")
        .set("role", "img")
        .set("aria-labelledby", summary_id);
    let axis_y = HEIGHT - BOTTOM + 8.0;
    doc = doc.add(line("chart-axis", (LEFT, axis_y), (WIDTH - RIGHT, axis_y)));
    if let Some(t) = points.iter().find(|p| p.kind == Kind::Target) {
        let ty = y(t.value);
        let target_line = line("chart-target-line", (LEFT, ty), (WIDTH - RIGHT, ty))
            .set("stroke-dasharray", "6 4");
        doc = doc.add(target_line);
    }
    let series: Vec<String> = (points.iter().enumerate())
        .filter(|(_, p)| p.kind != Kind::Target)
        .map(|(i, p)| format!("{},{}", c(x(i)), c(y(p.value))))
        .collect();
    if series.len() > 1 {
        let polyline = Polyline::new()
            .set("class", "chart-line")
            .set("fill", "none")
            .set("points", series.join(" "));
        doc = doc.add(polyline);
    }
    for (i, p) in points.iter().enumerate() {
        doc = doc.add(point(p, (x(i), y(p.value))));
        doc = doc.add(label(p, terms, x(i), axis_y));
    }
    doc
}

/// The lowest and highest value shown, a little apart so that the labels
/// fit and a flat line sits in the middle.
fn range(points: &[Point]) -> (f64, f64) {
    let values = points.iter().map(|p| p.value);
    let low = values.clone().fold(f64::INFINITY, f64::min);
    let high = values.fold(f64::NEG_INFINITY, f64::max);
    let pad = if high > low {
        (high - low) * 0.1
    } else {
        low.abs().max(1.0) * 0.1
    };
    (low - pad, high + pad)
}

fn line(class: &str, from: (f64, f64), to: (f64, f64)) -> Line {
    Line::new()
        .set("class", class)
        .set("x1", c(from.0))
        .set("y1", c(from.1))
        .set("x2", c(to.0))
        .set("y2", c(to.1))
}

/// A point: a circle for a baseline or a result, a diamond for the target,
/// with its value written above it and, for mouse users, as its title.
fn point(p: &Point, (x, y): (f64, f64)) -> Group {
    let (class, mark): (&str, Element) = match p.kind {
        Kind::Target => {
            let d = format!("M{} {}l7 7l-7 7l-7 -7z", c(x), c(y - 7.0));
            ("chart-point chart-target", Path::new().set("d", d).into())
        }
        kind => {
            let class = match kind {
                Kind::Baseline => "chart-point chart-baseline",
                _ => "chart-point chart-actual",
            };
            let circle = svg::node::element::Circle::new()
                .set("cx", c(x))
                .set("cy", c(y))
                .set("r", 5);
            (class, circle.into())
        }
    };
    let value = Text::new(p.text.clone())
        .set("class", "chart-value")
        .set("x", c(x))
        .set("y", c(y - 12.0))
        .set("text-anchor", "middle");
    Group::new()
        .set("class", class)
        .set("data-value", c_value(p.value))
        .add(Title::new(p.cell_text()))
        .add(mark)
        .add(value)
}

/// A value as the data attribute carries it: the number, not rounded.
fn c_value(v: f64) -> String {
    format!("{v}")
}

/// The words under a point: its period (or `by 2029`), and for the
/// baseline and the target the plan's word for them.
fn label(p: &Point, terms: &Terms, x: f64, axis_y: f64) -> Text {
    let kind = match p.kind {
        Kind::Baseline => Some(terms.baseline.as_str()),
        Kind::Target => Some(terms.target.as_str()),
        Kind::Actual => None,
    };
    // The first line is the period, or the kind when there is none.
    let (first, second) = match (&p.when, kind) {
        (Some(when), kind) => (when.clone(), kind),
        (None, Some(kind)) => (kind.to_string(), None),
        (None, None) => (String::new(), None),
    };
    let mut text = Text::new(first)
        .set("class", "chart-label")
        .set("x", c(x))
        .set("y", c(axis_y + 20.0))
        .set("text-anchor", "middle");
    if let Some(kind) = second {
        text = text.add(
            TSpan::new(kind.to_string())
                .set("x", c(x))
                .set("dy", "1.3em"),
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Measure, Target};

    fn kpi(baseline: Option<Amount>, actuals: Vec<Amount>, target: Option<Amount>) -> Kpi {
        let measure = |value, period: &str| Measure {
            value,
            period: Some(period.to_string()),
        };
        Kpi {
            id: "ks2".into(),
            service_area: None,
            indicator: "Reading".into(),
            unit: Some("%".into()),
            direction: Some(Direction::HigherIsBetter),
            baseline: baseline.map(|b| measure(b, "2024/25")),
            target: target.map(|value| Target { value, by: None }),
            actuals: (actuals.into_iter().enumerate())
                .map(|(i, a)| measure(a, &format!("202{}/2{}", 5 + i, 6 + i)))
                .collect(),
            source: None,
            priority: None,
            notes: None,
        }
    }

    #[test]
    fn the_summary_states_the_trend_target_and_direction() {
        let n = Amount::Number;
        let k = kpi(Some(n(74.0)), vec![n(76.0)], Some(n(80.0)));
        let chart = chart(&k, &Terms::default(), Some("2029")).unwrap();
        assert_eq!(
            chart.summary,
            "Rose from 74% in 2024/25 to 76% in 2025/26; target 80% by 2029. Higher is better."
        );
        let k = kpi(Some(n(22.0)), vec![n(21.0), n(19.5)], None);
        let chart = super::chart(&k, &Terms::default(), None).unwrap();
        assert_eq!(
            chart.summary,
            "Fell from 22% in 2024/25, through 21% in 2025/26, to 19.5% in 2026/27. Higher is better."
        );
    }

    #[test]
    fn words_or_a_single_value_get_no_chart() {
        let (n, w) = (Amount::Number, |s: &str| Amount::Words(s.into()));
        let terms = Terms::default();
        assert!(chart(&kpi(Some(n(74.0)), vec![], None), &terms, None).is_none());
        assert!(chart(&kpi(None, vec![], Some(n(80.0))), &terms, None).is_none());
        let mixed = kpi(Some(w("low")), vec![n(76.0)], Some(n(80.0)));
        assert!(chart(&mixed, &terms, None).is_none());
        let target_words = kpi(Some(n(74.0)), vec![n(76.0)], Some(w("more")));
        assert!(chart(&target_words, &terms, None).is_none());
        assert!(chart(&kpi(Some(n(74.0)), vec![], Some(n(80.0))), &terms, None).is_some());
        let flat = chart(&kpi(Some(n(74.0)), vec![n(74.0)], None), &terms, None).unwrap();
        assert_eq!(
            flat.summary,
            "Stayed at 74% from 2024/25 to 2025/26. Higher is better."
        );
    }

    #[test]
    fn the_svg_carries_each_value_and_no_style() {
        let n = Amount::Number;
        let k = kpi(Some(n(74.0)), vec![n(76.0)], Some(n(80.0)));
        let svg = chart(&k, &Terms::default(), Some("2029")).unwrap().svg_html;
        assert!(svg.contains("<title>74% (2024/25)</title>"), "{svg}");
        assert!(svg.contains("<title>76% (2025/26)</title>"), "{svg}");
        assert!(svg.contains("<title>80% by 2029</title>"), "{svg}");
        assert!(svg.contains(r#"data-value="80""#), "{svg}");
        assert!(!svg.contains("style"), "{svg}");
    }
}
