//! From an opened archive to a [`Report`]: detection, then one reader per source shape, as
//! the generation's description ([`crate::spec`]) lists them.
//!
//! - `json_a`: gen A `portability.json`;
//! - `json_b`: the flat `wa_*` JSON files of gens B, B′ and C;
//! - `labels_c`: gen C's `label_values` user information;
//! - `pages`: the key/value HTML pages (gen A's `access.html`, gen B's four pages);
//! - `html`: a key/value page's rows and cells, read by structure; `blocks`: per-device
//!   blocks; `tokens`: token scans of raw HTML (list pages, nesting depth); `dates`: HTML
//!   dates; `fields`: typed JSON access; `lists`: streaming the long JSON lists; `apply`:
//!   what label-based sources share, and the merge;
//! - `place`: placing values whose labels are in no table, by position, shape and the JSON
//!   twin (`twin`); `months`: month names no table has, learned from the JSON twin.
//!
//! The JSON is read into one view of the records, the HTML into another; the merge takes the
//! JSON's and fills every gap from the HTML's (which is the only source of some fields: gen
//! A's terms and devices, gen B's Web/Desktop and MCC/MNC rows). Every entry of the archive
//! is accounted for from the description: read, a twin of one that was read, known and not
//! interpreted, junk, or unknown (a warning).

mod apply;
mod blocks;
mod dates;
mod fields;
mod html;
mod json_a;
mod json_b;
pub mod labels;
mod labels_c;
mod lists;
mod months;
pub mod normalize;
mod page_html;
mod pages;
mod place;
#[cfg(test)]
mod reader_tests;
mod tokens;
mod twin;

use serde_json::Value;

use crate::archive::Archive;
use crate::detect::{self, Layout};
use crate::model::{Contacts, Generation, Payments, Report, Warning, WarningKind};
use crate::msg;
use crate::spec::{Need, Reader, Role, Spec};
use crate::text::{EntryName, Message, Phone, UnknownLabel, UnknownValue};

pub(crate) use fields::Fields;
pub(crate) use twin::same_time;

/// A report entry that is not valid JSON, or not the JSON shape its name promises.
#[derive(Debug, thiserror::Error)]
#[error("{input}: entry `{entry}`: {reason}")]
pub struct ParseError {
    pub input: String,
    pub entry: String,
    pub reason: String,
}

/// What to parse beyond what the records need.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Read every HTML twin, also where its JSON was read, and keep the JSON-only and
    /// HTML-only views for comparison.
    pub cross_check: bool,
    /// Count the contacts instead of keeping them (see [`Contacts::Counted`]): what
    /// `summary` and `audit` need, in a fraction of the memory.
    pub count_contacts: bool,
}

/// The records read from the JSON alone and from the HTML alone, for `inspect`.
#[derive(Debug)]
pub struct Views {
    pub json: Report,
    pub html: Report,
}

/// A parsed report, with what `inspect` needs besides the records.
#[derive(Debug)]
pub struct Parsed {
    /// JSON first, HTML filling what the JSON lacks.
    pub report: Report,
    /// The report's folder in the archive: `""`, or `/`-terminated.
    pub root: String,
    /// The generation's description.
    pub spec: &'static Spec,
    /// With [`Options::cross_check`]: the records from the JSON alone and from the HTML alone.
    pub views: Option<Views>,
    /// Every entry of the archive, how it was used.
    pub entries: Vec<EntryUse>,
    /// The values whose labels are in no table, placed by structure, in reading order.
    pub placed: Vec<Placed>,
    /// Month names no table has, learned from the JSON (`months`): lower-cased, to 1–12.
    pub months: std::collections::BTreeMap<String, i8>,
}

/// A value whose label is in no label table, read as a documented field by the report's
/// structure (`place`). A [`WarningKind::Fallback`] warning says the same.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    pub file: EntryName,
    /// For a line of a per-device block, the documented row it sits in.
    pub parent: Option<&'static str>,
    /// The label as the report writes it.
    pub label: UnknownLabel,
    /// The documented (English) label of the field it was read as.
    pub field: &'static str,
    /// How: position, value shape, agreement with the JSON (`row 3 of 15 in the documented
    /// order; its value an E.164 number`).
    pub evidence: Message,
}

impl Placed {
    /// The warning that names the placement.
    pub fn warning(&self) -> Warning {
        let mut at = match self.parent {
            Some(parent) => msg![parent, " › "],
            None => Message::default(),
        };
        at.push(self.label.clone());
        let mut message = msg!["unknown label; read by position as `", self.field, "`: "];
        message.extend(self.evidence.clone());
        Warning {
            kind: WarningKind::Fallback,
            file: self.file.clone(),
            at,
            message,
        }
    }
}

/// One entry of the archive and how it was used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryUse {
    pub name: EntryName,
    pub size: u64,
    pub role: Use,
}

/// How one entry of the archive was used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Use {
    /// Read by this reader.
    Read(Reader),
    /// An HTML twin not needed: its JSON was read.
    TwinNotNeeded,
    /// The profile picture a gen C `media` entry names: only its size was taken.
    Picture,
    /// Known and deliberately not interpreted (logos, the index, avatars' HTML).
    Known(&'static str),
    /// A payments file; the payments layout is undocumented (a warning says so).
    Payments,
    /// Added by an unzip tool or operating system (`__MACOSX`, `.DS_Store`).
    Junk,
    /// Outside the folder the report sits in.
    Outside,
    Unknown,
}

impl std::fmt::Display for Use {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Use::Read(reader) => write!(f, "read as {}", reader.name()),
            Use::TwinNotNeeded => f.write_str("not needed (HTML twin of JSON that was read)"),
            Use::Picture => f.write_str("the profile picture; size taken"),
            Use::Known(what) => write!(f, "not interpreted: {what}"),
            Use::Payments => f.write_str("payments data; layout undocumented, not read"),
            Use::Junk => f.write_str("ignored: added by an unzip tool or operating system"),
            Use::Outside => f.write_str("outside the report; not read"),
            Use::Unknown => f.write_str("unknown; not read"),
        }
    }
}

impl Use {
    /// A short word for JSON and tables.
    pub fn word(&self) -> &'static str {
        match self {
            Use::Read(_) => "read",
            Use::TwinNotNeeded => "twin_not_needed",
            Use::Picture => "picture",
            Use::Known(_) => "known",
            Use::Payments => "payments",
            Use::Junk => "junk",
            Use::Outside => "outside",
            Use::Unknown => "unknown",
        }
    }
}

/// The top-level keys of a JSON object entry, for detection; `None` when absent or not an
/// object.
fn probe_keys(archive: &mut Archive, name: &str) -> Option<Vec<String>> {
    if !archive.contains(name) {
        return None;
    }
    let bytes = archive.read(name).ok()?;
    let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let map: Option<std::collections::BTreeMap<String, serde::de::IgnoredAny>> =
        serde_json::from_slice(text).ok();
    // The parser reads this entry next: it is not inflated twice.
    archive.put_back(name, bytes);
    Some(map?.into_keys().collect())
}

/// Detects the generation and parses everything the tool understands.
pub fn parse(archive: &mut Archive, options: Options) -> anyhow::Result<Parsed> {
    let names: Vec<String> = archive.entries().into_iter().map(|e| e.name).collect();
    let input = archive.input().to_string();
    let layout = detect::detect(&input, &names, &mut |name| probe_keys(archive, name))?;
    let generation = layout.generation();
    let spec = layout.spec;
    let mut ctx = Ctx {
        archive,
        report: Report::empty(generation),
        layout,
        options,
        read: Vec::new(),
        referenced: Vec::new(),
        device_order: Vec::new(),
        json_names_devices: false,
        json_devices: Vec::new(),
        activity_order: Vec::new(),
        twin: twin::Twin::default(),
        pending: Vec::new(),
        placed: Vec::new(),
        months: Default::default(),
    };
    for entry in spec.entries {
        if let Role::Source {
            reader,
            required,
            lost,
        } = entry.role
            && !reader.is_html()
            && reader != Reader::NoData
        {
            ctx.json_source(entry.path, reader, required, lost)?;
        }
    }
    let json_view = std::mem::replace(&mut ctx.report, Report::empty(generation));
    ctx.json_devices = json_view.devices.iter().map(|d| d.id).collect();
    ctx.twin = twin::Twin::new(&json_view, !spec.html_seconds);
    ctx.html_view(&json_view)?;
    months::resolve(&mut ctx);
    let html_view = std::mem::replace(&mut ctx.report, json_view);
    let views = options.cross_check.then(|| Views {
        json: finish_view(ctx.report.clone()),
        html: finish_view(html_view.clone()),
    });
    // The page whose `Device Activity` names devices.
    let activity_page = spec
        .path_of(Reader::Page(crate::spec::Page::User))
        .or_else(|| spec.path_of(Reader::AccessHtml))
        .unwrap_or("access.html");
    let names_devices = ctx.json_names_devices;
    apply::merge(&mut ctx.report, html_view, names_devices, activity_page);
    ctx.payments()?;
    let entries = ctx.account_for_every_entry();
    Ok(ctx.finish(views, entries))
}

/// What holds for every view: a picture with an upload time is present.
fn finish_view(mut report: Report) -> Report {
    let picture = &mut report.account.profile_picture;
    if picture.uploaded_at.is_some() || picture.size_bytes.is_some() {
        picture.present = Some(true);
    }
    report
}

/// What a parser works with: the archive, the layout, and the view being filled.
pub(crate) struct Ctx<'a> {
    archive: &'a mut Archive,
    pub layout: Layout,
    pub options: Options,
    pub report: Report,
    /// Entries read, relative to the root, with their reader.
    read: Vec<(String, Reader)>,
    /// Entries a report value names (gen C's picture).
    referenced: Vec<String>,
    /// The devices the JSON names, in the order of `device_info` (the order the HTML's
    /// positional device blocks follow, FORMAT.md 3.3a).
    pub device_order: Vec<i64>,
    /// Whether a JSON source that names devices was read.
    pub json_names_devices: bool,
    /// Every device the JSON names.
    pub json_devices: Vec<i64>,
    /// The devices the HTML's `Device Activity` names, in its order.
    pub activity_order: Vec<i64>,
    /// The JSON view, while the HTML view is read: to place values and learn month names.
    pub twin: twin::Twin,
    /// HTML dates whose month names are in no table, until the HTML view is read.
    pub pending: Vec<months::PendingDate>,
    /// Values placed by structure.
    pub placed: Vec<Placed>,
    /// Month names learned from the JSON.
    pub months: std::collections::BTreeMap<String, i8>,
}

impl Ctx<'_> {
    pub fn generation(&self) -> Generation {
        self.layout.generation()
    }

    pub fn spec(&self) -> &'static Spec {
        self.layout.spec
    }

    pub fn warn(&mut self, kind: WarningKind, file: &str, message: Message) {
        self.report
            .warnings
            .push(Warning::new(kind, file, Message::default(), message));
    }

    pub fn has(&self, rel: &str) -> bool {
        self.archive.contains(&format!("{}{rel}", self.layout.root))
    }

    pub fn was_read(&self, rel: &str) -> bool {
        self.read.iter().any(|(r, _)| r == rel)
    }

    /// The declared size of an entry, relative to the root.
    pub fn entry_size(&self, rel: &str) -> Option<u64> {
        self.archive.size_of(&format!("{}{rel}", self.layout.root))
    }

    /// Reads an entry by its path relative to the report's root; `None` when absent.
    pub fn read(&mut self, rel: &str, reader: Reader) -> anyhow::Result<Option<Vec<u8>>> {
        if !self.has(rel) {
            return Ok(None);
        }
        let bytes = self.archive.read(&format!("{}{rel}", self.layout.root))?;
        self.read.push((rel.to_string(), reader));
        Ok(Some(bytes))
    }

    fn parse_error(&self, rel: &str, reason: String) -> ParseError {
        ParseError {
            input: self.archive.input().to_string(),
            entry: format!("{}{rel}", self.layout.root),
            reason,
        }
    }

    /// Reads an entry as UTF-8 text (a BOM removed); anything else is an error naming the
    /// entry.
    pub(crate) fn read_text(
        &mut self,
        rel: &str,
        reader: Reader,
    ) -> anyhow::Result<Option<String>> {
        let Some(bytes) = self.read(rel, reader)? else {
            return Ok(None);
        };
        match String::from_utf8(bytes) {
            Ok(mut text) => {
                if text.starts_with('\u{feff}') {
                    text.drain(..'\u{feff}'.len_utf8());
                }
                Ok(Some(text))
            }
            Err(e) => Err(self
                .parse_error(rel, format!("not UTF-8 text ({})", e.utf8_error()))
                .into()),
        }
    }

    /// Reads and parses an HTML entry; `None` when absent, or (with a warning) when it is
    /// nested too deeply to build a document tree in reasonable time.
    pub fn read_html(
        &mut self,
        rel: &str,
        reader: Reader,
    ) -> anyhow::Result<Option<scraper::Html>> {
        /// Real report pages nest about 15 deep.
        const MAX_NESTING: usize = 512;
        let Some(text) = self.read_text(rel, reader)? else {
            return Ok(None);
        };
        // Every start tag opens with `<`: a page with few of them cannot nest deeply, and
        // needs no tokenizing pass to say so.
        let depth = if text.bytes().filter(|&b| b == b'<').count() <= MAX_NESTING {
            0
        } else {
            tokens::nesting_depth(&text)
        };
        if depth > MAX_NESTING {
            self.warn(
                WarningKind::Invalid,
                rel,
                msg!["elements nested ", depth, " deep (more than 512); not read"],
            );
            return Ok(None);
        }
        // The report's own pages are read by the subset's builder; any other, by html5ever.
        Ok(Some(
            page_html::parse(&text).unwrap_or_else(|| scraper::Html::parse_document(&text)),
        ))
    }

    /// The HTML view: the pages that are sources, and the twins that are needed.
    fn html_view(&mut self, json_view: &Report) -> anyhow::Result<()> {
        let spec = self.spec();
        for entry in spec.entries {
            let (reader, needed) = match entry.role {
                Role::Source { reader, .. } if reader.is_html() => (reader, true),
                Role::Twin { of, reader, need } => {
                    let json_read = self.was_read(of);
                    let needed = match need {
                        Need::Always => true,
                        Need::WhenJsonMissing => !json_read || self.options.cross_check,
                    };
                    if !self.has(entry.path) {
                        if need == Need::Always && json_read {
                            self.warn(
                                WarningKind::Missing,
                                entry.path,
                                msg![
                                    "missing from the report; the values only the HTML carries are unknown"
                                ],
                            );
                        }
                        continue;
                    }
                    (reader, needed)
                }
                _ => continue,
            };
            if !needed {
                continue;
            }
            match reader {
                Reader::AccessHtml => {
                    let lists = self.options.cross_check
                        || json_view.contacts.is_none()
                        || json_view.groups.is_none();
                    pages::access(self, entry.path, lists)?;
                }
                Reader::Page(page) => pages::page(self, entry.path, page)?,
                Reader::List(list) => pages::list(self, entry.path, list)?,
                _ => {}
            }
        }
        Ok(())
    }

    /// The parsed report: its source said, its placements and the use of every entry.
    fn finish(self, views: Option<Views>, entries: Vec<EntryUse>) -> Parsed {
        let Ctx {
            report,
            layout,
            read,
            placed,
            months,
            ..
        } = self;
        let mut report = finish_view(report);
        report.warnings.extend(layout.notes);
        report.source.detected_by = layout.reason;
        report.source.root =
            (!layout.root.is_empty()).then(|| EntryName::new(layout.root.trim_end_matches('/')));
        let files: std::collections::BTreeSet<String> =
            read.into_iter().map(|(rel, _)| rel).collect();
        report.source.files = files.into_iter().map(EntryName::new).collect();
        Parsed {
            report,
            root: layout.root,
            spec: layout.spec,
            views,
            entries,
            placed,
            months,
        }
    }

    /// Reads a JSON source, or says what its absence means.
    fn json_source(
        &mut self,
        rel: &'static str,
        reader: Reader,
        required: bool,
        lost: &'static str,
    ) -> anyhow::Result<()> {
        if !self.has(rel) {
            if required {
                self.missing(rel, lost);
            }
            return Ok(());
        }
        match reader {
            Reader::PortabilityJson => json_a::portability(self, rel),
            Reader::UserInfoJson => json_b::user_information(self, rel),
            Reader::UserInfoLabels => labels_c::user_information(self, rel),
            Reader::RegistrationJson => json_b::registration(self, rel),
            Reader::ContactsJson => json_b::contacts(self, rel),
            Reader::GroupsJson => json_b::groups(self, rel),
            Reader::SettingsJson => json_b::settings(self, rel),
            Reader::TermsJson => json_b::terms(self, rel),
            Reader::AvatarsJson => json_b::avatars(self, rel),
            _ => Ok(()),
        }
    }

    /// A missing source: read from its HTML twin instead, or lost.
    fn missing(&mut self, rel: &'static str, lost: &'static str) {
        let spec = self.spec();
        let twin = match self.generation() {
            Generation::A => Some("access.html").filter(|_| rel != "access.html"),
            _ => spec.twin_of(rel).map(|e| e.path),
        };
        match twin.filter(|t| self.has(t)) {
            Some(twin) => {
                let mut message = msg![
                    "missing from the report; read from its HTML twin `",
                    twin,
                    "` instead"
                ];
                if !spec.html_seconds && !rel.starts_with("whatsapp_connections/") {
                    message.push(", with times to the minute");
                }
                self.warn(WarningKind::Fallback, rel, message);
            }
            None => self.warn(
                WarningKind::Missing,
                rel,
                msg!["missing from the report; ", lost],
            ),
        }
    }

    /// Reads and decodes a JSON entry, repairing mojibake when the generation has it.
    /// Broken JSON is an error naming the entry.
    pub fn read_json(&mut self, rel: &str, reader: Reader) -> anyhow::Result<Option<Value>> {
        let Some(text) = self.read_text(rel, reader)? else {
            return Ok(None);
        };
        let mut value: Value = serde_json::from_str(&text)
            .map_err(|e| self.parse_error(rel, format!("invalid JSON: {e}")))?;
        if self.spec().json_mojibake {
            crate::parse::normalize::repair_json(&mut value);
        }
        Ok(Some(value))
    }

    /// Reads a JSON object whose `list_keys` hold long lists of strings, without a `Value`
    /// tree for them (see `lists`). The rest is repaired like [`Ctx::read_json`]'s.
    pub(crate) fn read_json_lists(
        &mut self,
        rel: &str,
        reader: Reader,
        list_keys: &[(&str, lists::Keep)],
    ) -> anyhow::Result<Option<lists::Split>> {
        let Some(text) = self.read_text(rel, reader)? else {
            return Ok(None);
        };
        let mut split = lists::split(&text, list_keys)
            .map_err(|e| self.parse_error(rel, format!("invalid JSON: {e}")))?;
        if self.spec().json_mojibake {
            split
                .rest
                .values_mut()
                .for_each(crate::parse::normalize::repair_json);
        }
        Ok(Some(split))
    }

    /// How to read a list of contacts: every number, or (when only counting) just those that
    /// still need normalising, and may need a warning.
    pub(crate) fn contacts_keep(&self) -> lists::Keep {
        if self.options.count_contacts {
            |s| !crate::text::is_plain_e164(s)
        } else {
            lists::all
        }
    }

    /// Normalises phone numbers, naming (under `key` in `file`) those that are not numbers.
    pub(crate) fn phones(&mut self, file: &str, key: &'static str, raw: Vec<String>) -> Vec<Phone> {
        let warnings = &mut self.report.warnings;
        apply::phones(raw, |(kind, message)| {
            warnings.push(Warning::new(kind, file, msg![key], message))
        })
    }

    /// Stores contacts read from a list: normalised and kept, or only counted.
    pub(crate) fn set_contacts(
        &mut self,
        rel: &str,
        key: &'static str,
        numbers: Vec<String>,
        count: usize,
    ) {
        let numbers = self.phones(rel, key, numbers);
        self.report.contacts = Some(if self.options.count_contacts {
            Contacts::Counted(count)
        } else {
            Contacts::Kept(numbers)
        });
    }

    /// Takes one list out of a split file: mojibake repaired, anything that is not a list of
    /// strings named. Gives the strings kept and how many there were; `None` when the key is
    /// absent or not a list.
    pub(crate) fn take_list(
        &mut self,
        rel: &str,
        split: &mut lists::Split,
        key: &'static str,
    ) -> Option<(Vec<String>, usize)> {
        match split.take(key)? {
            Err(kind) => {
                self.report.warnings.push(Warning::new(
                    WarningKind::Invalid,
                    rel,
                    msg![key],
                    msg!["expected a list, found ", kind, "; ignored"],
                ));
                None
            }
            Ok(list) => {
                for (i, kind) in list.others {
                    self.report.warnings.push(Warning::new(
                        WarningKind::Invalid,
                        rel,
                        msg![key, "[", i, "]"],
                        msg!["expected text, found ", kind, "; skipped"],
                    ));
                }
                let mut items = list.items;
                if self.spec().json_mojibake {
                    items.iter_mut().for_each(normalize::repair_string);
                }
                Some((items, list.count))
            }
        }
    }

    /// Names each of these keys of a JSON object in a warning, `message` saying why it is
    /// not read.
    pub(crate) fn name_keys<'k>(
        &mut self,
        rel: &str,
        keys: impl Iterator<Item = &'k String>,
        message: &'static str,
    ) {
        for key in keys {
            self.report.warnings.push(Warning::new(
                WarningKind::Unknown,
                rel,
                msg![UnknownLabel::new(key.as_str())],
                msg![message],
            ));
        }
    }

    /// The top-level wrapper object of a gen B file, e.g. `wa_settings`.
    pub fn wrapper<'v>(
        &mut self,
        rel: &str,
        value: &'v Value,
        key: &'static str,
    ) -> anyhow::Result<&'v Value> {
        let obj = value.as_object().ok_or_else(|| {
            self.parse_error(rel, format!("expected a JSON object with the key `{key}`"))
        })?;
        let others = obj.keys().filter(|k| *k != key);
        self.name_keys(rel, others, "unknown top-level key; not read");
        obj.get(key).ok_or_else(|| {
            self.parse_error(
                rel,
                format!(
                    "has no key `{key}` (found {})",
                    obj.keys()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .into()
        })
    }

    /// The `whatsapp_payments/` folder: the one-line "no data" marker in any language, or
    /// files whose layout is undocumented.
    fn payments(&mut self) -> anyhow::Result<()> {
        let prefix = format!("{}whatsapp_payments/", self.layout.root);
        let files: Vec<String> = self
            .archive
            .entries()
            .into_iter()
            .filter_map(|e| e.name.strip_prefix(&prefix).map(str::to_string))
            .collect();
        if files.is_empty() {
            return Ok(());
        }
        if files == ["no-data.txt"] {
            let rel = "whatsapp_payments/no-data.txt";
            let bytes = self.read(rel, Reader::NoData)?.unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes);
            let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            if lines.len() != 1 {
                self.warn(
                    WarningKind::Unknown,
                    rel,
                    msg![
                        "expected one line saying the section has no data, found `",
                        UnknownValue::new(text.trim()),
                        "`; taken as no data"
                    ],
                );
            }
            if self.report.payments.is_none() {
                self.report.payments = Some(Payments::NoData);
            }
        } else {
            let names: Vec<EntryName> = files
                .iter()
                .map(|f| EntryName::new(format!("whatsapp_payments/{f}")))
                .collect();
            let mut message = msg!["holds "];
            for (i, name) in files.iter().enumerate() {
                if i > 0 {
                    message.push(", ");
                }
                message.push(EntryName::new(name.as_str()));
            }
            message.push("; the payments layout is undocumented, so it is not read");
            self.warn(WarningKind::Unknown, "whatsapp_payments/", message);
            self.report.payments = Some(Payments::Present(names));
        }
        Ok(())
    }

    /// How each entry of the archive was used; every entry not read and not known gets a
    /// warning.
    fn account_for_every_entry(&mut self) -> Vec<EntryUse> {
        let root = self.layout.root.clone();
        let spec = self.spec();
        let mut out = Vec::new();
        for entry in self.archive.entries() {
            let size = entry.declared_size;
            let role = match entry.name.strip_prefix(root.as_str()) {
                None => {
                    self.report.warnings.push(Warning::new(
                        WarningKind::Unknown,
                        &entry.name,
                        Message::default(),
                        msg!["outside the report's folder; not read"],
                    ));
                    Use::Outside
                }
                Some(rel) => {
                    if let Some((_, reader)) = self.read.iter().find(|(r, _)| r == rel) {
                        Use::Read(*reader)
                    } else if self.referenced.iter().any(|r| r == rel) {
                        Use::Picture
                    } else if rel.starts_with("whatsapp_payments/") {
                        Use::Payments
                    } else {
                        match spec.entry(rel).map(|e| e.role) {
                            Some(Role::Known(what)) => Use::Known(what),
                            Some(Role::Twin { .. }) => Use::TwinNotNeeded,
                            Some(Role::Source { .. }) | None => {
                                self.report.warnings.push(Warning::new(
                                    WarningKind::Unknown,
                                    rel,
                                    Message::default(),
                                    msg!["unknown file; not read"],
                                ));
                                Use::Unknown
                            }
                        }
                    }
                }
            };
            out.push(EntryUse {
                name: EntryName::new(entry.name),
                size,
                role,
            });
        }
        for junk in self.archive.junk() {
            out.push(EntryUse {
                name: EntryName::new(junk.name.as_str()),
                size: junk.declared_size,
                role: Use::Junk,
            });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }
}

/// Parses a date as a generation's HTML writes it, in any known language: the instant, or
/// `None` when the text is not a real date in a known format (never a wrong date).
pub fn parse_html_date(text: &str, generation: Generation) -> Option<jiff::Timestamp> {
    dates::parse_time(text, crate::spec::spec(generation).html_zone).ok()
}

/// A date as a generation's HTML writes it, moved by `by` and written the same way (format,
/// language, case, padding; a month name the report taught, from `learned`); `None` when it
/// is no date or the moved one cannot be written so. For `wareport twin`.
pub fn move_html_date(
    text: &str,
    generation: Generation,
    learned: &std::collections::BTreeMap<String, i8>,
    by: jiff::SignedDuration,
) -> Option<String> {
    dates::reformat(text, crate::spec::spec(generation).html_zone, learned, by)
}

/// Decoded size of a base64 string, without decoding it.
pub(crate) fn base64_decoded_len(data: &str) -> u64 {
    let chars = data.bytes().filter(|b| !b.is_ascii_whitespace()).count() as u64;
    let padding = data
        .trim_end()
        .bytes()
        .rev()
        .take_while(|&b| b == b'=')
        .count() as u64;
    (chars / 4 * 3 + (chars % 4).saturating_sub(1)).saturating_sub(padding)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_sizes() {
        assert_eq!(base64_decoded_len(""), 0);
        assert_eq!(base64_decoded_len("/9j/"), 3);
        assert_eq!(base64_decoded_len("/9j/4A=="), 4);
        assert_eq!(base64_decoded_len("/9j/4AA="), 5);
        assert_eq!(base64_decoded_len("/9j/4AAQ"), 6);
        assert_eq!(base64_decoded_len("/9j/4AA"), 5);
    }
}
