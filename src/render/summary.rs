//! `wareport summary`: who the account is, what is held about it, how it is set and which
//! devices use it, on one screen of 80 by 24 for a typical report. Everything else is
//! `show`'s, and the last line is the command that shows it.

use super::grid::{self, Grid};
use super::words::widest_word;
use super::{Style, current_address, or_dash, size};
use crate::model::{Device, Visibility};
use crate::view::Summary;

/// The device table's columns, each value whole on its line (a column is left out before a
/// model's name wraps), and the order they are left out in when the width is short: which
/// device, when it was last used and from where stay (its kind is told by its ID too: the
/// phone is 0).
const DEVICE_COLUMNS: [&str; 8] = [
    "ID",
    "Kind",
    "Last active",
    "Current IP",
    "Previous IP",
    "App",
    "Model",
    "Status",
];
const DEVICE_LEAVE_OUT: [&str; 5] = ["Status", "Model", "App", "Previous IP", "Kind"];

/// Aligned `label  value` lines under a heading; a value too wide beside its label goes
/// under it.
fn block(style: &Style, title: &str, rows: &[(&str, String)]) -> String {
    let width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = style.heading(title);
    out.push('\n');
    for (label, value) in rows {
        let value = style.cell(value.clone());
        let beside = width + 4;
        let fits = style
            .width
            .is_none_or(|w| usize::from(w) >= beside + widest_word(&value));
        if fits {
            let first = format!("  {label:<width$}  ");
            out.push_str(&style.wrap(&value, &first, &" ".repeat(beside)));
        } else {
            out.push_str(&format!("  {label}\n"));
            out.push_str(&style.wrap(&value, "    ", "    "));
        }
        out.push('\n');
    }
    out
}

fn setting(style: &Style, v: Option<&Visibility>) -> String {
    let words = or_dash(v);
    match v {
        Some(Visibility::Everyone) => style.alert(&format!("{words}  (anyone with your number)")),
        _ => words,
    }
}

/// The devices as a table of [`DEVICE_COLUMNS`], indented under their heading, and what was
/// left out of it to fit the width ([`grid::left_out`]).
fn devices(style: &Style, devices: &[Device]) -> (String, Option<String>) {
    const INDENT: &str = "  ";
    let mut table = Grid::new(style.width.map(|w| w.saturating_sub(INDENT.len() as u16)));
    table.plain().set_header(DEVICE_COLUMNS);
    for d in devices {
        let model = crate::text::spaced([&d.manufacturer, &d.model]);
        let row: [String; 8] = [
            d.id.to_string(),
            if d.is_companion() { "linked" } else { "phone" }.to_string(),
            style.time(d.last_active_at),
            current_address(d),
            or_dash(d.previous_ip.as_ref()),
            or_dash(d.app_version.as_ref()),
            if model.is_empty() {
                "—".into()
            } else {
                model
            },
            or_dash(d.status.as_ref()),
        ];
        table.add_row(row.map(|c| style.cell(c)));
    }
    table.leave_out(&DEVICE_LEAVE_OUT).whole(&DEVICE_COLUMNS);
    let rendered = table.render();
    let mut out = String::new();
    for line in rendered.text.lines() {
        if !line.is_empty() {
            out.push_str(INDENT);
        }
        out.push_str(line);
        out.push('\n');
    }
    (out, grid::left_out(&rendered.left_out, style.width))
}

/// The summary text, ending with a newline. `path`: the report as its last line's `show`
/// command names it (shell-quoted; `PATH` when it is not to be named).
pub fn summary(r: &Summary<'_>, style: &Style, path: &str) -> String {
    let mut out = title(r, style);
    out.push_str("\n\n");
    out.push_str(&account(r, style));
    out.push('\n');
    out.push_str(&privacy(r, style));
    out.push('\n');
    // No devices, no table: "none listed".
    let (table, left_out) = if r.devices.is_empty() {
        ("  none listed\n".to_string(), None)
    } else {
        devices(style, r.devices)
    };
    // The heading says which columns a short width left out (on its own line, the note
    // would push a typical report past one screen of 24 lines).
    let count = format!("Devices ({})", r.devices.len());
    let heading = match left_out {
        Some(words) => format!("{count} — left out {words}"),
        None => count.clone(),
    };
    let hanging = " ".repeat(count.len() + " — ".chars().count());
    out.push_str(&style.heading(&style.wrap(&heading, "", &hanging)));
    out.push('\n');
    out.push_str(&table);
    out.push_str(&closing(r, style, path));
    style.push_cut_note(&mut out);
    out
}

/// `WhatsApp account report for +15555550123, generated 2022-08-11 03:11:20 UTC`.
fn title(r: &Summary<'_>, style: &Style) -> String {
    let mut title = format!("WhatsApp account report for {}", or_dash(r.phone_number));
    if r.generated_at.is_some() {
        title.push_str(&format!(", generated {}", style.time(r.generated_at)));
    }
    style.heading(&style.wrap(&title, "", "  "))
}

/// Who the account is, and how many of other people's numbers and groups it holds.
fn account(r: &Summary<'_>, style: &Style) -> String {
    let a = r.account;
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
    block(
        style,
        "Account",
        &[
            ("Name", or_dash(a.name.as_ref())),
            ("Email", or_dash(a.email.as_ref())),
            ("About", about),
            ("Profile photo", picture),
            ("Lists held", lists_held(r)),
        ],
    )
}

/// `6 contacts, 9 groups (8 distinct names), 2 blocked numbers`, each saying when the
/// report does not.
fn lists_held(r: &Summary<'_>) -> String {
    use crate::text::count as counted;
    let c = &r.counts;
    [
        match c.contacts {
            Some(n) => counted(n, "contact", "contacts"),
            None => "contacts not in the report".into(),
        },
        match (c.groups, c.groups_distinct) {
            (Some(n), Some(d)) if d != n => {
                format!("{} ({d} distinct names)", counted(n, "group", "groups"))
            }
            (Some(n), _) => counted(n, "group", "groups"),
            (None, _) => "groups not in the report".into(),
        },
        match c.blocked {
            Some(n) => counted(n, "blocked number", "blocked numbers"),
            None => "blocked numbers not stated in the report".into(),
        },
    ]
    .join(", ")
}

/// Who sees what of the account, and whether it shares its data with Facebook.
fn privacy(r: &Summary<'_>, style: &Style) -> String {
    let p = r.privacy;
    let status = match &p.status {
        None => "—".to_string(),
        Some(s) => {
            let mut text = setting(style, s.mode.as_ref());
            if !s.except.is_empty() {
                let excluded = crate::text::count(s.except.len(), "contact", "contacts");
                text.push_str(&format!("; {excluded} excluded"));
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
    let opt_out = r.terms.data_sharing_opt_out();
    let facebook = match opt_out.value {
        Some(true) => format!("opted out {}", style.time(opt_out.at)),
        Some(false) => style.alert("not opted out of sharing account data with Facebook"),
        None => "unknown".into(),
    };
    block(
        style,
        "Privacy",
        &[
            ("Last seen", setting(style, p.last_seen.as_ref())),
            ("Profile photo", setting(style, p.profile_photo.as_ref())),
            ("About", setting(style, p.about.as_ref())),
            ("Status", status),
            ("Read receipts", receipts),
            ("Facebook", facebook),
        ],
    )
}

/// A heading per kind of report note, then the `show` sections that hold the rest (its
/// warnings among them when there are any).
fn closing(r: &Summary<'_>, style: &Style, path: &str) -> String {
    let mut out = String::new();
    for (title, _) in super::warning_groups(r.warnings) {
        out.push_str(&style.alert(&style.wrap(&format!("Report notes: {title}"), "", "  ")));
        out.push('\n');
    }
    out.push_str(&style.wrap(&format!("More: wareport show {path}"), "", "  "));
    out.push('\n');
    out
}
