//! Every entry of a report's layout rewritten by its kind, in its place: the report's own
//! JSON ([`super::json`]) and pages ([`super::html`]) token by token, the picture made anew,
//! files no generation documents by shape, the litter of unzip tools by shape in its text;
//! names and comments kept but for the report's identifiers in them; times moved.

use std::collections::{HashMap, HashSet};

use anyhow::Context;

use super::plan::{Kind, Plan};
use super::{html, json, scan, written};
use crate::archive::copy::{Kind as EntryKind, RawEntry};
use crate::model::WarningKind;
use crate::parse::{Parsed, Use};
use crate::spec::{List, Reader, Role};

/// Every entry of the layout, rewritten.
pub(super) fn rewrite(
    parsed: &Parsed,
    plan: &Plan,
    layout: &[RawEntry],
) -> anyhow::Result<Vec<RawEntry>> {
    let entries = Entries::new(parsed, plan);
    let mut out: Vec<Option<RawEntry>> = vec![None; layout.len()];
    // The text around the data of the report's own pages, kept in unknown pages.
    let mut format: HashSet<String> = HashSet::new();
    for i in entries.order(layout) {
        let raw = &layout[i];
        let name = raw.name.trim_start_matches("./");
        let rel = name.strip_prefix(parsed.root.as_str()).unwrap_or(name);
        let data = match raw.kind {
            EntryKind::Dir => Vec::new(),
            EntryKind::Junk => super::litter::litter(plan, &raw.data),
            EntryKind::File => entries.file(raw, name, rel, &mut format)?,
        };
        out[i] = Some(entries.entry(raw, rel, data));
    }
    Ok(out.into_iter().flatten().collect())
}

/// What the rewrite knows of the report: how the parser used each entry, and the key paths
/// it named as unknown or invalid, per entry.
struct Entries<'a> {
    parsed: &'a Parsed,
    plan: &'a Plan,
    uses: HashMap<&'a str, Use>,
    paths: HashMap<String, HashSet<String>>,
    none: HashSet<String>,
}

impl<'a> Entries<'a> {
    fn new(parsed: &'a Parsed, plan: &'a Plan) -> Self {
        let uses = parsed
            .entries
            .iter()
            .map(|e| (e.name.exact(), e.role))
            .collect();
        let mut paths: HashMap<String, HashSet<String>> = HashMap::new();
        let reports = std::iter::once(&parsed.report)
            .chain(parsed.views.iter().flat_map(|v| [&v.json, &v.html]));
        for w in reports.flat_map(|r| &r.warnings) {
            if matches!(w.kind, WarningKind::Unknown | WarningKind::Invalid) && !w.at.is_empty() {
                paths
                    .entry(w.file.exact().to_string())
                    .or_default()
                    .insert(w.at.exact());
            }
        }
        Entries {
            parsed,
            plan,
            uses,
            paths,
            none: HashSet::new(),
        }
    }

    /// The entries' indices, the report's own pages first: the text around their data is
    /// what unknown pages keep.
    fn order(&self, layout: &[RawEntry]) -> Vec<usize> {
        let mut order: Vec<usize> = (0..layout.len()).collect();
        order.sort_by_key(|&i| {
            let name = layout[i].name.trim_start_matches("./");
            !matches!(
                self.uses.get(name),
                Some(Use::Read(_) | Use::TwinNotNeeded | Use::Known(_))
            )
        });
        order
    }

    /// The twin of an entry whose data is made: its name (a name no generation documents
    /// loses the report's identifiers), time and comment.
    fn entry(&self, raw: &RawEntry, rel: &str, data: Vec<u8>) -> RawEntry {
        let name = if crate::spec::is_documented(rel) {
            raw.name.clone()
        } else {
            rename(self.plan, &raw.name)
        };
        let by = jiff::SignedDuration::from_secs(self.plan.offset);
        RawEntry {
            name,
            data,
            modified: raw.modified.and_then(|t| t.checked_add(by).ok()),
            comment: plain(self.plan, &raw.comment, Kind::Unknown),
            ..raw.clone()
        }
    }

    /// The reader of a report's own entry (an HTML twin's, for a twin the parser had no
    /// need of).
    fn reader(&self, name: &str, rel: &str) -> Option<Reader> {
        match (
            self.uses.get(name),
            self.parsed.spec.entry(rel).map(|e| e.role),
        ) {
            (Some(Use::Read(reader)), _) => Some(*reader),
            (Some(Use::TwinNotNeeded), Some(Role::Twin { reader, .. })) => Some(reader),
            _ => None,
        }
    }

    /// A file's data, rewritten by what the parser made of it.
    fn file(
        &self,
        raw: &RawEntry,
        name: &str,
        rel: &str,
        format: &mut HashSet<String>,
    ) -> anyhow::Result<Vec<u8>> {
        let plan = self.plan;
        let reader = self.reader(name, rel);
        Ok(
            match (self.uses.get(name), reader, reader.and_then(html_page)) {
                // A known one-line text (`no-data.txt`): kept, but for what the parser did
                // not understand.
                (_, Some(Reader::NoData), _) => {
                    plain(plan, &text(raw, name)?, Kind::Keep).into_bytes()
                }
                (_, Some(_), Some(kind)) => self.page(raw, name, rel, kind, format)?,
                (_, Some(_), None) => json::Entry {
                    plan,
                    file: rel,
                    unknown_paths: self.paths.get(rel).unwrap_or(&self.none),
                    unknown_file: false,
                    mojibake: self.parsed.spec.json_mojibake,
                }
                .rewrite(&text(raw, name)?)
                .with_context(|| format!("entry `{name}`: not JSON"))?
                .into_bytes(),
                (Some(Use::Picture), ..) => plan.photo(&raw.data),
                (Some(Use::Known(_)), ..) if is_html(name, &raw.data) => {
                    self.page(raw, name, rel, html::Page::Known, format)?
                }
                (Some(Use::Known(_)), ..) => raw.data.clone(),
                _ => self.unknown(rel, name, &raw.data, format),
            },
        )
    }

    /// A file no generation documents: its names kept, its values by shape. JSON keeps its
    /// keys; HTML its labels, and the text around the data the report's pages share; a
    /// picture is made anew; any other text goes by shape; bytes that are not text keep their
    /// form but lose the text in them.
    fn unknown(&self, rel: &str, name: &str, data: &[u8], format: &HashSet<String>) -> Vec<u8> {
        let plan = self.plan;
        if data.starts_with(&[0xff, 0xd8, 0xff]) || data.starts_with(b"\x89PNG") {
            return plan.photo(data);
        }
        let Ok(text) = std::str::from_utf8(data) else {
            return super::litter::litter(plan, data);
        };
        if serde_json::from_str::<serde::de::IgnoredAny>(text.trim_start_matches('\u{feff}'))
            .is_ok()
            && let Some(rewritten) = (json::Entry {
                plan,
                file: rel,
                unknown_paths: &self.none,
                unknown_file: true,
                mojibake: self.parsed.spec.json_mojibake,
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
        plain(plan, text, Kind::Unknown).into_bytes()
    }

    /// A page of the report's own, rewritten; the text around its data joins `format`.
    fn page(
        &self,
        raw: &RawEntry,
        name: &str,
        rel: &str,
        page: html::Page,
        format: &mut HashSet<String>,
    ) -> anyhow::Result<Vec<u8>> {
        let rewritten = html::Entry {
            plan: self.plan,
            file: rel,
            page,
            format: &self.none,
        }
        .rewrite(&text(raw, name)?);
        format.extend(rewritten.format);
        Ok(rewritten.text.into_bytes())
    }
}

/// An entry's data as text.
fn text(raw: &RawEntry, name: &str) -> anyhow::Result<String> {
    String::from_utf8(raw.data.clone()).with_context(|| format!("entry `{name}`: not UTF-8 text"))
}

/// How a reader's HTML page is rewritten; `None` for a JSON reader.
fn html_page(reader: Reader) -> Option<html::Page> {
    match reader {
        Reader::List(List::Contacts) => Some(html::Page::List(Kind::Phone)),
        Reader::List(List::Groups) => Some(html::Page::List(Kind::Text)),
        Reader::AccessHtml | Reader::Page(_) => Some(html::Page::KeyValue),
        _ => None,
    }
}

fn is_html(name: &str, data: &[u8]) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".html")
        || lower.ends_with(".htm")
        || data.trim_ascii_start().first() == Some(&b'<')
}

/// Plain text holding a value of `kind` (nothing escaped). Of no known kind, by shape (the
/// report's numbers, addresses and identifiers as everywhere else).
fn plain(plan: &Plan, text: &str, kind: Kind) -> String {
    let e = scan::edits(plan, text, scan::Slot::Value(kind));
    written::splice(text, &e)
}

/// An entry's name with the report's identifiers in it replaced; the rest of it kept.
fn rename(plan: &Plan, name: &str) -> String {
    name.split('/')
        .map(|part| {
            let e = scan::edits(plan, part, scan::Slot::Value(Kind::Text));
            // Only identifiers: a name is no value the parser failed to understand.
            let e: Vec<written::Edit> = e
                .into_iter()
                .filter(|e| plan.unknown.get(&part[e.range.clone()]) != Some(&e.with))
                .collect();
            written::splice(part, &e)
        })
        .collect::<Vec<_>>()
        .join("/")
}
