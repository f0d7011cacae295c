//! The typed records of a report: one model for every generation.
//!
//! Parsers fill these; diff, audit, redact, inspect and the views read them. `None` always
//! means "the report does not say", never a default; an empty list means the report shows
//! an empty list. Times are UTC instants; text is typed ([`crate::text`]), so no report text
//! is a bare `String` anywhere in the model.
//!
//! Every field is named once, in [`Report::walk`] and [`Report::walk_mut`], which destructure
//! the structs exhaustively: adding a field fails to compile there, and once it is listed,
//! merge (JSON first, HTML filling gaps), diff, inspect's cross-check and redaction handle it
//! through the walk. The JSON view destructures the model exhaustively too.

use jiff::Timestamp;

use crate::text::{
    About, Email, EntryName, GroupName, Ip, Message, PersonName, Phone, SessionId, Text,
    UnknownLabel, UnknownValue,
};

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
    pub const ALL: [Generation; 4] = [Generation::A, Generation::B, Generation::B2, Generation::C];

    pub fn as_str(self) -> &'static str {
        match self {
            Generation::A => "A",
            Generation::B => "B",
            Generation::B2 => "B2",
            Generation::C => "C",
        }
    }
}

/// Something the parser did not know, or a gap it filled. Never silent. It carries its
/// file, where in the file (a key path or a label) and a message whose quoted values are
/// typed; it becomes text only when rendered.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub kind: WarningKind,
    /// The entry (file inside the report) concerned, relative to the report's folder, or
    /// the input itself.
    pub file: EntryName,
    /// The key path or label concerned; empty when the warning is about the whole file.
    pub at: Message,
    pub message: Message,
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

impl WarningKind {
    pub fn as_str(self) -> &'static str {
        match self {
            WarningKind::Unknown => "unknown",
            WarningKind::Invalid => "invalid",
            WarningKind::Missing => "missing",
            WarningKind::Fallback => "fallback",
        }
    }
}

impl Warning {
    pub fn new(kind: WarningKind, file: &str, at: Message, message: Message) -> Warning {
        Warning {
            kind,
            file: EntryName::new(file),
            at,
            message,
        }
    }

    /// Whether the report held something the tool could not understand.
    pub fn is_problem(&self) -> bool {
        matches!(self.kind, WarningKind::Unknown | WarningKind::Invalid)
    }

    /// `file: `at`: message`, exact (for JSON).
    pub fn exact(&self) -> String {
        if self.at.is_empty() {
            format!("{}: {}", self.file.exact(), self.message.exact())
        } else {
            format!(
                "{}: `{}`: {}",
                self.file.exact(),
                self.at.exact(),
                self.message.exact()
            )
        }
    }
}

impl std::fmt::Display for Warning {
    /// Escaped for a terminal.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.at.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: `{}`: {}", self.file, self.at, self.message)
        }
    }
}

/// How the report was read: not part of what it says.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub generation: Generation,
    /// Why the generation was chosen.
    pub detected_by: Message,
    /// The folder inside the archive the report sits in; `None` at the top level.
    pub root: Option<EntryName>,
    /// Entries the parsers read, relative to the report's root, sorted.
    pub files: Vec<EntryName>,
}

/// The whole report.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub source: Source,
    pub requested_at: Option<Timestamp>,
    pub generated_at: Option<Timestamp>,
    pub account: Account,
    pub registration: Registration,
    /// Sorted by id.
    pub devices: Vec<Device>,
    pub web_desktop: WebDesktop,
    /// `None` when the report has no contacts file (or row).
    pub contacts: Option<Contacts>,
    /// In report order, duplicates and trailing spaces kept; `None` when the report has no
    /// groups file (or row).
    pub groups: Option<Vec<GroupName>>,
    /// `None` when the report says nothing about blocking; `[]` when it shows an empty list.
    pub blocked: Option<Vec<Phone>>,
    pub blocked_updated_at: Option<Timestamp>,
    pub privacy: Privacy,
    pub sync: SyncInfo,
    pub terms: Terms,
    /// `None`: no payments folder in the report.
    pub payments: Option<Payments>,
    /// Values found under labels the tables do not know, kept rather than lost.
    pub unrecognised: Vec<Unrecognised>,
    pub warnings: Vec<Warning>,
}

/// The contacts: kept, or (for the commands that need only their number) counted.
#[derive(Clone, Debug, PartialEq)]
pub enum Contacts {
    /// In report order, duplicates kept.
    Kept(Vec<Phone>),
    Counted(usize),
}

impl Contacts {
    pub fn len(&self) -> usize {
        match self {
            Contacts::Kept(list) => list.len(),
            Contacts::Counted(n) => *n,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The numbers, when kept.
    pub fn numbers(&self) -> &[Phone] {
        match self {
            Contacts::Kept(list) => list,
            Contacts::Counted(_) => &[],
        }
    }
}

/// A row whose label is in no label table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unrecognised {
    pub file: EntryName,
    /// The documented row the label sits in (a device block's parent), if any.
    pub parent: Option<&'static str>,
    pub label: UnknownLabel,
    pub value: UnknownValue,
}

impl Report {
    /// An empty report of a generation, for parsers to fill.
    pub fn empty(generation: Generation) -> Report {
        Report {
            source: Source {
                generation,
                detected_by: Message::default(),
                root: None,
                files: Vec::new(),
            },
            requested_at: None,
            generated_at: None,
            account: Account::default(),
            registration: Registration::default(),
            devices: Vec::new(),
            web_desktop: WebDesktop::default(),
            contacts: None,
            groups: None,
            blocked: None,
            blocked_updated_at: None,
            privacy: Privacy::default(),
            sync: SyncInfo::default(),
            terms: Terms::default(),
            payments: None,
            unrecognised: Vec::new(),
            warnings: Vec::new(),
        }
    }

    pub fn generation(&self) -> Generation {
        self.source.generation
    }

    /// The device with this id, created (keeping the list sorted) if it is new. Only the
    /// sources that name devices (the JSON, `Device Activity`) call this.
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

    /// The device with this id, if the report names it.
    pub fn device(&self, id: i64) -> Option<&Device> {
        self.devices
            .binary_search_by_key(&id, |d| d.id)
            .ok()
            .map(|at| &self.devices[at])
    }

    /// How many contacts the report holds; `None` when it has no contacts file.
    pub fn contact_count(&self) -> Option<usize> {
        self.contacts.as_ref().map(Contacts::len)
    }

    /// The contact numbers kept (none when missing or only counted).
    pub fn contact_numbers(&self) -> &[Phone] {
        self.contacts.as_ref().map_or(&[], Contacts::numbers)
    }

    /// The group names (none when the report has no groups file).
    pub fn group_names(&self) -> &[GroupName] {
        self.groups.as_deref().unwrap_or(&[])
    }

    /// Group names without repeats; `None` when the report has no groups file.
    pub fn distinct_groups(&self) -> Option<usize> {
        self.groups.as_ref().map(|g| {
            g.iter()
                .map(GroupName::exact)
                .collect::<std::collections::HashSet<_>>()
                .len()
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Account {
    pub phone_number: Option<Phone>,
    pub name: Option<PersonName>,
    pub email: Option<Email>,
    pub about: Option<About>,
    #[serde(serialize_with = "time::option")]
    pub about_set_at: Option<Timestamp>,
    /// Gen C only: when a timed About expires.
    #[serde(serialize_with = "time::option")]
    pub about_expires_at: Option<Timestamp>,
    pub profile_picture: ProfilePicture,
}

/// What is known about the profile picture. The bytes themselves are never kept.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct ProfilePicture {
    /// `None` when the report does not say (written as `false`).
    #[serde(serialize_with = "time::flag")]
    #[schemars(with = "bool")]
    pub present: Option<bool>,
    #[serde(serialize_with = "time::option")]
    pub uploaded_at: Option<Timestamp>,
    /// Decoded size, when the report carries the picture itself.
    pub size_bytes: Option<u64>,
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Registration {
    /// Lower case, without the version: `android`, `iphone`.
    pub platform: Option<Text>,
    pub app_version: Option<Text>,
    /// MCC+MNC digits.
    pub network_code: Option<Text>,
    pub network_name: Option<Text>,
    pub device: Option<Text>,
    #[serde(serialize_with = "time::option")]
    pub registered_at: Option<Timestamp>,
}

/// One phone or companion (Web, Desktop) device, joined across the report's files.
#[derive(Clone, Debug, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Device {
    /// 0 is the primary phone.
    pub id: i64,
    pub status: Option<Text>,
    #[serde(serialize_with = "time::option")]
    pub last_active_at: Option<Timestamp>,
    #[serde(serialize_with = "time::option")]
    pub online_since: Option<Timestamp>,
    /// Truncated by WhatsApp (`2001:db8:12::`, `172.16.0.0`).
    pub previous_ip: Option<Ip>,
    /// Address only.
    pub current_ip: Option<Ip>,
    pub current_port: Option<u16>,
    /// As given: `Android-2.22.16.75`, `Web-2.2228.12`.
    pub app_version: Option<Text>,
    pub os_version: Option<Text>,
    pub manufacturer: Option<Text>,
    pub model: Option<Text>,
    #[serde(serialize_with = "time::option")]
    pub settings_last_fetch_at: Option<Timestamp>,
    #[serde(serialize_with = "time::option")]
    pub last_notification_dropped_at: Option<Timestamp>,
    /// HTML only.
    #[serde(serialize_with = "time::option")]
    pub last_clean_at: Option<Timestamp>,
    /// HTML only: mobile country and network codes.
    pub mcc: Option<Text>,
    pub mnc: Option<Text>,
    /// HTML only.
    pub os_build: Option<Text>,
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
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct WebDesktop {
    pub platform: Option<Text>,
    pub state: Option<Text>,
    /// HTML only.
    pub version: Option<Text>,
    /// HTML only.
    #[serde(serialize_with = "time::option")]
    pub connected_since: Option<Timestamp>,
    /// HTML only.
    #[serde(serialize_with = "time::option")]
    pub inactive_since: Option<Timestamp>,
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
    Other(UnknownValue),
}

impl Visibility {
    /// The contract's spelling; `None` for [`Visibility::Other`].
    pub fn word(&self) -> Option<&'static str> {
        Some(match self {
            Visibility::Everyone => "everyone",
            Visibility::MyContacts => "my_contacts",
            Visibility::MyContactsExcept => "my_contacts_except",
            Visibility::OnlyShareWith => "only_share_with",
            Visibility::Nobody => "nobody",
            Visibility::Other(_) => return None,
        })
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

impl serde::Serialize for Visibility {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Visibility::Other(raw) => raw.serialize(s),
            known => s.serialize_str(known.word().unwrap_or_default()),
        }
    }
}

impl std::fmt::Display for Visibility {
    /// In words, for people; an unknown value escaped.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Visibility::Everyone => f.write_str("everyone"),
            Visibility::MyContacts => f.write_str("my contacts"),
            Visibility::MyContactsExcept => f.write_str("my contacts except…"),
            Visibility::OnlyShareWith => f.write_str("only share with…"),
            Visibility::Nobody => f.write_str("nobody"),
            Visibility::Other(raw) => write!(f, "{raw} (unrecognised)"),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Privacy {
    pub last_seen: Option<Visibility>,
    pub profile_photo: Option<Visibility>,
    pub about: Option<Visibility>,
    /// `None` when the report says nothing about status privacy. An empty status privacy
    /// (JSON `[]`, an empty HTML row) is a `StatusPrivacy` with no mode and empty lists.
    pub status: Option<StatusPrivacy>,
    pub read_receipts: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct StatusPrivacy {
    /// The mode marked `(active)`.
    pub mode: Option<Visibility>,
    /// The "My Contacts Except" list.
    pub except: Vec<Phone>,
    /// The "Only Share With" list.
    pub only_share_with: Vec<Phone>,
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct SyncInfo {
    pub current_session_id: Option<SessionId>,
    #[serde(serialize_with = "time::option")]
    pub current_session_registered_at: Option<Timestamp>,
    /// `None` when the report says nothing about sync sessions.
    pub sessions: Option<Vec<SyncSession>>,
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct SyncSession {
    pub id: Option<SessionId>,
    #[serde(serialize_with = "time::option")]
    pub account_registered_at: Option<Timestamp>,
    pub state_collections: Vec<Text>,
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

/// The `whatsapp_payments/` folder (or gen A's `pay` key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Payments {
    /// The folder holds only the one-line "no data" marker (its sentence, in the report's
    /// language).
    NoData,
    /// The folder holds these files, whose layout is not documented.
    Present(Vec<EntryName>),
}

impl Payments {
    pub fn word(&self) -> &'static str {
        match self {
            Payments::NoData => "no_data",
            Payments::Present(_) => "present",
        }
    }
}

/// Which part of the report a field belongs to, as `diff` and `show` name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Report,
    Account,
    Registration,
    Devices,
    Contacts,
    Groups,
    Blocked,
    Privacy,
    Terms,
    Other,
}

impl Section {
    pub const ALL: [Section; 10] = [
        Section::Report,
        Section::Account,
        Section::Registration,
        Section::Devices,
        Section::Contacts,
        Section::Groups,
        Section::Blocked,
        Section::Privacy,
        Section::Terms,
        Section::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Section::Report => "report",
            Section::Account => "account",
            Section::Registration => "registration",
            Section::Devices => "devices",
            Section::Contacts => "contacts",
            Section::Groups => "groups",
            Section::Blocked => "blocked",
            Section::Privacy => "privacy",
            Section::Terms => "terms",
            Section::Other => "other",
        }
    }
}

/// One field of the model: its path in the `show --json` document (without the device,
/// for device fields) and, for a device field, the device.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Field {
    /// For a device field, the device's id.
    pub device: Option<i64>,
    /// `account.about`, `privacy.status`; for a device field its name (`status`).
    pub path: &'static str,
    pub section: Section,
}

impl Field {
    const fn top(section: Section, path: &'static str) -> Field {
        Field {
            device: None,
            path,
            section,
        }
    }

    const fn device(id: i64, path: &'static str) -> Field {
        Field {
            device: Some(id),
            path,
            section: Section::Devices,
        }
    }

    /// The diff key: `account.about`, `devices.2.status`.
    pub fn key(&self) -> String {
        match self.device {
            Some(id) if self.path.is_empty() => format!("devices.{id}"),
            Some(id) => format!("devices.{id}.{}", self.path),
            None => self.path.to_string(),
        }
    }

    /// Fields that change with every report without anything happening that a person
    /// decided: when a device last fetched its settings, last dropped a notification, or
    /// was last cleaned. `diff` lists them apart, as low interest.
    pub fn is_volatile(&self) -> bool {
        matches!(
            (self.device.is_some(), self.path),
            (
                true,
                "settings_last_fetch_at" | "last_notification_dropped_at" | "last_clean_at"
            )
        )
    }
}

macro_rules! leaves {
    ($($(#[$meta:meta])* $variant:ident: $ty:ty,)*) => {
        /// One field's value, borrowed: every kind of value the model holds.
        #[derive(Clone, Copy, Debug, PartialEq)]
        pub enum Leaf<'a> {
            $($(#[$meta])* $variant(&'a Option<$ty>),)*
        }

        /// One field's value, mutably borrowed.
        #[derive(Debug)]
        pub enum LeafMut<'a> {
            $($variant(&'a mut Option<$ty>),)*
        }

        /// One field's value, owned.
        #[derive(Clone, Debug, PartialEq)]
        pub enum Owned {
            $($variant(Option<$ty>),)*
        }

        impl Leaf<'_> {
            /// Whether the report carries no value for the field.
            pub fn is_none(&self) -> bool {
                match self {
                    $(Leaf::$variant(v) => v.is_none(),)*
                }
            }

            pub fn to_owned_leaf(&self) -> Owned {
                match self {
                    $(Leaf::$variant(v) => Owned::$variant((*v).clone()),)*
                }
            }
        }

        impl LeafMut<'_> {
            /// Takes the value out, leaving `None`.
            pub fn take(self) -> Owned {
                match self {
                    $(LeafMut::$variant(v) => Owned::$variant(v.take()),)*
                }
            }

            /// Sets the value when there is none (the merge of JSON and HTML). Returns
            /// whether it was set.
            pub fn fill(self, from: Owned) -> bool {
                match (self, from) {
                    $((LeafMut::$variant(slot), Owned::$variant(value))
                        if slot.is_none() && value.is_some() =>
                    {
                        *slot = value;
                        true
                    })*
                    _ => false,
                }
            }

            /// Replaces the value.
            pub fn set(self, to: Owned) {
                match (self, to) {
                    $((LeafMut::$variant(slot), Owned::$variant(value)) => *slot = value,)*
                    _ => {}
                }
            }

            pub fn as_leaf(&self) -> Leaf<'_> {
                match self {
                    $(LeafMut::$variant(v) => Leaf::$variant(v),)*
                }
            }
        }
    };
}

leaves! {
    Time: Timestamp,
    Flag: bool,
    Port: u16,
    Size: u64,
    Text: Text,
    Phone: Phone,
    Email: Email,
    Name: PersonName,
    About: About,
    Session: SessionId,
    Ip: Ip,
    Vis: Visibility,
    /// The blocked numbers.
    Phones: Vec<Phone>,
    Contacts: Contacts,
    Groups: Vec<GroupName>,
    Status: StatusPrivacy,
    Sessions: Vec<SyncSession>,
    Payments: Payments,
}

impl Report {
    /// Every field of the report's records (not of [`Source`], `unrecognised` or
    /// `warnings`, which describe the reading), in the order of the `show --json` document.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(Field, Leaf<'a>)) {
        use Section as S;
        let Report {
            source: _,
            requested_at,
            generated_at,
            account,
            registration,
            devices,
            web_desktop,
            contacts,
            groups,
            blocked,
            blocked_updated_at,
            privacy,
            sync,
            terms,
            payments,
            unrecognised: _,
            warnings: _,
        } = self;
        f(
            Field::top(S::Report, "report.requested_at"),
            Leaf::Time(requested_at),
        );
        f(
            Field::top(S::Report, "report.generated_at"),
            Leaf::Time(generated_at),
        );
        let Account {
            phone_number,
            name,
            email,
            about,
            about_set_at,
            about_expires_at,
            profile_picture:
                ProfilePicture {
                    present,
                    uploaded_at,
                    size_bytes,
                },
        } = account;
        f(
            Field::top(S::Account, "account.phone_number"),
            Leaf::Phone(phone_number),
        );
        f(Field::top(S::Account, "account.name"), Leaf::Name(name));
        f(Field::top(S::Account, "account.email"), Leaf::Email(email));
        f(Field::top(S::Account, "account.about"), Leaf::About(about));
        f(
            Field::top(S::Account, "account.about_set_at"),
            Leaf::Time(about_set_at),
        );
        f(
            Field::top(S::Account, "account.about_expires_at"),
            Leaf::Time(about_expires_at),
        );
        f(
            Field::top(S::Account, "account.profile_picture.present"),
            Leaf::Flag(present),
        );
        f(
            Field::top(S::Account, "account.profile_picture.uploaded_at"),
            Leaf::Time(uploaded_at),
        );
        f(
            Field::top(S::Account, "account.profile_picture.size_bytes"),
            Leaf::Size(size_bytes),
        );
        let Registration {
            platform,
            app_version,
            network_code,
            network_name,
            device,
            registered_at,
        } = registration;
        f(
            Field::top(S::Registration, "registration.platform"),
            Leaf::Text(platform),
        );
        f(
            Field::top(S::Registration, "registration.app_version"),
            Leaf::Text(app_version),
        );
        f(
            Field::top(S::Registration, "registration.network_code"),
            Leaf::Text(network_code),
        );
        f(
            Field::top(S::Registration, "registration.network_name"),
            Leaf::Text(network_name),
        );
        f(
            Field::top(S::Registration, "registration.device"),
            Leaf::Text(device),
        );
        f(
            Field::top(S::Registration, "registration.registered_at"),
            Leaf::Time(registered_at),
        );
        for d in devices {
            d.walk(f);
        }
        f(
            Field::top(S::Contacts, "contacts"),
            Leaf::Contacts(contacts),
        );
        f(Field::top(S::Groups, "groups"), Leaf::Groups(groups));
        f(Field::top(S::Blocked, "blocked"), Leaf::Phones(blocked));
        f(
            Field::top(S::Blocked, "blocked_updated_at"),
            Leaf::Time(blocked_updated_at),
        );
        let Privacy {
            last_seen,
            profile_photo,
            about,
            status,
            read_receipts,
        } = privacy;
        f(
            Field::top(S::Privacy, "privacy.last_seen"),
            Leaf::Vis(last_seen),
        );
        f(
            Field::top(S::Privacy, "privacy.profile_photo"),
            Leaf::Vis(profile_photo),
        );
        f(Field::top(S::Privacy, "privacy.about"), Leaf::Vis(about));
        f(
            Field::top(S::Privacy, "privacy.status"),
            Leaf::Status(status),
        );
        f(
            Field::top(S::Privacy, "privacy.read_receipts"),
            Leaf::Flag(read_receipts),
        );
        let Terms {
            tos_2016,
            data_sharing_opt_out,
            tos_2018,
            tos_2021,
        } = terms;
        f(
            Field::top(S::Terms, "terms.tos_2016.accepted"),
            Leaf::Flag(&tos_2016.value),
        );
        f(
            Field::top(S::Terms, "terms.tos_2016.accepted_at"),
            Leaf::Time(&tos_2016.at),
        );
        f(
            Field::top(S::Terms, "terms.data_sharing_opt_out.opted_out"),
            Leaf::Flag(&data_sharing_opt_out.value),
        );
        f(
            Field::top(S::Terms, "terms.data_sharing_opt_out.at"),
            Leaf::Time(&data_sharing_opt_out.at),
        );
        f(
            Field::top(S::Terms, "terms.tos_2018.accepted"),
            Leaf::Flag(&tos_2018.value),
        );
        f(
            Field::top(S::Terms, "terms.tos_2018.accepted_at"),
            Leaf::Time(&tos_2018.at),
        );
        f(
            Field::top(S::Terms, "terms.tos_2021.accepted"),
            Leaf::Flag(&tos_2021.value),
        );
        f(
            Field::top(S::Terms, "terms.tos_2021.accepted_at"),
            Leaf::Time(&tos_2021.at),
        );
        let WebDesktop {
            platform,
            state,
            version,
            connected_since,
            inactive_since,
        } = web_desktop;
        f(
            Field::top(S::Other, "web_desktop.platform"),
            Leaf::Text(platform),
        );
        f(Field::top(S::Other, "web_desktop.state"), Leaf::Text(state));
        f(
            Field::top(S::Other, "web_desktop.version"),
            Leaf::Text(version),
        );
        f(
            Field::top(S::Other, "web_desktop.connected_since"),
            Leaf::Time(connected_since),
        );
        f(
            Field::top(S::Other, "web_desktop.inactive_since"),
            Leaf::Time(inactive_since),
        );
        let SyncInfo {
            current_session_id,
            current_session_registered_at,
            sessions,
        } = sync;
        f(
            Field::top(S::Other, "sync.current_session_id"),
            Leaf::Session(current_session_id),
        );
        f(
            Field::top(S::Other, "sync.current_session_registered_at"),
            Leaf::Time(current_session_registered_at),
        );
        f(
            Field::top(S::Other, "sync.sessions"),
            Leaf::Sessions(sessions),
        );
        f(Field::top(S::Other, "payments"), Leaf::Payments(payments));
    }

    /// [`Report::walk`], mutably. The same fields in the same order (a test checks).
    pub fn walk_mut(&mut self, f: &mut dyn FnMut(Field, LeafMut<'_>)) {
        use Section as S;
        let Report {
            source: _,
            requested_at,
            generated_at,
            account,
            registration,
            devices,
            web_desktop,
            contacts,
            groups,
            blocked,
            blocked_updated_at,
            privacy,
            sync,
            terms,
            payments,
            unrecognised: _,
            warnings: _,
        } = self;
        f(
            Field::top(S::Report, "report.requested_at"),
            LeafMut::Time(requested_at),
        );
        f(
            Field::top(S::Report, "report.generated_at"),
            LeafMut::Time(generated_at),
        );
        let Account {
            phone_number,
            name,
            email,
            about,
            about_set_at,
            about_expires_at,
            profile_picture:
                ProfilePicture {
                    present,
                    uploaded_at,
                    size_bytes,
                },
        } = account;
        f(
            Field::top(S::Account, "account.phone_number"),
            LeafMut::Phone(phone_number),
        );
        f(Field::top(S::Account, "account.name"), LeafMut::Name(name));
        f(
            Field::top(S::Account, "account.email"),
            LeafMut::Email(email),
        );
        f(
            Field::top(S::Account, "account.about"),
            LeafMut::About(about),
        );
        f(
            Field::top(S::Account, "account.about_set_at"),
            LeafMut::Time(about_set_at),
        );
        f(
            Field::top(S::Account, "account.about_expires_at"),
            LeafMut::Time(about_expires_at),
        );
        f(
            Field::top(S::Account, "account.profile_picture.present"),
            LeafMut::Flag(present),
        );
        f(
            Field::top(S::Account, "account.profile_picture.uploaded_at"),
            LeafMut::Time(uploaded_at),
        );
        f(
            Field::top(S::Account, "account.profile_picture.size_bytes"),
            LeafMut::Size(size_bytes),
        );
        let Registration {
            platform,
            app_version,
            network_code,
            network_name,
            device,
            registered_at,
        } = registration;
        f(
            Field::top(S::Registration, "registration.platform"),
            LeafMut::Text(platform),
        );
        f(
            Field::top(S::Registration, "registration.app_version"),
            LeafMut::Text(app_version),
        );
        f(
            Field::top(S::Registration, "registration.network_code"),
            LeafMut::Text(network_code),
        );
        f(
            Field::top(S::Registration, "registration.network_name"),
            LeafMut::Text(network_name),
        );
        f(
            Field::top(S::Registration, "registration.device"),
            LeafMut::Text(device),
        );
        f(
            Field::top(S::Registration, "registration.registered_at"),
            LeafMut::Time(registered_at),
        );
        for d in devices {
            d.walk_mut(f);
        }
        f(
            Field::top(S::Contacts, "contacts"),
            LeafMut::Contacts(contacts),
        );
        f(Field::top(S::Groups, "groups"), LeafMut::Groups(groups));
        f(Field::top(S::Blocked, "blocked"), LeafMut::Phones(blocked));
        f(
            Field::top(S::Blocked, "blocked_updated_at"),
            LeafMut::Time(blocked_updated_at),
        );
        let Privacy {
            last_seen,
            profile_photo,
            about,
            status,
            read_receipts,
        } = privacy;
        f(
            Field::top(S::Privacy, "privacy.last_seen"),
            LeafMut::Vis(last_seen),
        );
        f(
            Field::top(S::Privacy, "privacy.profile_photo"),
            LeafMut::Vis(profile_photo),
        );
        f(Field::top(S::Privacy, "privacy.about"), LeafMut::Vis(about));
        f(
            Field::top(S::Privacy, "privacy.status"),
            LeafMut::Status(status),
        );
        f(
            Field::top(S::Privacy, "privacy.read_receipts"),
            LeafMut::Flag(read_receipts),
        );
        let Terms {
            tos_2016,
            data_sharing_opt_out,
            tos_2018,
            tos_2021,
        } = terms;
        f(
            Field::top(S::Terms, "terms.tos_2016.accepted"),
            LeafMut::Flag(&mut tos_2016.value),
        );
        f(
            Field::top(S::Terms, "terms.tos_2016.accepted_at"),
            LeafMut::Time(&mut tos_2016.at),
        );
        f(
            Field::top(S::Terms, "terms.data_sharing_opt_out.opted_out"),
            LeafMut::Flag(&mut data_sharing_opt_out.value),
        );
        f(
            Field::top(S::Terms, "terms.data_sharing_opt_out.at"),
            LeafMut::Time(&mut data_sharing_opt_out.at),
        );
        f(
            Field::top(S::Terms, "terms.tos_2018.accepted"),
            LeafMut::Flag(&mut tos_2018.value),
        );
        f(
            Field::top(S::Terms, "terms.tos_2018.accepted_at"),
            LeafMut::Time(&mut tos_2018.at),
        );
        f(
            Field::top(S::Terms, "terms.tos_2021.accepted"),
            LeafMut::Flag(&mut tos_2021.value),
        );
        f(
            Field::top(S::Terms, "terms.tos_2021.accepted_at"),
            LeafMut::Time(&mut tos_2021.at),
        );
        let WebDesktop {
            platform,
            state,
            version,
            connected_since,
            inactive_since,
        } = web_desktop;
        f(
            Field::top(S::Other, "web_desktop.platform"),
            LeafMut::Text(platform),
        );
        f(
            Field::top(S::Other, "web_desktop.state"),
            LeafMut::Text(state),
        );
        f(
            Field::top(S::Other, "web_desktop.version"),
            LeafMut::Text(version),
        );
        f(
            Field::top(S::Other, "web_desktop.connected_since"),
            LeafMut::Time(connected_since),
        );
        f(
            Field::top(S::Other, "web_desktop.inactive_since"),
            LeafMut::Time(inactive_since),
        );
        let SyncInfo {
            current_session_id,
            current_session_registered_at,
            sessions,
        } = sync;
        f(
            Field::top(S::Other, "sync.current_session_id"),
            LeafMut::Session(current_session_id),
        );
        f(
            Field::top(S::Other, "sync.current_session_registered_at"),
            LeafMut::Time(current_session_registered_at),
        );
        f(
            Field::top(S::Other, "sync.sessions"),
            LeafMut::Sessions(sessions),
        );
        f(
            Field::top(S::Other, "payments"),
            LeafMut::Payments(payments),
        );
    }

    /// Every field as (field, owned value), for comparing or merging.
    pub fn leaves(&self) -> Vec<(Field, Leaf<'_>)> {
        let mut out = Vec::with_capacity(64);
        self.walk(&mut |field, leaf| out.push((field, leaf)));
        out
    }
}

impl Device {
    fn walk<'a>(&'a self, f: &mut dyn FnMut(Field, Leaf<'a>)) {
        let Device {
            id,
            status,
            last_active_at,
            online_since,
            previous_ip,
            current_ip,
            current_port,
            app_version,
            os_version,
            manufacturer,
            model,
            settings_last_fetch_at,
            last_notification_dropped_at,
            last_clean_at,
            mcc,
            mnc,
            os_build,
        } = self;
        let id = *id;
        f(Field::device(id, "status"), Leaf::Text(status));
        f(
            Field::device(id, "last_active_at"),
            Leaf::Time(last_active_at),
        );
        f(Field::device(id, "online_since"), Leaf::Time(online_since));
        f(Field::device(id, "previous_ip"), Leaf::Ip(previous_ip));
        f(Field::device(id, "current_ip"), Leaf::Ip(current_ip));
        f(Field::device(id, "current_port"), Leaf::Port(current_port));
        f(Field::device(id, "app_version"), Leaf::Text(app_version));
        f(Field::device(id, "os_version"), Leaf::Text(os_version));
        f(Field::device(id, "manufacturer"), Leaf::Text(manufacturer));
        f(Field::device(id, "model"), Leaf::Text(model));
        f(
            Field::device(id, "settings_last_fetch_at"),
            Leaf::Time(settings_last_fetch_at),
        );
        f(
            Field::device(id, "last_notification_dropped_at"),
            Leaf::Time(last_notification_dropped_at),
        );
        f(
            Field::device(id, "last_clean_at"),
            Leaf::Time(last_clean_at),
        );
        f(Field::device(id, "mcc"), Leaf::Text(mcc));
        f(Field::device(id, "mnc"), Leaf::Text(mnc));
        f(Field::device(id, "os_build"), Leaf::Text(os_build));
    }

    /// [`Device::walk`], mutably; the id is not a field.
    pub fn walk_mut(&mut self, f: &mut dyn FnMut(Field, LeafMut<'_>)) {
        let Device {
            id,
            status,
            last_active_at,
            online_since,
            previous_ip,
            current_ip,
            current_port,
            app_version,
            os_version,
            manufacturer,
            model,
            settings_last_fetch_at,
            last_notification_dropped_at,
            last_clean_at,
            mcc,
            mnc,
            os_build,
        } = self;
        let id = *id;
        f(Field::device(id, "status"), LeafMut::Text(status));
        f(
            Field::device(id, "last_active_at"),
            LeafMut::Time(last_active_at),
        );
        f(
            Field::device(id, "online_since"),
            LeafMut::Time(online_since),
        );
        f(Field::device(id, "previous_ip"), LeafMut::Ip(previous_ip));
        f(Field::device(id, "current_ip"), LeafMut::Ip(current_ip));
        f(
            Field::device(id, "current_port"),
            LeafMut::Port(current_port),
        );
        f(Field::device(id, "app_version"), LeafMut::Text(app_version));
        f(Field::device(id, "os_version"), LeafMut::Text(os_version));
        f(
            Field::device(id, "manufacturer"),
            LeafMut::Text(manufacturer),
        );
        f(Field::device(id, "model"), LeafMut::Text(model));
        f(
            Field::device(id, "settings_last_fetch_at"),
            LeafMut::Time(settings_last_fetch_at),
        );
        f(
            Field::device(id, "last_notification_dropped_at"),
            LeafMut::Time(last_notification_dropped_at),
        );
        f(
            Field::device(id, "last_clean_at"),
            LeafMut::Time(last_clean_at),
        );
        f(Field::device(id, "mcc"), LeafMut::Text(mcc));
        f(Field::device(id, "mnc"), LeafMut::Text(mnc));
        f(Field::device(id, "os_build"), LeafMut::Text(os_build));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_and_walk_mut_list_the_same_fields() {
        let mut r = Report::empty(Generation::B);
        r.device_mut(0);
        r.device_mut(2);
        let read: Vec<Field> = r.leaves().into_iter().map(|(f, _)| f).collect();
        let mut written = Vec::new();
        r.walk_mut(&mut |field, _| written.push(field));
        assert_eq!(read, written);
        let mut keys: Vec<String> = read.iter().map(Field::key).collect();
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), n, "every field has its own key");
    }
}

/// How the JSON writes times and flags.
pub mod time {
    use jiff::Timestamp;
    use serde::Serializer;

    /// RFC 3339, UTC, whole seconds: `2022-08-11T03:11:20Z`; `null` when unknown.
    pub fn option<S: Serializer>(t: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.collect_str(t),
            None => s.serialize_none(),
        }
    }

    /// A flag the contract writes as a plain boolean: unknown is `false`.
    pub fn flag<S: Serializer>(b: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bool(b.unwrap_or(false))
    }
}

impl serde::Serialize for Terms {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        #[derive(serde::Serialize)]
        struct Accepted {
            accepted: Option<bool>,
            #[serde(serialize_with = "time::option")]
            accepted_at: Option<Timestamp>,
        }
        #[derive(serde::Serialize)]
        struct OptOut {
            opted_out: Option<bool>,
            #[serde(serialize_with = "time::option")]
            at: Option<Timestamp>,
        }
        let Terms {
            tos_2016,
            data_sharing_opt_out,
            tos_2018,
            tos_2021,
        } = self;
        let accepted = |a: &Acceptance| Accepted {
            accepted: a.value,
            accepted_at: a.at,
        };
        let mut st = s.serialize_struct("Terms", 4)?;
        st.serialize_field("tos_2016", &accepted(tos_2016))?;
        st.serialize_field(
            "data_sharing_opt_out",
            &OptOut {
                opted_out: data_sharing_opt_out.value,
                at: data_sharing_opt_out.at,
            },
        )?;
        st.serialize_field("tos_2018", &accepted(tos_2018))?;
        st.serialize_field("tos_2021", &accepted(tos_2021))?;
        st.end()
    }
}

impl serde::Serialize for Warning {
    /// `file: `at`: message`, exact: the contract's warning strings.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.exact())
    }
}

impl serde::Serialize for Unrecognised {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let label = match self.parent {
            Some(parent) => format!("{parent} › {}", self.label.exact()),
            None => self.label.exact().to_string(),
        };
        let mut st = s.serialize_struct("Unrecognised", 3)?;
        st.serialize_field("file", &self.file)?;
        st.serialize_field("label", &label)?;
        st.serialize_field("value", &self.value)?;
        st.end()
    }
}

impl schemars::JsonSchema for Visibility {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Visibility".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "everyone, my_contacts, my_contacts_except, only_share_with or nobody; a value the report gives that is none of these, verbatim (and named in warnings)"
        })
    }
}

impl schemars::JsonSchema for Warning {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Warning".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "file: `key or label`: message"
        })
    }
}

/// The shapes the JSON writes for types with a hand-written `Serialize`, for schemas.
mod schema_shapes {
    #![allow(dead_code)]
    use jiff::Timestamp;

    #[derive(schemars::JsonSchema)]
    pub struct Accepted {
        pub accepted: Option<bool>,
        pub accepted_at: Option<Timestamp>,
    }

    #[derive(schemars::JsonSchema)]
    pub struct OptOut {
        pub opted_out: Option<bool>,
        pub at: Option<Timestamp>,
    }

    #[derive(schemars::JsonSchema)]
    pub struct Terms {
        pub tos_2016: Accepted,
        pub data_sharing_opt_out: OptOut,
        pub tos_2018: Accepted,
        pub tos_2021: Accepted,
    }

    #[derive(schemars::JsonSchema)]
    pub struct Unrecognised {
        pub file: String,
        /// The label, after its parent row's (`Device Activity › Battery`) when nested.
        pub label: String,
        pub value: String,
    }
}

impl schemars::JsonSchema for Terms {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Terms".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schema_shapes::Terms::json_schema(generator)
    }
}

impl schemars::JsonSchema for Unrecognised {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Unrecognised".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schema_shapes::Unrecognised::json_schema(generator)
    }
}
