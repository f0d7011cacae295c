//! Label text → model field, per language; the documented order of each table and of each
//! per-device block.
//!
//! Localisation is data: each language is one JSON file in `src/labels/` (`en.json`,
//! `id.json`), embedded in the binary and parsed once, on first use. A contributor adds a
//! language by adding a file and one line to [`FILES`]; no parser code changes. A file lists,
//! per model field, the labels its reports use (row labels, and the labels inside per-device
//! blocks), the value words (`Yes`/`No`), the month abbreviations and the date formats. Only
//! labels seen in real reports or in code that reads them (FORMAT.md 3.3, 3.5, 4, 5.2)
//! belong there; never invented translations. A label a report leaves in English is listed
//! in English. Matching ignores case and surrounding space, since the same label appears in
//! Title Case (gen A, gen C) and in mixed case (gen B); every language's table is consulted.
//!
//! A report in a language no file describes is still read: `parse::place` puts its values
//! where they belong by what does not depend on language (the orders below, value shapes,
//! the JSON twin).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use foldhash::HashMap;

use serde::Deserialize;

pub use crate::model::Block;
use crate::model::{
    Account, FieldDef, Privacy, ProfilePicture, Registration, Report, SyncInfo, Terms, WebDesktop,
    fields,
};

/// What a top-level row's label names: a field of the model, or a row whose value is
/// per-device blocks. Keyed in the label files by the field's path, or the block's key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    Field(&'static FieldDef),
    Blocks(Block),
}

/// What a label inside a block names: the block's `Device: N` line, a device's field, or a
/// part of a sync session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nested {
    Device,
    Field(&'static FieldDef),
    Session(SessionPart),
}

/// The lines of a `Sync Sessions` block, parts of one value (`sync.sessions`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionPart {
    Id,
    AccountRegisteredAt,
    StateCollections,
}

impl SessionPart {
    const ALL: [SessionPart; 3] = [
        SessionPart::Id,
        SessionPart::AccountRegisteredAt,
        SessionPart::StateCollections,
    ];

    fn key(self) -> &'static str {
        match self {
            SessionPart::Id => "sync.sessions[].id",
            SessionPart::AccountRegisteredAt => "sync.sessions[].account_registered_at",
            SessionPart::StateCollections => "sync.sessions[].state_collections",
        }
    }
}

/// A block row's key in the label files. `Sync Sessions` is a field's row (`sync.sessions`).
fn block_key(block: Block) -> Option<&'static str> {
    match block {
        Block::Activity => Some("device_activity"),
        Block::SettingsFetch => Some("settings_last_fetch"),
        Block::SyncStatus => Some("device_sync_status"),
        Block::Information => Some("device_information"),
        Block::SyncSession => None,
    }
}

impl Row {
    /// Its key in the label files.
    pub fn key(self) -> &'static str {
        match self {
            Row::Field(d) => d.path,
            Row::Blocks(b) => block_key(b).unwrap_or("sync.sessions"),
        }
    }

    fn of_key(key: &str) -> Option<Row> {
        Block::ALL
            .into_iter()
            .find(|&b| block_key(b) == Some(key))
            .map(Row::Blocks)
            .or_else(|| {
                fields()
                    .iter()
                    .find(|d| d.path == key && !d.is_device())
                    .map(|&d| Row::Field(d))
            })
    }
}

impl Nested {
    /// Its key in the label files.
    pub fn key(self) -> &'static str {
        match self {
            Nested::Device => "device",
            Nested::Field(d) => d.path,
            Nested::Session(p) => p.key(),
        }
    }

    fn of_key(key: &str) -> Option<Nested> {
        if key == "device" {
            return Some(Nested::Device);
        }
        SessionPart::ALL
            .into_iter()
            .find(|p| p.key() == key)
            .map(Nested::Session)
            .or_else(|| {
                fields()
                    .iter()
                    .find(|d| d.path == key && d.is_device())
                    .map(|&d| Nested::Field(d))
            })
    }
}

impl std::hash::Hash for Nested {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.key().hash(h);
    }
}

/// One language's table, as its data file gives it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// BCP 47 tag.
    pub code: String,
    pub name: String,
    /// Where the labels come from, and what is hypothetical.
    pub notes: Vec<String>,
    /// Each row's labels, by its key: a field's path, or a block's key.
    rows: BTreeMap<String, Vec<String>>,
    /// Each block line's labels, by its key: `device`, a device field's path, a sync
    /// session's part.
    nested: BTreeMap<String, Vec<String>>,
    pub values: Values,
    /// Month abbreviations as the HTML dates write them, January first.
    pub months: [String; 12],
    /// How gen B HTML dates are written, in jiff's strtime syntax; `%b` stands for a month
    /// of `months` (matched in any case).
    pub date_formats: Vec<String>,
}

/// The words of values. Values are not localised in any report seen (FORMAT.md 3.5), but
/// where they are written is data too.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Values {
    pub yes: Vec<String>,
    pub no: Vec<String>,
}

impl Language {
    /// Each row's labels; a key that names no field or block is an error in the file.
    pub fn rows(&self) -> impl Iterator<Item = (Row, &[String])> {
        self.rows.iter().map(|(key, labels)| {
            let row = Row::of_key(key).unwrap_or_else(|| {
                panic!("label table {}: `{key}` names no field or block", self.code)
            });
            (row, labels.as_slice())
        })
    }

    /// Each block line's labels.
    pub fn nested(&self) -> impl Iterator<Item = (Nested, &[String])> {
        self.nested.iter().map(|(key, labels)| {
            let line = Nested::of_key(key).unwrap_or_else(|| {
                panic!(
                    "label table {}: `{key}` names no device field or block line",
                    self.code
                )
            });
            (line, labels.as_slice())
        })
    }

    /// A row's labels, when the file lists it.
    pub fn row_labels(&self, row: Row) -> Option<&[String]> {
        self.rows.get(row.key()).map(Vec::as_slice)
    }

    /// A block line's labels, when the file lists it.
    pub fn nested_labels(&self, line: Nested) -> Option<&[String]> {
        self.nested.get(line.key()).map(Vec::as_slice)
    }
}

/// The language files, English first (its labels name fields in messages).
const FILES: [(&str, &str); 2] = [
    ("en.json", include_str!("labels/en.json")),
    ("id.json", include_str!("labels/id.json")),
];

static LANGUAGES: LazyLock<Vec<Language>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(file, text)| {
            // The files are part of the source; a test parses every one of them.
            serde_json::from_str(text)
                .unwrap_or_else(|e| panic!("label table src/labels/{file}: {e}"))
        })
        .collect()
});

/// Every label of every language, folded, to its field and its spelling in the first table
/// that lists it.
struct Index {
    rows: HashMap<String, (Row, &'static str)>,
    nested: HashMap<String, (Nested, &'static str)>,
    yes_no: HashMap<String, bool>,
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let mut index = Index {
        rows: HashMap::default(),
        nested: HashMap::default(),
        yes_no: HashMap::default(),
    };
    for lang in languages() {
        for (row, labels) in lang.rows() {
            for label in labels {
                index
                    .rows
                    .entry(fold(label))
                    .or_insert((row, label.as_str()));
            }
        }
        for (field, labels) in lang.nested() {
            for label in labels {
                index
                    .nested
                    .entry(fold(label))
                    .or_insert((field, label.as_str()));
            }
        }
        for (words, value) in [(&lang.values.yes, true), (&lang.values.no, false)] {
            for word in words {
                index.yes_no.entry(fold(word)).or_insert(value);
            }
        }
    }
    index
});

/// Case and surrounding space do not matter; inner white space counts once.
pub(crate) fn fold(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Every known language, English first.
pub fn languages() -> &'static [Language] {
    &LANGUAGES
}

/// The tables whose rows FORMAT.md documents, in the documented order. Unknown labels are
/// placed by this order (see `parse::place`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    /// Gen B `user_information.html`.
    UserB,
    /// Gen A "User Information" section.
    UserA,
    /// Gen C `user_information.json`'s `label_values`.
    UserC,
    Registration,
    Terms,
    /// Gen B `account_settings.html`.
    SettingsB,
    /// Gen A "Settings" section.
    SettingsA,
}

impl Table {
    pub const ALL: [Table; 7] = [
        Table::UserB,
        Table::UserA,
        Table::UserC,
        Table::Registration,
        Table::Terms,
        Table::SettingsB,
        Table::SettingsA,
    ];

    pub fn order(self) -> &'static [Row] {
        use Row::Field as F;
        const USER_A: [Row; 17] = [
            F(Report::generated_at),
            F(Report::requested_at),
            F(Account::phone_number),
            F(Account::email),
            F(Account::name),
            Row::Blocks(Block::Activity),
            F(WebDesktop::version),
            F(WebDesktop::platform),
            F(WebDesktop::connected_since),
            F(WebDesktop::state),
            F(WebDesktop::inactive_since),
            F(Account::about),
            F(Account::about_set_at),
            F(ProfilePicture::present),
            F(ProfilePicture::uploaded_at),
            F(Report::contacts),
            F(Report::groups),
        ];
        // Gen B's user table is gen A's without the Contacts and Groups rows.
        match self {
            Table::UserB => &USER_A[..15],
            Table::UserA => &USER_A,
            // The order of S3's entries (FORMAT.md 4), with `Profile Picture` where gen B
            // has it: FORMAT infers that a `media` entry is the picture, so where it sits is
            // an inference too.
            Table::UserC => &[
                F(Report::requested_at),
                F(Report::generated_at),
                F(Account::phone_number),
                F(Account::about),
                F(Account::about_set_at),
                F(Account::about_expires_at),
                F(ProfilePicture::present),
                F(ProfilePicture::uploaded_at),
                Row::Blocks(Block::Activity),
            ],
            Table::Registration => &[
                F(Registration::platform),
                F(Registration::network_code),
                F(Registration::network_name),
                F(Registration::device),
                F(Registration::registered_at),
            ],
            Table::Terms => &[
                F(Terms::tos_2016_accepted),
                F(Terms::tos_2016_accepted_at),
                F(Terms::opted_out),
                F(Terms::opted_out_at),
                F(Terms::tos_2018_accepted),
                F(Terms::tos_2018_accepted_at),
                F(Terms::tos_2021_accepted),
                F(Terms::tos_2021_accepted_at),
            ],
            Table::SettingsB => &[
                F(Privacy::last_seen),
                F(Privacy::profile_photo),
                F(Privacy::about),
                F(Privacy::status),
                F(Report::blocked),
                F(Report::blocked_updated_at),
                F(Privacy::read_receipts),
                Row::Blocks(Block::SettingsFetch),
                F(SyncInfo::current_session_id),
                F(SyncInfo::current_session_registered_at),
                F(SyncInfo::sessions),
                Row::Blocks(Block::SyncStatus),
                Row::Blocks(Block::Information),
            ],
            // Gen A's settings are gen B's without the sync session rows (`sync.*`).
            Table::SettingsA => {
                static SETTINGS_A: LazyLock<Vec<Row>> = LazyLock::new(|| {
                    let sync = |r: &Row| matches!(r, F(d) if d.path.starts_with("sync."));
                    let settings_b = Table::SettingsB.order().iter().copied();
                    settings_b.filter(|r| !sync(r)).collect()
                });
                &SETTINGS_A
            }
        }
    }
}

/// The blocks a row's value is made of.
pub fn blocks_of(row: Row) -> Option<Block> {
    match row {
        Row::Blocks(b) => Some(b),
        Row::Field(d) if d.path == SyncInfo::sessions.path => Some(Block::SyncSession),
        Row::Field(_) => None,
    }
}

/// A block's documented lines in order, its `Device` line first: a sync session's parts,
/// or the device fields the model's table places in the block, by their line.
pub fn block_order(block: Block) -> &'static [Nested] {
    static ORDERS: LazyLock<Vec<Vec<Nested>>> = LazyLock::new(|| {
        Block::ALL
            .iter()
            .map(|&b| {
                let mut lines: Vec<(u8, Nested)> = match b {
                    Block::SyncSession => SessionPart::ALL
                        .iter()
                        .enumerate()
                        .map(|(i, &p)| (i as u8 + 1, Nested::Session(p)))
                        .collect(),
                    _ => fields()
                        .iter()
                        .filter_map(|d| match d.meta.line {
                            Some((of, line)) if of == b => Some((line, Nested::Field(d))),
                            _ => None,
                        })
                        .collect(),
                };
                lines.sort_by_key(|(line, _)| *line);
                std::iter::once(Nested::Device)
                    .chain(lines.into_iter().map(|(_, n)| n))
                    .collect()
            })
            .collect()
    });
    let at = Block::ALL.iter().position(|&b| b == block).unwrap_or(0);
    &ORDERS[at]
}

/// The row a label names, and the label as the table spells it.
pub fn row_label(label: &str) -> Option<(Row, &'static str)> {
    INDEX.rows.get(&fold(label)).copied()
}

pub fn row(label: &str) -> Option<Row> {
    row_label(label).map(|(row, _)| row)
}

/// The nested field a label names, and the label as the table spells it.
pub fn nested_label(label: &str) -> Option<(Nested, &'static str)> {
    INDEX.nested.get(&fold(label)).copied()
}

pub fn nested(label: &str) -> Option<Nested> {
    nested_label(label).map(|(field, _)| field)
}

/// `Yes` or `No` in any language's words.
pub fn yes_no(word: &str) -> Option<bool> {
    INDEX.yes_no.get(&fold(word)).copied()
}

/// The English label of a row, for messages.
pub fn english(row: Row) -> &'static str {
    languages()
        .first()
        .and_then(|en| en.row_labels(row))
        .and_then(|labels| labels.first())
        .map_or("?", String::as_str)
}

/// The English label of a nested field, for messages.
pub fn english_nested(field: Nested) -> &'static str {
    languages()
        .first()
        .and_then(|en| en.nested_labels(field))
        .and_then(|labels| labels.first())
        .map_or("?", String::as_str)
}

/// A month number (1–12) from its abbreviation in one language.
pub fn month_in(lang: &Language, word: &str) -> Option<i8> {
    // Compared char by char, lower-cased: every date of a report is tried against every
    // language's months, and this allocates nothing.
    fn lower(s: &str) -> impl Iterator<Item = char> + Clone + '_ {
        s.chars().flat_map(char::to_lowercase)
    }
    lang.months
        .iter()
        .position(|m| lower(m).eq(lower(word)))
        .and_then(|i| i8::try_from(i + 1).ok())
}

/// Whether a word is a month abbreviation of any known language.
pub fn is_month(word: &str) -> bool {
    languages()
        .iter()
        .any(|lang| month_in(lang, word).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Device;

    fn lang(code: &str) -> &'static Language {
        languages().iter().find(|l| l.code == code).unwrap()
    }

    #[test]
    fn every_file_parses_and_english_comes_first() {
        assert_eq!(languages().len(), FILES.len());
        assert_eq!(languages()[0].code, "en");
        for (lang, (file, _)) in languages().iter().zip(FILES) {
            assert_eq!(format!("{}.json", lang.code), file);
            assert!(!lang.name.is_empty() && !lang.notes.is_empty(), "{file}");
            assert!(!lang.date_formats.is_empty(), "{file}");
            assert!(
                lang.date_formats.iter().all(|f| f.contains("%b")),
                "{file}: a date format without its month"
            );
        }
    }

    #[test]
    fn labels_match_in_any_capitalisation_and_language() {
        assert_eq!(row("Phone Number"), Some(Row::Field(Account::phone_number)));
        assert_eq!(
            row(" phone  number "),
            Some(Row::Field(Account::phone_number))
        );
        assert_eq!(
            row("Nomor Telepon"),
            Some(Row::Field(Account::phone_number))
        );
        assert_eq!(
            row_label("phone number"),
            Some((Row::Field(Account::phone_number), "Phone number"))
        );
        assert_eq!(
            nested("Previous Connection IP"),
            Some(Nested::Field(Device::previous_ip))
        );
        assert_eq!(
            nested("Waktu Terakhir Aktif"),
            Some(Nested::Field(Device::last_active_at))
        );
        assert_eq!(row("Telefoonnummer"), None);
        assert_eq!(yes_no("yes"), Some(true));
        assert_eq!(yes_no("No"), Some(false));
        assert_eq!(yes_no("Ya"), None);
    }

    /// Every language covers every documented label: each row of every table's order and
    /// each line of every block's order.
    #[test]
    fn every_language_covers_every_documented_label() {
        for lang in languages() {
            for table in Table::ALL {
                for r in table.order() {
                    assert!(
                        lang.row_labels(*r).is_some_and(|l| !l.is_empty()),
                        "{}: no label for {r:?} ({table:?})",
                        lang.code
                    );
                }
            }
            for block in Block::ALL {
                for n in block_order(block) {
                    assert!(
                        lang.nested_labels(*n).is_some_and(|l| !l.is_empty()),
                        "{}: no label for {n:?} ({block:?})",
                        lang.code
                    );
                }
            }
        }
    }

    /// No label is listed twice in a language, and a label two languages share names the
    /// same field in both.
    #[test]
    fn no_label_is_listed_twice() {
        let mut rows: HashMap<String, Row> = HashMap::default();
        let mut nested: HashMap<String, Nested> = HashMap::default();
        for lang in languages() {
            let mut seen = std::collections::HashSet::new();
            for (r, labels) in lang.rows() {
                for label in labels {
                    assert!(seen.insert(fold(label)), "{} row {label}", lang.code);
                    assert_eq!(*rows.entry(fold(label)).or_insert(r), r, "{label}");
                }
            }
            let mut seen = std::collections::HashSet::new();
            for (n, labels) in lang.nested() {
                for label in labels {
                    assert!(seen.insert(fold(label)), "{} nested {label}", lang.code);
                    assert_eq!(*nested.entry(fold(label)).or_insert(n), n, "{label}");
                }
            }
            let mut months = std::collections::HashSet::new();
            for m in &lang.months {
                assert!(months.insert(m.to_lowercase()), "{} month {m}", lang.code);
            }
        }
    }

    #[test]
    fn every_documented_row_has_an_english_label() {
        for table in Table::ALL {
            for &r in table.order() {
                assert_ne!(english(r), "?", "{r:?}");
            }
        }
        for block in Block::ALL {
            for &n in block_order(block) {
                assert_ne!(english_nested(n), "?", "{n:?}");
            }
        }
    }

    #[test]
    fn months_in_both_languages() {
        assert_eq!(month_in(lang("en"), "Aug"), Some(8));
        assert_eq!(month_in(lang("id"), "Agu"), Some(8));
        assert_eq!(month_in(lang("id"), "mei"), Some(5));
        assert_eq!(month_in(lang("en"), "Foo"), None);
        assert!(is_month("okt") && !is_month("Foo"));
    }
}
