//! Output forms, one file each. Renderers are pure: records in, text out. They never parse
//! and never print; the caller writes what they return.
//!
//! - `json`: the versioned JSON contract (CONTRACT.md), always UTC, never coloured;
//! - `table`: `show`'s tables, one per section;
//! - `summary`: the one-screen privacy summary;
//! - `inspect`: what was read and understood, and the JSON/HTML cross-check;
//! - `diff`: changes between reports, and the timeline of many;
//! - `audit`: privacy findings.

pub mod audit;
pub mod diff;
pub mod inspect;
pub mod json;
pub mod summary;
pub mod table;

use comfy_table::{ContentArrangement, Table};
use jiff::Timestamp;
use jiff::tz::TimeZone;

/// The sections `show` can be limited to, in tables and in JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Report,
    Account,
    Registration,
    Devices,
    Contacts,
    Groups,
    Blocked,
    Privacy,
    Terms,
    Other,
    Warnings,
}

impl Section {
    pub const ALL: [Section; 11] = [
        Section::Report,
        Section::Account,
        Section::Registration,
        Section::Devices,
        Section::Contacts,
        Section::Groups,
        Section::Blocked,
        Section::Privacy,
        Section::Terms,
        Section::Other,
        Section::Warnings,
    ];
}

/// How human output looks: colour, time zone and table width.
#[derive(Clone, Debug)]
pub struct Style {
    pub color: bool,
    /// The zone times are shown in; UTC with `--utc`.
    pub tz: TimeZone,
    /// Wrap tables to this many columns; `None` never wraps.
    pub width: Option<u16>,
}

impl Style {
    /// Plain, UTC, no wrapping: what tests and pipes get.
    pub fn plain() -> Style {
        Style {
            color: false,
            tz: TimeZone::UTC,
            width: None,
        }
    }

    /// A time in the chosen zone, `2022-08-11 03:11:20 UTC`; `—` when unknown.
    pub fn time(&self, ts: Option<Timestamp>) -> String {
        let Some(ts) = ts else {
            return "—".into();
        };
        let zoned = ts.to_zoned(self.tz.clone());
        if self.tz == TimeZone::UTC {
            zoned.strftime("%Y-%m-%d %H:%M:%S UTC").to_string()
        } else {
            zoned.strftime("%Y-%m-%d %H:%M:%S %Z").to_string()
        }
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

    /// A table in the house style.
    pub fn table(&self) -> Table {
        let mut table = Table::new();
        table.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
        match self.width {
            Some(width) => {
                table
                    .set_content_arrangement(ContentArrangement::Dynamic)
                    .set_width(width);
            }
            None => {
                table.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        table
    }
}

/// Warnings grouped by kind, each group with a heading that says what it means.
pub(crate) fn warning_groups(
    warnings: &[crate::model::Warning],
) -> Vec<(String, Vec<&crate::model::Warning>)> {
    use crate::model::WarningKind;
    let groups = [
        (
            "not understood",
            vec![WarningKind::Unknown, WarningKind::Invalid],
        ),
        ("missing", vec![WarningKind::Missing]),
        ("gaps filled another way", vec![WarningKind::Fallback]),
    ];
    groups
        .into_iter()
        .filter_map(|(title, kinds)| {
            let items: Vec<_> = warnings
                .iter()
                .filter(|w| kinds.contains(&w.kind))
                .collect();
            (!items.is_empty()).then(|| (format!("{} {title}", items.len()), items))
        })
        .collect()
}

/// Text or `—`.
pub(crate) fn or_dash(value: Option<&str>) -> String {
    value.map_or_else(|| "—".into(), crate::term::escape)
}

/// `yes`, `no` or `—`.
pub(crate) fn yes_no(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => "—",
    }
}

/// A visibility in words.
pub(crate) fn visibility(v: Option<&crate::model::Visibility>) -> String {
    use crate::model::Visibility;
    match v {
        None => "—".into(),
        Some(Visibility::Everyone) => "everyone".into(),
        Some(Visibility::MyContacts) => "my contacts".into(),
        Some(Visibility::MyContactsExcept) => "my contacts except…".into(),
        Some(Visibility::OnlyShareWith) => "only share with…".into(),
        Some(Visibility::Nobody) => "nobody".into(),
        Some(Visibility::Other(s)) => format!("{} (unrecognised)", crate::term::escape(s)),
    }
}

/// Bytes in human units.
pub(crate) fn size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}

/// A device's current address with its port.
pub(crate) fn current_address(d: &crate::model::Device) -> String {
    match (&d.current_ip, d.current_port) {
        (Some(ip), Some(port)) if ip.contains(':') => format!("[{ip}]:{port}"),
        (Some(ip), Some(port)) => format!("{ip}:{port}"),
        (Some(ip), None) => ip.clone(),
        (None, _) => "—".into(),
    }
}
