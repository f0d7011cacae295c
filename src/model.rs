//! The typed records of a report: one model for every generation.
//!
//! Parsers fill these; diff, audit, redact and the renderers read them. `None` always means
//! "the report does not say", never a default. Times are UTC instants; phone numbers are
//! E.164 with a `+` where they could be normalised, and verbatim (with a warning) otherwise.

use jiff::Timestamp;

/// The four known layouts of the report (FORMAT.md section 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Generation {
    /// `access.html` + `portability.json` (2018 to mid 2022).
    A,
    /// DYI-style folders with flat `wa_*` JSON (mid 2022).
    B,
    /// B with `registration_information.*` and `avatars_information.*` (2023 on).
    B2,
    /// B′ with Meta `label_values` user information (2026).
    C,
}

impl Generation {
    pub fn as_str(self) -> &'static str {
        match self {
            Generation::A => "A",
            Generation::B => "B",
            Generation::B2 => "B2",
            Generation::C => "C",
        }
    }
}

/// Something the parser did not know, or a fallback it took. Never silent.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub kind: WarningKind,
    /// The entry (file inside the report) concerned, or the input itself.
    pub file: String,
    pub message: String,
}

/// What a warning is about. `inspect` fails on [`WarningKind::Unknown`] and
/// [`WarningKind::Invalid`]; the other two say how a gap was handled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarningKind {
    /// A key, label, file or value the tool does not know.
    Unknown,
    /// A value of the wrong type or shape, ignored.
    Invalid,
    /// An expected file is missing.
    Missing,
    /// A documented gap handled in a documented way (a 0 time, a positional mapping, a
    /// section read from its HTML twin).
    Fallback,
}

impl Warning {
    pub fn new(kind: WarningKind, file: &str, message: impl Into<String>) -> Warning {
        Warning {
            kind,
            file: file.to_string(),
            message: message.into(),
        }
    }

    /// Whether the report held something the tool could not understand.
    pub fn is_problem(&self) -> bool {
        matches!(self.kind, WarningKind::Unknown | WarningKind::Invalid)
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

/// The whole report.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub generation: Generation,
    /// Why the generation was chosen, in words.
    pub detected_by: String,
    /// The folder inside the archive the report sits in (`""` at the top level).
    pub root: String,
    /// Entries the parsers read, relative to the report's root, sorted.
    pub files: Vec<String>,
    pub requested_at: Option<Timestamp>,
    pub generated_at: Option<Timestamp>,
    pub account: Account,
    pub registration: Registration,
    /// Sorted by id.
    pub devices: Vec<Device>,
    pub web_desktop: WebDesktop,
    /// In report order, duplicates kept. Empty when the contacts were only counted
    /// (see [`Report::contact_count`]).
    pub contacts: Vec<String>,
    /// Set when the parser counted the contacts instead of keeping them (`summary` and
    /// `audit` need only the number, and a large report holds hundreds of thousands).
    pub contacts_counted: Option<usize>,
    /// In report order, duplicates and trailing spaces kept.
    pub groups: Vec<String>,
    /// `None` when the report says nothing about blocking.
    pub blocked: Option<Blocked>,
    pub privacy: Privacy,
    pub sync: SyncInfo,
    pub terms: Terms,
    pub payments: Payments,
    /// Values found under labels the tables do not know, kept rather than lost.
    pub unrecognised: Vec<Unrecognised>,
    pub warnings: Vec<Warning>,
}

/// A row whose label is in no label table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unrecognised {
    pub file: String,
    pub label: String,
    pub value: String,
}

impl Report {
    /// An empty report of a generation, for parsers to fill.
    pub fn empty(generation: Generation) -> Report {
        Report {
            generation,
            detected_by: String::new(),
            root: String::new(),
            files: Vec::new(),
            requested_at: None,
            generated_at: None,
            account: Account::default(),
            registration: Registration::default(),
            devices: Vec::new(),
            web_desktop: WebDesktop::default(),
            contacts: Vec::new(),
            contacts_counted: None,
            groups: Vec::new(),
            blocked: None,
            privacy: Privacy::default(),
            sync: SyncInfo::default(),
            terms: Terms::default(),
            payments: Payments::NotInReport,
            unrecognised: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The device with this id, created (keeping the list sorted) if it is new.
    pub fn device_mut(&mut self, id: i64) -> &mut Device {
        let at = match self.devices.binary_search_by_key(&id, |d| d.id) {
            Ok(at) => at,
            Err(at) => {
                self.devices.insert(at, Device::new(id));
                at
            }
        };
        &mut self.devices[at]
    }

    /// How many contacts the report holds, whether they were kept or only counted.
    pub fn contact_count(&self) -> usize {
        self.contacts_counted.unwrap_or(self.contacts.len())
    }

    /// Group names without repeats.
    pub fn distinct_groups(&self) -> usize {
        self.groups
            .iter()
            .collect::<std::collections::HashSet<_>>()
            .len()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Account {
    pub phone_number: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub about: Option<String>,
    pub about_set_at: Option<Timestamp>,
    /// Gen C only: when a timed About expires.
    pub about_expires_at: Option<Timestamp>,
    pub profile_picture: ProfilePicture,
}

/// What is known about the profile picture. The bytes themselves are never kept.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProfilePicture {
    pub present: bool,
    pub uploaded_at: Option<Timestamp>,
    /// Decoded size, when the report carries the picture itself.
    pub size_bytes: Option<u64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Registration {
    /// Lower case, without the version: `android`, `iphone`.
    pub platform: Option<String>,
    pub app_version: Option<String>,
    /// MCC+MNC digits.
    pub network_code: Option<String>,
    pub network_name: Option<String>,
    pub device: Option<String>,
    pub registered_at: Option<Timestamp>,
}

/// One phone or companion (Web, Desktop) device, joined across the report's files.
#[derive(Clone, Debug, PartialEq)]
pub struct Device {
    /// 0 is the primary phone.
    pub id: i64,
    pub status: Option<String>,
    pub last_active_at: Option<Timestamp>,
    pub online_since: Option<Timestamp>,
    /// As given: truncated by WhatsApp (`2001:db8:12::`, `172.16.0.0`).
    pub previous_ip: Option<String>,
    /// Address only.
    pub current_ip: Option<String>,
    pub current_port: Option<u16>,
    /// As given: `Android-2.22.16.75`, `Web-2.2228.12`.
    pub app_version: Option<String>,
    pub os_version: Option<String>,
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub settings_last_fetch_at: Option<Timestamp>,
    pub last_notification_dropped_at: Option<Timestamp>,
    /// HTML only.
    pub last_clean_at: Option<Timestamp>,
    /// HTML only: mobile country and network codes.
    pub mcc: Option<String>,
    pub mnc: Option<String>,
    /// HTML only.
    pub os_build: Option<String>,
}

impl Device {
    pub fn new(id: i64) -> Device {
        Device {
            id,
            status: None,
            last_active_at: None,
            online_since: None,
            previous_ip: None,
            current_ip: None,
            current_port: None,
            app_version: None,
            os_version: None,
            manufacturer: None,
            model: None,
            settings_last_fetch_at: None,
            last_notification_dropped_at: None,
            last_clean_at: None,
            mcc: None,
            mnc: None,
            os_build: None,
        }
    }

    /// Whether this is a linked companion rather than the primary phone.
    pub fn is_companion(&self) -> bool {
        self.id != 0
    }
}

/// The legacy (pre multi-device) Web/Desktop session.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WebDesktop {
    pub platform: Option<String>,
    pub state: Option<String>,
    /// HTML only.
    pub version: Option<String>,
    /// HTML only.
    pub connected_since: Option<Timestamp>,
    /// HTML only.
    pub inactive_since: Option<Timestamp>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Blocked {
    pub numbers: Vec<String>,
    pub updated_at: Option<Timestamp>,
}

/// Who may see a part of the profile.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Visibility {
    Everyone,
    MyContacts,
    MyContactsExcept,
    OnlyShareWith,
    Nobody,
    /// A value the report gives that is none of the above, kept verbatim.
    Other(String),
}

impl Visibility {
    /// The contract's spelling.
    pub fn as_str(&self) -> &str {
        match self {
            Visibility::Everyone => "everyone",
            Visibility::MyContacts => "my_contacts",
            Visibility::MyContactsExcept => "my_contacts_except",
            Visibility::OnlyShareWith => "only_share_with",
            Visibility::Nobody => "nobody",
            Visibility::Other(s) => s,
        }
    }

    /// How widely the setting shares: higher is wider. `None` for unknown values.
    pub fn reach(&self) -> Option<u8> {
        match self {
            Visibility::Nobody => Some(0),
            Visibility::OnlyShareWith => Some(1),
            Visibility::MyContactsExcept => Some(2),
            Visibility::MyContacts => Some(3),
            Visibility::Everyone => Some(4),
            Visibility::Other(_) => None,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Privacy {
    pub last_seen: Option<Visibility>,
    pub profile_photo: Option<Visibility>,
    pub about: Option<Visibility>,
    /// `None` when the report says nothing about status privacy.
    pub status: Option<StatusPrivacy>,
    pub read_receipts: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatusPrivacy {
    /// The mode marked `(active)`.
    pub mode: Option<Visibility>,
    /// The "My Contacts Except" list.
    pub except: Vec<String>,
    /// The "Only Share With" list.
    pub only_share_with: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncInfo {
    pub current_session_id: Option<String>,
    pub current_session_registered_at: Option<Timestamp>,
    pub sessions: Vec<SyncSession>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncSession {
    pub id: Option<String>,
    pub account_registered_at: Option<Timestamp>,
    pub state_collections: Vec<String>,
}

/// One acceptance (or opt-out) and when it happened.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Acceptance {
    pub value: Option<bool>,
    pub at: Option<Timestamp>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Terms {
    pub tos_2016: Acceptance,
    /// `value` is whether the 2016 Facebook data sharing was opted out of.
    pub data_sharing_opt_out: Acceptance,
    pub tos_2018: Acceptance,
    pub tos_2021: Acceptance,
}

/// The `whatsapp_payments/` folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Payments {
    /// No payments folder in the report.
    NotInReport,
    /// The folder holds only the "You have no data in this section" marker.
    NoData,
    /// The folder holds these files, whose layout is not documented.
    Present(Vec<String>),
}
