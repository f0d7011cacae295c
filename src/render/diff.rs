//! `wareport diff` and `wareport timeline` for people: privacy-relevant changes first, then
//! the rest, the fields that change on their own, and the lists. Structure comes from the
//! changes' typed keys, never from the characters of a name.

use super::{Style, opt_val, or_dash};
use crate::diff::{Change, Group, ItemList, Key, Op};
use crate::view::{DiffView, TimelineView};

fn line(c: &Change, style: &Style) -> String {
    let sign = match c.op {
        Op::Added => "+",
        Op::Removed => "-",
        Op::Changed => "~",
    };
    let value = if c.op == Op::Added { &c.new } else { &c.old };
    let what = match &c.key {
        Key::Item(list) => {
            let noun = match list {
                ItemList::Contacts => "contact",
                ItemList::Groups => "group",
                ItemList::Blocked => "blocked number",
                ItemList::StatusExcept => "status exception",
                ItemList::StatusOnlyShareWith => "status only-share-with",
            };
            return format!(
                "{sign} {noun} {}",
                style.cell(opt_val(value.as_ref(), style))
            );
        }
        Key::Device(id) => {
            let kind = if *id == 0 { "phone" } else { "linked device" };
            format!("{kind} {id}")
        }
        Key::Field(field) => field.key(),
        Key::Session { index, field } => match field {
            Some(f) => format!("sync session {index}: {f}"),
            None => format!("sync session {index}"),
        },
    };
    match c.op {
        Op::Added | Op::Removed => format!(
            "{sign} {what}: {}",
            style.cell(opt_val(value.as_ref(), style))
        ),
        Op::Changed => {
            let mark = match c.widened() {
                Some(true) => style.alert(" (WIDENED: visible to more people)"),
                Some(false) => " (narrowed)".into(),
                None => String::new(),
            };
            format!(
                "{sign} {what}: {} → {}{mark}",
                style.cell(opt_val(c.old.as_ref(), style)),
                style.cell(opt_val(c.new.as_ref(), style))
            )
        }
    }
}

const GROUPS: [(Group, &str); 4] = [
    (Group::Privacy, "Privacy-relevant changes"),
    (Group::Other, "Other changes"),
    (
        Group::LowInterest,
        "Changes that happen on their own (low interest)",
    ),
    (Group::Lists, "Lists"),
];

/// The changes under a heading per [`GROUPS`] that has any, the headings after `indent`,
/// each change two columns further in (its continuation lines four more).
fn grouped(changes: &[Change], style: &Style, indent: &str) -> String {
    let mut out = String::new();
    let first = format!("{indent}  ");
    let rest = format!("{indent}      ");
    for (group, title) in GROUPS {
        let lines: Vec<String> = changes
            .iter()
            .filter(|c| c.group() == group)
            .map(|c| line(c, style))
            .collect();
        if lines.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&style.heading(&style.wrap(title, indent, indent)));
        out.push('\n');
        for l in lines {
            out.push_str(&style.wrap(&l, &first, &rest));
            out.push('\n');
        }
    }
    out
}

/// The human diff.
pub fn text(v: &DiffView<'_>, style: &Style) -> String {
    let mut out = String::new();
    let changes = v.changes;
    let n = |op| changes.iter().filter(|c| c.op == op).count();
    out.push_str(&style.heading(&style.wrap(
        &format!(
            "{} change{} from {} (generated {}) to {} (generated {})",
            changes.len(),
            if changes.len() == 1 { "" } else { "s" },
            v.old.report,
            style.time(v.old.generated_at),
            v.new.report,
            style.time(v.new.generated_at)
        ),
        "",
        "  ",
    )));
    out.push_str(&format!(
        "\n  {} added, {} removed, {} changed\n",
        n(Op::Added),
        n(Op::Removed),
        n(Op::Changed)
    ));
    if !changes.is_empty() {
        // No column can go: four short ones (blocks when they cannot fit).
        let mut table = style.table();
        table.set_header(["Section", "Added", "Removed", "Changed"]);
        for s in crate::model::Section::compared() {
            let count = |op| {
                changes
                    .iter()
                    .filter(|c| c.section == s && c.op == op)
                    .count()
            };
            let (a, r, c) = (count(Op::Added), count(Op::Removed), count(Op::Changed));
            if a + r + c > 0 {
                table.add_row([
                    s.as_str().to_string(),
                    a.to_string(),
                    r.to_string(),
                    c.to_string(),
                ]);
            }
        }
        out.push_str(&table.to_string());
        out.push('\n');
    }
    let groups = grouped(changes, style, "");
    if !groups.is_empty() {
        out.push('\n');
        out.push_str(&groups);
    }
    if !v.not_comparable.is_empty() {
        out.push('\n');
        out.push_str(&style.heading(&style.wrap(
            "Not comparable (one report's format does not carry them)",
            "",
            "",
        )));
        out.push('\n');
        let keys: Vec<String> = v.not_comparable.iter().map(|f| f.key()).collect();
        out.push_str(&style.wrap(&keys.join(", "), "  ", "  "));
        out.push('\n');
    }
    style.push_cut_note(&mut out);
    out
}

/// The timeline table's columns, and the order they are left out in when the width is
/// short: when and which report, last seen (the privacy setting most often widened) and the
/// number of changes stay, so that 80 columns still hold a table.
const TIMELINE_COLUMNS: [&str; 12] = [
    "Generated",
    "Report",
    "Gen",
    "Contacts",
    "Groups",
    "Blocked",
    "Devices",
    "Last seen",
    "Photo",
    "About",
    "Receipts",
    "Changes",
];
const TIMELINE_LEAVE_OUT: [&str; 8] = [
    "Gen", "Receipts", "About", "Photo", "Devices", "Blocked", "Groups", "Contacts",
];

/// The reports in a table, then each one's changes since the one before, grouped as
/// [`text`] groups them.
pub fn timeline(v: &TimelineView<'_>, style: &Style) -> String {
    let mut out = String::new();
    let mut table = style.table();
    table.set_header(TIMELINE_COLUMNS);
    for step in &v.reports {
        let p = step.privacy;
        table.add_row([
            style.time(step.generated_at),
            style.cell(step.report.to_string()),
            step.generation.to_string(),
            or_dash(step.counts.contacts.as_ref()),
            or_dash(step.counts.groups.as_ref()),
            or_dash(step.counts.blocked.as_ref()),
            step.counts.devices.to_string(),
            or_dash(p.last_seen.as_ref()),
            or_dash(p.profile_photo.as_ref()),
            or_dash(p.about.as_ref()),
            super::yes_no(p.read_receipts).to_string(),
            or_dash(step.changes_since_previous.map(<[Change]>::len).as_ref()),
        ]);
    }
    table.leave_out(&TIMELINE_LEAVE_OUT);
    out.push_str(&table.to_string());
    out.push('\n');
    for pair in v.reports.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        let Some(diff) = after.diff else {
            continue;
        };
        out.push('\n');
        let n = diff.changes.len();
        out.push_str(&style.heading(&style.wrap(
            &format!(
                "{} → {}: {n} change{}",
                before.report,
                after.report,
                if n == 1 { "" } else { "s" }
            ),
            "",
            "  ",
        )));
        out.push('\n');
        out.push_str(&grouped(&diff.changes, style, "  "));
    }
    style.push_cut_note(&mut out);
    out
}
