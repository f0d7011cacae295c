//! What a twin replaces, and with what: every identifier the parsed report holds (from the
//! merged records, the JSON's alone and the HTML's alone, the values under unknown labels
//! and every value a warning quotes as not understood), each given its one replacement for
//! the whole report; the one offset every time moves by; and what is known of the report's
//! structure (unknown labels, placed labels, learned month names).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::net::IpAddr;

use aho_corasick::{AhoCorasick, MatchKind};
use jiff::Timestamp;

use super::draw::Seed;
use super::phone::{Phones, Windows};
use super::shape::{is_content, shape};
use super::{ip, phone, photo};
use crate::model::{Contacts, Generation, Leaf, LeafKind, Report, Visibility, WarningKind};
use crate::parse::Parsed;
// Labels are compared as the parser compares them.
use crate::parse::labels::{self, Nested, Row, SessionPart, fold};
use crate::text::{Ip, Quote};

/// What a twin keeps and how it draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// The same seed gives the same twin, byte for byte.
    pub seed: u64,
    /// Keep phone numbers' country calling codes.
    pub keep_country: bool,
}

/// What a value is, for what a twin does to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Format, not person (a state, a version, a device id): kept, but for a number or an
    /// address of the report's, and a value the parser did not understand.
    Keep,
    Time,
    Phone,
    Ip,
    /// A name, About, group name, e-mail or session id.
    Text,
    Photo,
    /// Under a key or label the parser does not know: replaced by shape.
    Unknown,
}

impl Kind {
    /// What a field of the model holds.
    pub fn of(kind: LeafKind) -> Kind {
        match kind {
            LeafKind::Time => Kind::Time,
            LeafKind::Phone | LeafKind::Phones | LeafKind::Contacts | LeafKind::Status => {
                Kind::Phone
            }
            LeafKind::Email
            | LeafKind::Name
            | LeafKind::About
            | LeafKind::Groups
            | LeafKind::Session
            | LeafKind::Sessions => Kind::Text,
            LeafKind::Ip => Kind::Ip,
            LeafKind::Flag
            | LeafKind::Port
            | LeafKind::Size
            | LeafKind::Text
            | LeafKind::Vis
            | LeafKind::Payments => Kind::Keep,
        }
    }

    /// What a row's label names.
    pub fn of_row(row: Row) -> Kind {
        match row {
            Row::Field(def) => Kind::of(def.kind),
            Row::Blocks(_) => Kind::Keep,
        }
    }

    /// What a block line's label names.
    pub fn of_nested(line: Nested) -> Kind {
        match line {
            Nested::Device => Kind::Keep,
            Nested::Field(def) => Kind::of(def.kind),
            Nested::Session(SessionPart::Id) => Kind::Text,
            Nested::Session(SessionPart::AccountRegisteredAt) => Kind::Time,
            Nested::Session(SessionPart::StateCollections) => Kind::Keep,
        }
    }
}

/// A label's place in the structure: a row, or a line of a per-device block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Label {
    Row(Row),
    Line(Nested),
}

/// The identifiers of a report, before replacements are chosen.
#[derive(Default)]
struct Found {
    phones: BTreeSet<String>,
    ips: BTreeSet<IpAddr>,
    /// Names, About texts, group names, session ids.
    texts: BTreeSet<String>,
    emails: BTreeSet<String>,
    /// Values not understood: replaced by shape.
    unknown: BTreeSet<String>,
    times: BTreeSet<i64>,
    /// Times the HTML gave.
    html_times: BTreeSet<i64>,
}

impl Found {
    fn phone(&mut self, raw: &str) {
        let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
        if digits.len() >= 3 {
            self.phones.insert(digits);
        } else {
            self.unknown(raw);
        }
    }

    fn ip(&mut self, ip: &Ip) {
        match ip {
            Ip::Addr(addr) => {
                self.ips.insert(*addr);
            }
            Ip::Other(raw) => self.unknown(raw.exact()),
            Ip::Pseudonym(_) => {}
        }
    }

    fn text(&mut self, text: &str) {
        self.texts.insert(text.to_string());
    }

    fn unknown(&mut self, value: &str) {
        self.unknown.insert(value.to_string());
    }

    fn time(&mut self, t: Timestamp, html: bool) {
        self.times.insert(t.as_second());
        if html {
            self.html_times.insert(t.as_second());
        }
    }

    fn report(&mut self, r: &Report, html: bool) {
        r.walk(&mut |_, leaf| match leaf {
            Leaf::Time(Some(t)) => self.time(*t, html),
            Leaf::Phone(Some(p)) => self.phone(p.exact()),
            Leaf::Email(Some(e)) => {
                self.emails.insert(e.exact().to_string());
            }
            Leaf::Name(Some(n)) => self.text(n.exact()),
            Leaf::About(Some(a)) => self.text(a.exact()),
            Leaf::Session(Some(s)) => self.text(s.exact()),
            Leaf::Ip(Some(ip)) => self.ip(ip),
            Leaf::Vis(Some(Visibility::Other(raw))) => self.unknown(raw.exact()),
            Leaf::Phones(Some(list)) => list.iter().for_each(|p| self.phone(p.exact())),
            Leaf::Contacts(Some(Contacts::Kept(list))) => {
                list.iter().for_each(|p| self.phone(p.exact()))
            }
            Leaf::Groups(Some(list)) => list.iter().for_each(|g| self.text(g.exact())),
            Leaf::Status(Some(s)) => {
                if let Some(Visibility::Other(raw)) = &s.mode {
                    self.unknown(raw.exact());
                }
                s.except
                    .iter()
                    .chain(&s.only_share_with)
                    .for_each(|p| self.phone(p.exact()));
            }
            Leaf::Sessions(Some(list)) => {
                for s in list {
                    if let Some(id) = &s.id {
                        self.text(id.exact());
                    }
                    if let Some(t) = s.account_registered_at {
                        self.time(t, html);
                    }
                }
            }
            _ => {}
        });
        for u in &r.unrecognised {
            self.unknown(u.value.exact());
        }
        for w in &r.warnings {
            let problem = matches!(w.kind, WarningKind::Unknown | WarningKind::Invalid);
            for q in w.at.quotes().chain(w.message.quotes()) {
                match q {
                    Quote::Phone(p) => self.phone(p.exact()),
                    Quote::Ip(ip) => self.ip(ip),
                    Quote::Email(e) => {
                        self.emails.insert(e.exact().to_string());
                    }
                    Quote::PersonName(n) => self.text(n.exact()),
                    Quote::About(a) => self.text(a.exact()),
                    Quote::GroupName(g) => self.text(g.exact()),
                    Quote::SessionId(s) => self.text(s.exact()),
                    // What the parser could not read; a fallback's quotes are values it read.
                    Quote::UnknownValue(v) if problem => self.unknown(v.exact()),
                    _ => {}
                }
            }
        }
    }
}

/// Everything a twin replaces, with its replacement.
pub(crate) struct Plan {
    pub seed: Seed,
    pub generation: Generation,
    pub phones: Phones,
    pub ips: BTreeMap<IpAddr, IpAddr>,
    /// Names, About texts, group names, e-mail, session ids: exact, and without edge space.
    pub texts: HashMap<String, String>,
    /// Values not understood, by shape: exact, and without edge space.
    pub unknown: HashMap<String, String>,
    /// The longer identifiers, for finding them inside other text, with their replacements.
    pub finder: Option<(AhoCorasick, Vec<String>)>,
    /// Every time the report holds, in epoch seconds; those its HTML gave.
    pub times: BTreeSet<i64>,
    html_times: BTreeSet<i64>,
    /// What every time moves by, in seconds.
    pub offset: i64,
    /// Month names the report taught.
    pub months: BTreeMap<String, i8>,
    pub windows: Windows,
    /// Per entry (relative to the report's folder): labels the parser did not know.
    unknown_labels: HashMap<String, HashSet<String>>,
    /// Per entry, row or block line: labels in no table that the parser placed, as what.
    placed: HashMap<(String, bool, String), Label>,
    /// Pictures made, by the original's digest.
    photos: RefCell<HashMap<[u8; 32], Vec<u8>>>,
    /// Times an HTML date could not be moved to (the offset is then tried again).
    pub stuck: RefCell<Vec<String>>,
}

/// The replacements of the texts found (names, About, group names, session ids, e-mail) and
/// of the values not understood: each its own, of the same shape, holding no run of a
/// number's digits; a text with edge spaces is also found without them.
fn texts(
    found: &Found,
    seed: &Seed,
    windows: &Windows,
) -> (HashMap<String, String>, HashMap<String, String>) {
    let mut used: HashSet<String> = HashSet::new();
    let mut replace = |domain: &str, original: &str, email: bool| -> String {
        if !original.chars().any(is_content) {
            return original.to_string();
        }
        let mut d = seed.draw(domain, original.as_bytes());
        let mut twin = String::new();
        for _ in 0..32 {
            twin = match original.split_once('@').filter(|_| email) {
                Some((local, _)) => format!("{}@example.com", shape(local, &mut d)),
                None => shape(original, &mut d),
            };
            if twin != original && !windows.hit(&twin) && !used.contains(&twin) {
                break;
            }
        }
        used.insert(twin.clone());
        twin
    };
    let mut texts = HashMap::new();
    for e in &found.emails {
        texts.insert(e.clone(), replace("email", e, true));
    }
    for t in &found.texts {
        if !texts.contains_key(t) {
            texts.insert(t.clone(), replace("text", t, false));
        }
    }
    let mut unknown = HashMap::new();
    for u in &found.unknown {
        if !texts.contains_key(u) {
            unknown.insert(u.clone(), replace("unknown", u, false));
        }
    }
    for map in [&mut texts, &mut unknown] {
        let mut trimmed: Vec<(String, String)> = map
            .iter()
            .filter(|(o, _)| o.trim() != o.as_str() && !o.trim().is_empty())
            .map(|(o, t)| (o.trim().to_string(), t.trim().to_string()))
            .collect();
        // In one order whatever the map's: two texts may trim to one.
        trimmed.sort();
        for (o, t) in trimmed {
            map.entry(o).or_insert(t);
        }
    }
    (texts, unknown)
}

/// A finder of the identifiers long enough to be told apart inside other text, with their
/// replacements.
fn finder(texts: &HashMap<String, String>) -> Option<(AhoCorasick, Vec<String>)> {
    let long: Vec<(&String, &String)> = texts
        .iter()
        .filter(|(o, t)| o.chars().count() >= 6 && o != t)
        .collect();
    if long.is_empty() {
        return None;
    }
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(long.iter().map(|(o, _)| o.as_str()))
        .ok()?;
    Some((ac, long.iter().map(|(_, t)| t.to_string()).collect()))
}

/// Per entry, the labels the parser did not know, folded.
fn unknown_labels(parsed: &Parsed) -> HashMap<String, HashSet<String>> {
    let mut out: HashMap<String, HashSet<String>> = HashMap::new();
    let reports =
        std::iter::once(&parsed.report).chain(parsed.views.iter().flat_map(|v| [&v.json, &v.html]));
    for r in reports {
        for u in &r.unrecognised {
            out.entry(u.file.exact().to_string())
                .or_default()
                .insert(fold(u.label.exact()));
        }
        for w in r.warnings.iter().filter(|w| w.kind == WarningKind::Unknown) {
            for q in w.at.quotes() {
                if let Quote::UnknownLabel(l) = q {
                    out.entry(w.file.exact().to_string())
                        .or_default()
                        .insert(fold(l.exact()));
                }
            }
        }
    }
    out
}

/// Per entry, row or block line, and folded label: what the parser placed a label in no
/// table as.
fn placed(parsed: &Parsed) -> HashMap<(String, bool, String), Label> {
    let mut out = HashMap::new();
    for p in &parsed.placed {
        let label = match p.parent {
            None => labels::row(p.field).map(Label::Row),
            Some(_) => labels::nested(p.field).map(Label::Line),
        };
        if let Some(label) = label {
            let key = (
                p.file.exact().to_string(),
                p.parent.is_some(),
                fold(p.label.exact()),
            );
            out.insert(key, label);
        }
    }
    out
}

impl Plan {
    /// The plan for a parsed report; the offset is chosen by [`Plan::choose_offset`].
    pub fn new(parsed: &Parsed, options: &Options) -> Plan {
        let seed = Seed::new(options.seed);
        let mut found = Found::default();
        found.report(&parsed.report, false);
        if let Some(views) = &parsed.views {
            found.report(&views.json, false);
            found.report(&views.html, true);
        }
        let windows = Windows::of(found.phones.iter().map(String::as_str));
        let phones = phone::plan(&found.phones, options.keep_country, &seed, &windows);
        let ips = ip::plan(&found.ips, &seed);
        let (texts, unknown) = texts(&found, &seed, &windows);
        Plan {
            generation: parsed.report.generation(),
            phones,
            ips,
            finder: finder(&texts),
            texts,
            unknown,
            times: found.times,
            html_times: found.html_times,
            offset: 0,
            months: parsed.months.clone(),
            windows,
            unknown_labels: unknown_labels(parsed),
            placed: placed(parsed),
            photos: RefCell::new(HashMap::new()),
            stuck: RefCell::new(Vec::new()),
            seed,
        }
    }

    /// Whether the parser did not know this label in this entry.
    pub fn is_unknown_label(&self, file: &str, label: &str) -> bool {
        self.unknown_labels
            .get(file)
            .is_some_and(|set| set.contains(&fold(label)))
    }

    /// What a label in this entry names: a table's, or what the parser placed it as.
    pub fn label(&self, file: &str, label: &str, in_block: bool) -> Option<Label> {
        let table = if in_block {
            labels::nested(label).map(Label::Line)
        } else {
            labels::row(label).map(Label::Row)
        };
        table.or_else(|| {
            self.placed
                .get(&(file.to_string(), in_block, fold(label)))
                .copied()
        })
    }

    /// What the value of a label in this entry is (a `label_values` entry's, a block line's).
    pub fn label_kind(&self, file: &str, label: &str, in_block: bool) -> Kind {
        if self.is_unknown_label(file, label) {
            return Kind::Unknown;
        }
        match self.label(file, label, in_block) {
            Some(Label::Row(row)) => Kind::of_row(row),
            Some(Label::Line(line)) => Kind::of_nested(line),
            None if label.trim().eq_ignore_ascii_case("device") => Kind::Keep,
            None => Kind::Unknown,
        }
    }

    /// An epoch time moved by the offset.
    pub fn moved(&self, seconds: i64) -> i64 {
        seconds.saturating_add(self.offset)
    }

    /// Whether a number is one of the report's times, or looks like one (within twenty years
    /// of them), for values under unknown keys.
    pub fn is_time(&self, seconds: i64) -> bool {
        const YEARS_20: i64 = 20 * 366 * 86_400;
        match (self.times.first(), self.times.last()) {
            (Some(lo), Some(hi)) => {
                self.times.contains(&seconds)
                    || (seconds >= 100_000_000
                        && seconds >= lo - YEARS_20
                        && seconds <= hi + YEARS_20)
            }
            _ => false,
        }
    }

    /// A picture in base64 (padded or not, white space anywhere): the twin's picture in
    /// base64 of the same length, the white space where it was; `None` when it is not
    /// base64.
    pub fn photo_base64(&self, text: &str) -> Option<String> {
        use base64::Engine;
        let engine = &base64::engine::general_purpose::STANDARD;
        let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        let bytes = engine
            .decode(&compact)
            .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(&compact))
            .ok()
            .filter(|b| !b.is_empty())?;
        let mut encoded = engine.encode(self.photo(&bytes));
        if !compact.ends_with('=') {
            encoded = encoded.trim_end_matches('=').to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut chars = encoded.chars();
        for c in text.chars() {
            if c.is_ascii_whitespace() {
                out.push(c);
            } else if let Some(n) = chars.next() {
                out.push(n);
            }
        }
        out.extend(chars);
        Some(out)
    }

    /// The picture for `original`: made once per picture.
    pub fn photo(&self, original: &[u8]) -> Vec<u8> {
        use sha2::{Digest, Sha256};
        let key: [u8; 32] = Sha256::digest(original).into();
        self.photos
            .borrow_mut()
            .entry(key)
            .or_insert_with(|| {
                photo::twin(original, &mut self.seed.draw("photo", &key), &self.windows)
            })
            .clone()
    }

    /// Chooses the offset: a shift of some weeks to some years, in whole minutes (whole hours
    /// or days when every time is), under which every time the HTML gave can be written back
    /// (a month name the report taught; not in an hour daylight saving repeats), every time
    /// stays positive, and no time's digits hold a run of a number's. The `attempt`-th
    /// candidate, so that a caller can try another.
    pub fn choose_offset(&mut self, attempt: u32) -> Option<i64> {
        const DAY: i64 = 86_400;
        let unit = [DAY, 3600, 60]
            .into_iter()
            .find(|u| self.times.iter().all(|t| t % u == 0))
            .unwrap_or(60);
        let zone = crate::spec::spec(self.generation).html_zone;
        let mut d = self.seed.draw("offset", &attempt.to_le_bytes());
        for candidate in 0..4096u32 {
            let sign = if d.below(2) == 0 { -1 } else { 1 };
            let days = match candidate {
                // Anywhere from a month to three years.
                0..512 => d.within(30, 3 * 366),
                // Whole years give and take a few days: the months stay (a language whose
                // month names the report taught only some of).
                512..2048 => d.within(1, 4) * 365 + d.within(-12, 12),
                _ => d.within(1, 28),
            };
            let seconds = sign * (days * DAY + d.within(0, DAY / 60 - 1) * 60);
            let offset = seconds - seconds % unit;
            if offset != 0 && self.fits(offset, zone) {
                self.offset = offset;
                return Some(offset);
            }
        }
        None
    }

    fn fits(&self, offset: i64, zone: crate::spec::HtmlZone) -> bool {
        let by = jiff::SignedDuration::from_secs(offset);
        let taught: BTreeSet<i8> = self.months.values().copied().collect();
        let sparse = self.windows.sparse();
        self.times.iter().all(|&t| {
            let moved = t + offset;
            moved > 0
                && moved < 253_402_300_799
                && !(sparse && self.windows.hit(&moved.to_string()))
        }) && self.html_times.iter().all(|&t| {
            let Ok(at) = Timestamp::from_second(t) else {
                return false;
            };
            let Ok(moved) = at.checked_add(by) else {
                return false;
            };
            let tz = zone.tz();
            let civil = moved.to_zoned(tz.clone()).datetime();
            // Read back as the HTML reads it (the earlier instant of a repeated hour).
            let back = civil.to_zoned(tz.clone()).map(|z| z.timestamp()).ok();
            // A date in a month the report taught a name for may be written with that name:
            // it must move to a month with a taught name too.
            let month = at.to_zoned(tz).month();
            back == Some(moved) && (!taught.contains(&month) || taught.contains(&civil.month()))
        })
    }
}
