//! The page's charts: inline SVG built with the same maud templates as the page, so every
//! label is escaped by the template engine. No script, no external reference, no `url()`:
//! colours come from the page's style sheet through classes, so the charts follow the light
//! and dark schemes. Each chart is `role="img"` with an `aria-label`, a `<title>` and a
//! `<desc>` that says in words what it draws; the numbers are also in a table next to it.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use maud::{Markup, html};

use crate::format::Clock;

/// A coordinate, short.
pub fn f(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// A linear time axis between two instants, onto `[x0, x1]`.
#[derive(Clone, Copy, Debug)]
pub struct Axis {
    pub from: Timestamp,
    pub to: Timestamp,
    pub x0: f64,
    pub x1: f64,
}

impl Axis {
    /// An axis covering the instants, padded by a small margin on both sides.
    pub fn around(times: &[Timestamp], x0: f64, x1: f64) -> Option<Axis> {
        let from = *times.iter().min()?;
        let to = *times.iter().max()?;
        let span = (to.as_second() - from.as_second()).max(86_400);
        let pad = span / 25;
        Some(Axis {
            from: Timestamp::from_second(from.as_second() - pad).ok()?,
            to: Timestamp::from_second(to.as_second() + pad).ok()?,
            x0,
            x1,
        })
    }

    pub fn x(&self, t: Timestamp) -> f64 {
        let span = (self.to.as_second() - self.from.as_second()).max(1) as f64;
        let at = (t.as_second() - self.from.as_second()) as f64 / span;
        self.x0 + at.clamp(0.0, 1.0) * (self.x1 - self.x0)
    }

    pub fn contains(&self, t: Timestamp) -> bool {
        t >= self.from && t <= self.to
    }

    /// Calendar-aligned ticks with labels, in the page's time zone: years, months, days or
    /// hours, at most about seven.
    pub fn ticks(&self, tz: &TimeZone) -> Vec<(Timestamp, String)> {
        let days = (self.to.as_second() - self.from.as_second()) as f64 / 86_400.0;
        let start = self.from.to_zoned(tz.clone());
        let mut out = Vec::new();
        let mut push = |date: Date, label: String| {
            if let Ok(z) = date.to_zoned(tz.clone())
                && self.contains(z.timestamp())
            {
                out.push((z.timestamp(), label));
            }
        };
        if days > 3.0 * 365.0 {
            let years = days / 365.25;
            let step = [1, 2, 5, 10, 20, 50]
                .into_iter()
                .find(|s| years / f64::from(*s) <= 7.0)
                .unwrap_or(100);
            let first = start.year() + 1;
            let first = first + (step - first.rem_euclid(step)) % step;
            let mut y = first;
            while y <= self.to.to_zoned(tz.clone()).year() {
                if let Ok(d) = Date::new(y, 1, 1) {
                    push(d, y.to_string());
                }
                y += step;
            }
        } else if days > 62.0 {
            let months = days / 30.4;
            let step = [1, 2, 3, 6, 12]
                .into_iter()
                .find(|s| months / f64::from(*s) <= 7.0)
                .unwrap_or(12);
            let mut d = start.date().first_of_month();
            let end = self.to.to_zoned(tz.clone()).date();
            while d <= end {
                if (i32::from(d.month()) - 1) % step == 0 {
                    push(d, d.strftime("%b %Y").to_string());
                }
                match d.checked_add(jiff::Span::new().months(1)) {
                    Ok(next) => d = next,
                    Err(_) => break,
                }
            }
        } else if days > 2.0 {
            let step = [1, 2, 7, 14]
                .into_iter()
                .find(|s| days / f64::from(*s) <= 8.0)
                .unwrap_or(14);
            let mut d = start.date();
            let end = self.to.to_zoned(tz.clone()).date();
            let mut i = 0;
            while d <= end {
                if i % step == 0 {
                    push(d, d.strftime("%-d %b").to_string());
                }
                i += 1;
                match d.tomorrow() {
                    Ok(next) => d = next,
                    Err(_) => break,
                }
            }
        } else {
            let hours = days * 24.0;
            let step = i64::from(
                [1i32, 3, 6, 12]
                    .into_iter()
                    .find(|s| hours / f64::from(*s) <= 8.0)
                    .unwrap_or(12),
            );
            let first = self.from.as_second() / 3600 + 1;
            let last = self.to.as_second() / 3600;
            for h in first..=last {
                if let Ok(t) = Timestamp::from_second(h * 3600) {
                    let z = t.to_zoned(tz.clone());
                    if i64::from(z.hour()) % step == 0 {
                        out.push((t, z.strftime("%-d %b %H:%M").to_string()));
                    }
                }
            }
        }
        out
    }

    /// Grid lines and labels under a plot of height `y0..y1`.
    pub fn draw(&self, tz: &TimeZone, y0: f64, y1: f64) -> Markup {
        html! {
            line class="axis" x1=(f(self.x0)) y1=(f(y1)) x2=(f(self.x1)) y2=(f(y1)) {}
            @for (t, label) in self.ticks(tz) {
                @let x = self.x(t);
                line class="grid" x1=(f(x)) y1=(f(y0)) x2=(f(x)) y2=(f(y1)) {}
                text class="small muted" x=(f(x)) y=(f(y1 + 15.0)) text-anchor="middle" { (label) }
            }
        }
    }
}

/// The visibility scale, widest on the left: everyone, my contacts, my contacts except,
/// only share with, nobody. Positions on the scale from 0 (everyone) to 1 (nobody).
pub const SCALE: [(u8, f64, &str); 5] = [
    (4, 0.0, "everyone"),
    (3, 0.5, "my contacts"),
    (2, 0.64, "my contacts except"),
    (1, 0.8, "only share with"),
    (0, 1.0, "nobody"),
];

/// One setting on the visibility scale. `reach` is [`crate::model::Visibility::reach`];
/// `None` draws the scale without a marker.
pub fn scale(label: &str, reach: Option<u8>, words: &str) -> Markup {
    let (x0, x1, y) = (14.0, 306.0, 16.0);
    let x = |at: f64| x0 + at * (x1 - x0);
    let described = match reach {
        Some(_) => format!(
            "{label}: {words}. Scale from widest to narrowest: everyone, my contacts, my contacts except, only share with, nobody."
        ),
        None => format!("{label}: {words}."),
    };
    html! {
        svg class="chart scale" viewBox="0 0 320 44" role="img" aria-label=(described) {
            title { (label) ": " (words) }
            desc { (described) }
            line class="track seg4" x1=(f(x(0.0))) y1=(f(y)) x2=(f(x(0.45))) y2=(f(y)) {}
            line class="track seg3" x1=(f(x(0.5))) y1=(f(y)) x2=(f(x(0.75))) y2=(f(y)) {}
            line class="track seg0" x1=(f(x(0.8))) y1=(f(y)) x2=(f(x(1.0))) y2=(f(y)) {}
            @for (_, at, _) in SCALE {
                circle class="stop" cx=(f(x(at))) cy=(f(y)) r="4" {}
            }
            @if let Some(r) = reach
                && let Some((_, at, _)) = SCALE.iter().find(|(level, ..)| *level == r)
            {
                circle class=(format!("r{r}")) cx=(f(x(*at))) cy=(f(y)) r="8.5" {}
            }
            text class="small muted" x=(f(x0 - 4.0)) y="39" { "everyone" }
            text class="small muted" x=(f(x(0.5))) y="39" text-anchor="middle" { "my contacts" }
            text class="small muted" x=(f(x1 + 4.0)) y="39" text-anchor="end" { "nobody" }
        }
    }
}

/// One point of a small chart over reports.
pub struct Point {
    pub at: Option<Timestamp>,
    pub value: Option<f64>,
    pub label: String,
}

/// Where each report sits on the x axis: by generation time when every report has one and
/// they differ, else evenly.
fn xs(points: &[Point], x0: f64, x1: f64) -> Vec<f64> {
    let times: Option<Vec<Timestamp>> = points.iter().map(|p| p.at).collect();
    if let Some(times) = times
        && let (Some(a), Some(b)) = (times.iter().min(), times.iter().max())
        && a < b
    {
        let axis = Axis {
            from: *a,
            to: *b,
            x0,
            x1,
        };
        return times.iter().map(|t| axis.x(*t)).collect();
    }
    let n = points.len().max(2) - 1;
    (0..points.len())
        .map(|i| x0 + (x1 - x0) * i as f64 / n as f64)
        .collect()
}

/// A small line chart of a count over reports, from zero.
pub fn counts(title: &str, points: &[Point]) -> Markup {
    let (x0, x1, y0, y1) = (44.0, 300.0, 14.0, 108.0);
    let max = points
        .iter()
        .filter_map(|p| p.value)
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let y = |v: f64| y1 - (v / max) * (y1 - y0);
    let x = xs(points, x0, x1);
    let described = points
        .iter()
        .map(|p| match p.value {
            Some(v) => format!("{}: {v}", p.label),
            None => format!("{}: not in the report", p.label),
        })
        .collect::<Vec<_>>()
        .join("; ");
    let path: Vec<String> = points
        .iter()
        .zip(&x)
        .filter_map(|(p, x)| p.value.map(|v| format!("{},{}", f(*x), f(y(v)))))
        .collect();
    html! {
        figure {
            figcaption { (title) }
            svg class="chart" viewBox="0 0 320 136" role="img" aria-label=(format!("{title} over reports: {described}")) {
                title { (title) " over reports" }
                desc { (described) }
                line class="axis" x1=(f(x0)) y1=(f(y1)) x2=(f(x1)) y2=(f(y1)) {}
                line class="grid" x1=(f(x0)) y1=(f(y0)) x2=(f(x1)) y2=(f(y0)) {}
                text class="small muted" x=(f(x0 - 6.0)) y=(f(y0 + 4.0)) text-anchor="end" { (max as u64) }
                text class="small muted" x=(f(x0 - 6.0)) y=(f(y1 + 4.0)) text-anchor="end" { "0" }
                @if path.len() > 1 {
                    polyline class="line" points=(path.join(" ")) {}
                }
                @for (p, px) in points.iter().zip(&x) {
                    @if let Some(v) = p.value {
                        circle class="dot" cx=(f(*px)) cy=(f(y(v))) r="4" {
                            title { (p.label) ": " (v) }
                        }
                    }
                }
                @for (i, (p, px)) in points.iter().zip(&x).enumerate() {
                    @if i == 0 || i + 1 == points.len() {
                        text class="small muted" x=(f(*px)) y=(f(y1 + 16.0))
                            text-anchor=(if i == 0 { "start" } else { "end" }) { (p.label) }
                    }
                }
            }
        }
    }
}

/// A small step chart of one visibility setting over reports, on the five-step scale
/// (everyone at the top).
pub fn setting(title: &str, points: &[Point]) -> Markup {
    let (x0, x1, y0, y1) = (92.0, 304.0, 12.0, 100.0);
    let y = |reach: f64| y1 - reach / 4.0 * (y1 - y0);
    let x = xs(points, x0, x1);
    let described = points
        .iter()
        .map(|p| p.label.clone())
        .collect::<Vec<_>>()
        .join("; ");
    let mut path = Vec::new();
    let mut last: Option<f64> = None;
    for (p, px) in points.iter().zip(&x) {
        if let Some(v) = p.value {
            if let Some(l) = last {
                path.push(format!("{},{}", f(*px), f(y(l))));
            }
            path.push(format!("{},{}", f(*px), f(y(v))));
            last = Some(v);
        }
    }
    html! {
        figure {
            figcaption { (title) }
            svg class="chart" viewBox="0 0 320 124" role="img" aria-label=(format!("{title} over reports: {described}")) {
                title { (title) " over reports" }
                desc { (described) }
                @for (level, _, words) in SCALE {
                    line class="grid" x1=(f(x0)) y1=(f(y(f64::from(level)))) x2=(f(x1)) y2=(f(y(f64::from(level)))) {}
                    text class="small muted" x=(f(x0 - 6.0)) y=(f(y(f64::from(level)) + 3.5)) text-anchor="end" { (words) }
                }
                @if path.len() > 1 {
                    polyline class="line" points=(path.join(" ")) {}
                }
                @for (p, px) in points.iter().zip(&x) {
                    @if let Some(v) = p.value {
                        circle class=(format!("r{}", v as u8)) cx=(f(*px)) cy=(f(y(v))) r="5" {
                            title { (p.label) }
                        }
                    }
                }
            }
        }
    }
}

/// Horizontal bars: a label and a count each.
pub fn bars(title: &str, rows: &[(String, usize)]) -> Markup {
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f64;
    let (x0, x1, row) = (120.0, 560.0, 22.0);
    let height = rows.len() as f64 * row + 8.0;
    let described = rows
        .iter()
        .map(|(l, n)| format!("{l}: {n}"))
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        svg class="chart bars" viewBox=(format!("0 0 640 {}", f(height))) role="img" aria-label=(format!("{title}: {described}")) {
            title { (title) }
            desc { (described) }
            @for (i, (label, n)) in rows.iter().enumerate() {
                @let y = 4.0 + i as f64 * row;
                @let w = (*n as f64 / max * (x1 - x0)).max(1.5);
                text x=(f(x0 - 8.0)) y=(f(y + 14.0)) text-anchor="end" { (label) }
                rect class="bar" x=(f(x0)) y=(f(y + 3.0)) width=(f(w)) height="14" rx="2" {
                    title { (label) ": " (n) }
                }
                text class="small" x=(f(x0 + w + 6.0)) y=(f(y + 14.0)) { (n) }
            }
        }
    }
}

/// One lane of a timeline chart: a label (two lines) and its marks.
pub struct Lane {
    pub label: String,
    pub sublabel: String,
    pub marks: Vec<Mark>,
    /// A span drawn under the marks (online since → last active).
    pub span: Option<(Timestamp, Timestamp)>,
    /// Words drawn in the lane when it has no marks, at the start of the axis or at
    /// `empty_at`.
    pub empty: String,
    pub empty_at: Option<Timestamp>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A filled circle.
    Dot,
    /// A ring around the point.
    Ring,
    /// A diamond.
    Diamond,
    /// A cross.
    Cross,
    /// A tall bar.
    Tick,
}

pub struct Mark {
    pub at: Timestamp,
    pub shape: Shape,
    /// What the mark is, for its tooltip and the description.
    pub what: String,
}

fn mark(m: &Mark, x: f64, y: f64, clock: &Clock) -> Markup {
    shape(
        m.shape,
        x,
        y,
        &format!("{}: {}", m.what, clock.time(Some(m.at))),
    )
}

fn shape(shape: Shape, x: f64, y: f64, tip: &str) -> Markup {
    html! {
        @match shape {
            Shape::Dot => { circle class="dot" cx=(f(x)) cy=(f(y)) r="4" { @if !tip.is_empty() { title { (tip) } } } }
            Shape::Ring => { circle class="hollow" cx=(f(x)) cy=(f(y)) r="7.5" { @if !tip.is_empty() { title { (tip) } } } }
            Shape::Diamond => {
                path class="fetch" d=(format!("M{} {}l5 5l-5 5l-5 -5z", f(x), f(y - 5.0))) { @if !tip.is_empty() { title { (tip) } } }
            }
            Shape::Cross => {
                path class="drop" d=(format!("M{} {}l8 8m0 -8l-8 8", f(x - 4.0), f(y - 4.0))) { @if !tip.is_empty() { title { (tip) } } }
            }
            Shape::Tick => {
                rect class="mark" x=(f(x - 1.5)) y=(f(y - 8.0)) width="3" height="16" { @if !tip.is_empty() { title { (tip) } } }
            }
        }
    }
}

/// Lanes of marks on one time axis, with vertical event lines across all lanes (drawn when
/// on the axis; the others are named at the top left) and shaded bands.
pub struct Timeline<'a> {
    pub title: &'a str,
    pub lanes: Vec<Lane>,
    /// Vertical lines across every lane: (when, label, class).
    pub events: Vec<(Timestamp, String, &'static str)>,
    /// Shaded periods: (from, to, label).
    pub bands: Vec<(Timestamp, Timestamp, String)>,
    /// The axis; `None` fits the marks, events and bands.
    pub axis: Option<(Timestamp, Timestamp)>,
    pub legend: Vec<(Shape, &'static str)>,
}

const LEFT: f64 = 210.0;
const RIGHT: f64 = 780.0;

impl Timeline<'_> {
    /// The time axis: the one given, or one that fits the marks, the events near them and
    /// the bands.
    fn axis(&self) -> Option<Axis> {
        let Some((from, to)) = self.axis else {
            let mut times: Vec<Timestamp> = self
                .lanes
                .iter()
                .flat_map(|l| l.marks.iter().map(|m| m.at))
                .collect();
            // Events far before the marks (a registration years earlier) would squeeze
            // everything to the right: they are named at the top instead.
            if let (Some(min), Some(max)) = (times.iter().min(), times.iter().max()) {
                let reach = (max.as_second() - min.as_second()).max(30 * 86_400);
                let (min, max) = (*min, *max);
                times.extend(
                    self.events
                        .iter()
                        .map(|(t, ..)| *t)
                        .filter(|t| t.as_second() >= min.as_second() - reach / 2)
                        .filter(|t| t.as_second() <= max.as_second() + reach / 2),
                );
            } else {
                times.extend(self.events.iter().map(|(t, ..)| *t));
            }
            times.extend(self.bands.iter().flat_map(|(a, b, _)| [*a, *b]));
            return Axis::around(&times, LEFT, RIGHT);
        };
        Some(Axis {
            from,
            to,
            x0: LEFT,
            x1: RIGHT,
        })
    }

    /// The chart in words: each lane's marks, then the events.
    fn described(&self, clock: &Clock) -> String {
        let mut described = Vec::new();
        for lane in &self.lanes {
            let marks: Vec<String> = lane
                .marks
                .iter()
                .map(|m| format!("{} {}", m.what, clock.time(Some(m.at))))
                .collect();
            let name = if lane.sublabel.is_empty() {
                lane.label.clone()
            } else {
                format!("{} {}", lane.label, lane.sublabel)
            };
            // A dash, not a colon: the name may end with an IPv6 address (`2001:db8:12::`).
            described.push(format!(
                "{name} — {}",
                if marks.is_empty() {
                    lane.empty.clone()
                } else {
                    marks.join(", ")
                }
            ));
        }
        for (t, label, _) in &self.events {
            described.push(format!("{label}: {}", clock.time(Some(*t))));
        }
        described.join(". ")
    }

    pub fn draw(&self, clock: &Clock) -> Markup {
        let (width, left, right, top, lane_h) = (800.0, LEFT, RIGHT, 40.0, 40.0);
        let axis = self.axis();
        let plot_bottom = top + lane_h * self.lanes.len() as f64;
        let legend_y = plot_bottom + 44.0;
        let height = legend_y + if self.legend.is_empty() { 4.0 } else { 22.0 };
        let described = self.described(clock);
        // The events off the axis, named at the top left.
        let off_axis: Vec<String> = match &axis {
            Some(a) => self
                .events
                .iter()
                .filter(|(t, ..)| !a.contains(*t))
                .map(|(t, label, _)| {
                    let side = if *t < a.from { "◂ " } else { "▸ " };
                    format!("{side}{label} {}", clock.time(Some(*t)))
                })
                .collect(),
            None => Vec::new(),
        };
        html! {
            svg class="chart wide-chart" viewBox=(format!("0 0 {} {}", f(width), f(height))) role="img" aria-label=(format!("{}. {described}", self.title)) {
                title { (self.title) }
                desc { (described) }
                @if let Some(a) = &axis {
                    @for (from, to, label) in &self.bands {
                        @let (bx0, bx1) = (a.x(*from), a.x(*to));
                        rect class="band" x=(f(bx0)) y=(f(top - 6.0)) width=(f((bx1 - bx0).max(3.0))) height=(f(plot_bottom - top + 6.0)) {
                            title { (label) }
                        }
                        text class="small muted" x=(f(bx1 + 4.0)) y=(f(top - 8.0)) { (label) }
                    }
                    (a.draw(&clock.tz, top - 6.0, plot_bottom + 4.0))
                }
                @for (i, lane) in self.lanes.iter().enumerate() {
                    @let y = top + lane_h * i as f64 + lane_h / 2.0;
                    line class="lane" x1=(f(left)) y1=(f(y)) x2=(f(right)) y2=(f(y)) {}
                    text class="strong" x="8" y=(f(y - 3.0)) { (lane.label) }
                    text class="small muted" x="8" y=(f(y + 11.0)) { (lane.sublabel) }
                    @if let Some(a) = &axis {
                        @if let Some((from, to)) = lane.span {
                            line class="span" x1=(f(a.x(from))) y1=(f(y)) x2=(f(a.x(to))) y2=(f(y)) {}
                        }
                        @for m in &lane.marks {
                            (mark(m, a.x(m.at), y, clock))
                        }
                    }
                    @if lane.marks.is_empty() {
                        @let x = match (&axis, lane.empty_at) { (Some(a), Some(t)) => a.x(t) + 6.0, _ => left + 8.0 };
                        text class="small muted" x=(f(x)) y=(f(y - 5.0)) { (lane.empty) }
                    }
                }
                @if let Some(a) = &axis {
                    @for (t, label, class) in &self.events {
                        @if a.contains(*t) {
                            @let x = a.x(*t);
                            line class=(*class) x1=(f(x)) y1=(f(top - 14.0)) x2=(f(x)) y2=(f(plot_bottom + 4.0)) {
                                title { (label) ": " (clock.time(Some(*t))) }
                            }
                            text class="small" x=(f(x)) y=(f(top - 18.0)) text-anchor=(if x > right - 90.0 { "end" } else { "start" }) { (label) }
                        }
                    }
                }
                @for (i, words) in off_axis.iter().enumerate() {
                    text class="small muted" x="8" y=(f(12.0 + 13.0 * i as f64)) { (words) }
                }
                @for (i, (s, words)) in self.legend.iter().enumerate() {
                    @let lx = 8.0 + 150.0 * i as f64;
                    (shape(*s, lx + 8.0, legend_y, ""))
                    text class="small" x=(f(lx + 20.0)) y=(f(legend_y + 4.0)) { (words) }
                }
            }
        }
    }
}
