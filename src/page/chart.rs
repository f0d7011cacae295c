//! The page's charts: inline SVG built with the same maud templates as the page, so every
//! label is escaped by the template engine. No script, no external reference, no `url()`:
//! colours come from the page's style sheet through classes, so the charts follow the light
//! and dark schemes. Each chart is `role="img"` with an `aria-label`, a `<title>` and a
//! `<desc>` that says in words what it draws; the numbers are also in a table next to it.
//!
//! No chart has a `viewBox`, so none is scaled: a chart is as wide as its box
//! (`width="100%"`) and as tall as it needs in CSS pixels. What a chart spreads out (times,
//! shares, the visibility scale) is placed in percent of its width; text, rows and marks
//! are in pixels. Text is thus drawn at the size the style sheet gives it on every screen,
//! never shrunk with the chart, and a chart fills a phone's width as it fills a desktop's.
//! A shape SVG cannot place by percent (a path) sits in a nested `<svg>` at the percent,
//! drawn around that `<svg>`'s origin.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};
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

/// A coordinate in percent of the chart's width.
fn pc(x: f64) -> String {
    format!("{}%", f(x))
}

/// How text placed at `x` percent runs so that it stays inside the chart: from its start
/// near the left edge, to its end near the right, centred between.
fn anchor(x: f64, edge: f64) -> &'static str {
    if x < edge {
        "start"
    } else if x > 100.0 - edge {
        "end"
    } else {
        "middle"
    }
}

/// A linear time axis between two instants, onto `[x0, x1]` percent of the width; with a
/// lead-in, an instant long before `from` is drawn at `x0` and the linear part starts at
/// the lead-in's percent, after a break in the axis.
#[derive(Clone, Copy, Debug)]
pub struct Axis {
    pub from: Timestamp,
    pub to: Timestamp,
    pub x0: f64,
    pub x1: f64,
    pub lead: Option<(Timestamp, f64)>,
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
            lead: None,
        })
    }

    /// Where an instant is, in percent of the width.
    pub fn x(&self, t: Timestamp) -> f64 {
        let share = |t: Timestamp, from: Timestamp, to: Timestamp| {
            let span = (to.as_second() - from.as_second()).max(1) as f64;
            ((t.as_second() - from.as_second()) as f64 / span).clamp(0.0, 1.0)
        };
        match self.lead {
            Some((early, start)) if t < self.from => {
                self.x0 + share(t, early, self.from) * (start - BREAK - self.x0)
            }
            Some((_, start)) => start + share(t, self.from, self.to) * (self.x1 - start),
            None => self.x0 + share(t, self.from, self.to) * (self.x1 - self.x0),
        }
    }

    pub fn contains(&self, t: Timestamp) -> bool {
        t >= self.lead.map_or(self.from, |(early, _)| early) && t <= self.to
    }

    /// Calendar-aligned ticks with labels, in the page's time zone: years, months, days or
    /// hours, at most about seven.
    pub fn ticks(&self, tz: &TimeZone) -> Vec<(Timestamp, String)> {
        let days = (self.to.as_second() - self.from.as_second()) as f64 / 86_400.0;
        // The first of the steps that gives at most `most` ticks over `count` units, else the
        // last.
        let step = |steps: &[i16], count: f64, most: f64| {
            let fits = steps.iter().find(|s| count / f64::from(**s) <= most);
            *fits.unwrap_or(&steps[steps.len() - 1])
        };
        if days <= 2.0 {
            let step = i64::from(step(&[1, 3, 6, 12], days * 24.0, 6.0));
            let first = self.from.as_second() / 3600 + 1;
            let last = self.to.as_second() / 3600;
            return (first..=last)
                .filter_map(|h| Timestamp::from_second(h * 3600).ok())
                .map(|t| (t, t.to_zoned(tz.clone())))
                .filter(|(_, z)| i64::from(z.hour()) % step == 0)
                .map(|(t, z)| (t, z.strftime("%-d %b %H:%M").to_string()))
                .collect();
        }
        let start = self.from.to_zoned(tz.clone()).date();
        let end = self.to.to_zoned(tz.clone()).date();
        // The first tick, on its step (a year a multiple of it, a month counted from January,
        // a day counted from the first), the step, and how a tick is labelled.
        let (first, every, label): (_, _, fn(Date) -> String) = if days > 3.0 * 365.0 {
            let step = step(&[1, 2, 5, 10, 20, 50, 100], days / 365.25, 7.0);
            let year = start.year() + (step - start.year().rem_euclid(step)) % step;
            (Date::new(year, 1, 1), Span::new().years(step), |d| {
                d.year().to_string()
            })
        } else if days > 62.0 {
            let step = step(&[1, 2, 3, 6, 12], days / 30.4, 7.0);
            let months = (step - (i16::from(start.month()) - 1) % step) % step;
            let first = start
                .first_of_month()
                .checked_add(Span::new().months(months));
            (first, Span::new().months(step), |d| {
                d.strftime("%b %Y").to_string()
            })
        } else {
            let step = step(&[1, 2, 7, 14], days, 8.0);
            (Ok(start), Span::new().days(step), |d| {
                d.strftime("%-d %b").to_string()
            })
        };
        std::iter::successors(first.ok(), |d| d.checked_add(every).ok())
            .take_while(|d| *d <= end)
            .filter_map(|d| Some((d.to_zoned(tz.clone()).ok()?.timestamp(), label(d))))
            // On the scaled part of the axis only, not in a lead-in.
            .filter(|(t, _)| *t >= self.from && *t <= self.to)
            .collect()
    }

    /// Grid lines from `y0` to `y1` and labels under them, and the break after a lead-in.
    /// A label that would run into the one before it on a phone is `minor`: the style
    /// sheet hides those on a narrow screen.
    pub fn draw(&self, tz: &TimeZone, y0: f64, y1: f64) -> Markup {
        let ticks = self.ticks(tz);
        let minor = crowded(ticks.iter().map(|(t, l)| (self.x(*t), l.chars().count())));
        html! {
            line class="axis" x1=(pc(self.x0)) y1=(f(y1)) x2=(pc(self.x1)) y2=(f(y1)) {}
            @if let Some((_, start)) = self.lead {
                svg x=(pc(start - BREAK / 2.0)) y=(f(y1)) overflow="visible" {
                    rect class="gap" x="-4" y="-6" width="8" height="12" {}
                    path class="axis" d="M-6 5l4 -10M2 5l4 -10" {}
                }
            }
            @for ((t, label), minor) in ticks.into_iter().zip(minor) {
                @let x = self.x(t);
                line class="grid" x1=(pc(x)) y1=(f(y0)) x2=(pc(x)) y2=(f(y1)) {}
                text class=(if minor { "small muted minor" } else { "small muted" })
                    x=(pc(x)) y=(f(y1 + 16.0)) text-anchor=(anchor(x, 8.0)) { (label) }
            }
        }
    }
}

/// Which of the labels at `(x percent, characters)` to leave out on a phone, where a chart
/// is about 340 px wide and a small label's character about 7 px: each that would start
/// within 10 px of the end of the last one kept.
fn crowded(labels: impl Iterator<Item = (f64, usize)>) -> Vec<bool> {
    let (width, char_px, space) = (340.0, 7.0, 10.0);
    let mut end = f64::NEG_INFINITY;
    labels
        .map(|(x, chars)| {
            let w = chars as f64 * char_px;
            let at = x / 100.0 * width;
            let start = match anchor(x, 8.0) {
                "start" => at,
                "end" => at - w,
                _ => at - w / 2.0,
            };
            let left_out = start < end + space;
            if !left_out {
                end = start + w;
            }
            left_out
        })
        .collect()
}

/// The width of an axis's break, in percent.
const BREAK: f64 = 3.0;

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
    let y = 16.0;
    // Far enough from the edges for the marker's radius on the narrowest scale (14rem).
    let x = |at: f64| 4.5 + at * 91.0;
    let described = match reach {
        Some(_) => format!(
            "{label}: {words}. Scale from widest to narrowest: everyone, my contacts, my contacts except, only share with, nobody."
        ),
        None => format!("{label}: {words}."),
    };
    html! {
        svg class="chart scale" width="100%" height="46" role="img" aria-label=(described) {
            title { (label) ": " (words) }
            desc { (described) }
            line class="track seg4" x1=(pc(x(0.0))) y1=(f(y)) x2=(pc(x(0.45))) y2=(f(y)) {}
            line class="track seg3" x1=(pc(x(0.5))) y1=(f(y)) x2=(pc(x(0.75))) y2=(f(y)) {}
            line class="track seg0" x1=(pc(x(0.8))) y1=(f(y)) x2=(pc(x(1.0))) y2=(f(y)) {}
            @for (_, at, _) in SCALE {
                circle class="stop" cx=(pc(x(at))) cy=(f(y)) r="4" {}
            }
            @if let Some(r) = reach
                && let Some((_, at, _)) = SCALE.iter().find(|(level, ..)| *level == r)
            {
                circle class=(format!("r{r}")) cx=(pc(x(*at))) cy=(f(y)) r="8.5" {}
            }
            text class="small muted" x="0" y="41" { "everyone" }
            text class="small muted" x=(pc(x(0.5))) y="41" text-anchor="middle" { "my contacts" }
            text class="small muted" x="100%" y="41" text-anchor="end" { "nobody" }
        }
    }
}

/// One point of a small chart over reports.
pub struct Point {
    pub at: Option<Timestamp>,
    pub value: Option<f64>,
    pub label: String,
}

/// Where each report sits on the x axis, in percent: by generation time when every report
/// has one and they differ, else evenly.
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
            lead: None,
        };
        return times.iter().map(|t| axis.x(*t)).collect();
    }
    let n = points.len().max(2) - 1;
    (0..points.len())
        .map(|i| x0 + (x1 - x0) * i as f64 / n as f64)
        .collect()
}

/// Straight segments through the points that have a value, in order.
fn segments(points: &[(f64, f64)]) -> Markup {
    html! {
        @for pair in points.windows(2) {
            line class="line" x1=(pc(pair[0].0)) y1=(f(pair[0].1)) x2=(pc(pair[1].0)) y2=(f(pair[1].1)) {}
        }
    }
}

/// A small line chart of a count over reports, from zero.
pub fn counts(title: &str, points: &[Point]) -> Markup {
    // The count's labels to the left of 18 %: five digits on the narrowest chart (16rem).
    let (x0, x1, y0, y1) = (18.0, 96.0, 14.0, 108.0);
    // The top of the chart: the largest count, at least one.
    let max = points.iter().filter_map(|p| p.value).fold(1.0, f64::max);
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
    let path: Vec<(f64, f64)> = points
        .iter()
        .zip(&x)
        .filter_map(|(p, x)| p.value.map(|v| (*x, y(v))))
        .collect();
    html! {
        figure {
            figcaption { (title) }
            svg class="chart" width="100%" height="140" role="img" aria-label=(format!("{title} over reports: {described}")) {
                title { (title) " over reports" }
                desc { (described) }
                line class="axis" x1=(pc(x0)) y1=(f(y1)) x2=(pc(x1)) y2=(f(y1)) {}
                line class="grid" x1=(pc(x0)) y1=(f(y0)) x2=(pc(x1)) y2=(f(y0)) {}
                text class="small muted" x=(pc(x0)) dx="-6" y=(f(y0 + 4.0)) text-anchor="end" { (crate::text::thousands(max as usize)) }
                text class="small muted" x=(pc(x0)) dx="-6" y=(f(y1 + 4.0)) text-anchor="end" { "0" }
                (segments(&path))
                @for (p, px) in points.iter().zip(&x) {
                    @if let Some(v) = p.value {
                        circle class="dot" cx=(pc(*px)) cy=(f(y(v))) r="4" {
                            title { (p.label) ": " (v) }
                        }
                    }
                }
                @for (i, (p, px)) in points.iter().zip(&x).enumerate() {
                    @if i == 0 || i + 1 == points.len() {
                        text class="small muted" x=(pc(*px)) y=(f(y1 + 22.0))
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
    // The scale's words to the left of 52 %: "my contacts except" on the narrowest chart.
    let (x0, x1, y0, y1) = (52.0, 96.0, 14.0, 106.0);
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
                path.push((*px, y(l)));
            }
            path.push((*px, y(v)));
            last = Some(v);
        }
    }
    html! {
        figure {
            figcaption { (title) }
            svg class="chart" width="100%" height="122" role="img" aria-label=(format!("{title} over reports: {described}")) {
                title { (title) " over reports" }
                desc { (described) }
                @for (level, _, words) in SCALE {
                    line class="grid" x1=(pc(x0)) y1=(f(y(f64::from(level)))) x2=(pc(x1)) y2=(f(y(f64::from(level)))) {}
                    text class="small muted" x=(pc(x0)) dx="-6" y=(f(y(f64::from(level)) + 4.0)) text-anchor="end" { (words) }
                }
                (segments(&path))
                @for (p, px) in points.iter().zip(&x) {
                    @if let Some(v) = p.value {
                        circle class=(format!("r{}", v as u8)) cx=(pc(*px)) cy=(f(y(v))) r="5" {
                            title { (p.label) }
                        }
                    }
                }
            }
        }
    }
}

/// Horizontal bars, each under its label, with its count after it.
pub fn bars(title: &str, rows: &[(String, usize)]) -> Markup {
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f64;
    let row = 42.0;
    let height = rows.len() as f64 * row + 4.0;
    let described = rows
        .iter()
        .map(|(l, n)| format!("{l}: {n}"))
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        svg class="chart bars" width="100%" height=(f(height)) role="img" aria-label=(format!("{title}: {described}")) {
            title { (title) }
            desc { (described) }
            @for (i, (label, n)) in rows.iter().enumerate() {
                @let y = i as f64 * row;
                // The longest bar leaves a fifth of the width for its count.
                @let w = (*n as f64 / max * 80.0).max(0.4);
                text x="0" y=(f(y + 15.0)) { (label) }
                rect class="bar" x="0" y=(f(y + 21.0)) width=(pc(w)) height="13" rx="2" {
                    title { (label) ": " (n) }
                }
                text class="small" x=(pc(w)) dx="6" y=(f(y + 32.0)) { (crate::text::thousands(*n)) }
            }
        }
    }
}

/// One lane of a timeline chart: a name, a line under it, and its marks on a track.
pub struct Lane {
    pub label: String,
    pub sublabel: String,
    pub marks: Vec<Mark>,
    /// A span drawn under the marks (online since → last active).
    pub span: Option<(Timestamp, Timestamp)>,
    /// Words drawn on the track when it has no marks, at the start of the axis or at
    /// `empty_at`.
    pub empty: String,
    pub empty_at: Option<Timestamp>,
}

impl Lane {
    /// The lines of text under the name: a long `a → b` breaks after its arrow.
    fn sublines(&self) -> Vec<String> {
        if self.sublabel.is_empty() {
            Vec::new()
        } else if self.sublabel.chars().count() > 34
            && let Some((a, b)) = self.sublabel.split_once(" → ")
        {
            vec![format!("{a} →"), b.to_string()]
        } else {
            vec![self.sublabel.clone()]
        }
    }
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

/// A shape drawn around `(0, 0)`.
fn shape(shape: Shape, tip: &str) -> Markup {
    let tip = html! { @if !tip.is_empty() { title { (tip) } } };
    html! {
        @match shape {
            Shape::Dot => { circle class="dot" cx="0" cy="0" r="4" { (tip) } }
            Shape::Ring => { circle class="hollow" cx="0" cy="0" r="7.5" { (tip) } }
            Shape::Diamond => { path class="fetch" d="M0 -5l5 5l-5 5l-5 -5z" { (tip) } }
            Shape::Cross => { path class="drop" d="M-4 -4l8 8m0 -8l-8 8" { (tip) } }
            Shape::Tick => { rect class="mark" x="-1.5" y="-8" width="3" height="16" { (tip) } }
        }
    }
}

/// Lanes of marks on one time axis, with vertical event lines across all lanes and shaded
/// bands. Each event and band has a row of its own above the lanes for its name, so names
/// never run into each other; an event off the axis is named in its row, at the side it
/// lies beyond.
pub struct Timeline<'a> {
    pub title: &'a str,
    pub lanes: Vec<Lane>,
    /// Vertical lines across every lane: (when, label, class).
    pub events: Vec<(Timestamp, &'static str, &'static str)>,
    /// Shaded periods: (from, to, label).
    pub bands: Vec<(Timestamp, Timestamp, String)>,
    /// The axis, end to end; `None` fits the marks, events and bands.
    pub axis: Option<(Timestamp, Timestamp)>,
    /// An instant long before the given axis (a registration years before any device's
    /// time): drawn at the left end, before a break in the axis.
    pub lead: Option<Timestamp>,
    /// The shapes the lanes use, and what each means, for the legend under the chart.
    pub legend: Vec<(Shape, &'static str)>,
}

/// The plot's left and right edges, in percent: room for a ring at either end.
const LEFT: f64 = 3.0;
const RIGHT: f64 = 97.0;
/// A row of text: an event's or a band's name, a lane's name or a line under it.
const ROW: f64 = 16.0;

impl Timeline<'_> {
    pub fn draw(&self, clock: &Clock) -> Markup {
        let axis = self.fit_axis();
        let header = (self.bands.len() + self.events.len()) as f64 * ROW;
        let top = header + 10.0;
        let mut tracks = Vec::new();
        let mut y = top;
        for lane in &self.lanes {
            let lines = 1 + lane.sublines().len();
            let track = y + lines as f64 * ROW + 10.0;
            tracks.push((y, track));
            y = track + 14.0;
        }
        let bottom = y;
        let height = bottom + 28.0;
        let described = self.described(clock);
        html! {
            svg class="chart timeline" width="100%" height=(f(height)) role="img" aria-label=(format!("{}. {described}", self.title)) {
                title { (self.title) }
                desc { (described) }
                @if let Some(a) = &axis {
                    (self.rules(a, top, bottom, clock))
                    (a.draw(&clock.tz, top - 4.0, bottom))
                }
                @for (lane, (y, track)) in self.lanes.iter().zip(&tracks) {
                    (lane_on(lane, *y, *track, axis.as_ref(), clock))
                }
                @if let Some(a) = &axis {
                    (self.names(a, clock))
                }
            }
            @if !self.legend.is_empty() {
                ul.legend {
                    @for (s, words) in &self.legend {
                        // A small picture of the shape, then what it means.
                        li {
                            svg class="key" width="18" height="18" aria-hidden="true" {
                                svg x="9" y="9" overflow="visible" { (shape(*s, "")) }
                            }
                            (words)
                        }
                    }
                }
            }
        }
    }

    /// The axis given, or one fitted to the marks, the bands and the events.
    fn fit_axis(&self) -> Option<Axis> {
        if let Some((from, to)) = self.axis {
            return Some(Axis {
                from,
                to: to.max(Timestamp::from_second(from.as_second() + 86_400).unwrap_or(to)),
                x0: LEFT,
                x1: RIGHT,
                lead: self
                    .lead
                    .filter(|early| *early < from)
                    .map(|early| (early, LEFT + 10.0)),
            });
        }
        // None is given for a devices' chart only when no device has a time (see
        // `device_axis`): the axis fits the registration and the report's generation. With
        // marks, an event years away would squeeze them to one side: give an axis.
        debug_assert!(
            self.lanes.iter().all(|l| l.marks.is_empty()),
            "a chart with marks is given its axis"
        );
        let marks = self.lanes.iter().flat_map(|l| l.marks.iter().map(|m| m.at));
        let events = self.events.iter().map(|(t, ..)| *t);
        let bands = self.bands.iter().flat_map(|(a, b, _)| [*a, *b]);
        let times: Vec<Timestamp> = marks.chain(events).chain(bands).collect();
        Axis::around(&times, LEFT, RIGHT)
    }

    /// The chart in words: each lane with its marks, then each event.
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

    /// Behind the lanes: the bands, shaded, and a line across the lanes for each event on
    /// the axis, each from its row at the top (drawn first, so that names are over them).
    fn rules(&self, a: &Axis, top: f64, bottom: f64, clock: &Clock) -> Markup {
        html! {
            @for (i, (from, to, label)) in self.bands.iter().enumerate() {
                @let (bx0, bx1) = (a.x(*from), a.x(*to));
                rect class="band" x=(pc(bx0)) y=(f(top - 4.0)) width=(pc(bx1 - bx0)) height=(f(bottom - top + 4.0)) {
                    title { (label) }
                }
                line class="band-edge" x1=(pc(bx1)) y1=(f(row(i))) x2=(pc(bx1)) y2=(f(top - 4.0)) {}
            }
            @for (i, (t, label, class)) in self.events.iter().enumerate() {
                @if a.contains(*t) {
                    @let x = a.x(*t);
                    line class=(*class) x1=(pc(x)) y1=(f(row(self.bands.len() + i))) x2=(pc(x)) y2=(f(bottom)) {
                        title { (label) ": " (clock.time(Some(*t))) }
                    }
                }
            }
        }
    }

    /// Each band's and event's name in its row at the top: beside its line for one on the
    /// axis (with its date when in the lead-in, where the axis has no scale), at the side
    /// with its time for one beyond the axis.
    fn names(&self, a: &Axis, clock: &Clock) -> Markup {
        let side = |x: f64| {
            if x > 50.0 {
                ("end", "-4")
            } else {
                ("start", "4")
            }
        };
        html! {
            @for (i, (_, to, label)) in self.bands.iter().enumerate() {
                @let x = a.x(*to);
                text class="small muted halo" x=(pc(x)) dx=(side(x).1) y=(f(row(i) - 3.0)) text-anchor=(side(x).0) { (label) }
            }
            @for (i, (t, label, _)) in self.events.iter().enumerate() {
                @let y = row(self.bands.len() + i) - 3.0;
                @if a.contains(*t) {
                    @let x = a.x(*t);
                    text class="small halo" x=(pc(x)) dx=(side(x).1) y=(f(y)) text-anchor=(side(x).0) {
                        (label)
                        @if a.lead.is_some() && *t < a.from { " " (t.to_zoned(clock.tz.clone()).strftime("%Y-%m-%d")) }
                    }
                } @else if *t < a.from {
                    text class="small muted halo" x="0" y=(f(y)) { "◂ " (label) " " (clock.time(Some(*t))) }
                } @else {
                    text class="small muted halo" x="100%" y=(f(y)) text-anchor="end" { (label) " " (clock.time(Some(*t))) " ▸" }
                }
            }
        }
    }
}

/// The baseline under the `i`th row of names at the top, where its line starts.
fn row(i: usize) -> f64 {
    (i as f64 + 1.0) * ROW
}

/// One lane: its name and the lines under it from `y`, its track at `track` with its span
/// and marks, or the words that say why it has none.
fn lane_on(lane: &Lane, y: f64, track: f64, axis: Option<&Axis>, clock: &Clock) -> Markup {
    html! {
        text class="strong halo" x="0" y=(f(y + 13.0)) { (lane.label) }
        @for (i, line) in lane.sublines().iter().enumerate() {
            text class="small muted halo" x="0" y=(f(y + 13.0 + (i as f64 + 1.0) * ROW)) { (line) }
        }
        line class="lane" x1=(pc(LEFT)) y1=(f(track)) x2=(pc(RIGHT)) y2=(f(track)) {}
        @if let Some(a) = axis {
            @if let Some((from, to)) = lane.span {
                line class="span" x1=(pc(a.x(from))) y1=(f(track)) x2=(pc(a.x(to))) y2=(f(track)) {}
            }
            @for m in &lane.marks {
                // Each shape at its time on the track.
                svg x=(pc(a.x(m.at))) y=(f(track)) overflow="visible" {
                    (shape(m.shape, &format!("{}: {}", m.what, clock.time(Some(m.at)))))
                }
            }
        }
        @if lane.marks.is_empty() {
            @let x = match (axis, lane.empty_at) { (Some(a), Some(t)) => a.x(t), _ => LEFT };
            text class="small muted halo" x=(pc(x)) dx=(if x > 50.0 { "-6" } else { "6" }) y=(f(track + 4.0))
                text-anchor=(if x > 50.0 { "end" } else { "start" }) { (lane.empty) }
        }
    }
}
