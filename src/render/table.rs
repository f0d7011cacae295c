//! `wareport show`: every record, one table per section, from the [`Show`] view.

use comfy_table::Table;

use super::{Style, current_address, or_dash, size, visibility, yes_no};
use crate::model::{Acceptance, Device};
use crate::term::escape_name_display;
use crate::view::Show;

fn key_value(style: &Style, rows: Vec<(&str, String)>) -> Table {
    key_value_with(style, rows, Style::cell)
}

fn key_value_with(
    style: &Style,
    rows: Vec<(&str, String)>,
    cut: fn(&Style, String) -> String,
) -> Table {
    let mut table = style.table();
    table.set_header(["Field", "Value"]);
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
    table.set_header(["#", header]);
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

fn acceptance(style: &Style, a: Acceptance, yes: &str, no: &str) -> String {
    match a.value {
        Some(true) if a.at.is_some() => format!("{yes} {}", style.time(a.at)),
        Some(true) => yes.to_string(),
        Some(false) => no.to_string(),
        None => "—".into(),
    }
}

/// All tables of the view's sections, titled, separated by blank lines.
pub fn show(v: &Show<'_>, style: &Style) -> String {
    let mut out = String::new();
    let mut emit = |title: &str, body: String| {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&style.heading(title));
        out.push('\n');
        out.push_str(&body);
        out.push('\n');
    };
    if let Some(times) = v.report {
        emit(
            "Report",
            key_value_with(
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
            .to_string(),
        );
    }
    if let Some(a) = v.account {
        let pic = &a.profile_picture;
        let picture = match (pic.present, pic.size_bytes) {
            (Some(true), Some(bytes)) => format!("present, {}", size(bytes)),
            (Some(true), None) => "present".to_string(),
            (Some(false), _) => "none".to_string(),
            (None, _) => "—".to_string(),
        };
        emit(
            "Account",
            key_value(
                style,
                vec![
                    ("Phone number", or_dash(a.phone_number.as_ref())),
                    ("Name", or_dash(a.name.as_ref())),
                    ("Email", or_dash(a.email.as_ref())),
                    (
                        "About",
                        a.about.as_ref().map_or("—".into(), escape_name_display),
                    ),
                    ("About set", style.time(a.about_set_at)),
                    ("About expires", style.time(a.about_expires_at)),
                    ("Profile picture", picture),
                    ("Picture uploaded", style.time(pic.uploaded_at)),
                ],
            )
            .to_string(),
        );
    }
    if let Some(g) = v.registration {
        emit(
            "Registration",
            key_value(
                style,
                vec![
                    ("Platform", or_dash(g.platform.as_ref())),
                    ("App version", or_dash(g.app_version.as_ref())),
                    ("Network code", or_dash(g.network_code.as_ref())),
                    ("Network name", or_dash(g.network_name.as_ref())),
                    ("Device", or_dash(g.device.as_ref())),
                    ("Registered", style.time(g.registered_at)),
                ],
            )
            .to_string(),
        );
    }
    if let Some(d) = v.devices {
        emit("Devices", devices(d, style));
    }
    if let Some(contacts) = v.contacts {
        match contacts {
            None => emit("Contacts", "Not in the report.".into()),
            Some(c) => emit(&format!("Contacts ({})", c.len()), list(style, "Number", c)),
        }
    }
    if let Some(groups) = v.groups {
        match groups {
            None => emit("Groups", "Not in the report.".into()),
            Some(g) => {
                let distinct = g.iter().collect::<std::collections::HashSet<_>>().len();
                emit(
                    &format!("Groups ({}, {distinct} distinct)", g.len()),
                    list(style, "Name", g),
                );
            }
        }
    }
    if let Some(blocked) = v.blocked {
        match blocked {
            None => emit(
                "Blocked numbers",
                "The report says nothing about blocked numbers.".into(),
            ),
            Some(b) => emit(
                &match v.blocked_updated_at.flatten() {
                    Some(at) => format!(
                        "Blocked numbers ({}, updated {})",
                        b.len(),
                        style.time(Some(at))
                    ),
                    None => format!("Blocked numbers ({})", b.len()),
                },
                list(style, "Number", b),
            ),
        }
    }
    if let Some(p) = v.privacy {
        let mut rows = vec![
            ("Last seen", visibility(p.last_seen.as_ref())),
            ("Profile photo", visibility(p.profile_photo.as_ref())),
            ("About", visibility(p.about.as_ref())),
        ];
        match &p.status {
            None => rows.push(("Status", "—".into())),
            Some(s) => {
                rows.push(("Status", visibility(s.mode.as_ref())));
                rows.push(("Status: except", lines(&s.except)));
                rows.push(("Status: only share with", lines(&s.only_share_with)));
            }
        }
        rows.push(("Read receipts", yes_no(p.read_receipts).into()));
        emit("Privacy", key_value(style, rows).to_string());
    }
    if let Some(t) = v.terms {
        emit(
            "Terms",
            key_value(
                style,
                vec![
                    (
                        "2016 terms",
                        acceptance(style, t.tos_2016(), "accepted", "not accepted"),
                    ),
                    (
                        "Facebook data-sharing opt-out",
                        acceptance(
                            style,
                            t.data_sharing_opt_out(),
                            "opted out",
                            "not opted out",
                        ),
                    ),
                    (
                        "2018 terms",
                        acceptance(style, t.tos_2018(), "accepted", "not accepted"),
                    ),
                    (
                        "2021 terms",
                        acceptance(style, t.tos_2021(), "accepted", "not accepted"),
                    ),
                ],
            )
            .to_string(),
        );
    }
    if let (Some(w), Some(s), Some(payments)) = (v.web_desktop, v.sync, v.payments) {
        let sessions = match &s.sessions {
            None => "—".to_string(),
            Some(sessions) if sessions.is_empty() => "none".to_string(),
            Some(sessions) => sessions
                .iter()
                .map(|x| {
                    format!(
                        "{} (account registered {}): {}",
                        or_dash(x.id.as_ref()),
                        style.time(x.account_registered_at),
                        lines(&x.state_collections).replace('\n', ", ")
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
        };
        let payments = if v.payment_files.is_empty() {
            payments.replace('_', " ")
        } else {
            format!("{}: {}", payments.replace('_', " "), lines(v.payment_files))
        };
        emit(
            "Other",
            key_value(
                style,
                vec![
                    ("Web/Desktop platform", or_dash(w.platform.as_ref())),
                    ("Web/Desktop state", or_dash(w.state.as_ref())),
                    ("Web/Desktop version", or_dash(w.version.as_ref())),
                    ("Web/Desktop connected", style.time(w.connected_since)),
                    ("Web/Desktop inactive", style.time(w.inactive_since)),
                    (
                        "Current sync session",
                        or_dash(s.current_session_id.as_ref()),
                    ),
                    (
                        "Sync session registered",
                        style.time(s.current_session_registered_at),
                    ),
                    ("Sync sessions", sessions),
                    ("Payments", payments),
                ],
            )
            .to_string(),
        );
    }
    if v.show_warnings {
        if !v.unrecognised.is_empty() {
            let mut table = style.table();
            table.set_header(["File", "Unrecognised label", "Value"]);
            for u in v.unrecognised {
                let label = match u.parent {
                    Some(parent) => format!("{parent} › {}", u.label),
                    None => u.label.to_string(),
                };
                table.add_row([u.file.to_string(), label, u.value.to_string()]);
            }
            emit("Kept under unrecognised labels", table.to_string());
        }
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
        emit(
            &format!("Warnings ({})", v.warnings.len()),
            body.trim_end().to_string(),
        );
    }
    style.push_cut_note(&mut out);
    out
}

/// Devices transposed: one column per device, one row per field.
fn devices(devices: &[Device], style: &Style) -> String {
    if devices.is_empty() {
        return "The report lists no devices.".into();
    }
    // One column per device: as many devices side by side as the width holds.
    let per_table = style.width.map_or(devices.len(), |w| {
        (usize::from(w).saturating_sub(24) / 26).max(1)
    });
    devices
        .chunks(per_table)
        .map(|chunk| device_table(chunk, style))
        .collect::<Vec<_>>()
        .join("\n")
}

fn device_table(devices: &[Device], style: &Style) -> String {
    let mut table = style.table();
    let mut header = vec!["Field".to_string()];
    header.extend(devices.iter().map(|d| {
        if d.is_companion() {
            format!("Device {} (linked)", d.id)
        } else {
            format!("Device {} (phone)", d.id)
        }
    }));
    table.set_header(header);
    type Cell = fn(&Device, &Style) -> String;
    let rows: [(&str, Cell); 14] = [
        ("Status", |d, _| or_dash(d.status.as_ref())),
        ("Last active", |d, s| s.time(d.last_active_at)),
        ("Online since", |d, s| s.time(d.online_since)),
        ("Previous IP", |d, _| or_dash(d.previous_ip.as_ref())),
        ("Current IP", |d, _| current_address(d)),
        ("App version", |d, _| or_dash(d.app_version.as_ref())),
        ("OS version", |d, _| or_dash(d.os_version.as_ref())),
        ("Manufacturer", |d, _| or_dash(d.manufacturer.as_ref())),
        ("Model", |d, _| or_dash(d.model.as_ref())),
        ("Settings fetched", |d, s| s.time(d.settings_last_fetch_at)),
        ("Notification dropped", |d, s| {
            s.time(d.last_notification_dropped_at)
        }),
        ("Last clean", |d, s| s.time(d.last_clean_at)),
        ("MCC / MNC", |d, _| match (&d.mcc, &d.mnc) {
            (None, None) => "—".into(),
            (mcc, mnc) => format!("{} / {}", or_dash(mcc.as_ref()), or_dash(mnc.as_ref())),
        }),
        ("OS build", |d, _| or_dash(d.os_build.as_ref())),
    ];
    for (label, cell) in rows {
        let mut row = vec![label.to_string()];
        row.extend(devices.iter().map(|d| style.cell(cell(d, style))));
        table.add_row(row);
    }
    table.to_string()
}
