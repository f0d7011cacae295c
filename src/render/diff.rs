//! `wareport diff` and `wareport timeline`: changes for people (privacy-relevant first) and
//! the contract's JSON for scripts.

use jiff::Timestamp;
use serde::Serialize;
use serde_json::Value;

use super::{Style, visibility};
use crate::diff::{Change, Diff, Op, Section, Val};
use crate::model::Report;
use crate::term::{escape, escape_name};

/// A value in words, for people.
fn words(v: &Option<Val>, style: &Style) -> String {
    match v {
        None => "—".into(),
        Some(Val::Text(s)) => escape_name(s),
        Some(Val::Bool(true)) => "yes".into(),
        Some(Val::Bool(false)) => "no".into(),
        Some(Val::Int(n)) => n.to_string(),
        Some(Val::Time(t)) => style.time(Some(*t)),
        Some(Val::Vis(vis)) => visibility(Some(vis)),
        Some(Val::Device(d)) => {
            let what = [
                d.app_version.as_deref(),
                d.manufacturer.as_deref(),
                d.model.as_deref(),
            ]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
            format!(
                "{} (last active {})",
                escape(&what),
                style.time(d.last_active_at)
            )
        }
    }
}

/// Whether a change touches privacy directly: visibility, read receipts, linked devices and
/// their IPs, terms and the opt-out, and the account's email, name and about.
fn privacy_relevant(c: &Change) -> bool {
    match c.section {
        Section::Privacy | Section::Terms => {
            !c.key.contains(".status.except") && !c.key.contains(".only_share_with")
        }
        Section::Devices => matches!(c.op, Op::Added | Op::Removed) || c.key.ends_with("_ip"),
        Section::Account => [
            "account.email",
            "account.name",
            "account.about",
            "account.phone_number",
        ]
        .contains(&c.key.as_str()),
        _ => false,
    }
}

/// Which part of the human diff a change goes in: 0 privacy-relevant, 1 other, 2 lists.
fn kind(c: &Change) -> usize {
    if privacy_relevant(c) {
        0
    } else if is_list(c) {
        2
    } else {
        1
    }
}

fn is_list(c: &Change) -> bool {
    matches!(
        c.section,
        Section::Contacts | Section::Groups | Section::Blocked
    ) && !c.key.contains('.')
        || c.key.starts_with("privacy.status.except")
        || c.key.starts_with("privacy.status.only_share_with")
}

fn line(c: &Change, style: &Style) -> String {
    let sign = match c.op {
        Op::Added => "+",
        Op::Removed => "-",
        Op::Changed => "~",
    };
    if is_list(c) {
        let noun = match c.section {
            Section::Contacts => "contact",
            Section::Groups => "group",
            Section::Blocked => "blocked number",
            _ if c.key.ends_with("except") => "status exception",
            _ => "status only-share-with",
        };
        let value = if c.op == Op::Added { &c.new } else { &c.old };
        return format!("{sign} {noun} {}", words(value, style));
    }
    let what = match c.section {
        Section::Devices if !c.key.contains('.') => format!("linked device {}", escape(&c.key)),
        _ => escape(&c.key),
    };
    match c.op {
        Op::Added => format!("{sign} {what}: {}", words(&c.new, style)),
        Op::Removed => format!("{sign} {what}: {}", words(&c.old, style)),
        Op::Changed => {
            let mark = match c.widened() {
                Some(true) => style.alert(" (WIDENED: visible to more people)"),
                Some(false) => " (narrowed)".into(),
                None => String::new(),
            };
            format!(
                "{sign} {what}: {} → {}{mark}",
                words(&c.old, style),
                words(&c.new, style)
            )
        }
    }
}

/// The human diff.
pub fn text(diff: &Diff, old: &Report, new: &Report, style: &Style) -> String {
    let mut out = String::new();
    let n = |op| diff.changes.iter().filter(|c| c.op == op).count();
    out.push_str(&style.heading(&format!(
        "{} change{} from the report generated {} to the one generated {}",
        diff.changes.len(),
        if diff.changes.len() == 1 { "" } else { "s" },
        style.time(old.generated_at),
        style.time(new.generated_at)
    )));
    out.push_str(&format!(
        "\n  {} added, {} removed, {} changed\n",
        n(Op::Added),
        n(Op::Removed),
        n(Op::Changed)
    ));
    if !diff.changes.is_empty() {
        let mut table = style.table();
        table.set_header(["Section", "Added", "Removed", "Changed"]);
        for s in Section::ALL {
            let (a, r, c) = diff.counts(s);
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
    let titles = ["Privacy-relevant changes", "Other changes", "Lists"];
    for (group, title) in titles.into_iter().enumerate() {
        let lines: Vec<String> = diff
            .changes
            .iter()
            .filter(|c| kind(c) == group)
            .map(|c| line(c, style))
            .collect();
        if lines.is_empty() {
            continue;
        }
        out.push('\n');
        out.push_str(&style.heading(title));
        out.push('\n');
        for l in lines {
            out.push_str(&format!("  {l}\n"));
        }
    }
    if !diff.not_comparable.is_empty() {
        out.push('\n');
        out.push_str(&style.heading("Not comparable (one report's format does not carry them)"));
        out.push('\n');
        out.push_str(&format!("  {}\n", diff.not_comparable.join(", ")));
    }
    out
}

/// A value as the contract's JSON.
fn json_value(v: &Option<Val>) -> Value {
    match v {
        None => Value::Null,
        Some(Val::Text(s)) => Value::String(s.clone()),
        Some(Val::Bool(b)) => Value::Bool(*b),
        Some(Val::Int(n)) => Value::from(*n),
        Some(Val::Time(t)) => Value::String(t.to_string()),
        Some(Val::Vis(v)) => Value::String(v.as_str().to_string()),
        Some(Val::Device(d)) => super::json::device_value(d),
    }
}

#[derive(Serialize)]
pub(crate) struct ChangeJson<'a> {
    section: &'static str,
    op: &'static str,
    key: &'a str,
    old: Value,
    new: Value,
}

pub(crate) fn changes_json(diff: &Diff) -> Vec<ChangeJson<'_>> {
    diff.changes
        .iter()
        .map(|c| ChangeJson {
            section: c.section.as_str(),
            op: c.op.as_str(),
            key: &c.key,
            old: json_value(&c.old),
            new: json_value(&c.new),
        })
        .collect()
}

#[derive(Serialize)]
struct Side {
    generated_at: Option<String>,
}

#[derive(Serialize)]
struct DiffDoc<'a> {
    schema_version: u32,
    old: Side,
    new: Side,
    changes: Vec<ChangeJson<'a>>,
    not_comparable: &'a [String],
}

fn side(t: Option<Timestamp>) -> Side {
    Side {
        generated_at: t.map(|t| t.to_string()),
    }
}

pub fn json(diff: &Diff, old: &Report, new: &Report) -> String {
    super::json::to_string(&DiffDoc {
        schema_version: super::json::SCHEMA_VERSION,
        old: side(old.generated_at),
        new: side(new.generated_at),
        changes: changes_json(diff),
        not_comparable: &diff.not_comparable,
    })
}

/// One report of a timeline, with the changes since the one before it.
pub struct Step<'a> {
    pub name: &'a str,
    pub report: &'a Report,
    pub since_previous: Option<Diff>,
}

pub fn timeline_text(steps: &[Step<'_>], style: &Style) -> String {
    let mut out = String::new();
    let mut table = style.table();
    table.set_header([
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
    ]);
    for step in steps {
        let r = step.report;
        let p = &r.privacy;
        table.add_row([
            style.time(r.generated_at),
            escape(step.name),
            r.generation.as_str().to_string(),
            r.contact_count().to_string(),
            r.groups.len().to_string(),
            r.blocked
                .as_ref()
                .map_or("—".into(), |b| b.numbers.len().to_string()),
            r.devices.len().to_string(),
            visibility(p.last_seen.as_ref()),
            visibility(p.profile_photo.as_ref()),
            visibility(p.about.as_ref()),
            super::yes_no(p.read_receipts).to_string(),
            step.since_previous
                .as_ref()
                .map_or("—".into(), |d| d.changes.len().to_string()),
        ]);
    }
    out.push_str(&table.to_string());
    out.push('\n');
    for pair in steps.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        let Some(diff) = &after.since_previous else {
            continue;
        };
        out.push('\n');
        out.push_str(&style.heading(&format!("{} → {}", escape(before.name), escape(after.name))));
        out.push('\n');
        if diff.changes.is_empty() {
            out.push_str("  no changes\n");
        }
        // Privacy-relevant first, then the rest, then the lists; stable within each.
        let mut changes: Vec<&Change> = diff.changes.iter().collect();
        changes.sort_by_key(|c| kind(c));
        for c in changes {
            out.push_str(&format!("  {}\n", line(c, style)));
        }
    }
    out
}

#[derive(Serialize)]
struct StepJson<'a> {
    report: &'a str,
    generation: &'static str,
    phone_number: Option<&'a str>,
    generated_at: Option<String>,
    counts: super::json::Counts,
    privacy: super::json::Privacy<'a>,
    terms: super::json::Terms,
    /// `null` for the first report.
    changes_since_previous: Option<Vec<ChangeJson<'a>>>,
}

#[derive(Serialize)]
struct TimelineDoc<'a> {
    schema_version: u32,
    reports: Vec<StepJson<'a>>,
}

pub fn timeline_json(steps: &[Step<'_>]) -> String {
    super::json::to_string(&TimelineDoc {
        schema_version: super::json::SCHEMA_VERSION,
        reports: steps
            .iter()
            .map(|s| StepJson {
                report: s.name,
                generation: s.report.generation.as_str(),
                phone_number: s.report.account.phone_number.as_deref(),
                generated_at: s.report.generated_at.map(|t| t.to_string()),
                counts: super::json::Counts::of(s.report),
                privacy: super::json::Privacy::from(&s.report.privacy),
                terms: super::json::Terms::from(&s.report.terms),
                changes_since_previous: s.since_previous.as_ref().map(changes_json),
            })
            .collect(),
    })
}
