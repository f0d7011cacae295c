//! Gen A `access.html` (FORMAT.md 5.2): one table in four sections (user information, terms,
//! registration, settings), nested per-device values as `Label: value` lines, `—` for a
//! missing value, and dates in US Pacific time with daylight saving.

use super::Ctx;
use super::html::{Applier, Zone, sections};
use crate::labels::Table;
use crate::model::WarningKind;

pub(super) const ACCESS: &str = "access.html";

/// The documented sections, in order.
const SECTIONS: [Table; 4] = [
    Table::UserA,
    Table::Terms,
    Table::Registration,
    Table::SettingsA,
];

/// `lists`: read the Contacts and Groups rows too (when `portability.json` lacked them, or
/// to cross-check).
pub(super) fn parse(ctx: &mut Ctx<'_>, lists: bool) -> anyhow::Result<()> {
    let Some(doc) = ctx.read_html(ACCESS)? else {
        ctx.warn(
            WarningKind::Missing,
            ACCESS,
            "missing from the report; terms, registration, privacy settings, blocked numbers and devices are unknown",
        );
        return Ok(());
    };
    let found = sections(&doc);
    if found.len() != SECTIONS.len() {
        ctx.warn(
            WarningKind::Fallback,
            ACCESS,
            format!(
                "has {} sections of rows where 4 are documented; rows are read by their labels only",
                found.len()
            ),
        );
    }
    let mut applier = Applier {
        report: &mut ctx.report,
        file: ACCESS.to_string(),
        zone: Zone::Pacific,
        lists,
    };
    for (i, rows) in found.iter().enumerate() {
        let table = (found.len() == SECTIONS.len()).then(|| SECTIONS[i]);
        applier.table(table, rows);
    }
    Ok(())
}
