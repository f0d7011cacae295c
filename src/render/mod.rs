//! Text for people, one file per command, from the command's view document
//! ([`crate::view`]). Renderers are pure: a view in, text out; they never parse and never
//! print. Every report value reaches them typed, and its `Display` escapes it for the
//! terminal; renderers never ask for a value's exact text.
//!
//! - `table`: `show`'s tables, one per section;
//! - `summary`: the one-screen privacy summary;
//! - `inspect`: what was read and understood, and the JSON/HTML cross-check;
//! - `diff`: changes between reports, and the timeline of many;
//! - `audit`: privacy findings;
//!
//! and what they share: `grid`, a table that fits the width (columns from content, the least
//! valued left out first, then one block per row), and `words`, how wide text is and where
//! it may break (never inside an address, a time or a number).
//!
//! JSON is the views serialised ([`crate::view::to_json`]).

pub mod audit;
pub mod diff;
pub mod grid;
pub mod inspect;
pub mod summary;
pub mod table;
pub mod words;

use std::fmt::Display;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::diff::Val;
use crate::format::Clock;

/// How human output looks: colour, time zone and width.
#[derive(Clone, Debug)]
pub struct Style {
    pub color: bool,
    /// The zone times are shown in; UTC with `--utc`.
    pub clock: Clock,
    /// Fit tables and prose to this many columns; `None` never wraps.
    pub width: Option<u16>,
    /// Set when a value was cut to [`CELL_LIMIT`] characters.
    cut: std::cell::Cell<bool>,
}

/// The most characters of one value human output shows; `--json` has the full text.
pub const CELL_LIMIT: usize = 200;

impl Style {
    pub fn new(color: bool, tz: TimeZone, width: Option<u16>) -> Style {
        Style {
            color,
            clock: Clock { tz },
            width,
            cut: std::cell::Cell::new(false),
        }
    }

    /// Plain, UTC, no wrapping: what tests and pipes get.
    pub fn plain() -> Style {
        Style::new(false, TimeZone::UTC, None)
    }

    /// A value cut to [`CELL_LIMIT`] characters with `…`, remembering that it was.
    pub fn cell(&self, text: String) -> String {
        self.cell_at(text, CELL_LIMIT)
    }

    /// A text of ours that quotes report values (how the generation was detected), cut
    /// only when a quoted value makes it absurdly long.
    pub fn long_cell(&self, text: String) -> String {
        self.cell_at(text, 5 * CELL_LIMIT)
    }

    fn cell_at(&self, text: String, limit: usize) -> String {
        if text.chars().count() <= limit {
            return text;
        }
        self.cut.set(true);
        let mut out: String = text.chars().take(limit - 1).collect();
        out.push('…');
        out
    }

    /// The note to end a human output with when a value was cut.
    pub fn cut_note(&self) -> Option<String> {
        self.cut.get().then(|| {
            self.wrap(
                &format!(
                    "Some values were cut to {CELL_LIMIT} characters (…); --json has the full text."
                ),
                "",
                "",
            )
        })
    }

    /// Ends a human output with the [`cut_note`](Style::cut_note), after a blank line, when a
    /// value was cut.
    pub fn push_cut_note(&self, out: &mut String) {
        if let Some(note) = self.cut_note() {
            out.push('\n');
            out.push_str(&note);
            out.push('\n');
        }
    }

    /// Prose wrapped to the width, the first line after `first`, the others after `rest`;
    /// unchanged when there is no width.
    pub fn wrap(&self, text: &str, first: &str, rest: &str) -> String {
        match self.width {
            None => format!("{first}{text}"),
            Some(width) => words::fill(text, usize::from(width), first, rest),
        }
    }

    /// A time in the chosen zone, `2022-08-11 03:11:20 UTC`; `—` when unknown.
    pub fn time(&self, ts: Option<Timestamp>) -> String {
        self.clock.time(ts)
    }

    /// A section heading.
    pub fn heading(&self, text: &str) -> String {
        if self.color {
            format!("\u{1b}[1m{text}\u{1b}[0m")
        } else {
            text.to_string()
        }
    }

    /// Something the reader should notice (a public setting, a warning).
    pub fn alert(&self, text: &str) -> String {
        if self.color {
            format!("\u{1b}[33m{text}\u{1b}[0m")
        } else {
            text.to_string()
        }
    }

    /// A table in the house style, fitting the width ([`grid`]).
    pub fn table(&self) -> grid::Grid {
        grid::Grid::new(self.width)
    }
}

pub(crate) use crate::view::warning_groups;

/// A value for people (escaped by its type), or `—`.
pub(crate) fn or_dash<T: Display>(value: Option<&T>) -> String {
    value.map_or_else(|| "—".into(), ToString::to_string)
}

/// `yes`, `no` or `—`.
pub(crate) fn yes_no(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => "—",
    }
}

pub(crate) use crate::format::size;

/// A device's current address with its port.
pub(crate) fn current_address(d: &crate::model::Device) -> String {
    match (&d.current_ip, d.current_port) {
        (Some(ip @ crate::text::Ip::Addr(std::net::IpAddr::V6(_))), Some(port)) => {
            format!("[{ip}]:{port}")
        }
        (Some(ip), Some(port)) => format!("{ip}:{port}"),
        (Some(ip), None) => ip.to_string(),
        (None, _) => "—".into(),
    }
}

/// A field's value for people, by its kind: escaped, times in the style's zone, `—` for
/// what the report does not say; a list one item a line.
pub(crate) fn leaf(style: &Style, leaf: crate::model::Leaf<'_>) -> String {
    use crate::model::Leaf as L;
    use crate::term::escape_name_display as name;
    fn each<T>(items: &[T], separator: &str, f: impl Fn(&T) -> String) -> String {
        if items.is_empty() {
            return "none".into();
        }
        items.iter().map(f).collect::<Vec<_>>().join(separator)
    }
    let lines = |items: &[crate::text::Phone]| each(items, "\n", ToString::to_string);
    match leaf {
        L::Size(n) => n.map_or_else(|| "—".into(), size),
        // Free text is not quoted at its edges, as a name is.
        L::Text(t) => or_dash(t.as_ref()),
        L::Phones(p) => p.as_ref().map_or("—".into(), |p| lines(p)),
        L::Contacts(c) => c.as_ref().map_or("—".into(), |c| lines(c.numbers())),
        L::Groups(g) => g.as_ref().map_or("—".into(), |g| each(g, "\n", name)),
        L::Status(s) => s.as_ref().map_or("—".into(), |s| {
            let list = |items| each(items, ", ", ToString::to_string);
            format!(
                "{}\nexcept: {}\nonly share with: {}",
                or_dash(s.mode.as_ref()),
                list(&s.except),
                list(&s.only_share_with)
            )
        }),
        L::Sessions(s) => s.as_ref().map_or("—".into(), |s| {
            each(s, "\n", |x| {
                format!(
                    "{} (account registered {}): {}",
                    or_dash(x.id.as_ref()),
                    style.time(x.account_registered_at),
                    x.state_collections
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
        }),
        L::Payments(p) => p.as_ref().map_or("absent", |p| p.word()).replace('_', " "),
        // A value of one piece, as a diff shows it.
        one => opt_val(Val::of(one).flatten().as_ref(), style),
    }
}

/// A diff or evidence value for people.
pub(crate) fn val(v: &Val, style: &Style) -> String {
    match v {
        Val::Time(t) => style.time(Some(*t)),
        Val::Bool(b) => yes_no(Some(*b)).into(),
        Val::Int(n) => n.to_string(),
        Val::Text(t) => crate::term::escape_name_display(t),
        Val::Phone(t) => t.to_string(),
        Val::Email(t) => t.to_string(),
        Val::Name(t) => crate::term::escape_name_display(t),
        Val::About(t) => crate::term::escape_name_display(t),
        Val::Group(t) => crate::term::escape_name_display(t),
        Val::Session(t) => t.to_string(),
        Val::Ip(ip) => ip.to_string(),
        Val::Vis(v) => v.to_string(),
        Val::Texts(items) => items
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        Val::Payments(w) => w.replace('_', " "),
        Val::Device(d) => {
            let what = crate::text::spaced([&d.app_version, &d.manufacturer, &d.model]);
            format!("{what} (last active {})", style.time(d.last_active_at))
        }
    }
}

/// An optional diff or evidence value, or `—`.
pub(crate) fn opt_val(v: Option<&Val>, style: &Style) -> String {
    v.map_or_else(|| "—".into(), |v| val(v, style))
}
