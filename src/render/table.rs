//! `wareport show`: every record, one table per section. Untrusted text is escaped.

use comfy_table::Table;

use super::Section;
use super::json::payments_word;
use super::{Style, current_address, or_dash, size, visibility, yes_no};
use crate::model::{Acceptance, Report};
use crate::term::{escape, escape_name};

fn key_value(style: &Style, rows: Vec<(&str, String)>) -> Table {
    let mut table = style.table();
    table.set_header(["Field", "Value"]);
    for (key, value) in rows {
        table.add_row([key.to_string(), value]);
    }
    table
}

fn list(style: &Style, header: &str, items: &[String], name: fn(&str) -> String) -> Table {
    let mut table = style.table();
    table.set_header(["#", header]);
    for (i, item) in items.iter().enumerate() {
        table.add_row([(i + 1).to_string(), name(item)]);
    }
    table
}

/// Untrusted items, each escaped, one per line; `—` for none.
fn lines(items: &[String]) -> String {
    if items.is_empty() {
        return "—".into();
    }
    items
        .iter()
        .map(|i| escape(i))
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

/// All tables for the chosen sections (all when empty), titled, separated by blank lines.
pub fn show(report: &Report, sections: &[Section], style: &Style) -> String {
    let r = report;
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
    for &section in Section::ALL
        .iter()
        .filter(|s| sections.is_empty() || sections.contains(s))
    {
        match section {
            Section::Report => emit(
                "Report",
                key_value(
                    style,
                    vec![
                        ("Generation", r.generation.as_str().to_string()),
                        ("Detected by", r.detected_by.clone()),
                        ("Requested", style.time(r.requested_at)),
                        ("Generated", style.time(r.generated_at)),
                        ("Files read", lines(&r.files)),
                    ],
                )
                .to_string(),
            ),
            Section::Account => {
                let a = &r.account;
                let pic = &a.profile_picture;
                let picture = match (pic.present, pic.size_bytes) {
                    (false, _) => "none".to_string(),
                    (true, Some(bytes)) => format!("present, {}", size(bytes)),
                    (true, None) => "present".to_string(),
                };
                emit(
                    "Account",
                    key_value(
                        style,
                        vec![
                            ("Phone number", or_dash(a.phone_number.as_deref())),
                            ("Name", or_dash(a.name.as_deref())),
                            ("Email", or_dash(a.email.as_deref())),
                            ("About", or_dash(a.about.as_deref())),
                            ("About set", style.time(a.about_set_at)),
                            ("About expires", style.time(a.about_expires_at)),
                            ("Profile picture", picture),
                            ("Picture uploaded", style.time(pic.uploaded_at)),
                        ],
                    )
                    .to_string(),
                );
            }
            Section::Registration => {
                let g = &r.registration;
                emit(
                    "Registration",
                    key_value(
                        style,
                        vec![
                            ("Platform", or_dash(g.platform.as_deref())),
                            ("App version", or_dash(g.app_version.as_deref())),
                            ("Network code", or_dash(g.network_code.as_deref())),
                            ("Network name", or_dash(g.network_name.as_deref())),
                            ("Device", or_dash(g.device.as_deref())),
                            ("Registered", style.time(g.registered_at)),
                        ],
                    )
                    .to_string(),
                );
            }
            Section::Devices => emit("Devices", devices(r, style)),
            Section::Contacts => emit(
                &format!("Contacts ({})", r.contacts.len()),
                list(style, "Number", &r.contacts, escape).to_string(),
            ),
            Section::Groups => emit(
                &format!(
                    "Groups ({}, {} distinct)",
                    r.groups.len(),
                    r.distinct_groups()
                ),
                list(style, "Name", &r.groups, escape_name).to_string(),
            ),
            Section::Blocked => match &r.blocked {
                None => emit(
                    "Blocked numbers",
                    "The report says nothing about blocked numbers.".into(),
                ),
                Some(b) => emit(
                    &format!(
                        "Blocked numbers ({}, updated {})",
                        b.numbers.len(),
                        style.time(b.updated_at)
                    ),
                    list(style, "Number", &b.numbers, escape).to_string(),
                ),
            },
            Section::Privacy => {
                let p = &r.privacy;
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
            Section::Terms => {
                let t = &r.terms;
                emit(
                    "Terms",
                    key_value(
                        style,
                        vec![
                            (
                                "2016 terms",
                                acceptance(style, t.tos_2016, "accepted", "not accepted"),
                            ),
                            (
                                "Facebook data-sharing opt-out",
                                acceptance(
                                    style,
                                    t.data_sharing_opt_out,
                                    "opted out",
                                    "not opted out",
                                ),
                            ),
                            (
                                "2018 terms",
                                acceptance(style, t.tos_2018, "accepted", "not accepted"),
                            ),
                            (
                                "2021 terms",
                                acceptance(style, t.tos_2021, "accepted", "not accepted"),
                            ),
                        ],
                    )
                    .to_string(),
                );
            }
            Section::Other => {
                let s = &r.sync;
                let sessions = s
                    .sessions
                    .iter()
                    .map(|x| {
                        format!(
                            "{} (account registered {}): {}",
                            or_dash(x.id.as_deref()),
                            style.time(x.account_registered_at),
                            escape(&x.state_collections.join(", "))
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                emit(
                    "Other",
                    key_value(
                        style,
                        vec![
                            (
                                "Web/Desktop platform",
                                or_dash(r.web_desktop.platform.as_deref()),
                            ),
                            ("Web/Desktop state", or_dash(r.web_desktop.state.as_deref())),
                            (
                                "Web/Desktop version",
                                or_dash(r.web_desktop.version.as_deref()),
                            ),
                            (
                                "Web/Desktop connected",
                                style.time(r.web_desktop.connected_since),
                            ),
                            (
                                "Web/Desktop inactive",
                                style.time(r.web_desktop.inactive_since),
                            ),
                            (
                                "Current sync session",
                                or_dash(s.current_session_id.as_deref()),
                            ),
                            (
                                "Sync session registered",
                                style.time(s.current_session_registered_at),
                            ),
                            (
                                "Sync sessions",
                                if sessions.is_empty() {
                                    "—".into()
                                } else {
                                    sessions
                                },
                            ),
                            ("Payments", payments_word(&r.payments).replace('_', " ")),
                        ],
                    )
                    .to_string(),
                );
            }
            Section::Warnings => {
                if !r.unrecognised.is_empty() {
                    let mut table = style.table();
                    table.set_header(["File", "Unrecognised label", "Value"]);
                    for u in &r.unrecognised {
                        table.add_row([escape(&u.file), escape(&u.label), escape(&u.value)]);
                    }
                    emit("Kept under unrecognised labels", table.to_string());
                }
                let mut body = String::new();
                for (title, items) in super::warning_groups(&r.warnings) {
                    body.push_str(&format!("{title}:\n"));
                    for w in items {
                        body.push_str(&format!("- {}\n", escape(&w.to_string())));
                    }
                }
                if body.is_empty() {
                    body.push_str("None: every file, key and value was understood.\n");
                }
                emit(
                    &format!("Warnings ({})", r.warnings.len()),
                    body.trim_end().to_string(),
                );
            }
        }
    }
    out
}

/// Devices transposed: one column per device, one row per field.
fn devices(r: &Report, style: &Style) -> String {
    if r.devices.is_empty() {
        return "The report lists no devices.".into();
    }
    let mut table = style.table();
    let mut header = vec!["Field".to_string()];
    header.extend(r.devices.iter().map(|d| {
        if d.is_companion() {
            format!("Device {} (linked)", d.id)
        } else {
            format!("Device {} (phone)", d.id)
        }
    }));
    table.set_header(header);
    type Cell = fn(&crate::model::Device, &Style) -> String;
    let rows: [(&str, Cell); 14] = [
        ("Status", |d, _| or_dash(d.status.as_deref())),
        ("Last active", |d, s| s.time(d.last_active_at)),
        ("Online since", |d, s| s.time(d.online_since)),
        ("Previous IP", |d, _| or_dash(d.previous_ip.as_deref())),
        ("Current IP", |d, _| escape(&current_address(d))),
        ("App version", |d, _| or_dash(d.app_version.as_deref())),
        ("OS version", |d, _| or_dash(d.os_version.as_deref())),
        ("Manufacturer", |d, _| or_dash(d.manufacturer.as_deref())),
        ("Model", |d, _| or_dash(d.model.as_deref())),
        ("Settings fetched", |d, s| s.time(d.settings_last_fetch_at)),
        ("Notification dropped", |d, s| {
            s.time(d.last_notification_dropped_at)
        }),
        ("Last clean", |d, s| s.time(d.last_clean_at)),
        ("MCC / MNC", |d, _| match (&d.mcc, &d.mnc) {
            (None, None) => "—".into(),
            (mcc, mnc) => format!("{} / {}", or_dash(mcc.as_deref()), or_dash(mnc.as_deref())),
        }),
        ("OS build", |d, _| or_dash(d.os_build.as_deref())),
    ];
    for (label, cell) in rows {
        let mut row = vec![label.to_string()];
        row.extend(r.devices.iter().map(|d| cell(d, style)));
        table.add_row(row);
    }
    table.to_string()
}
