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

mod chart;
mod fields;

use std::collections::BTreeMap;
use std::fmt::Display;

use jiff::Timestamp;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::audit::{Evidence, Finding, Severity, Thresholds, audit};
use crate::diff::{Change, Group, ItemList, Key, Op, Val};
use crate::format::Clock;
use crate::model::{Acceptance, Device, Field, Generation, Leaf, Report, Visibility, Warning};
use crate::term::escape_name_display;
use crate::text::{GroupName, Phone, count as plural, thousands};
use crate::timeline::Step;
use crate::view::{Show, StepView, Summary, TimelineView};

use chart::{Lane, Mark, Point, Shape};

/// The page's Content-Security-Policy: nothing may be fetched, framed, submitted or run;
/// only the inline style sheet and `data:` images are allowed.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS: &str = include_str!("page.css");

/// Lists up to this long are shown open; longer ones start folded.
const OPEN_LIST: usize = 12;

/// Untrusted text in its own bidi isolate.
fn iso(text: &impl Display) -> Markup {
    html! { bdi { (text) } }
}

fn time(clock: &Clock, t: Option<Timestamp>) -> Markup {
    match t {
        Some(t) => html! { time datetime=(t.to_string()) { (clock.time(Some(t))) } },
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
        Some(Visibility::Everyone) => "everyone".into(),
        Some(Visibility::MyContacts) => "my contacts".into(),
        Some(Visibility::MyContactsExcept) => "my contacts except…".into(),
        Some(Visibility::OnlyShareWith) => "only share with…".into(),
        Some(Visibility::Nobody) => "nobody".into(),
        Some(Visibility::Other(raw)) => format!("{raw} (not a known setting)"),
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
        Val::Text(t) => iso(t),
        Val::Phone(p) => html! { bdi.mono { (p) } },
        Val::Email(e) => iso(e),
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
            let what = [&d.app_version, &d.manufacturer, &d.model]
                .into_iter()
                .flatten()
                .filter(|t| !t.is_empty())
                .map(|t| t.to_string())
                .collect::<Vec<_>>()
                .join(" ");
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
        ": " bdi { (w.message) }
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
    let several = steps.len() > 1;
    let problems: usize = steps
        .iter()
        .map(|s| s.report.warnings.iter().filter(|w| w.is_problem()).count())
        .sum();
    let sev = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let zone = clock.tz.iana_name().unwrap_or("UTC").to_string();
    let toc: Vec<(&str, &str)> = [
        several.then_some(("over-time", "Over time")),
        Some(("account", "The account")),
        Some(("others", "Other people")),
        Some(("privacy", "Privacy settings")),
        Some(("findings", "What to change")),
        Some(("devices", "Devices")),
        Some(("terms", "Terms")),
        Some(("other", "Other records")),
        Some(("not-read", "Not read")),
    ]
    .into_iter()
    .flatten()
    .collect();
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
                    main {
                        @if several { (over_time(&timeline, steps, clock)) }
                        (account(&summary, &show, latest, clock, redacted))
                        (others(report, clock))
                        (privacy(report))
                        (findings_section(&findings, clock))
                        (devices(report, clock))
                        (terms(report, clock))
                        (other_records(report, &show, clock))
                        (not_read(steps))
                    }
                    footer {
                        p {
                            "Made by wareport " (env!("CARGO_PKG_VERSION")) " from the report alone. "
                            "This page loads nothing from the network and runs no script; it can be kept, printed and opened offline. "
                            "Times are shown in " (zone) "."
                        }
                        @if redacted {
                            p { "Redacted with --redact: phone numbers, names, email, about text, group names, session ids and IP addresses are replaced by keyed pseudonyms; device ids, app versions, ports and all times are kept." }
                        } @else {
                            p { "This page holds personal data: your number, your contacts’ numbers, group names and IP addresses. To share it, make it again with --redact." }
                        }
                    }
                }
            }
        }
    }
    .into_string()
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
                dd { bdi { (show.source.detected_by) } }
                dt { "Files read" }
                dd {
                    details {
                        summary { (plural(show.source.files.len(), "file", "files")) }
                        ul { @for file in show.source.files { li { code { bdi { (file) } } } } }
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
        let text = p.exact();
        let code = if let Some(rest) = text.strip_prefix("tel:+") {
            rest.split(':').next().map(|cc| format!("+{cc}"))
        } else if text.starts_with("tel:") {
            Some("hidden".to_string())
        } else if crate::text::is_plain_e164(text) {
            crate::text::country_code(&text[1..]).map(|cc| format!("+{cc}"))
        } else {
            None
        };
        *by.entry(code.unwrap_or_else(|| "other form".into()))
            .or_default() += 1;
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

fn phone_list(summary: &str, numbers: &[Phone]) -> Markup {
    html! {
        details open[numbers.len() <= OPEN_LIST] {
            summary { (summary) }
            ol.cols { @for p in numbers { li { (p) } } }
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
                figure {
                    figcaption { "Contacts by country calling code" }
                    (chart::bars("Contacts by country calling code", &calling_codes(numbers)))
                    p.note { "“hidden”: calling codes taken out by --redact (--keep-country keeps them); “other form”: numbers the report does not give in international form." }
                }
                (phone_list(&format!("All {}", plural(numbers.len(), "contact", "contacts")), numbers))
            }
            @if let Some(groups) = &r.groups {
                @if !groups.is_empty() { (group_list(groups)) }
            }
            @if let Some(blocked) = &r.blocked {
                @if !blocked.is_empty() {
                    (phone_list(&format!("All {}", plural(blocked.len(), "blocked number", "blocked numbers")), blocked))
                }
            }
        }
    }
}

/// One privacy setting's row: where it sits on the scale, what it is set to, and what its
/// exception lists hold.
struct Setting {
    field: Field,
    reach: Option<u8>,
    set_to: Markup,
    scale: Markup,
    exceptions: Markup,
}

fn setting(field: Field, leaf: Leaf<'_>) -> Setting {
    let label = field.def.meta.show;
    let on_scale = |v: Option<&Visibility>, exceptions: Markup| {
        let reach = v.and_then(Visibility::reach);
        Setting {
            field,
            reach,
            set_to: html! {
                @if reach.is_some() { span.swatch {} } (vis_words(v))
                @if matches!(v, Some(Visibility::Everyone)) { br; span.muted { "anyone with your number" } }
            },
            scale: chart::scale(label, reach, &vis_words(v)),
            exceptions,
        }
    };
    match leaf {
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
        Leaf::Flag(b) => Setting {
            field,
            reach: b.map(|on| if on { 4 } else { 0 }),
            set_to: html! {
                @match b {
                    Some(true) => { span.swatch {} "on" br; span.muted { "senders see when you have read their messages" } }
                    Some(false) => { span.swatch {} "off" }
                    None => { span.muted { "not in the report" } }
                }
            },
            scale: html! { span.muted { "on or off" } },
            exceptions: html! { "—" },
        },
        other => Setting {
            field,
            reach: None,
            set_to: fields::value(&Clock::utc(), other),
            scale: html! {},
            exceptions: html! { "—" },
        },
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
            div.scroll {
                table {
                    caption { "Who can see what" }
                    thead { tr { th scope="col" { "Setting" } th scope="col" { "On the scale" } th scope="col" { "Set to" } th scope="col" { "Exception lists" } } }
                    tbody {
                        @for row in &rows {
                            tr class=(row.reach.map_or(String::new(), |r| format!("r{r}"))) data-field=(row.field.def.path) {
                                th scope="row" { (row.field.def.meta.show) }
                                td { (row.scale) }
                                td { (row.set_to) }
                                td { (row.exceptions) }
                            }
                        }
                    }
                }
            }
            @if let Some(s) = &p.status {
                @if !s.except.is_empty() {
                    (phone_list(&format!("Status hidden from {}", plural(s.except.len(), "contact", "contacts")), &s.except))
                }
                @if !s.only_share_with.is_empty() {
                    (phone_list(&format!("Status shared only with {}", plural(s.only_share_with.len(), "contact", "contacts")), &s.only_share_with))
                }
            }
        }
    }
}

/// A finding's explanation: what it means, and the sentence that names where in WhatsApp
/// to change it ([`Finding::change_in`]); all of it is "what" when nothing in WhatsApp does.
fn split_detail(detail: &str, change_in: Option<&str>) -> (String, String) {
    let Some(change_in) = change_in else {
        return (detail.trim().to_string(), String::new());
    };
    let (mut what, mut place) = (String::new(), String::new());
    for sentence in detail.split_inclusive(". ") {
        if sentence.contains(change_in) {
            place.push_str(sentence);
        } else {
            what.push_str(sentence);
        }
    }
    (what.trim().to_string(), place.trim().to_string())
}

fn finding(f: &Finding, clock: &Clock) -> Markup {
    let sev = f.severity.as_str();
    let (what, place) = split_detail(f.detail, f.change_in);
    html! {
        article class={"finding " (sev)} data-finding=(f.id) {
            h3 { span class={"sev " (sev)} { (sev) } " " (f.title) }
            @if !what.is_empty() { p { (what) } }
            @if !place.is_empty() { p.where { strong { "Where to change it: " } (place) } }
            @if !f.evidence.is_empty() {
                details open[f.evidence.len() <= 6] {
                    summary { "Evidence (" (plural(f.evidence.len(), "value", "values")) ")" }
                    div.scroll {
                        table {
                            caption.sr { "Evidence for " (f.id) }
                            thead { tr { th scope="col" { "Field" } th scope="col" { "Value in the report" } } }
                            tbody {
                                @for (field, value) in &f.evidence {
                                    tr {
                                        th scope="row" { code { (field) } }
                                        td {
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
            }
            p.id { "id: " code { (f.id) } }
        }
    }
}

fn findings_section(findings: &[Finding], clock: &Clock) -> Markup {
    html! {
        section aria-labelledby="findings" {
            h2 id="findings" { "What to change" }
            @if findings.is_empty() {
                p.ok { "No findings: nothing in this report calls for action." }
            } @else {
                p { "Findings from the report, most severe first. Each says what it means, where to change it in WhatsApp, and the values it rests on. Times are judged against when the report was generated." }
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
    let prev = d.previous_ip.as_ref().map(|ip| ip.to_string());
    let now = d.current_ip.as_ref().map(|ip| ip.to_string());
    match (prev, now) {
        (Some(p), Some(n)) => format!("{p} → {n}"),
        (Some(p), None) => p,
        (None, Some(n)) => format!("now {n}"),
        (None, None) => "no IP in the report".into(),
    }
}

fn devices(r: &Report, clock: &Clock) -> Markup {
    let lanes: Vec<Lane> = r
        .devices
        .iter()
        .map(|d| {
            let mut marks = Vec::new();
            let mut add = |t: Option<Timestamp>, shape, what: &str| {
                if let Some(at) = t {
                    marks.push(Mark {
                        at,
                        shape,
                        what: what.to_string(),
                    });
                }
            };
            add(d.online_since, Shape::Ring, "online since");
            add(d.last_active_at, Shape::Dot, "last active");
            add(d.settings_last_fetch_at, Shape::Diamond, "settings fetched");
            add(
                d.last_notification_dropped_at,
                Shape::Cross,
                "notification dropped",
            );
            add(d.last_clean_at, Shape::Tick, "last cleaned");
            Lane {
                label: device_label(d),
                sublabel: device_ips(d),
                span: d.online_since.zip(d.last_active_at),
                empty_at: None,
                marks,
                empty: "no times in the report".into(),
            }
        })
        .collect();
    let mut events = Vec::new();
    if let Some(t) = r.registration.registered_at {
        events.push((t, "registered".to_string(), "reg"));
    }
    if let Some(t) = r.generated_at {
        events.push((t, "report generated".to_string(), "gen"));
    }
    let chart = chart::Timeline {
        title: "Devices over time",
        lanes,
        events,
        bands: Vec::new(),
        axis: None,
        legend: vec![
            (Shape::Ring, "online since"),
            (Shape::Dot, "last active"),
            (Shape::Diamond, "settings fetched"),
            (Shape::Cross, "notification dropped"),
            (Shape::Tick, "cleaned"),
        ],
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
                    div.scroll { (chart.draw(clock)) }
                    p.note { "Each row is a device, with its IP addresses under its name. A ring marks when it came online, a dot when it was last active (joined by a bar), a diamond when it last fetched its settings, a cross when a notification was last dropped. Dashed: when the report was generated; a blue line: when the account was registered (named at the top left when it lies far before)." }
                }
            }
        }
    }
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

fn terms(r: &Report, clock: &Clock) -> Markup {
    let t = &r.terms;
    let window = (
        parse_time("2016-08-25T00:00:00Z"),
        parse_time("2016-09-26T00:00:00Z"),
    );
    let year = |t: Timestamp| t.to_zoned(clock.tz.clone()).year();
    let mut first = 2015;
    let mut last = 2022;
    for at in [
        r.registration.registered_at,
        t.tos_2016().at,
        t.tos_2018().at,
        t.tos_2021().at,
        t.data_sharing_opt_out().at,
        r.generated_at,
    ]
    .into_iter()
    .flatten()
    {
        first = first.min(year(at));
        last = last.max(year(at));
    }
    let axis = (
        parse_time(&format!("{first:04}-01-01T00:00:00Z")),
        parse_time(&format!("{:04}-01-01T00:00:00Z", last + 1)),
    );
    let opt_out = Lane {
        label: "Facebook data sharing".into(),
        sublabel: "the 2016 opt-out".into(),
        span: None,
        empty_at: Some(window.1),
        marks: match (t.data_sharing_opt_out().value, t.data_sharing_opt_out().at) {
            (Some(true), Some(at)) => vec![Mark {
                at,
                shape: Shape::Dot,
                what: "opted out".into(),
            }],
            _ => Vec::new(),
        },
        empty: match t.data_sharing_opt_out().value {
            Some(true) => "opted out; the time is not in the report".into(),
            Some(false) => "not opted out".into(),
            None => "not in the report".into(),
        },
    };
    let mut events = Vec::new();
    if let Some(at) = r.registration.registered_at {
        events.push((at, "registered".to_string(), "reg"));
    }
    if let Some(at) = r.generated_at {
        events.push((at, "report generated".to_string(), "gen"));
    }
    let chart = chart::Timeline {
        title: "The terms this account accepted, on a time axis",
        lanes: vec![
            acceptance_lane("2016 terms", t.tos_2016(), "accepted"),
            opt_out,
            acceptance_lane("2018 terms", t.tos_2018(), "accepted"),
            acceptance_lane("2021 terms", t.tos_2021(), "accepted"),
        ],
        events,
        bands: vec![(window.0, window.1, "opt-out window".to_string())],
        axis: Some(axis),
        legend: Vec::new(),
    };
    html! {
        section aria-labelledby="terms" {
            h2 id="terms" { "Terms" }
            p { "In August 2016 WhatsApp’s new terms let it share account information with Facebook. For 30 days, from 25 August to 25 September 2016, accounts could opt out of that sharing; the report is the one place that says whether this account did." }
            figure {
                figcaption { "Terms on a time axis" }
                div.scroll { (chart.draw(clock)) }
                p.note { "The shaded band is the opt-out window, 25 August to 25 September 2016." }
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
                div.scroll {
                    table {
                        caption { "Values under labels wareport does not know, kept as the report gives them" }
                        thead { tr { th scope="col" { "File" } th scope="col" { "Label" } th scope="col" { "Value" } } }
                        tbody {
                            @for u in show.unrecognised {
                                tr {
                                    td { code { bdi { (u.file) } } }
                                    th scope="row" {
                                        @if let Some(parent) = u.parent { (parent) " › " }
                                        bdi { (u.label) }
                                    }
                                    td { bdi { (u.value) } }
                                }
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

fn over_time(v: &TimelineView<'_>, steps: &[Step], clock: &Clock) -> Markup {
    let point = |s: &StepView<'_>, value: Option<usize>| Point {
        at: s.generated_at,
        value: value.map(|n| n as f64),
        label: day(clock, s.generated_at),
    };
    let counts: [(&str, Vec<Point>); 4] = [
        (
            "Contacts",
            v.reports
                .iter()
                .map(|s| point(s, s.counts.contacts))
                .collect(),
        ),
        (
            "Groups",
            v.reports
                .iter()
                .map(|s| point(s, s.counts.groups))
                .collect(),
        ),
        (
            "Blocked numbers",
            v.reports
                .iter()
                .map(|s| point(s, s.counts.blocked))
                .collect(),
        ),
        (
            "Devices",
            v.reports
                .iter()
                .map(|s| point(s, Some(s.counts.devices)))
                .collect(),
        ),
    ];
    let setting = |s: &StepView<'_>, vis: Option<&Visibility>| Point {
        at: s.generated_at,
        value: vis.and_then(Visibility::reach).map(f64::from),
        label: format!("{}: {}", day(clock, s.generated_at), vis_words(vis)),
    };
    let settings: [(&str, Vec<Point>); 4] = [
        (
            "Last seen",
            v.reports
                .iter()
                .map(|s| setting(s, s.privacy.last_seen.as_ref()))
                .collect(),
        ),
        (
            "Profile photo",
            v.reports
                .iter()
                .map(|s| setting(s, s.privacy.profile_photo.as_ref()))
                .collect(),
        ),
        (
            "About",
            v.reports
                .iter()
                .map(|s| setting(s, s.privacy.about.as_ref()))
                .collect(),
        ),
        (
            "Status",
            v.reports
                .iter()
                .map(|s| setting(s, s.privacy.status.as_ref().and_then(|st| st.mode.as_ref())))
                .collect(),
        ),
    ];
    let count = |n: Option<usize>| n.map_or("not in the report".to_string(), thousands);
    html! {
        section aria-labelledby="over-time" {
            h2 id="over-time" { "Over time: " (v.reports.len()) " reports" }
            p { "The reports in the order WhatsApp generated them, with what each holds and how it was set, then what changed from each report to the next." }
            div.scroll {
                table {
                    caption { "The reports" }
                    thead {
                        tr {
                            th scope="col" { "Generated" } th scope="col" { "Report" } th scope="col" { "Gen." }
                            th scope="col" class="num" { "Contacts" } th scope="col" class="num" { "Groups" }
                            th scope="col" class="num" { "Blocked" } th scope="col" class="num" { "Devices" }
                            th scope="col" { "Last seen" } th scope="col" { "Photo" } th scope="col" { "About" }
                            th scope="col" { "Status" } th scope="col" { "Read receipts" } th scope="col" class="num" { "Changes" }
                        }
                    }
                    tbody {
                        @for s in &v.reports {
                            tr {
                                th scope="row" { (time(clock, s.generated_at)) }
                                td { code { bdi { (s.report) } } }
                                td { (s.generation) }
                                td.num { (count(s.counts.contacts)) }
                                td.num { (count(s.counts.groups)) }
                                td.num { (count(s.counts.blocked)) }
                                td.num { (s.counts.devices) }
                                td { (vis_words(s.privacy.last_seen.as_ref())) }
                                td { (vis_words(s.privacy.profile_photo.as_ref())) }
                                td { (vis_words(s.privacy.about.as_ref())) }
                                td { (vis_words(s.privacy.status.as_ref().and_then(|st| st.mode.as_ref()))) }
                                td { (yes_no(s.privacy.read_receipts)) }
                                td.num { @match s.changes_since_previous { Some(c) => { (c.len()) } None => { "—" } } }
                            }
                        }
                    }
                }
            }
            h3 { "Counts" }
            div.smalls { @for (title, points) in &counts { (chart::counts(title, points)) } }
            h3 { "Settings" }
            div.smalls { @for (title, points) in &settings { (chart::setting(title, points)) } }
            h3 { "Changes from report to report" }
            @for pair in steps.windows(2) {
                @let (before, after) = (&pair[0], &pair[1]);
                @if let Some(diff) = &after.since_previous {
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
        }
    }
}
