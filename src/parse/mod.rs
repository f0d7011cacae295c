//! From an opened archive to a [`Report`]: detection, then one parser per source shape.
//!
//! - `json_a`: gen A `portability.json`;
//! - `json_b`: the flat `wa_*` JSON files of gens B, B′ and C;
//! - `labels_c`: gen C's `label_values` user information;
//! - `html_a`: gen A `access.html`;
//! - `html_b`: the HTML twins of gens B, B′ and C;
//! - `html` and `apply`: what the label-based sources share.
//!
//! The JSON is read first; the HTML fills every field the JSON lacks (and is the only source
//! of some: gen A's terms and devices, gen B's Web/Desktop and MCC/MNC rows). Every entry of
//! the report is accounted for: parsed, known and deliberately not read (logos, the index,
//! list twins whose JSON was read), or named in a warning. So is every JSON key and HTML label.

mod apply;
mod html;
mod html_a;
mod html_b;
mod json_a;
mod json_b;
mod labels_c;
mod lists;

use jiff::Timestamp;
use serde_json::{Map, Value};

use crate::archive::Archive;
use crate::detect::{self, Layout};
use crate::model::{Device, Generation, Payments, Report, Warning, WarningKind};
use crate::normalize::{normalize_phone_owned, split_ip_port};

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
    /// Count the contacts instead of keeping them (see [`Report::contact_count`]): what
    /// `summary` and `audit` need, in a fraction of the memory.
    pub count_contacts: bool,
}

/// A parsed report, with what `inspect` needs besides the records.
#[derive(Debug)]
pub struct Parsed {
    /// JSON first, HTML filling what the JSON lacks.
    pub report: Report,
    /// With [`Options::cross_check`]: the records from the JSON alone and from the HTML alone.
    pub views: Option<(Report, Report)>,
    /// Every entry of the archive: its name, declared size, and how it was used.
    pub entries: Vec<(String, u64, EntryUse)>,
}

/// How one entry of the archive was used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryUse {
    /// Read by the parser for this kind of file (`JSON`, `HTML`, `marker`).
    Read(&'static str),
    /// The profile picture: only its size was taken.
    Picture,
    /// A logo or the index page.
    Decoration,
    /// A list twin whose JSON was read.
    TwinNotNeeded,
    /// Outside the folder the report sits in.
    Outside,
    Unknown,
}

impl std::fmt::Display for EntryUse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EntryUse::Read(parser) => write!(f, "read as {parser}"),
            EntryUse::Picture => f.write_str("the profile picture; size taken"),
            EntryUse::Decoration => f.write_str("not needed (logo or index)"),
            EntryUse::TwinNotNeeded => f.write_str("not needed (HTML twin of JSON that was read)"),
            EntryUse::Outside => f.write_str("outside the report; not read"),
            EntryUse::Unknown => f.write_str("unknown; not read"),
        }
    }
}

/// Detects the generation and parses everything the tool understands.
pub fn parse(archive: &mut Archive, options: Options) -> anyhow::Result<Parsed> {
    let names: Vec<String> = archive.entries().into_iter().map(|e| e.name).collect();
    let layout = detect::detect(archive.input(), &names)?;
    let mut ctx = Ctx {
        archive,
        report: Report::empty(layout.generation),
        layout,
        options,
        read: Vec::new(),
        referenced: Vec::new(),
    };
    let is_a = ctx.layout.generation == Generation::A;
    if is_a {
        json_a::parse(&mut ctx)?;
    } else {
        json_b::parse(&mut ctx)?;
    }
    let list_json = |ctx: &Ctx<'_>, b_json: &str| {
        let rel = if is_a { "portability.json" } else { b_json };
        ctx.read.iter().any(|(r, _)| r == rel)
    };
    let take_contacts = !list_json(&ctx, "whatsapp_connections/contacts.json");
    let take_groups = !list_json(&ctx, "whatsapp_connections/groups.json");
    let json_report = std::mem::replace(&mut ctx.report, Report::empty(ctx.layout.generation));
    let cross = options.cross_check;
    if is_a {
        html_a::parse(&mut ctx, take_contacts || take_groups || cross)?;
    } else {
        html_b::parse(&mut ctx, take_contacts || cross, take_groups || cross)?;
    }
    let mut html_report = std::mem::replace(&mut ctx.report, json_report);
    finish_view(&mut html_report);
    let views = options.cross_check.then(|| {
        let mut json_view = ctx.report.clone();
        finish_view(&mut json_view);
        (json_view, html_report.clone())
    });
    apply::merge(&mut ctx.report, html_report, take_contacts, take_groups);
    ctx.payments()?;
    ctx.account_for_every_entry(&names);
    let entries = ctx.entry_uses();
    let Ctx {
        mut report,
        layout,
        read,
        ..
    } = ctx;
    finish_view(&mut report);
    report.generation = layout.generation;
    report.detected_by = layout.reason.clone();
    report.root = layout.root.clone();
    report.files = read.into_iter().map(|(rel, _)| rel).collect();
    report.files.sort();
    let views = views.map(|(mut j, mut h)| {
        for view in [&mut j, &mut h] {
            view.generation = layout.generation;
            view.detected_by = layout.reason.clone();
        }
        (j, h)
    });
    Ok(Parsed {
        report,
        views,
        entries,
    })
}

/// What holds for every view: a picture with an upload time is present.
fn finish_view(report: &mut Report) {
    let picture = &mut report.account.profile_picture;
    picture.present |= picture.uploaded_at.is_some();
}

/// What a parser works with: the archive, the layout, and the report being filled.
pub(crate) struct Ctx<'a> {
    archive: &'a mut Archive,
    pub layout: Layout,
    pub options: Options,
    pub report: Report,
    /// Entries read, relative to the root, with the parser that read them.
    read: Vec<(String, &'static str)>,
    /// Entries the report points to (a picture file) without their bytes being read.
    referenced: Vec<String>,
}

/// Entries that are part of every report and need not be read: the logos, the index, and
/// the list twins (contacts.html, groups.html) when their JSON was read.
fn is_known_unread(generation: Generation, rel: &str) -> bool {
    if generation == Generation::A {
        return false;
    }
    rel == "index.html"
        || rel.starts_with("files/")
        || (rel.ends_with(".html")
            && detect::SECTION_FOLDERS
                .iter()
                .any(|f| rel.starts_with(&format!("{f}/"))))
}

impl Ctx<'_> {
    pub fn warn(&mut self, kind: WarningKind, file: &str, message: impl Into<String>) {
        self.report.warnings.push(Warning::new(kind, file, message));
    }

    pub fn has(&self, rel: &str) -> bool {
        self.archive.contains(&format!("{}{rel}", self.layout.root))
    }

    /// The declared size of an entry, relative to the root.
    pub fn entry_size(&self, rel: &str) -> Option<u64> {
        let full = format!("{}{rel}", self.layout.root);
        self.archive
            .entries()
            .into_iter()
            .find(|e| e.name == full)
            .map(|e| e.declared_size)
    }

    pub fn mark_referenced(&mut self, rel: &str) {
        self.referenced.push(rel.to_string());
    }

    /// Reads an entry by its path relative to the report's root; `None` when absent.
    pub fn read(&mut self, rel: &str, parser: &'static str) -> anyhow::Result<Option<Vec<u8>>> {
        if !self.has(rel) {
            return Ok(None);
        }
        let bytes = self.archive.read(&format!("{}{rel}", self.layout.root))?;
        self.read.push((rel.to_string(), parser));
        Ok(Some(bytes))
    }

    fn parse_error(&self, rel: &str, reason: String) -> ParseError {
        ParseError {
            input: self.archive.input().to_string(),
            entry: format!("{}{rel}", self.layout.root),
            reason,
        }
    }

    /// Reads an entry as UTF-8 text; anything else is an error naming the entry.
    pub(crate) fn read_text(
        &mut self,
        rel: &str,
        parser: &'static str,
    ) -> anyhow::Result<Option<String>> {
        let Some(bytes) = self.read(rel, parser)? else {
            return Ok(None);
        };
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Some(text)),
            Err(e) => Err(self
                .parse_error(rel, format!("not UTF-8 text ({})", e.utf8_error()))
                .into()),
        }
    }

    /// Reads and parses an HTML entry; `None` when absent, or (with a warning) when it is
    /// nested too deeply to build a document tree in reasonable time.
    pub fn read_html(&mut self, rel: &str) -> anyhow::Result<Option<scraper::Html>> {
        /// Real report pages nest about 15 deep.
        const MAX_NESTING: usize = 512;
        let Some(text) = self.read_text(rel, "HTML")? else {
            return Ok(None);
        };
        let depth = html::nesting_depth(&text);
        if depth > MAX_NESTING {
            let message =
                format!("elements nested {depth} deep (more than {MAX_NESTING}); not read");
            self.warn(WarningKind::Invalid, rel, message);
            return Ok(None);
        }
        Ok(Some(scraper::Html::parse_document(&text)))
    }

    /// Reads a JSON entry's text, BOM removed. A missing entry gives a warning naming what is
    /// lost, or the HTML twin it is read from instead.
    fn read_json_text(&mut self, rel: &str, what_is_lost: &str) -> anyhow::Result<Option<String>> {
        let Some(mut text) = self.read_text(rel, "JSON")? else {
            let twin = match self.layout.generation {
                Generation::A => "access.html".to_string(),
                _ => rel.replace(".json", ".html"),
            };
            if self.has(&twin) {
                let minutes = if self.layout.generation == Generation::A
                    || rel.starts_with("whatsapp_connections/")
                {
                    ""
                } else {
                    ", with times to the minute"
                };
                let message = format!(
                    "missing from the report; read from its HTML twin `{twin}` instead{minutes}"
                );
                self.warn(WarningKind::Fallback, rel, message);
            } else {
                let message = format!("missing from the report; {what_is_lost}");
                self.warn(WarningKind::Missing, rel, message);
            }
            return Ok(None);
        };
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        Ok(Some(text))
    }

    /// Reads and decodes a JSON entry, repairing mojibake when the generation has it.
    /// Broken JSON is an error naming the entry.
    pub fn read_json(&mut self, rel: &str, what_is_lost: &str) -> anyhow::Result<Option<Value>> {
        let Some(text) = self.read_json_text(rel, what_is_lost)? else {
            return Ok(None);
        };
        let mut value: Value = serde_json::from_str(&text)
            .map_err(|e| self.parse_error(rel, format!("invalid JSON: {e}")))?;
        if self.layout.generation != Generation::A {
            crate::normalize::repair_json(&mut value);
        }
        Ok(Some(value))
    }

    /// Reads a JSON object whose `list_keys` hold long lists of strings, without a `Value`
    /// tree for them (see `lists`). The rest is repaired like [`Ctx::read_json`]'s.
    pub(crate) fn read_json_lists(
        &mut self,
        rel: &str,
        what_is_lost: &str,
        list_keys: &[(&str, lists::Keep)],
    ) -> anyhow::Result<Option<lists::Split>> {
        let Some(text) = self.read_json_text(rel, what_is_lost)? else {
            return Ok(None);
        };
        let mut split = lists::split(&text, list_keys)
            .map_err(|e| self.parse_error(rel, format!("invalid JSON: {e}")))?;
        if self.layout.generation != Generation::A {
            split
                .rest
                .values_mut()
                .for_each(crate::normalize::repair_json);
        }
        Ok(Some(split))
    }

    /// How to read a list of contacts: every number, or (when only counting) just those that
    /// still need normalising, and may need a warning.
    pub(crate) fn contacts_keep(&self) -> lists::Keep {
        if self.options.count_contacts {
            |s| !crate::normalize::is_plain_e164(s)
        } else {
            lists::all
        }
    }

    /// Stores contacts read from a list: normalised and kept, or only counted.
    pub(crate) fn set_contacts(
        &mut self,
        rel: &str,
        key: &str,
        numbers: Vec<String>,
        count: usize,
    ) {
        let numbers = phones(numbers, rel, key, &mut self.report.warnings);
        if self.options.count_contacts {
            self.report.contacts_counted = Some(count);
        } else {
            self.report.contacts = numbers;
        }
    }

    /// Takes one list out of a split file: mojibake repaired, anything that is not a list of
    /// strings named. Gives the strings kept and how many there were; `None` when the key is
    /// absent.
    pub(crate) fn take_list(
        &mut self,
        rel: &str,
        split: &mut lists::Split,
        key: &str,
    ) -> Option<(Vec<String>, usize)> {
        match split.take(key)? {
            Err(kind) => {
                let message = format!("`{key}`: expected a list, found {kind}; ignored");
                self.warn(WarningKind::Invalid, rel, message);
                None
            }
            Ok(list) => {
                for (i, kind) in list.others {
                    let message = format!("`{key}[{i}]`: expected text, found {kind}; skipped");
                    self.warn(WarningKind::Invalid, rel, message);
                }
                let mut items = list.items;
                if self.layout.generation != Generation::A {
                    for item in items.iter_mut().filter(|i| !i.is_ascii()) {
                        if let std::borrow::Cow::Owned(fixed) =
                            crate::normalize::repair_mojibake(item)
                        {
                            *item = fixed;
                        }
                    }
                }
                Some((items, list.count))
            }
        }
    }

    /// The top-level wrapper object of a gen B file, e.g. `wa_settings`.
    pub fn wrapper<'v>(
        &mut self,
        rel: &str,
        value: &'v Value,
        key: &str,
    ) -> anyhow::Result<&'v Value> {
        let obj = value.as_object().ok_or_else(|| ParseError {
            input: self.archive.input().to_string(),
            entry: format!("{}{rel}", self.layout.root),
            reason: format!("expected a JSON object with the key `{key}`"),
        })?;
        for other in obj.keys().filter(|k| *k != key) {
            self.warn(
                WarningKind::Unknown,
                rel,
                format!("unknown top-level key `{other}`; not read"),
            );
        }
        obj.get(key).ok_or_else(|| {
            ParseError {
                input: self.archive.input().to_string(),
                entry: format!("{}{rel}", self.layout.root),
                reason: format!(
                    "has no key `{key}` (found {})",
                    obj.keys()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
            .into()
        })
    }

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
            let bytes = self.read(rel, "marker")?.unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes);
            if text.trim() != "You have no data in this section" {
                self.warn(
                    WarningKind::Unknown,
                    rel,
                    format!("unexpected text `{}`; taken as no data", text.trim()),
                );
            }
            self.report.payments = Payments::NoData;
        } else {
            self.warn(
                WarningKind::Unknown,
                "whatsapp_payments/",
                format!(
                    "holds {}; the payments layout is undocumented, so it is not read",
                    files.join(", ")
                ),
            );
            self.report.payments = Payments::Present(files);
        }
        Ok(())
    }

    /// Every entry not read and not known to be redundant gets a warning.
    fn account_for_every_entry(&mut self, names: &[String]) {
        let root = self.layout.root.clone();
        for name in names {
            let Some(rel) = name.strip_prefix(&root) else {
                self.warn(
                    WarningKind::Unknown,
                    name,
                    "outside the report's folder; not read",
                );
                continue;
            };
            if self.read.iter().any(|(r, _)| r == rel)
                || self.referenced.iter().any(|r| r == rel)
                || is_known_unread(self.layout.generation, rel)
                || rel.starts_with("whatsapp_payments/")
            {
                continue;
            }
            self.warn(WarningKind::Unknown, rel, "unknown file; not read");
        }
    }
}

impl Ctx<'_> {
    /// How each entry of the archive was used, for `inspect`.
    fn entry_uses(&self) -> Vec<(String, u64, EntryUse)> {
        let root = &self.layout.root;
        self.archive
            .entries()
            .into_iter()
            .map(|e| {
                let role = match e.name.strip_prefix(root.as_str()) {
                    None => EntryUse::Outside,
                    Some(rel) => {
                        if let Some((_, parser)) = self.read.iter().find(|(r, _)| r == rel) {
                            EntryUse::Read(parser)
                        } else if self.referenced.iter().any(|r| r == rel) {
                            EntryUse::Picture
                        } else if rel.starts_with("files/") || rel == "index.html" {
                            EntryUse::Decoration
                        } else if is_known_unread(self.layout.generation, rel) {
                            EntryUse::TwinNotNeeded
                        } else {
                            EntryUse::Unknown
                        }
                    }
                };
                (e.name, e.declared_size, role)
            })
            .collect()
    }
}

/// Typed access to one JSON object that remembers which keys were used, so that
/// [`Fields::finish`] can name every key nobody asked for.
pub(crate) struct Fields<'v> {
    file: String,
    path: String,
    map: Option<&'v Map<String, Value>>,
    used: Vec<&'v str>,
    pub warnings: Vec<Warning>,
}

impl<'v> Fields<'v> {
    /// `path` names the object in messages (`wa_settings`, `device_info[1]`).
    pub fn new(file: &str, path: &str, value: &'v Value) -> Fields<'v> {
        let mut fields = Fields {
            file: file.into(),
            path: path.into(),
            map: value.as_object(),
            used: Vec::new(),
            warnings: Vec::new(),
        };
        if fields.map.is_none() {
            let found = kind(value);
            fields.problem(path, format!("expected an object, found {found}; not read"));
        }
        fields
    }

    /// A value of the wrong type or shape.
    pub fn problem(&mut self, key: &str, message: String) {
        self.note(WarningKind::Invalid, key, message);
    }

    pub fn note(&mut self, kind: WarningKind, key: &str, message: String) {
        let at = if key == self.path || self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        };
        let message = format!("`{at}`: {message}");
        self.warnings.push(Warning::new(kind, &self.file, message));
    }

    /// The raw value of a key, marking it used.
    pub fn get(&mut self, key: &str) -> Option<&'v Value> {
        let (k, v) = self.map?.get_key_value(key)?;
        self.used.push(k.as_str());
        Some(v)
    }

    pub fn str(&mut self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => {
                let found = kind(other);
                self.problem(key, format!("expected text, found {found}; ignored"));
                None
            }
        }
    }

    /// Text, with `""` taken as absent.
    pub fn text(&mut self, key: &str) -> Option<String> {
        self.str(key).filter(|s| !s.is_empty())
    }

    pub fn int(&mut self, key: &str) -> Option<i64> {
        let value = self.get(key)?;
        self.int_value(key, value)
    }

    fn int_value(&mut self, key: &str, value: &Value) -> Option<i64> {
        match value {
            Value::Number(n) if n.is_i64() => n.as_i64(),
            Value::String(s) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
            Value::Null => None,
            other => {
                let found = kind(other);
                self.problem(
                    key,
                    format!("expected a whole number, found {found}; ignored"),
                );
                None
            }
        }
    }

    pub fn bool(&mut self, key: &str) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::Null => None,
            other => {
                let found = kind(other);
                self.problem(
                    key,
                    format!("expected true or false, found {found}; ignored"),
                );
                None
            }
        }
    }

    /// Epoch seconds, UTC. 0 is taken as "no time", with a warning.
    pub fn time(&mut self, key: &str) -> Option<Timestamp> {
        let value = self.get(key)?;
        self.time_value(key, value)
    }

    /// Like [`Fields::time`] for a value found some other way (a map's values); `key`
    /// names it in messages.
    pub fn time_value(&mut self, key: &str, value: &Value) -> Option<Timestamp> {
        let secs = self.int_value(key, value)?;
        if secs == 0 {
            self.note(WarningKind::Fallback, key, "is 0; taken as no time".into());
            return None;
        }
        match Timestamp::from_second(secs) {
            Ok(ts) => Some(ts),
            Err(_) => {
                self.problem(key, format!("{secs} is not a usable time; ignored"));
                None
            }
        }
    }

    pub fn array(&mut self, key: &str) -> Option<&'v Vec<Value>> {
        match self.get(key)? {
            Value::Array(items) => Some(items),
            Value::Null => None,
            other => {
                let found = kind(other);
                self.problem(key, format!("expected a list, found {found}; ignored"));
                None
            }
        }
    }

    /// A list of strings; other elements are named in warnings and skipped.
    pub fn strings(&mut self, key: &str) -> Option<Vec<String>> {
        let items = self.array(key)?;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item {
                Value::String(s) => out.push(s.clone()),
                other => {
                    let found = kind(other);
                    self.problem(
                        &format!("{key}[{i}]"),
                        format!("expected text, found {found}; skipped"),
                    );
                }
            }
        }
        Some(out)
    }

    /// Names every key of the object that was not asked for.
    pub fn finish(mut self, into: &mut Vec<Warning>) {
        if let Some(map) = self.map {
            let unknown: Vec<String> = map
                .keys()
                .filter(|k| !self.used.contains(&k.as_str()))
                .cloned()
                .collect();
            for key in unknown {
                self.note(WarningKind::Unknown, &key, "unknown key; not read".into());
            }
        }
        into.append(&mut self.warnings);
    }
}

/// A JSON value's kind, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Normalises a phone number to E.164, keeping (and naming, under `key` in `file`) one that
/// is not a number. The one place every JSON and HTML source's numbers go through.
pub(crate) fn phone(raw: String, file: &str, key: &str, warnings: &mut Vec<Warning>) -> String {
    normalize_phone_owned(raw).unwrap_or_else(|(raw, problem)| {
        let message = format!("`{key}`: {problem}; kept as given");
        warnings.push(Warning::new(WarningKind::Invalid, file, message));
        raw
    })
}

/// [`phone`] for a list.
pub(crate) fn phones(
    numbers: Vec<String>,
    file: &str,
    key: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<String> {
    numbers
        .into_iter()
        .map(|raw| phone(raw, file, key, warnings))
        .collect()
}

/// Sets a device's current address from `address:port`, returning what to warn about when
/// the value is not in that documented form.
pub(crate) fn set_current_ip(device: &mut Device, raw: &str) -> Option<(WarningKind, String)> {
    match split_ip_port(raw) {
        Ok((ip, port)) => {
            device.current_ip = Some(ip);
            device.current_port = port;
            port.is_none().then(|| {
                let message =
                    format!("current connection IP `{raw}` has no port; kept as an address");
                (WarningKind::Fallback, message)
            })
        }
        Err(problem) => {
            device.current_ip = Some(raw.to_string());
            Some((WarningKind::Unknown, format!("{problem}; kept as given")))
        }
    }
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

    #[test]
    fn fields_name_unknown_keys_and_wrong_types() {
        let v = serde_json::json!({"a": "x", "b": 5, "c": true});
        let mut f = Fields::new("f.json", "wa_x", &v);
        assert_eq!(f.str("a").as_deref(), Some("x"));
        assert_eq!(f.str("b"), None);
        let mut w = Vec::new();
        f.finish(&mut w);
        let msgs: Vec<String> = w.iter().map(ToString::to_string).collect();
        assert_eq!(
            msgs,
            [
                "f.json: `wa_x.b`: expected text, found a number; ignored",
                "f.json: `wa_x.c`: unknown key; not read"
            ]
        );
    }
}
