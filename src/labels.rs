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

/// A top-level row: of gen C's `label_values`, a gen B HTML page or gen A's `access.html`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Row {
    GeneratedAt,
    RequestedAt,
    Phone,
    Email,
    Name,
    DeviceActivity,
    WebVersion,
    WebPlatform,
    WebConnectedSince,
    WebState,
    WebInactiveSince,
    About,
    AboutSetAt,
    AboutExpiresAt,
    ProfilePicture,
    ProfilePictureUploadedAt,
    Contacts,
    Groups,
    Tos2016,
    Tos2016At,
    OptOut,
    OptOutAt,
    Tos2018,
    Tos2018At,
    Tos2021,
    Tos2021At,
    Platform,
    Network,
    NetworkName,
    RegistrationDevice,
    RegisteredAt,
    LastSeenPrivacy,
    ProfilePhotoPrivacy,
    AboutPrivacy,
    StatusPrivacy,
    Blocked,
    BlockedUpdatedAt,
    ReadReceipts,
    SettingsLastFetch,
    CurrentSyncSession,
    CurrentSyncRegisteredAt,
    SyncSessions,
    DeviceSyncStatus,
    DeviceInformation,
}

/// A row inside one block of a per-device (or per-session) value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Nested {
    Device,
    Status,
    LastActiveAt,
    OnlineSince,
    PreviousIp,
    CurrentIp,
    SettingsLastFetch,
    NotificationDropped,
    LastClean,
    AppVersion,
    Mcc,
    Mnc,
    OsVersion,
    Manufacturer,
    Model,
    OsBuild,
    SessionId,
    AccountRegisteredAt,
    StateCollections,
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
    /// Each row's labels.
    pub rows: BTreeMap<Row, Vec<String>>,
    /// Each nested field's labels.
    pub nested: BTreeMap<Nested, Vec<String>>,
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
        for (&row, labels) in &lang.rows {
            for label in labels {
                index
                    .rows
                    .entry(fold(label))
                    .or_insert((row, label.as_str()));
            }
        }
        for (&field, labels) in &lang.nested {
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
fn fold(label: &str) -> String {
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
        use Row::*;
        const USER_A: [Row; 17] = [
            GeneratedAt,
            RequestedAt,
            Phone,
            Email,
            Name,
            DeviceActivity,
            WebVersion,
            WebPlatform,
            WebConnectedSince,
            WebState,
            WebInactiveSince,
            About,
            AboutSetAt,
            ProfilePicture,
            ProfilePictureUploadedAt,
            Contacts,
            Groups,
        ];
        // Gen B's user table is gen A's without the Contacts and Groups rows.
        match self {
            Table::UserB => &USER_A[..15],
            Table::UserA => &USER_A,
            // The order of S3's entries (FORMAT.md 4), with `Profile Picture` where gen B
            // has it: FORMAT infers that a `media` entry is the picture, so where it sits is
            // an inference too.
            Table::UserC => &[
                RequestedAt,
                GeneratedAt,
                Phone,
                About,
                AboutSetAt,
                AboutExpiresAt,
                ProfilePicture,
                ProfilePictureUploadedAt,
                DeviceActivity,
            ],
            Table::Registration => &[
                Platform,
                Network,
                NetworkName,
                RegistrationDevice,
                RegisteredAt,
            ],
            Table::Terms => &[
                Tos2016, Tos2016At, OptOut, OptOutAt, Tos2018, Tos2018At, Tos2021, Tos2021At,
            ],
            Table::SettingsB => &[
                LastSeenPrivacy,
                ProfilePhotoPrivacy,
                AboutPrivacy,
                StatusPrivacy,
                Blocked,
                BlockedUpdatedAt,
                ReadReceipts,
                SettingsLastFetch,
                CurrentSyncSession,
                CurrentSyncRegisteredAt,
                SyncSessions,
                DeviceSyncStatus,
                DeviceInformation,
            ],
            Table::SettingsA => &[
                LastSeenPrivacy,
                ProfilePhotoPrivacy,
                AboutPrivacy,
                StatusPrivacy,
                Blocked,
                BlockedUpdatedAt,
                ReadReceipts,
                SettingsLastFetch,
                DeviceSyncStatus,
                DeviceInformation,
            ],
        }
    }
}

/// The per-device (or per-session) blocks of a row, with their documented lines in order
/// (FORMAT.md 3.3, 3.3a, 4, 5.2). Every block starts with its `Device` line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Block {
    /// `Device Activity` (gens A, B; gen C's `dict`s hold a subsequence of it).
    Activity,
    /// `Settings last fetch time`.
    SettingsFetch,
    /// `Sync Sessions`.
    SyncSession,
    /// `Device Sync Status`.
    SyncStatus,
    /// `Device Information`.
    Information,
}

impl Block {
    pub const ALL: [Block; 5] = [
        Block::Activity,
        Block::SettingsFetch,
        Block::SyncSession,
        Block::SyncStatus,
        Block::Information,
    ];

    /// The blocks a row's value is made of.
    pub fn of(row: Row) -> Option<Block> {
        match row {
            Row::DeviceActivity => Some(Block::Activity),
            Row::SettingsLastFetch => Some(Block::SettingsFetch),
            Row::SyncSessions => Some(Block::SyncSession),
            Row::DeviceSyncStatus => Some(Block::SyncStatus),
            Row::DeviceInformation => Some(Block::Information),
            _ => None,
        }
    }

    pub fn order(self) -> &'static [Nested] {
        use Nested::*;
        match self {
            Block::Activity => &[
                Device,
                Status,
                LastActiveAt,
                OnlineSince,
                PreviousIp,
                CurrentIp,
            ],
            Block::SettingsFetch => &[Device, SettingsLastFetch],
            Block::SyncSession => &[Device, SessionId, AccountRegisteredAt, StateCollections],
            Block::SyncStatus => &[Device, NotificationDropped, LastClean],
            Block::Information => &[
                Device,
                AppVersion,
                Mcc,
                Mnc,
                OsVersion,
                Manufacturer,
                Model,
                OsBuild,
            ],
        }
    }
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
        .and_then(|en| en.rows.get(&row))
        .and_then(|labels| labels.first())
        .map_or("?", String::as_str)
}

/// The English label of a nested field, for messages.
pub fn english_nested(field: Nested) -> &'static str {
    languages()
        .first()
        .and_then(|en| en.nested.get(&field))
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
        assert_eq!(row("Phone Number"), Some(Row::Phone));
        assert_eq!(row(" phone  number "), Some(Row::Phone));
        assert_eq!(row("Nomor Telepon"), Some(Row::Phone));
        assert_eq!(
            row_label("phone number"),
            Some((Row::Phone, "Phone number"))
        );
        assert_eq!(nested("Previous Connection IP"), Some(Nested::PreviousIp));
        assert_eq!(nested("Waktu Terakhir Aktif"), Some(Nested::LastActiveAt));
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
                        lang.rows.get(r).is_some_and(|l| !l.is_empty()),
                        "{}: no label for {r:?} ({table:?})",
                        lang.code
                    );
                }
            }
            for block in Block::ALL {
                for n in block.order() {
                    assert!(
                        lang.nested.get(n).is_some_and(|l| !l.is_empty()),
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
            for (&r, labels) in &lang.rows {
                for label in labels {
                    assert!(seen.insert(fold(label)), "{} row {label}", lang.code);
                    assert_eq!(*rows.entry(fold(label)).or_insert(r), r, "{label}");
                }
            }
            let mut seen = std::collections::HashSet::new();
            for (&n, labels) in &lang.nested {
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
            for &n in block.order() {
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
