//! `wareport summary`: who the account is, what is held about it, and how it is set, on one
//! screen.

use super::{Style, count, current_address, or_dash, size, visibility};
use crate::model::{Acceptance, Visibility};
use crate::view::Summary;

/// Aligned `label  value` lines under a heading.
fn block(style: &Style, title: &str, rows: &[(&str, String)]) -> String {
    let width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = style.heading(title);
    out.push('\n');
    for (label, value) in rows {
        let first = format!("  {label:<width$}  ");
        let rest = " ".repeat(width + 4);
        out.push_str(&style.wrap(&style.cell(value.clone()), &first, &rest));
        out.push('\n');
    }
    out
}

fn setting(style: &Style, v: Option<&Visibility>) -> String {
    let words = visibility(v);
    match v {
        Some(Visibility::Everyone) => style.alert(&format!("{words}  (anyone with your number)")),
        _ => words,
    }
}

fn terms_line(style: &Style, a: Acceptance) -> String {
    match a.value {
        Some(true) => format!("accepted {}", style.time(a.at)),
        Some(false) => "not accepted".into(),
        None => "unknown".into(),
    }
}

/// The summary text, ending with a newline.
pub fn summary(r: &Summary<'_>, style: &Style) -> String {
    let a = r.account;
    let mut out = String::new();
    out.push_str(&style.heading(&format!(
        "WhatsApp account report for {}",
        or_dash(r.phone_number)
    )));
    out.push('\n');
    out.push_str(&style.wrap(
        &format!(
            "generation {} · requested {} · generated {}",
            r.generation,
            style.time(r.requested_at),
            style.time(r.generated_at)
        ),
        "  ",
        "  ",
    ));
    out.push_str("\n\n");

    let about = match (&a.about, a.about_set_at) {
        (Some(text), Some(_)) => {
            format!("\"{text}\" (set {})", style.time(a.about_set_at))
        }
        (Some(text), None) => format!("\"{text}\""),
        (None, _) => "—".into(),
    };
    let pic = &a.profile_picture;
    let picture = match (pic.present, pic.size_bytes, pic.uploaded_at) {
        (Some(false), ..) => "none".to_string(),
        (None, ..) => "—".to_string(),
        (Some(true), Some(bytes), at) => {
            format!("present, {}, uploaded {}", size(bytes), style.time(at))
        }
        (Some(true), None, at) => format!("present, uploaded {}", style.time(at)),
    };
    let g = r.registration;
    let platform = match (&g.platform, &g.app_version) {
        (Some(p), Some(v)) => format!("{p} {v}"),
        (Some(p), None) => p.to_string(),
        _ => "—".into(),
    };
    let network = match (&g.network_name, &g.network_code) {
        (Some(name), Some(code)) => format!("{name} ({code})"),
        (Some(name), None) => name.to_string(),
        (None, Some(code)) => code.to_string(),
        (None, None) => "—".into(),
    };
    out.push_str(&block(
        style,
        "Account",
        &[
            ("Name", or_dash(a.name.as_ref())),
            ("Email", or_dash(a.email.as_ref())),
            ("About", about),
            ("Profile photo", picture),
            ("Registered", style.time(g.registered_at)),
            ("Platform", platform),
            ("Device", or_dash(g.device.as_ref())),
            ("Network", network),
        ],
    ));

    let blocked = match (r.counts.blocked, r.blocked_updated_at) {
        (None, _) => "not stated in the report".to_string(),
        (Some(n), Some(at)) => format!("{n} (list updated {})", style.time(Some(at))),
        (Some(n), None) => n.to_string(),
    };
    out.push('\n');
    out.push_str(&block(
        style,
        "Other people's data held",
        &[
            ("Contacts", count(r.counts.contacts)),
            (
                "Groups",
                match (r.counts.groups, r.counts.groups_distinct) {
                    (Some(n), Some(d)) => format!("{n} ({d} distinct names)"),
                    _ => count(None),
                },
            ),
            ("Blocked", blocked),
        ],
    ));

    out.push('\n');
    out.push_str(&style.heading(&format!("Devices ({})", r.devices.len())));
    out.push('\n');
    if r.devices.is_empty() {
        out.push_str("  none listed\n");
    } else {
        let mut table = style.table();
        table.set_header([
            "ID",
            "Kind",
            "Status",
            "Last active",
            "Previous IP",
            "Current IP",
            "App",
            "Model",
        ]);
        for d in r.devices {
            let model = [&d.manufacturer, &d.model]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" ");
            let row: [String; 8] = [
                d.id.to_string(),
                if d.is_companion() {
                    "linked".into()
                } else {
                    "phone".into()
                },
                or_dash(d.status.as_ref()),
                style.time(d.last_active_at),
                or_dash(d.previous_ip.as_ref()),
                current_address(d),
                or_dash(d.app_version.as_ref()),
                if model.is_empty() {
                    "—".into()
                } else {
                    model
                },
            ];
            table.add_row(row.map(|c| style.cell(c)));
        }
        out.push_str(&table.to_string());
        out.push('\n');
    }

    let p = r.privacy;
    let status = match &p.status {
        None => "—".to_string(),
        Some(s) => {
            let mut text = setting(style, s.mode.as_ref());
            if !s.except.is_empty() {
                let n = s.except.len();
                text.push_str(&format!(
                    "; {n} contact{} excluded",
                    if n == 1 { "" } else { "s" }
                ));
            }
            if !s.only_share_with.is_empty() {
                text.push_str(&format!(
                    "; only-share-with list of {}",
                    s.only_share_with.len()
                ));
            }
            text
        }
    };
    let receipts = match p.read_receipts {
        Some(true) => "on (others see when you have read their messages)".to_string(),
        Some(false) => "off".into(),
        None => "—".into(),
    };
    out.push('\n');
    out.push_str(&block(
        style,
        "Privacy",
        &[
            ("Last seen", setting(style, p.last_seen.as_ref())),
            ("Profile photo", setting(style, p.profile_photo.as_ref())),
            ("About", setting(style, p.about.as_ref())),
            ("Status", status),
            ("Read receipts", receipts),
        ],
    ));

    let t = r.terms;
    let opt_out = match t.data_sharing_opt_out().value {
        Some(true) => format!("opted out {}", style.time(t.data_sharing_opt_out().at)),
        Some(false) => style.alert("not opted out of sharing account data with Facebook"),
        None => "unknown".into(),
    };
    out.push('\n');
    out.push_str(&block(
        style,
        "Terms",
        &[
            ("2016 terms", terms_line(style, t.tos_2016())),
            ("Facebook data sharing", opt_out),
            ("2018 terms", terms_line(style, t.tos_2018())),
            ("2021 terms", terms_line(style, t.tos_2021())),
        ],
    ));

    for (title, items) in super::warning_groups(r.warnings) {
        out.push('\n');
        out.push_str(&style.alert(&format!("Report notes: {title}")));
        out.push('\n');
        for w in items {
            out.push_str(&style.wrap(&w.to_string(), "  - ", "    "));
            out.push('\n');
        }
    }
    style.push_cut_note(&mut out);
    out
}
