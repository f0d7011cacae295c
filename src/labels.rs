//! Label text → model field, per language, and the documented order of each table.
//!
//! Localisation is data: adding a language is adding a [`Language`]. Only labels seen in real
//! reports or in code that reads them (FORMAT.md 3.3, 3.5, 4, 5.2) belong here; never invented
//! translations. Matching ignores case and surrounding space, since the same label appears in
//! Title Case (gen A, gen C) and in mixed case (gen B). A label a language leaves in English
//! (FORMAT.md 3.5 lists them for Indonesian) needs no row of its own: every language's table
//! is consulted.

/// A top-level row: of gen C's `label_values`, a gen B HTML page or gen A's `access.html`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

pub struct Language {
    /// BCP 47 tag.
    pub code: &'static str,
    pub rows: &'static [(&'static str, Row)],
    pub nested: &'static [(&'static str, Nested)],
    /// Month abbreviations as the HTML dates write them, January first.
    pub months: [&'static str; 12],
    /// How gen B HTML dates are written, in jiff's strtime syntax; `%b` stands for a month
    /// of `months` (matched in any case).
    pub date_formats: &'static [&'static str],
}

pub const ENGLISH: Language = Language {
    code: "en",
    rows: &[
        ("Report Generation Time", Row::GeneratedAt),
        ("Report Request Time", Row::RequestedAt),
        ("Phone number", Row::Phone),
        ("Email Address", Row::Email),
        ("Name", Row::Name),
        ("Device Activity", Row::DeviceActivity),
        ("Web/Desktop Version", Row::WebVersion),
        ("Web/Desktop Platform", Row::WebPlatform),
        ("Web/Desktop Connected Since", Row::WebConnectedSince),
        ("Web/Desktop availability state", Row::WebState),
        ("Web/Desktop Inactive Since", Row::WebInactiveSince),
        ("About", Row::About),
        ("About Set Time", Row::AboutSetAt),
        ("About Expiry Time", Row::AboutExpiresAt),
        ("Profile Picture", Row::ProfilePicture),
        ("Profile Picture Upload Time", Row::ProfilePictureUploadedAt),
        ("Contacts", Row::Contacts),
        ("Groups", Row::Groups),
        ("2016 Terms of Service accepted", Row::Tos2016),
        ("2016 Terms of Service accept time", Row::Tos2016At),
        ("Data sharing opt-out", Row::OptOut),
        ("Data sharing opt-out time", Row::OptOutAt),
        ("2018 Terms of Service accepted", Row::Tos2018),
        ("2018 Terms of Service accept time", Row::Tos2018At),
        ("2021 Terms of Service accepted", Row::Tos2021),
        ("2021 Terms of Service accept time", Row::Tos2021At),
        ("Platform", Row::Platform),
        ("Network", Row::Network),
        ("Network Name", Row::NetworkName),
        ("Device", Row::RegistrationDevice),
        ("Registration Time", Row::RegisteredAt),
        ("Last Seen Privacy", Row::LastSeenPrivacy),
        ("Profile Photo Privacy", Row::ProfilePhotoPrivacy),
        ("About Privacy", Row::AboutPrivacy),
        ("Status Privacy", Row::StatusPrivacy),
        ("Blocked Numbers", Row::Blocked),
        ("Blocked Numbers Update Time", Row::BlockedUpdatedAt),
        ("Read Receipts", Row::ReadReceipts),
        ("Settings last fetch time", Row::SettingsLastFetch),
        ("Current Sync Session ID", Row::CurrentSyncSession),
        (
            "Current sync session account registration time",
            Row::CurrentSyncRegisteredAt,
        ),
        ("Sync Sessions", Row::SyncSessions),
        ("Device Sync Status", Row::DeviceSyncStatus),
        ("Device Information", Row::DeviceInformation),
    ],
    nested: &[
        ("Device", Nested::Device),
        ("Status", Nested::Status),
        ("Last Active Time", Nested::LastActiveAt),
        ("Online Since", Nested::OnlineSince),
        ("Previous connection IP", Nested::PreviousIp),
        ("Current connection IP", Nested::CurrentIp),
        ("Settings last fetch time", Nested::SettingsLastFetch),
        (
            "Last notification dropped time",
            Nested::NotificationDropped,
        ),
        ("Last Clean Time", Nested::LastClean),
        ("App Version", Nested::AppVersion),
        ("Mobile Country Code", Nested::Mcc),
        ("Mobile Network Code", Nested::Mnc),
        ("Operating system version", Nested::OsVersion),
        ("Device Manufacturer", Nested::Manufacturer),
        ("Device Model", Nested::Model),
        ("Operating system build number", Nested::OsBuild),
        ("ID", Nested::SessionId),
        ("Account registration time", Nested::AccountRegisteredAt),
        ("State Collections", Nested::StateCollections),
    ],
    months: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    // `Aug 10, 2022, 7:11 PM` (FORMAT.md 6.2).
    date_formats: &["%b %d, %Y, %I:%M %p"],
};

/// Indonesian, as seen in a July 2022 gen B report (FORMAT.md 3.5). Labels the report left in
/// English are matched through [`ENGLISH`]. Month abbreviations are the CLDR `id` ones; only
/// `Jul` has been seen in a report.
pub const INDONESIAN: Language = Language {
    code: "id",
    rows: &[
        ("Waktu Laporan Dihasilkan", Row::GeneratedAt),
        ("Waktu Meminta Laporan", Row::RequestedAt),
        ("Nomor Telepon", Row::Phone),
        ("Alamat Email", Row::Email),
        ("Nama", Row::Name),
        ("Aktivitas Perangkat", Row::DeviceActivity),
        ("Versi Web/Desktop", Row::WebVersion),
        ("Platform Web/Desktop", Row::WebPlatform),
        ("Web/Desktop Terhubung Sejak", Row::WebConnectedSince),
        ("Web/Desktop Tidak Aktif Sejak", Row::WebInactiveSince),
        ("Info", Row::About),
        ("Waktu Menyetel Info", Row::AboutSetAt),
        ("Foto Profil", Row::ProfilePicture),
        ("Waktu Unggah Foto Profil", Row::ProfilePictureUploadedAt),
        ("Privasi Terakhir Dilihat", Row::LastSeenPrivacy),
        ("Privasi Foto Profil", Row::ProfilePhotoPrivacy),
        ("Privasi Info", Row::AboutPrivacy),
        ("Privasi Status", Row::StatusPrivacy),
        ("Nomor Diblokir", Row::Blocked),
        (
            "Waktu Pembaruan Terakhir Nomor yang Diblokir",
            Row::BlockedUpdatedAt,
        ),
        ("Laporan Dibaca", Row::ReadReceipts),
        ("ID Sesi Sinkronisasi Saat Ini", Row::CurrentSyncSession),
        ("Sesi Sinkronisasi", Row::SyncSessions),
        ("Status Sinkronisasi Perangkat", Row::DeviceSyncStatus),
        ("Informasi Perangkat", Row::DeviceInformation),
    ],
    nested: &[
        ("Waktu Terakhir Aktif", Nested::LastActiveAt),
        ("Online Sejak", Nested::OnlineSince),
        ("Waktu Pembersihan Terakhir", Nested::LastClean),
        ("Versi Aplikasi", Nested::AppVersion),
        ("Kode Negara Seluler", Nested::Mcc),
        ("Kode Jaringan Seluler", Nested::Mnc),
        ("Pembuat Perangkat", Nested::Manufacturer),
        ("Model Perangkat", Nested::Model),
    ],
    months: [
        "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
    ],
    // `21 Jul 2022 22.07` (FORMAT.md 6.2).
    date_formats: &["%d %b %Y %H.%M"],
};

pub const LANGUAGES: &[&Language] = &[&ENGLISH, &INDONESIAN];

/// The tables whose rows FORMAT.md documents, in the documented order. A table whose labels
/// are unknown but whose row count matches is mapped by position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    /// Gen B `user_information.html`.
    UserB,
    /// Gen A "User Information" section.
    UserA,
    Registration,
    Terms,
    /// Gen B `account_settings.html`.
    SettingsB,
    /// Gen A "Settings" section.
    SettingsA,
}

impl Table {
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

fn lookup<T: Copy>(
    label: &str,
    table: impl Fn(&Language) -> &[(&'static str, T)],
) -> Option<(T, &'static str)> {
    let label = label.trim();
    LANGUAGES.iter().find_map(|lang| {
        table(lang)
            .iter()
            .find(|(text, _)| text.eq_ignore_ascii_case(label))
            .map(|&(text, field)| (field, text))
    })
}

/// The row a label names, and the label as the table spells it.
pub fn row_label(label: &str) -> Option<(Row, &'static str)> {
    lookup(label, |lang| lang.rows)
}

pub fn row(label: &str) -> Option<Row> {
    row_label(label).map(|(row, _)| row)
}

/// The nested field a label names, and the label as the table spells it.
pub fn nested_label(label: &str) -> Option<(Nested, &'static str)> {
    lookup(label, |lang| lang.nested)
}

pub fn nested(label: &str) -> Option<Nested> {
    nested_label(label).map(|(field, _)| field)
}

/// The English label of a row, for messages.
pub fn english(row: Row) -> &'static str {
    ENGLISH
        .rows
        .iter()
        .find(|&&(_, r)| r == row)
        .map_or("?", |&(label, _)| label)
}

/// The English label of a nested field, for messages.
pub fn english_nested(field: Nested) -> &'static str {
    ENGLISH
        .nested
        .iter()
        .find(|&&(_, f)| f == field)
        .map_or("?", |&(label, _)| label)
}

/// A month number (1–12) from its abbreviation in one language.
pub fn month_in(lang: &Language, word: &str) -> Option<i8> {
    lang.months
        .iter()
        .position(|m| m.eq_ignore_ascii_case(word))
        .and_then(|i| i8::try_from(i + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_match_in_any_capitalisation_and_language() {
        assert_eq!(row("Phone Number"), Some(Row::Phone));
        assert_eq!(row(" phone number "), Some(Row::Phone));
        assert_eq!(row("Nomor Telepon"), Some(Row::Phone));
        assert_eq!(nested("Previous Connection IP"), Some(Nested::PreviousIp));
        assert_eq!(nested("Waktu Terakhir Aktif"), Some(Nested::LastActiveAt));
        assert_eq!(row("Telefoonnummer"), None);
    }

    #[test]
    fn no_label_is_listed_twice() {
        for lang in LANGUAGES {
            let mut rows = std::collections::HashSet::new();
            for (label, _) in lang.rows {
                assert!(rows.insert(label.to_lowercase()), "{} {label}", lang.code);
            }
            let mut nested = std::collections::HashSet::new();
            for (label, _) in lang.nested {
                assert!(nested.insert(label.to_lowercase()), "{} {label}", lang.code);
            }
        }
    }

    #[test]
    fn every_documented_row_has_an_english_label() {
        for table in [
            Table::UserA,
            Table::UserB,
            Table::Registration,
            Table::Terms,
            Table::SettingsA,
            Table::SettingsB,
        ] {
            for &r in table.order() {
                assert_ne!(english(r), "?", "{r:?}");
            }
        }
    }

    #[test]
    fn months_in_both_languages() {
        assert_eq!(month_in(&ENGLISH, "Aug"), Some(8));
        assert_eq!(month_in(&INDONESIAN, "Agu"), Some(8));
        assert_eq!(month_in(&INDONESIAN, "mei"), Some(5));
        assert_eq!(month_in(&ENGLISH, "Foo"), None);
    }
}
