//! `wareport report`: one self-contained HTML page a person can open offline, keep, print
//! and (redacted) send on.
//!
//! The page is built from the same typed model and views as the other commands
//! ([`Summary`], [`Show`], [`audit`] findings, the [`timeline`](crate::timeline) steps and
//! their [`Change`]s), never from the report's files. Templates are maud: compile-time, and
//! every value inserted is HTML-escaped by the engine. Report text reaches the templates
//! through its type's `Display` ([`crate::text`]), as on the terminal: control, format and
//! bidi characters are shown as visible `\u{..}` escapes, so a name cannot hide itself or
//! reorder the page; names are quoted when their edges are white space
//! ([`escape_name_display`]). Each value sits in a `<bdi>` (or a bidi-isolated list item)
//! so right-to-left names do not reorder their neighbours.
//!
//! Safe by construction: no script, no external resource of any kind (styles are inline,
//! charts are inline SVG from [`chart`]), and a Content-Security-Policy meta tag ([`CSP`])
//! that forbids every fetch. The only links are to the page's own sections (`#id`).

mod calling;
mod chart;
mod fields;
mod prose;

use std::collections::BTreeMap;

use jiff::Timestamp;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::audit::{Evidence, Finding, Severity, Thresholds, audit, evidence_label};
use crate::diff::{Change, Diff, Group, ItemList, Key, Op, Val};
use crate::format::Clock;
use crate::model::{
    Acceptance, Device, Field, Generation, Leaf, Report, Terms, Visibility, Warning,
};
use crate::term::escape_name_display;
use crate::text::{GroupName, Phone, count as plural, thousands};
use crate::timeline::Step;
use crate::view::{Show, StepView, Summary, TimelineView};

use chart::{Lane, Mark, Point, Shape};
use prose::{message, prose, slashed};

/// The page's Content-Security-Policy: nothing may be fetched, framed, submitted or run;
/// only the inline style sheet and `data:` images are allowed.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS: &str = include_str!("page.css");

/// Lists up to this long are shown open; longer ones start folded.
const OPEN_LIST: usize = 12;

fn time(clock: &Clock, t: Option<Timestamp>) -> Markup {
    match t {
        Some(t) => html! { time datetime=(t.to_string()) { (clock.time(Some(t))) } },
        None => html! { span.muted { "not in the report" } },
    }
}

/// A time to the minute, the whole time in its tooltip; its zone is said by a column's
/// header, and by the time itself (`span.zone`) where the header is not shown.
fn minute(clock: &Clock, t: Option<Timestamp>) -> Markup {
    match t {
        Some(t) => {
            let zoned = t.to_zoned(clock.tz.clone());
            let zone = if clock.tz == jiff::tz::TimeZone::UTC {
                "UTC".to_string()
            } else {
                zoned.strftime("%Z").to_string()
            };
            html! {
                time datetime=(t.to_string()) title=(clock.time(Some(t))) {
                    (zoned.strftime("%Y-%m-%d %H:%M")) span.zone { " " (zone) }
                }
            }
        }
        None => html! { span.muted { "not in the report" } },
    }
}

/// A date without the time, for axis and chart labels.
fn day(clock: &Clock, t: Option<Timestamp>) -> String {
    t.map_or_else(
        || "undated".to_string(),
        |t| {
            t.to_zoned(clock.tz.clone())
                .strftime("%Y-%m-%d")
                .to_string()
        },
    )
}

fn generation_words(g: Generation) -> &'static str {
    match g {
        Generation::A => {
            "access.html and portability.json, as WhatsApp sent it from 2018 to mid 2022"
        }
        Generation::B => "folders of JSON files with HTML twins, as sent in mid 2022",
        Generation::B2 => {
            "folders of JSON files with HTML twins and a renamed registration file, as sent from 2023"
        }
        Generation::C => "folders with Meta's label/value user information, as sent in 2026",
    }
}

/// A visibility in words for people.
fn vis_words(v: Option<&Visibility>) -> String {
    match v {
        None => "not in the report".into(),
        Some(Visibility::Other(raw)) => format!("{raw} (not a known setting)"),
        Some(known) => known.to_string(),
    }
}

fn yes_no(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "not in the report",
    }
}

/// A diff or evidence value.
fn val(v: &Val, clock: &Clock) -> Markup {
    match v {
        Val::Time(t) => time(clock, Some(*t)),
        Val::Bool(b) => html! { (if *b { "yes" } else { "no" }) },
        Val::Int(n) => html! { (n) },
        Val::Text(t) => html! { bdi { (t) } },
        Val::Phone(p) => html! { bdi.mono { (p) } },
        Val::Email(e) => html! { bdi { (e) } },
        Val::Name(n) => html! { bdi { (escape_name_display(n)) } },
        Val::About(a) => html! { bdi { (escape_name_display(a)) } },
        Val::Group(g) => html! { bdi { (escape_name_display(g)) } },
        Val::Session(s) => html! { bdi.mono { (s) } },
        Val::Ip(ip) => html! { bdi.mono { (ip) } },
        Val::Vis(v) => html! { (vis_words(Some(v))) },
        Val::Texts(items) => {
            let joined: Vec<String> = items.iter().map(|t| t.to_string()).collect();
            html! { bdi { (joined.join(", ")) } }
        }
        Val::Payments(w) => html! { (w.replace('_', " ")) },
        Val::Device(d) => {
            let what = crate::text::spaced([&d.app_version, &d.manufacturer, &d.model]);
            html! { bdi { (what) } " (last active " (time(clock, d.last_active_at)) ")" }
        }
    }
}

fn opt_val(v: Option<&Val>, clock: &Clock) -> Markup {
    match v {
        Some(v) => val(v, clock),
        None => html! { span.muted { "—" } },
    }
}

fn warning(w: &Warning) -> Markup {
    html! {
        code { bdi { (w.file) } }
        @if !w.at.is_empty() {
            " at " code { bdi { (w.at) } }
        }
        ": " bdi { (message(&w.message)) }
    }
}

/// Whether a file's first bytes are a page wareport wrote: its `generator` line near the
/// top. `report -o` overwrites only such a file without `--force`.
pub fn is_own(head: &[u8]) -> bool {
    let mark = b"<meta name=\"generator\" content=\"wareport ";
    head.starts_with(b"<!DOCTYPE html>") && head.windows(mark.len()).any(|w| w == mark)
}

/// The whole page for the reports of a timeline (one or more, oldest first); the sections
/// describe the latest, and several reports add counts, settings and changes over time.
pub fn page(steps: &[Step], clock: &Clock, redacted: bool) -> String {
    let Some(latest) = steps.last() else {
        return String::new();
    };
    let report = &latest.report;
    let summary = Summary::new(report);
    let show = Show::new(report, &[]);
    let findings = audit(report, Thresholds::default());
    let timeline = TimelineView::new(steps);
    let who = summary
        .phone_number
        .map_or_else(|| "an account".to_string(), |p| p.to_string());
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(CSP);
                meta name="referrer" content="no-referrer";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                meta name="generator" content=(concat!("wareport ", env!("CARGO_PKG_VERSION")));
                link rel="icon" href="data:,";
                title { "WhatsApp report of " (who) " · wareport" }
                style { (PreEscaped(CSS)) }
            }
            body {
                div.wrap {
                    (header(steps, &summary, &findings, &who, clock, redacted))
                    main {
                        (findings_section(&findings, clock))
                        @if steps.len() > 1 { (over_time(&timeline, steps, clock)) }
                        (account(&summary, &show, latest, clock, redacted))
                        (others(report, clock))
                        (privacy(report))
                        (devices(report, clock))
                        (terms(report, clock))
                        (other_records(report, &show, clock))
                        (not_read(steps))
                    }
                    (footer(clock, redacted))
                }
            }
        }
    }
    .into_string()
}

/// The page's header: whose report, when it was made, the counts at a glance and the
/// contents, whose first entry is what to change.
fn header(
    steps: &[Step],
    summary: &Summary<'_>,
    findings: &[Finding],
    who: &str,
    clock: &Clock,
    redacted: bool,
) -> Markup {
    let several = steps.len() > 1;
    let problems: usize = steps
        .iter()
        .map(|s| s.report.warnings.iter().filter(|w| w.is_problem()).count())
        .sum();
    let sev = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let toc: Vec<(&str, &str)> = [
        Some(("findings", "What to change")),
        several.then_some(("over-time", "Over time")),
        Some(("account", "The account")),
        Some(("others", "Other people")),
        Some(("privacy", "Privacy settings")),
        Some(("devices", "Devices")),
        Some(("terms", "Terms")),
        Some(("other", "Other records")),
        Some(("not-read", "Not read")),
    ]
    .into_iter()
    .flatten()
    .collect();
    html! {
        header {
            p.muted { "WhatsApp “Request account info” report, read by wareport" }
            h1 { "What WhatsApp’s report says about " bdi { (who) } }
            p.lead {
                "Generation " (summary.generation) " report · requested "
                (time(clock, summary.requested_at)) " · generated "
                (time(clock, summary.generated_at))
            }
            ul.badges {
                @if several {
                    li { (plural(steps.len(), "report", "reports")) " of this account; the sections below describe the latest" }
                }
                li { (plural(findings.len(), "finding", "findings")) ": "
                    (sev(Severity::High)) " high, " (sev(Severity::Medium)) " medium, "
                    (sev(Severity::Low)) " low, " (sev(Severity::Info)) " info" }
                li { (plural(summary.devices.len(), "device", "devices")) }
                @if problems == 0 {
                    li { "every part of the report was read" }
                } @else {
                    li.alert { (plural(problems, "part", "parts")) " of the report could not be read" }
                }
                @if redacted {
                    li { "redacted: identifiers are pseudonyms" }
                }
            }
            nav.toc aria-label="Sections" {
                ol { @for (id, words) in &toc { li { a href=(format!("#{id}")) { (words) } } } }
            }
        }
    }
}

/// What made the page, that it loads nothing, its time zone, and what it holds of whom.
fn footer(clock: &Clock, redacted: bool) -> Markup {
    html! {
        footer {
            p {
                "Made by wareport " (env!("CARGO_PKG_VERSION")) " from the report alone. "
                "This page loads nothing from the network and runs no script; it can be kept, printed and opened offline. "
                "Times are shown in " (clock.zone_name()) "."
            }
            @if redacted {
                p { (prose("Redacted with --redact: phone numbers, names, email, about text, group names, session ids and IP addresses are replaced by keyed pseudonyms; device ids, app versions, ports and all times are kept.")) }
            } @else {
                p { (prose("This page holds personal data: your number, your contacts’ numbers, group names and IP addresses. To share it, make it again with --redact.")) }
            }
        }
    }
}

fn account(s: &Summary<'_>, show: &Show<'_>, step: &Step, clock: &Clock, redacted: bool) -> Markup {
    let a = s.account;
    let g = s.registration;
    let gap_days = match (s.requested_at, s.generated_at) {
        (Some(r), Some(g)) if g >= r => Some(g.duration_since(r).as_hours() / 24),
        _ => None,
    };
    html! {
        section aria-labelledby="account" {
            h2 id="account" { "Who the account is" }
            (fields::facts(clock, |f| {
                a.walk_in(None, f);
                g.walk_in(None, f);
            }))
            @if a.profile_picture.present == Some(true) {
                p.note { "The profile picture itself is not copied to this page." }
            }
            h3 { "This report" }
            dl.facts {
                dt { "Generation" }
                dd { (s.generation) ": " (generation_words(step.report.generation())) }
                dt { (Report::requested_at.meta.show) }
                dd data-field=(Report::requested_at.path) { (time(clock, s.requested_at)) }
                dt { (Report::generated_at.meta.show) }
                dd data-field=(Report::generated_at.path) {
                    (time(clock, s.generated_at))
                    @if let Some(d) = gap_days { span.muted { " (" (plural(d as usize, "day", "days")) " after the request)" } }
                }
                dt { (if redacted { "Report" } else { "Read from" }) }
                dd { code { bdi { (step.name) } } }
                dt { "Recognised by" }
                dd { bdi { (message(show.source.detected_by)) } }
                dt { "Files read" }
                dd {
                    details {
                        summary { (plural(show.source.files.len(), "file", "files")) }
                        ul { @for file in show.source.files { li { code { bdi { (slashed(&file.to_string())) } } } } }
                    }
                }
            }
        }
    }
}

/// Contacts by country calling code, largest first, the rest summed. Redacted numbers
/// keep theirs only with `--keep-country` (`tel:+44:…`).
fn calling_codes(numbers: &[Phone]) -> Vec<(String, usize)> {
    let mut by: BTreeMap<String, usize> = BTreeMap::new();
    for p in numbers {
        // The code as `Phone` reads it (the export's `calling_code` too), with its country.
        let code = match p.calling_code() {
            Some(cc) => match calling::country(cc) {
                Some(name) => format!("+{cc} {name}"),
                None => format!("+{cc} (no country has it)"),
            },
            None if p.exact().starts_with("tel:") => "hidden".to_string(),
            None => "other form".to_string(),
        };
        *by.entry(code).or_default() += 1;
    }
    let mut rows: Vec<(String, usize)> = by.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if rows.len() > 10 {
        let rest: usize = rows[9..].iter().map(|(_, n)| n).sum();
        let others = rows.len() - 9;
        rows.truncate(9);
        rows.push((format!("{others} other codes"), rest));
    }
    rows
}

/// A large figure; `key` names it for scripts (`data-count`, the count's key in
/// `summary --json`).
fn figure(number: Option<usize>, key: &str, what: &str, more: Markup) -> Markup {
    html! {
        div.figure data-count=(key) {
            @match number {
                Some(n) => { p.n { (thousands(n)) } }
                None => { p.n.none { "not in the report" } }
            }
            p.what { (what) }
            p.more { (more) }
        }
    }
}

/// Numbers in a list, folded when long, its summary saying how many; nothing for none.
fn phone_list(summary: &str, (one, many): (&str, &str), numbers: &[Phone]) -> Markup {
    html! {
        @if !numbers.is_empty() {
            details open[numbers.len() <= OPEN_LIST] {
                summary { (summary) " " (plural(numbers.len(), one, many)) }
                ol.cols { @for p in numbers { li { (p) } } }
            }
        }
    }
}

fn group_list(groups: &[GroupName]) -> Markup {
    let mut seen: BTreeMap<&GroupName, usize> = BTreeMap::new();
    for g in groups {
        *seen.entry(g).or_default() += 1;
    }
    let repeated: Vec<(&GroupName, usize)> = seen.into_iter().filter(|(_, n)| *n > 1).collect();
    html! {
        @if !repeated.is_empty() {
            p {
                "Names used by more than one group: "
                @for (i, (g, n)) in repeated.iter().take(20).enumerate() {
                    @if i > 0 { ", " }
                    bdi { (escape_name_display(g)) } " (" (n) ")"
                }
                @if repeated.len() > 20 { " and " (repeated.len() - 20) " more" }
                "."
            }
        }
        details open[groups.len() <= OPEN_LIST] {
            summary { "All " (plural(groups.len(), "group", "groups")) ", in the report’s order" }
            ol.cols { @for g in groups { li { (escape_name_display(g)) } } }
        }
    }
}

fn others(r: &Report, clock: &Clock) -> Markup {
    let c = crate::view::Counts::of(r);
    let numbers = r.contact_numbers();
    html! {
        section aria-labelledby="others" {
            h2 id="others" { "What it holds about other people" }
            p { "Your address book and your groups are uploaded to WhatsApp, so the report holds other people’s phone numbers and the names of the groups you are in." }
            div.figures {
                (figure(c.contacts, "contacts", "contacts", html! { "phone numbers from your address book" }))
                (figure(c.groups, "groups", "groups", html! {
                    @if let Some(d) = c.groups_distinct { (plural(d, "distinct name", "distinct names")) } @else { "group names" }
                }))
                (figure(c.blocked, "blocked", "blocked numbers", html! {
                    @if r.blocked_updated_at.is_some() {
                        span data-field=(Report::blocked_updated_at.path) { "list updated " (time(clock, r.blocked_updated_at)) }
                    } @else { "numbers you blocked" }
                }))
            }
            @if !numbers.is_empty() {
                @let codes = calling_codes(numbers);
                @let has = |label: &str| codes.iter().any(|(l, _)| l == label);
                figure {
                    figcaption { "Contacts by country calling code" }
                    (chart::bars("Contacts by country calling code", &codes))
                    @if has("hidden") {
                        p.note { (prose("“hidden”: calling codes taken out by --redact (--keep-country keeps them).")) }
                    }
                    @if has("other form") {
                        p.note { "“other form”: numbers the report does not give in international form." }
                    }
                }
                (phone_list("All", ("contact", "contacts"), numbers))
            }
            @if let Some(groups) = &r.groups {
                @if !groups.is_empty() { (group_list(groups)) }
            }
            @if let Some(blocked) = &r.blocked {
                (phone_list("All", ("blocked number", "blocked numbers"), blocked))
            }
        }
    }
}

/// One privacy setting's row: where it sits on the scale, what it is set to, and what its
/// exception lists hold.
fn setting(field: Field, leaf: Leaf<'_>) -> Markup {
    let label = field.def.meta.show;
    let on_scale = |v: Option<&Visibility>, exceptions: Markup| {
        let reach = v.and_then(Visibility::reach);
        let set_to = html! {
            @if reach.is_some() { span.swatch {} } (vis_words(v))
            @if matches!(v, Some(Visibility::Everyone)) { br; span.muted { "anyone with your number" } }
        };
        (
            reach,
            set_to,
            chart::scale(label, reach, &vis_words(v)),
            exceptions,
        )
    };
    let (reach, set_to, scale, exceptions) = match leaf {
        Leaf::Vis(v) => on_scale(v.as_ref(), html! { "—" }),
        Leaf::Status(s) => on_scale(
            s.as_ref().and_then(|s| s.mode.as_ref()),
            match s {
                None => html! { span.muted { "not in the report" } },
                Some(s) if s.except.is_empty() && s.only_share_with.is_empty() => html! { "none" },
                Some(s) => html! {
                    (plural(s.except.len(), "contact", "contacts")) " excluded (“my contacts except”)"
                    br;
                    (plural(s.only_share_with.len(), "contact", "contacts")) " on the “only share with” list"
                },
            },
        ),
        // On or off: read receipts.
        Leaf::Flag(b) => (
            b.map(|on| if on { 4 } else { 0 }),
            html! {
                @match b {
                    Some(true) => { span.swatch {} "on" br; span.muted { "senders see when you have read their messages" } }
                    Some(false) => { span.swatch {} "off" }
                    None => { span.muted { "not in the report" } }
                }
            },
            html! { span.muted { "on or off" } },
            html! { "—" },
        ),
        other => (
            None,
            fields::value(&Clock::utc(), other),
            html! {},
            html! { "—" },
        ),
    };
    html! {
        tr class=(reach.map_or(String::new(), |r| format!("r{r}"))) data-field=(field.def.path) {
            th scope="row" { (label) }
            td.stack data-label="On the scale" { (scale) }
            td data-label="Set to" { (set_to) }
            td data-label="Exception lists" { (exceptions) }
        }
    }
}

fn privacy(r: &Report) -> Markup {
    let p = &r.privacy;
    let mut rows = Vec::new();
    p.walk_in(None, &mut |field, leaf| rows.push(setting(field, leaf)));
    html! {
        section aria-labelledby="privacy" {
            h2 id="privacy" { "Privacy settings" }
            p { "Who can see each part of your profile, from everyone (anyone who has your number) to nobody. The report states the setting as it was when it was generated." }
            table.privacy {
                caption { "Who can see what" }
                thead { tr { th scope="col" { "Setting" } th scope="col" { "On the scale" } th scope="col" { "Set to" } th scope="col" { "Exception lists" } } }
                tbody {
                    @for row in &rows { (row) }
                }
            }
            @if let Some(s) = &p.status {
                (phone_list("Status hidden from", ("contact", "contacts"), &s.except))
                (phone_list("Status shared only with", ("contact", "contacts"), &s.only_share_with))
            }
        }
    }
}

/// A finding's explanation: what it means, without the sentence that names where in
/// WhatsApp to change it ([`Finding::change_in`]), which the action says under it; all of it
/// when nothing in WhatsApp does.
fn what_it_means(detail: &str, change_in: Option<&str>) -> String {
    let what: String = match change_in {
        Some(change_in) => detail
            .split_inclusive(". ")
            .filter(|sentence| !sentence.contains(change_in))
            .collect(),
        None => detail.to_string(),
    };
    what.trim().to_string()
}

fn finding(f: &Finding, clock: &Clock) -> Markup {
    let sev = f.severity.as_str();
    let what = what_it_means(f.detail, f.change_in);
    html! {
        article class={"finding " (sev)} data-finding=(f.id) data-severity=(sev) {
            h3 { span class={"sev " (sev)} { (sev) } " " (f.title) }
            @if !what.is_empty() { p { (prose(&what)) } }
            // Where to act on it ([`Finding::action`]): the place set off (a menu path in
            // WhatsApp, or the page or place outside it), then what acting there changes.
            p.where {
                strong { (if f.change_in.is_some() { "Where to change it: " } else { "Where to act: " }) }
                strong.menu { (prose(f.action.place)) }
                " — " (prose(f.action.changes)) "."
            }
            @if !f.evidence.is_empty() {
                details {
                    summary { "The values it rests on (" (f.evidence.len()) ")" }
                    table.evidence {
                        caption.sr { "Evidence for " (f.id) }
                        thead { tr { th scope="col" { "Field" } th scope="col" { "Value in the report" } } }
                        tbody {
                            @for (field, value) in &f.evidence {
                                tr {
                                    th scope="row" title=(field) { (evidence_label(field)) }
                                    td data-label="Value in the report" {
                                        @match value {
                                            Evidence::Value(Some(v)) => { (val(v, clock)) }
                                            Evidence::Value(None) => { span.muted { "not in the report" } }
                                            Evidence::Count(n) => { (n) }
                                            Evidence::Note(w) => { (warning(w)) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            p.id { "id: " code { (f.id) } }
        }
    }
}

fn findings_section(findings: &[Finding], clock: &Clock) -> Markup {
    html! {
        section.findings aria-labelledby="findings" {
            h2 id="findings" { "What to change" }
            @if findings.is_empty() {
                p.ok { "No findings: nothing in this report calls for action." }
            } @else {
                p { "What the report shows you may want to change, most severe first, each with where to change it in WhatsApp. The values each finding rests on are folded under it. Times are judged against when the report was generated." }
                @for f in findings { (finding(f, clock)) }
            }
        }
    }
}

fn device_label(d: &Device) -> String {
    format!(
        "Device {} · {}",
        d.id,
        if d.is_companion() { "linked" } else { "phone" }
    )
}

fn device_ips(d: &Device) -> String {
    match (&d.previous_ip, &d.current_ip) {
        (Some(p), Some(n)) => format!("{p} → {n}"),
        (Some(p), None) => p.to_string(),
        (None, Some(n)) => format!("now {n}"),
        (None, None) => "no IP in the report".into(),
    }
}

/// The times a device's lane marks, each with its shape and what it means: in the legend,
/// and in the note when used.
type When = fn(&Device) -> Option<Timestamp>;
type DeviceMark = (Shape, &'static str, &'static str, When);
const DEVICE_MARKS: [DeviceMark; 5] = [
    (
        Shape::Ring,
        "online since",
        "a ring when it came online",
        |d| d.online_since,
    ),
    (
        Shape::Dot,
        "last active",
        "a dot when it was last active",
        |d| d.last_active_at,
    ),
    (
        Shape::Diamond,
        "settings fetched",
        "a diamond when it last fetched its settings",
        |d| d.settings_last_fetch_at,
    ),
    (
        Shape::Cross,
        "notification dropped",
        "a cross when a notification to it was last dropped",
        |d| d.last_notification_dropped_at,
    ),
    (
        Shape::Tick,
        "last cleaned",
        "a bar when it was last cleaned",
        |d| d.last_clean_at,
    ),
];

/// A sentence's start.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// A list in words: `a`, `a and b`, `a, b and c`.
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A device's lane on the chart: its name, its IP addresses, and a mark for each time the
/// report gives it.
fn device_lane(d: &Device) -> Lane {
    let marks = DEVICE_MARKS
        .iter()
        .filter_map(|(shape, what, _, when)| {
            Some(Mark {
                at: when(d)?,
                shape: *shape,
                what: what.to_string(),
            })
        })
        .collect();
    Lane {
        label: device_label(d),
        sublabel: device_ips(d),
        span: d.online_since.zip(d.last_active_at),
        empty_at: None,
        marks,
        empty: "no times in the report".into(),
    }
}

/// The devices' time axis and the instants its note speaks of.
struct DeviceAxis {
    /// From the registration (or a little before the first mark, after a lead-in) to the
    /// last activity or the report's generation.
    span: Option<(Timestamp, Timestamp)>,
    /// A registration long before every device's time, drawn before a break in the axis.
    lead: Option<Timestamp>,
    first_mark: Option<Timestamp>,
    last: Option<Timestamp>,
}

/// The axis runs from the registration (or the first time a device has) to the last
/// activity of any device, or the report's generation if later. A registration long before
/// every device's time is a lead-in: the axis breaks after it, so that the devices' months
/// are not squeezed into a corner of the account's years.
fn device_axis(r: &Report, lanes: &[Lane]) -> DeviceAxis {
    let times: Vec<Timestamp> = lanes
        .iter()
        .flat_map(|l| l.marks.iter().map(|m| m.at))
        .collect();
    let registered = r.registration.registered_at;
    let first_mark = times.iter().copied().min();
    let last = times.iter().copied().chain(r.generated_at).max();
    let lead = match (registered, first_mark, last) {
        (Some(reg), Some(first), Some(last))
            if first.as_second() - reg.as_second()
                > 2 * (last.as_second() - first.as_second()).max(30 * 86_400) =>
        {
            Some(reg)
        }
        _ => None,
    };
    let first = match lead {
        // A little room before the first mark, after the break.
        Some(_) => first_mark.and_then(|first| {
            let pad = last.map_or(0, |l| (l.as_second() - first.as_second()) / 30);
            Timestamp::from_second(first.as_second() - pad).ok()
        }),
        None => registered.into_iter().chain(first_mark).min(),
    };
    DeviceAxis {
        span: first.zip(last),
        lead,
        first_mark,
        last,
    }
}

/// The note under the devices' chart: what its axis spans and what each mark and line
/// drawn means, and nothing that is not drawn.
fn device_note(r: &Report, lanes: &[Lane], used: &[&DeviceMark], axis: &DeviceAxis) -> Markup {
    let marks: Vec<&str> = used.iter().map(|(_, _, words, _)| *words).collect();
    let joined = lanes
        .iter()
        .any(|l| l.span.is_some_and(|(from, to)| from != to));
    let lines: Vec<&str> = [
        (
            r.registration.registered_at,
            "the blue line when the account was registered",
        ),
        (
            r.generated_at,
            "the dashed line when the report was generated",
        ),
    ]
    .into_iter()
    .filter_map(|(at, line)| at.and(Some(line)))
    .collect();
    html! {
        "Each row is a device, with its IP addresses under its name, on a time axis from "
        (if r.registration.registered_at.is_some() { "the account's registration" } else { "the first time in the report" })
        " to "
        (if axis.last.is_some() && axis.last == r.generated_at { "the report's generation" } else { "the last activity" })
        "."
        @if !marks.is_empty() {
            " On its line: " (and_list(&marks))
            (if joined { "; a bar joins the time it came online to the time it was last active." } else { "." })
        }
        @if let (Some(reg), Some(first)) = (axis.lead, axis.first_mark) {
            @let years = ((first.as_second() - reg.as_second()) as f64 / (365.25 * 86_400.0)).round();
            " The axis breaks after the registration: the devices’ first time is "
            @if years >= 1.0 { "about " (plural(years as usize, "year", "years")) } @else { "months" }
            " later, and the axis is to scale after the break."
        }
        @if axis.span.is_some() && !lines.is_empty() { " Across the rows, " (and_list(&lines)) "." }
    }
}

fn devices(r: &Report, clock: &Clock) -> Markup {
    let lanes: Vec<Lane> = r.devices.iter().map(device_lane).collect();
    let axis = device_axis(r, &lanes);
    let used: Vec<&DeviceMark> = DEVICE_MARKS
        .iter()
        .filter(|(s, ..)| lanes.iter().any(|l| l.marks.iter().any(|m| m.shape == *s)))
        .collect();
    let note = device_note(r, &lanes, &used, &axis);
    let legend = used.iter().map(|(s, legend, ..)| (*s, *legend)).collect();
    let chart = chart::Timeline {
        title: "Devices over time",
        lanes,
        events: events(r),
        bands: Vec::new(),
        axis: axis.span,
        lead: axis.lead,
        legend,
    };
    html! {
        section aria-labelledby="devices" {
            h2 id="devices" { "Devices (" (r.devices.len()) ")" }
            @if r.devices.is_empty() {
                p.muted { "The report lists no devices." }
            } @else {
                p { "Device 0 is the phone the account is registered on; the others are linked devices (WhatsApp Web, Desktop, another phone), each of which receives your messages. Previous IP addresses are masked by WhatsApp; a current IP address is complete." }
                div.devices {
                    @for d in &r.devices {
                        article.device data-device=(d.id) {
                            h3 { (device_label(d)) }
                            (fields::facts(clock, |f| d.walk_in(Some(d.id), f)))
                        }
                    }
                }
                figure {
                    figcaption { "Devices over time" }
                    (chart.draw(clock))
                    p.note { (note) }
                }
            }
        }
    }
}

/// The lines across a timeline's lanes: the registration and the report's generation.
fn events(r: &Report) -> Vec<(Timestamp, &'static str, &'static str)> {
    [
        (r.registration.registered_at, "registered", "reg"),
        (r.generated_at, "report generated", "gen"),
    ]
    .into_iter()
    .filter_map(|(at, label, class)| Some((at?, label, class)))
    .collect()
}

fn parse_time(text: &str) -> Timestamp {
    text.parse().unwrap_or(Timestamp::UNIX_EPOCH)
}

fn acceptance_lane(label: &str, a: Acceptance, what: &str) -> Lane {
    let marks = match (a.value, a.at) {
        (Some(true), Some(at)) => vec![Mark {
            at,
            shape: Shape::Dot,
            what: what.to_string(),
        }],
        _ => Vec::new(),
    };
    Lane {
        label: label.to_string(),
        sublabel: String::new(),
        span: None,
        empty_at: None,
        marks,
        empty: match a.value {
            Some(true) => format!("{what}; the time is not in the report"),
            Some(false) => format!("not {what}"),
            None => "not in the report".into(),
        },
    }
}

/// The 2016 opt-out window: 25 August to 25 September 2016, to the end of its last day.
fn opt_out_window() -> (Timestamp, Timestamp) {
    (
        parse_time("2016-08-25T00:00:00Z"),
        parse_time("2016-09-26T00:00:00Z"),
    )
}

/// The terms' axis runs from 2016, when the first terms the report speaks of came, to the
/// last time the report gives for them (past the opt-out window at least).
fn terms_axis(t: &Terms) -> (Timestamp, Timestamp) {
    let dated = [
        t.tos_2016(),
        t.tos_2018(),
        t.tos_2021(),
        t.data_sharing_opt_out(),
    ];
    let dated = dated.into_iter().filter_map(|a| a.at);
    (
        dated
            .clone()
            .fold(parse_time("2016-01-01T00:00:00Z"), Ord::min),
        dated.fold(opt_out_window().1, Ord::max),
    )
}

/// The note under the terms' chart: what is drawn, and which events lie beyond the axis.
fn terms_note(chart: &chart::Timeline<'_>, axis: (Timestamp, Timestamp)) -> Markup {
    let accepted = chart.lanes.iter().any(|l| !l.marks.is_empty());
    let mut lines = Vec::new();
    let mut beyond = Vec::new();
    for (at, _, class) in &chart.events {
        let (line, name) = if *class == "reg" {
            ("the blue line marks the registration", "the registration")
        } else {
            (
                "the dashed line the report’s generation",
                "the report’s generation",
            )
        };
        if *at >= axis.0 && *at <= axis.1 {
            lines.push(line);
        } else {
            beyond.push(name);
        }
    }
    html! {
        "The time axis runs from 2016 to the last date the report gives for the terms. "
        @if accepted { "A dot marks when each terms were accepted. " }
        "The shaded band is the opt-out window, 25 August to 25 September 2016."
        @if !lines.is_empty() { " Across the rows, " (and_list(&lines)) "." }
        @if !beyond.is_empty() {
            " " (capitalised(&and_list(&beyond)))
            (if beyond.len() == 1 { " lies outside the axis: it is named above it, on the side it lies beyond." } else { " lie outside the axis: they are named above it, on the side they lie beyond." })
        }
    }
}

fn terms(r: &Report, clock: &Clock) -> Markup {
    let t = &r.terms;
    let axis = terms_axis(t);
    let window = opt_out_window();
    let chart = chart::Timeline {
        title: "The terms this account accepted, on a time axis",
        lanes: vec![
            acceptance_lane("2016 terms", t.tos_2016(), "accepted"),
            // The Facebook data-sharing lane: a dot when the account opted out, else why it
            // has none (said at the window's end).
            Lane {
                sublabel: "the 2016 opt-out".into(),
                empty_at: Some(window.1),
                ..acceptance_lane(
                    "Facebook data sharing",
                    t.data_sharing_opt_out(),
                    "opted out",
                )
            },
            acceptance_lane("2018 terms", t.tos_2018(), "accepted"),
            acceptance_lane("2021 terms", t.tos_2021(), "accepted"),
        ],
        events: events(r),
        bands: vec![(window.0, window.1, "opt-out window".to_string())],
        axis: Some(axis),
        lead: None,
        legend: Vec::new(),
    };
    html! {
        section aria-labelledby="terms" {
            h2 id="terms" { "Terms" }
            p { "In August 2016 WhatsApp’s new terms let it share account information with Facebook. For 30 days, from 25 August to 25 September 2016, accounts could opt out of that sharing; the report is the one place that says whether this account did." }
            figure {
                figcaption { "Terms on a time axis" }
                (chart.draw(clock))
                p.note { (terms_note(&chart, axis)) }
            }
            (fields::facts(clock, |f| t.walk_in(None, f)))
        }
    }
}

fn other_records(r: &Report, show: &Show<'_>, clock: &Clock) -> Markup {
    html! {
        section aria-labelledby="other" {
            h2 id="other" { "Other records" }
            @if let (Some(w), Some(sync)) = (show.web_desktop, show.sync) {
                (fields::facts(clock, |f| {
                    w.walk_in(None, f);
                    sync.walk_in(None, f);
                    f(
                        Field { device: None, def: Report::payments },
                        Leaf::Payments(&r.payments),
                    );
                }))
                @if !show.payment_files.is_empty() {
                    p { "The payments folder's files, which wareport does not read:" }
                    ul { @for f in show.payment_files { li { code { bdi { (f) } } } } }
                }
            }
            @if !show.unrecognised.is_empty() {
                table.unrecognised {
                    caption { "Values under labels wareport does not know, kept as the report gives them" }
                    thead { tr { th scope="col" { "File" } th scope="col" { "Label" } th scope="col" { "Value" } } }
                    tbody {
                        @for u in show.unrecognised {
                            tr {
                                td data-label="File" { code { bdi { (u.file) } } }
                                th scope="row" {
                                    @if let Some(parent) = u.parent { (parent) " › " }
                                    bdi { (u.label) }
                                }
                                td data-label="Value" { bdi { (u.value) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn not_read(steps: &[Step]) -> Markup {
    let several = steps.len() > 1;
    html! {
        section aria-labelledby="not-read" {
            h2 id="not-read" { "What wareport could not read" }
            p { "So that this page hides nothing: everything in the report that was not understood, missing, or filled in another way." }
            @for step in steps {
                @let groups = crate::view::warning_groups(&step.report.warnings);
                @if several { h3 { "Report " code { bdi { (step.name) } } } }
                @if groups.is_empty() {
                    p.ok { "Everything in the report was read; nothing was left out." }
                }
                @for (title, items) in &groups {
                    details open[items.len() <= OPEN_LIST] {
                        summary { (title) }
                        ul { @for w in items { li { (warning(w)) } } }
                    }
                }
            }
        }
    }
}

const GROUPS: [(Group, &str); 4] = [
    (Group::Privacy, "Privacy-relevant changes"),
    (Group::Other, "Other changes"),
    (Group::LowInterest, "Changes that happen on their own"),
    (Group::Lists, "Contacts, groups and blocked numbers"),
];

fn change(c: &Change, clock: &Clock) -> Markup {
    let (sign, class) = match c.op {
        Op::Added => ("+", "added"),
        Op::Removed => ("−", "removed"),
        Op::Changed => ("~", "changed"),
    };
    let value = if c.op == Op::Added { &c.new } else { &c.old };
    let what = match &c.key {
        Key::Item(list) => match list {
            ItemList::Contacts => "contact".to_string(),
            ItemList::Groups => "group".to_string(),
            ItemList::Blocked => "blocked number".to_string(),
            ItemList::StatusExcept => "status hidden from".to_string(),
            ItemList::StatusOnlyShareWith => "status shared only with".to_string(),
        },
        Key::Device(id) => format!("{} {id}", if *id == 0 { "phone" } else { "linked device" }),
        Key::Field(field) => field.key(),
        Key::Session { index, field } => match field {
            Some(f) => format!("sync session {index}: {f}"),
            None => format!("sync session {index}"),
        },
    };
    html! {
        li {
            span class={"op " (class)} aria-label=(class) { (sign) }
            @if matches!(c.key, Key::Field(_)) { code { (what) } } @else { (what) }
            ": "
            @match c.op {
                Op::Added | Op::Removed => { (opt_val(value.as_ref(), clock)) }
                Op::Changed => {
                    (opt_val(c.old.as_ref(), clock)) " → " (opt_val(c.new.as_ref(), clock))
                    @match c.widened() {
                        Some(true) => { " " span.widened { "widened: visible to more people" } }
                        Some(false) => { " " span.muted { "(narrowed)" } }
                        None => {}
                    }
                }
            }
        }
    }
}

/// The last part of a path as given on the command line (`fixtures/gen-b-android/` gives
/// `gen-b-android`), the whole of anything else (`-`, `report 2`).
fn file_name(given: &str) -> &str {
    given
        .rsplit(['/', '\\'])
        .find(|last| !last.is_empty())
        .unwrap_or(given)
}

fn over_time(v: &TimelineView<'_>, steps: &[Step], clock: &Clock) -> Markup {
    html! {
        section aria-labelledby="over-time" {
            h2 id="over-time" { "Over time: " (v.reports.len()) " reports" }
            p { "The reports in the order WhatsApp generated them, with what each holds and how it was set, then what changed from each report to the next." }
            (reports_table(v, clock))
            (trend_charts(v, clock))
            h3 { "Changes from report to report" }
            @for pair in steps.windows(2) {
                @if let Some(diff) = &pair[1].since_previous {
                    (changes_between(&pair[0], &pair[1], diff, clock))
                }
            }
        }
    }
}

/// The counts and the settings over the reports: their column in the reports' table, the
/// title of their chart, and their value in a report.
type Count = fn(&StepView<'_>) -> Option<usize>;
const COUNTS: [(&str, &str, Count); 4] = [
    ("Contacts", "Contacts", |s| s.counts.contacts),
    ("Groups", "Groups", |s| s.counts.groups),
    ("Blocked", "Blocked numbers", |s| s.counts.blocked),
    ("Devices", "Devices", |s| Some(s.counts.devices)),
];
type Setting = for<'s> fn(&'s StepView<'_>) -> Option<&'s Visibility>;
const SETTINGS: [(&str, &str, Setting); 4] = [
    ("Last seen", "Last seen", |s| s.privacy.last_seen.as_ref()),
    ("Photo", "Profile photo", |s| {
        s.privacy.profile_photo.as_ref()
    }),
    ("About", "About", |s| s.privacy.about.as_ref()),
    ("Status", "Status", |s| {
        s.privacy.status.as_ref().and_then(|st| st.mode.as_ref())
    }),
];

/// One row a report: when it was generated, its file's name, what it holds and how it was
/// set (cards on a narrow screen, each cell named by its `data-label`).
fn reports_table(v: &TimelineView<'_>, clock: &Clock) -> Markup {
    let count = |n: Option<usize>| n.map_or("not in the report".to_string(), thousands);
    html! {
        table.reports {
            caption { "The reports" }
            thead {
                tr {
                    th scope="col" { "Generated (" (clock.zone_name()) ")" } th scope="col" { "Report" } th scope="col" { abbr title="Generation" { "Gen." } }
                    @for (column, ..) in &COUNTS[..3] { th scope="col" class="num" { (column) } }
                    th scope="col" class="num" { "Devices" }
                    @for (column, ..) in SETTINGS { th scope="col" { (column) } }
                    th scope="col" { "Read receipts" } th scope="col" class="num" { "Changes" }
                }
            }
            tbody {
                @for s in &v.reports {
                    tr {
                        th.when scope="row" { (minute(clock, s.generated_at)) }
                        td data-label="Report" { code.file { bdi { (file_name(&s.report.to_string())) } } }
                        td data-label="Generation" { (s.generation) }
                        @for (column, _, of) in &COUNTS[..3] { td.num data-label=(column) { (count(of(s))) } }
                        td.num data-label="Devices" { (s.counts.devices) }
                        @for (column, _, of) in SETTINGS { td data-label=(column) { (vis_words(of(s))) } }
                        td data-label="Read receipts" { (yes_no(s.privacy.read_receipts)) }
                        td.num data-label="Changes" { @match s.changes_since_previous { Some(c) => { (c.len()) } None => { "—" } } }
                    }
                }
            }
        }
    }
}

/// A small chart a count and a setting, over the reports.
fn trend_charts(v: &TimelineView<'_>, clock: &Clock) -> Markup {
    let counted = |of: Count| -> Vec<Point> {
        v.reports
            .iter()
            .map(|s| Point {
                at: s.generated_at,
                value: of(s).map(|n| n as f64),
                label: day(clock, s.generated_at),
            })
            .collect()
    };
    let set = |of: Setting| -> Vec<Point> {
        v.reports
            .iter()
            .map(|s| Point {
                at: s.generated_at,
                value: of(s).and_then(Visibility::reach).map(f64::from),
                label: format!("{}: {}", day(clock, s.generated_at), vis_words(of(s))),
            })
            .collect()
    };
    html! {
        h3 { "Counts" }
        div.smalls { @for (_, title, of) in COUNTS { (chart::counts(title, &counted(of))) } }
        h3 { "Settings" }
        div.smalls { @for (_, title, of) in SETTINGS { (chart::setting(title, &set(of))) } }
    }
}

/// What changed from one report to the next, privacy first, each group folded when long.
fn changes_between(before: &Step, after: &Step, diff: &Diff, clock: &Clock) -> Markup {
    html! {
        section.pair {
            h4 {
                "From " (time(clock, before.report.generated_at)) " to " (time(clock, after.report.generated_at))
                ": " (plural(diff.changes.len(), "change", "changes"))
            }
            @if diff.changes.is_empty() { p.muted { "No changes." } }
            @for (group, title) in GROUPS {
                @let items: Vec<&Change> = diff.changes.iter().filter(|c| c.group() == group).collect();
                @if !items.is_empty() {
                    details open[group == Group::Privacy || items.len() <= OPEN_LIST] {
                        summary { (title) " (" (items.len()) ")" }
                        ul.changes { @for c in items { (change(c, clock)) } }
                    }
                }
            }
            @if !diff.not_comparable.is_empty() {
                p.note {
                    "Not comparable (one report’s format does not carry them): "
                    (diff.not_comparable.iter().map(|f| f.key()).collect::<Vec<_>>().join(", "))
                }
            }
        }
    }
}
