//! `wareport twin`: a synthetic copy of a report that any parser reads as it reads the
//! original — the same generation, entries in the same order with the same names, folders,
//! compression and litter, the same markup, labels and language, the same JSON keys, nulls,
//! list lengths and kinds of value — with every personal value replaced. (Not to be confused
//! with `parse::twin`, the JSON a page's HTML is compared with inside the parser.)
//!
//! Bytes in, bytes out, in the core: the report is parsed (with every HTML twin, for the
//! values the pages alone carry), the plan ([`plan`]) gives every identifier its one
//! replacement and every time one offset, and each entry is rewritten in place by its kind:
//! JSON ([`json`]) and HTML ([`html`]) token by token, the picture made anew ([`photo`]),
//! files no generation documents by shape, the litter of unzip tools by shape in its text.
//! Replacements: phone numbers ([`phone`]), addresses ([`ip`]), text ([`shape`]), all drawn
//! from the seed ([`draw`]) and written as the original was ([`written`], [`scan`]). The
//! command line's side (files, the terminal) is `shell`.

mod draw;
mod html;
mod ip;
mod json;
mod phone;
mod photo;
mod plan;
mod scan;
mod shape;
mod written;

#[cfg(feature = "cli")]
pub mod shell;

use std::collections::{HashMap, HashSet};

use anyhow::Context;

use crate::archive::copy::{self, Kind as EntryKind, RawEntry};
use crate::archive::{Archive, Limits};
use crate::model::WarningKind;
use crate::parse::{Parsed, Use};
use crate::spec::{List, Reader, Role};
use plan::{Kind, Plan};

/// What a twin keeps and how it draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// The same seed gives the same twin, byte for byte.
    pub seed: u64,
    /// Keep phone numbers' country calling codes.
    pub keep_country: bool,
}

/// The comment of a twin's ZIP: how a twin (and so a file `twin -o` may write over) is told
/// from a report.
pub const MARK: &str =
    "wareport twin: a synthetic report, the same shape as the original, nothing in it personal";

/// The twin of a report held in memory as a ZIP; `input` names it in messages.
pub fn twin_zip(
    input: &str,
    bytes: Vec<u8>,
    limits: Limits,
    options: &Options,
) -> anyhow::Result<Vec<u8>> {
    let bytes: crate::archive::Bytes = bytes.into();
    let mut parsed = Archive::from_zip_bytes(input, bytes.clone(), limits)?;
    let mut layout = Archive::from_zip_bytes(input, bytes, limits)?;
    twin(&mut parsed, &mut layout, options)
}

/// The twin of a report opened twice: once to parse, once to list its layout whole.
pub fn twin(
    archive: &mut Archive,
    source: &mut Archive,
    options: &Options,
) -> anyhow::Result<Vec<u8>> {
    let input = archive.input().to_string();
    let parsed = crate::parse::parse(
        archive,
        crate::parse::Options {
            cross_check: true,
            ..Default::default()
        },
    )?;
    let layout = source.layout()?;
    let mut plan = Plan::new(&parsed, options);
    let mut stuck = Vec::new();
    for attempt in 0..6 {
        plan.choose_offset(attempt).ok_or_else(|| {
            anyhow::anyhow!(
                "{input}: no shift of the report's times can be written back as its pages write dates; its times cannot be replaced"
            )
        })?;
        plan.stuck.borrow_mut().clear();
        let entries = rewrite(&parsed, &plan, &layout)?;
        stuck = plan.stuck.borrow().clone();
        if stuck.is_empty() {
            let generated = parsed
                .report
                .generated_at
                .and_then(|t| {
                    t.checked_add(jiff::SignedDuration::from_secs(plan.offset))
                        .ok()
                })
                .map(|t| {
                    t.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(-7)))
                        .datetime()
                })
                .unwrap_or_else(|| jiff::civil::date(2022, 1, 1).at(0, 0, 0, 0));
            return copy::write_zip(&entries, MARK, generated).with_context(|| input.clone());
        }
    }
    anyhow::bail!(
        "{input}: the date `{}` cannot be moved and written back as the report writes dates; its times cannot be replaced",
        crate::term::escape(stuck.first().map_or("", String::as_str))
    )
}

/// The line `inspect` ends with when it found anything it did not understand.
pub fn suggestion(path: &str) -> String {
    let quoted = if !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-/+:@".contains(c))
    {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', r"'\''"))
    };
    format!(
        "To report it, attach a twin (the report's shape, nothing personal in it) to a bug report: wareport twin -o twin.zip {quoted}"
    )
}

/// Every entry of the layout, rewritten.
fn rewrite(parsed: &Parsed, plan: &Plan, layout: &[RawEntry]) -> anyhow::Result<Vec<RawEntry>> {
    let uses: HashMap<&str, Use> = parsed
        .entries
        .iter()
        .map(|e| (e.name.exact(), e.role))
        .collect();
    // The key paths the parser named, per entry.
    let mut paths: HashMap<String, HashSet<String>> = HashMap::new();
    let reports =
        std::iter::once(&parsed.report).chain(parsed.views.iter().flat_map(|v| [&v.json, &v.html]));
    for r in reports {
        for w in &r.warnings {
            if matches!(w.kind, WarningKind::Unknown | WarningKind::Invalid) && !w.at.is_empty() {
                paths
                    .entry(w.file.exact().to_string())
                    .or_default()
                    .insert(w.at.exact());
            }
        }
    }
    let none = HashSet::new();
    let by = jiff::SignedDuration::from_secs(plan.offset);
    let mut out: Vec<Option<RawEntry>> = vec![None; layout.len()];
    let mut format: HashSet<String> = HashSet::new();
    // The report's own pages first: their text around the data is kept in unknown pages.
    let mut order: Vec<usize> = (0..layout.len()).collect();
    order.sort_by_key(|&i| {
        let name = layout[i].name.trim_start_matches("./");
        !matches!(
            uses.get(name),
            Some(Use::Read(_) | Use::TwinNotNeeded | Use::Known(_))
        )
    });
    for i in order {
        let raw = &layout[i];
        let name = raw.name.trim_start_matches("./");
        let rel = name.strip_prefix(parsed.root.as_str()).unwrap_or(name);
        let use_ = uses.get(name).copied();
        let role = parsed.spec.entry(rel).map(|e| e.role);
        let data = match raw.kind {
            EntryKind::Dir => Vec::new(),
            EntryKind::Junk => litter(plan, &raw.data),
            EntryKind::File => {
                let html_page = |reader: Reader| match reader {
                    Reader::List(List::Contacts) => Some(html::Page::List(Kind::Phone)),
                    Reader::List(List::Groups) => Some(html::Page::List(Kind::Text)),
                    Reader::AccessHtml | Reader::Page(_) => Some(html::Page::KeyValue),
                    _ => None,
                };
                let reader = match (use_, role) {
                    (Some(Use::Read(reader)), _) => Some(reader),
                    (Some(Use::TwinNotNeeded), Some(Role::Twin { reader, .. })) => Some(reader),
                    _ => None,
                };
                let text = || {
                    String::from_utf8(raw.data.clone())
                        .with_context(|| format!("entry `{name}`: not UTF-8 text"))
                };
                match (use_, reader, reader.and_then(html_page)) {
                    (_, Some(Reader::NoData), _) => known_text(plan, &text()?),
                    (_, Some(_), Some(page)) => {
                        let rewritten = html::Entry {
                            plan,
                            file: rel,
                            page,
                            format: &none,
                        }
                        .rewrite(&text()?);
                        format.extend(rewritten.format);
                        rewritten.text.into_bytes()
                    }
                    (_, Some(_), None) => json::Entry {
                        plan,
                        file: rel,
                        unknown_paths: paths.get(rel).unwrap_or(&none),
                        unknown_file: false,
                        mojibake: parsed.spec.json_mojibake,
                    }
                    .rewrite(&text()?)
                    .with_context(|| format!("entry `{name}`: not JSON"))?
                    .into_bytes(),
                    (Some(Use::Picture), ..) => plan.photo(&raw.data),
                    (Some(Use::Known(_)), ..) if is_html(name, &raw.data) => {
                        let rewritten = html::Entry {
                            plan,
                            file: rel,
                            page: html::Page::Known,
                            format: &none,
                        }
                        .rewrite(&text()?);
                        format.extend(rewritten.format);
                        rewritten.text.into_bytes()
                    }
                    (Some(Use::Known(_)), ..) => raw.data.clone(),
                    _ => unknown(
                        plan,
                        rel,
                        name,
                        &raw.data,
                        &format,
                        parsed.spec.json_mojibake,
                    ),
                }
            }
        };
        let name = if crate::spec::is_documented(rel) {
            raw.name.clone()
        } else {
            rename(plan, &raw.name)
        };
        let modified = raw.modified.and_then(|t| t.checked_add(by).ok());
        out[i] = Some(RawEntry {
            name,
            data,
            modified,
            comment: if raw.comment.is_empty() {
                String::new()
            } else {
                unknown_text(plan, &raw.comment)
            },
            ..raw.clone()
        });
    }
    Ok(out.into_iter().flatten().collect())
}

fn is_html(name: &str, data: &[u8]) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".html")
        || lower.ends_with(".htm")
        || data.trim_ascii_start().first() == Some(&b'<')
}

/// A known one-line text (`no-data.txt`): kept, but for what the parser did not understand.
fn known_text(plan: &Plan, text: &str) -> Vec<u8> {
    let e = scan::edits(plan, text, scan::Slot::Value(Kind::Keep), &|_| {
        scan::Moved::NoDate
    });
    apply(text, &e).into_bytes()
}

/// `text` with `edits` made (plain text, nothing escaped).
fn apply(text: &str, edits: &[written::Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.with);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Plain text of no known kind, by shape (the report's numbers, addresses and identifiers
/// as everywhere else).
fn unknown_text(plan: &Plan, text: &str) -> String {
    let e = scan::edits(plan, text, scan::Slot::Value(Kind::Unknown), &|t| {
        scan::move_date(plan, t)
    });
    apply(text, &e)
}

/// A file no generation documents: its names kept, its values by shape. JSON keeps its
/// keys; HTML its labels, and the text around the data the report's pages share; a picture
/// is made anew; any other text goes by shape; bytes that are not text keep their form but
/// lose the text in them.
fn unknown(
    plan: &Plan,
    rel: &str,
    name: &str,
    data: &[u8],
    format: &HashSet<String>,
    mojibake: bool,
) -> Vec<u8> {
    if data.starts_with(&[0xff, 0xd8, 0xff]) || data.starts_with(b"\x89PNG") {
        return plan.photo(data);
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return litter(plan, data);
    };
    let none = HashSet::new();
    if serde_json::from_str::<serde::de::IgnoredAny>(text.trim_start_matches('\u{feff}')).is_ok()
        && let Some(rewritten) = (json::Entry {
            plan,
            file: rel,
            unknown_paths: &none,
            unknown_file: true,
            mojibake,
        })
        .rewrite(text)
    {
        return rewritten.into_bytes();
    }
    if is_html(name, data) {
        return html::Entry {
            plan,
            file: rel,
            page: html::Page::Unknown,
            format,
        }
        .rewrite(text)
        .text
        .into_bytes();
    }
    unknown_text(plan, text).into_bytes()
}

/// Bytes that are not text (the litter of unzip tools, a file of no known kind): every run
/// of four or more printable characters in them (ASCII, or UTF-16 as `.DS_Store` writes
/// names) by shape; every other byte kept.
fn litter(plan: &Plan, data: &[u8]) -> Vec<u8> {
    let mut d = plan.seed.draw("litter", data);
    let mut out = data.to_vec();
    let printable = |b: u8| (0x20..0x7f).contains(&b);
    for step in [1usize, 2] {
        let mut at = 0;
        while at < out.len() {
            let start = at;
            // A run of characters: every byte (ASCII), or every second byte after a zero
            // (UTF-16, big-endian).
            while at + step <= out.len()
                && printable(out[at + step - 1])
                && (step == 1 || out[at] == 0)
            {
                at += step;
            }
            if (at - start) / step >= 4 {
                for i in (start..at).skip(step - 1).step_by(step) {
                    let b = out[i];
                    out[i] = match b {
                        b'a'..=b'z' => b'a' + d.below(26) as u8,
                        b'A'..=b'Z' => b'A' + d.below(26) as u8,
                        b'0'..=b'9' => b'0' + d.below(10) as u8,
                        _ => b,
                    };
                }
            }
            at = at.max(start + 1);
        }
    }
    out
}

/// An entry's name with the report's identifiers in it replaced; the rest of it kept.
fn rename(plan: &Plan, name: &str) -> String {
    name.split('/')
        .map(|part| {
            let e = scan::edits(plan, part, scan::Slot::Value(Kind::Text), &|_| {
                scan::Moved::NoDate
            });
            // Only identifiers: a name is no value the parser failed to understand.
            let e: Vec<written::Edit> = e
                .into_iter()
                .filter(|e| plan.unknown.get(&part[e.range.clone()]) != Some(&e.with))
                .collect();
            apply(part, &e)
        })
        .collect::<Vec<_>>()
        .join("/")
}
