//! `wareport show`: every record, one table per section, from the [`Show`] view.

use super::grid::{Grid, Layout};
use super::{Style, leaf};
use crate::model::{Device, Field, Leaf, Report};
use crate::term::escape_name_display;
use crate::view::Show;

/// A record's fields as `show` names them, each with its value, in the table's order.
fn rows<'a>(
    style: &Style,
    walk: impl FnOnce(&mut dyn FnMut(Field, Leaf<'a>)),
) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    walk(&mut |field, value| out.push((field.def.meta.show, leaf(style, value))));
    out
}

/// A record's fields as a table of names and values.
fn fields<'a>(style: &Style, walk: impl FnOnce(&mut dyn FnMut(Field, Leaf<'a>))) -> String {
    key_value(style, rows(style, walk), Style::cell).to_string()
}

/// Names and values as a table, each line of a value cut by `cut`.
fn key_value(style: &Style, rows: Vec<(&str, String)>, cut: fn(&Style, String) -> String) -> Grid {
    let mut table = style.table();
    table.set_header(["Field", "Value"]).keyed();
    for (key, value) in rows {
        // A multi-line value (a list) is cut line by line.
        let value = value
            .split('\n')
            .map(|line| cut(style, line.to_string()))
            .collect::<Vec<_>>()
            .join("\n");
        table.add_row([key.to_string(), value]);
    }
    table
}

fn list<T: std::fmt::Display>(style: &Style, header: &str, items: &[T]) -> String {
    if items.is_empty() {
        return "None.".into();
    }
    let mut table = style.table();
    table.set_header(["#", header]).keyed();
    for (i, item) in items.iter().enumerate() {
        table.add_row([(i + 1).to_string(), style.cell(escape_name_display(item))]);
    }
    table.to_string()
}

/// Items one per line (each escaped by its type); `—` for none.
fn lines<T: std::fmt::Display>(items: &[T]) -> String {
    if items.is_empty() {
        return "—".into();
    }
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A section of `show`: its title and its table.
type Section = (String, String);

/// All tables of the view's sections, titled, separated by blank lines.
pub fn show(v: &Show<'_>, style: &Style) -> String {
    let mut sections: Vec<Section> = Vec::new();
    let mut add = |title: &str, body: String| sections.push((title.to_string(), body));
    if let Some(times) = v.report {
        add("Report", report(v, times, style));
    }
    if let Some(a) = v.account {
        add("Account", fields(style, |f| a.walk_in(None, f)));
    }
    if let Some(g) = v.registration {
        add("Registration", fields(style, |f| g.walk_in(None, f)));
    }
    if let Some(d) = v.devices {
        add("Devices", devices(d, style));
    }
    sections.extend(held_lists(v, style));
    let mut add = |title: &str, body: String| sections.push((title.to_string(), body));
    if let Some(p) = v.privacy {
        add("Privacy", fields(style, |f| p.walk_in(None, f)));
    }
    if let Some(t) = v.terms {
        add("Terms", fields(style, |f| t.walk_in(None, f)));
    }
    sections.extend(other(v, style));
    if v.show_warnings {
        sections.extend(unrecognised(v, style));
        sections.push(warnings(v, style));
    }
    let mut out = sections
        .iter()
        .map(|(title, body)| format!("{}\n{body}\n", style.heading(title)))
        .collect::<Vec<_>>()
        .join("\n");
    style.push_cut_note(&mut out);
    out
}

/// Which report it is: its generation, how that was told, its times and the files read.
fn report(v: &Show<'_>, times: crate::view::ReportTimes, style: &Style) -> String {
    key_value(
        style,
        vec![
            ("Generation", v.source.generation.to_string()),
            ("Detected by", v.source.detected_by.to_string()),
            ("Requested", style.time(times.requested_at)),
            ("Generated", style.time(times.generated_at)),
            ("Files read", lines(v.source.files)),
        ],
        Style::long_cell,
    )
    .to_string()
}

/// Other people's data the account holds: its contacts, groups and blocked numbers, each
/// numbered, or said to be missing.
fn held_lists(v: &Show<'_>, style: &Style) -> Vec<Section> {
    let mut out = Vec::new();
    let missing = |title: &str, says: &str| (title.to_string(), says.to_string());
    match v.contacts {
        None => {}
        Some(None) => out.push(missing("Contacts", "Not in the report.")),
        Some(Some(c)) => out.push((format!("Contacts ({})", c.len()), list(style, "Number", c))),
    }
    match v.groups {
        None => {}
        Some(None) => out.push(missing("Groups", "Not in the report.")),
        Some(Some(g)) => {
            let distinct = g.iter().collect::<std::collections::HashSet<_>>().len();
            out.push((
                format!("Groups ({}, {distinct} distinct)", g.len()),
                list(style, "Name", g),
            ));
        }
    }
    match v.blocked {
        None => {}
        Some(None) => out.push(missing(
            "Blocked numbers",
            "The report says nothing about blocked numbers.",
        )),
        Some(Some(b)) => out.push((
            format!("Blocked numbers ({})", b.len()),
            format!(
                "{}: {}\n{}",
                Report::blocked_updated_at.meta.show,
                style.time(v.blocked_updated_at.flatten()),
                list(style, "Number", b)
            ),
        )),
    }
    out
}

/// Web and desktop use, the sync sessions and payments, in one table.
fn other(v: &Show<'_>, style: &Style) -> Option<Section> {
    let (Some(w), Some(s), Some(payments)) = (v.web_desktop, v.sync, v.payments) else {
        return None;
    };
    let mut rows = rows(style, |f| {
        w.walk_in(None, f);
        s.walk_in(None, f);
    });
    let payments = if v.payment_files.is_empty() {
        payments.replace('_', " ")
    } else {
        format!("{}: {}", payments.replace('_', " "), lines(v.payment_files))
    };
    rows.push((Report::payments.meta.show, payments));
    Some((
        "Other".into(),
        key_value(style, rows, Style::cell).to_string(),
    ))
}

/// What was kept under labels the parser did not know, when there is any: no column of its
/// table can go (blocks when they cannot fit).
fn unrecognised(v: &Show<'_>, style: &Style) -> Option<Section> {
    if v.unrecognised.is_empty() {
        return None;
    }
    let mut table = style.table();
    table.set_header(["File", "Unrecognised label", "Value"]);
    for u in v.unrecognised {
        let label = match u.parent {
            Some(parent) => format!("{parent} › {}", u.label),
            None => u.label.to_string(),
        };
        table.add_row([u.file.to_string(), label, u.value.to_string()]);
    }
    Some(("Kept under unrecognised labels".into(), table.to_string()))
}

/// The report's warnings, under a heading per kind.
fn warnings(v: &Show<'_>, style: &Style) -> Section {
    let mut body = String::new();
    for (title, items) in super::warning_groups(v.warnings) {
        body.push_str(&format!("{title}:\n"));
        for w in items {
            body.push_str(&style.wrap(&w.to_string(), "- ", "  "));
            body.push('\n');
        }
    }
    if body.is_empty() {
        body.push_str("None: every file, key and value was understood.\n");
    }
    (
        format!("Warnings ({})", v.warnings.len()),
        body.trim_end().to_string(),
    )
}

/// Devices transposed: one column per device, one row per field; as many devices side by
/// side as the width holds with every value whole, and one device's `field: value` lines
/// under its name when not even one does.
fn devices(devices: &[Device], style: &Style) -> String {
    if devices.is_empty() {
        return "The report lists no devices.".into();
    }
    let fits = |n: usize| {
        devices
            .chunks(n)
            .all(|chunk| matches!(device_table(chunk, style).layout(), Layout::Table { .. }))
    };
    match (1..=devices.len()).rev().find(|&n| fits(n)) {
        Some(n) => devices
            .chunks(n)
            .map(|chunk| device_table(chunk, style).to_string())
            .collect::<Vec<_>>()
            .join("\n"),
        None => devices
            .iter()
            .map(|d| {
                format!(
                    "{}\n{}",
                    device_name(d),
                    device_table(std::slice::from_ref(d), style)
                )
            })
            .collect::<Vec<_>>()
            .join("\n\n"),
    }
}

/// `Device 0 (phone)`, `Device 2 (linked)`.
fn device_name(d: &Device) -> String {
    if d.is_companion() {
        format!("Device {} (linked)", d.id)
    } else {
        format!("Device {} (phone)", d.id)
    }
}

fn device_table(devices: &[Device], style: &Style) -> Grid {
    let mut table = style.table();
    let mut header = vec!["Field".to_string()];
    header.extend(devices.iter().map(device_name));
    table.set_header(header).keyed();
    let columns: Vec<Vec<(&str, String)>> = devices
        .iter()
        .map(|d| rows(style, |f| d.walk_in(Some(d.id), f)))
        .collect();
    for (i, (label, _)) in columns.first().into_iter().flatten().enumerate() {
        let mut row = vec![label.to_string()];
        row.extend(columns.iter().map(|c| style.cell(c[i].1.clone())));
        table.add_row(row);
    }
    table
}
