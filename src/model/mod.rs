//! The typed records of a report: one model for every generation.
//!
//! Parsers fill these; diff, audit, redact, inspect and the views read them. `None` always
//! means "the report does not say", never a default; an empty list means the report shows
//! an empty list. Times are UTC instants; text is typed ([`crate::text`]), so no report text
//! is a bare `String` anywhere in the model.
//!
//! Every leaf is declared once, in the records' table ([`records`]): the structs, their
//! walks ([`Report::walk`], [`Report::walk_mut`]) and the list of every field ([`fields`])
//! are made from it, and merge (JSON first, HTML filling gaps), diff, inspect's
//! cross-check, redaction, `show`'s tables and the export read it. One job a file: the
//! records here and in [`records`], the vocabulary of fields in [`leaf`], how the JSON writes
//! them in [`json`].

mod json;
mod leaf;
mod records;

pub use json::time;
pub use leaf::{Block, ExportTable, Field, FieldDef, Leaf, LeafKind, LeafMut, Meta, Owned, kind};
pub use records::{
    Acceptance, Account, Device, Privacy, ProfilePicture, Registration, Report, SyncInfo, Terms,
    WebDesktop, fields,
};

use jiff::Timestamp;

use crate::text::{
    EntryName, GroupName, Message, Phone, SessionId, Text, UnknownLabel, UnknownValue,
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
        self.groups.as_deref().map(distinct)
    }
}

/// How many distinct names a list of group names holds.
pub fn distinct(groups: &[GroupName]) -> usize {
    let names: std::collections::HashSet<&str> = groups.iter().map(GroupName::exact).collect();
    names.len()
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
    /// A known setting's contract spelling, its words for people, and how widely it shares
    /// (higher is wider); the value as the report gives it for [`Visibility::Other`].
    fn parts(&self) -> Result<(&'static str, &'static str, u8), &UnknownValue> {
        Ok(match self {
            Visibility::Everyone => ("everyone", "everyone", 4),
            Visibility::MyContacts => ("my_contacts", "my contacts", 3),
            Visibility::MyContactsExcept => ("my_contacts_except", "my contacts except…", 2),
            Visibility::OnlyShareWith => ("only_share_with", "only share with…", 1),
            Visibility::Nobody => ("nobody", "nobody", 0),
            Visibility::Other(raw) => return Err(raw),
        })
    }

    /// The contract's spelling; for [`Visibility::Other`], the value as the report gives it.
    pub fn exact(&self) -> &str {
        self.parts().map_or_else(UnknownValue::exact, |p| p.0)
    }

    /// How widely the setting shares: higher is wider. `None` for unknown values.
    pub fn reach(&self) -> Option<u8> {
        self.parts().ok().map(|p| p.2)
    }
}

impl serde::Serialize for Visibility {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.exact())
    }
}

impl std::fmt::Display for Visibility {
    /// In words, for people; an unknown value escaped.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.parts() {
            Ok(p) => f.write_str(p.1),
            Err(raw) => write!(f, "{raw} (unrecognised)"),
        }
    }
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
pub struct SyncSession {
    pub id: Option<SessionId>,
    #[serde(serialize_with = "time::option")]
    pub account_registered_at: Option<Timestamp>,
    pub state_collections: Vec<Text>,
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

macro_rules! sections {
    ($($(#[$meta:meta])* $variant:ident $word:literal $doc:literal,)*) => {
        /// Which part of the report a field belongs to, as `show`, `diff` and the page name
        /// them. Declared here once: the command line's section arguments, `show`'s
        /// sections and `diff`'s filters are made from this list.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Section {
            $($(#[$meta])* $variant,)*
        }

        impl Section {
            pub const ALL: &'static [Section] = &[$(Section::$variant,)*];

            /// The section's name in arguments and JSON: `account`, `other`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Section::$variant => $word,)*
                }
            }

            /// What it holds, in a few words.
            pub fn doc(self) -> &'static str {
                match self {
                    $(Section::$variant => $doc,)*
                }
            }
        }
    };
}

sections! {
    Report "report" "when the report was requested and generated",
    Account "account" "the account: number, name, email, About, profile picture",
    Registration "registration" "the platform, network and phone registered on",
    Devices "devices" "the phone and linked devices, with their IP addresses",
    Contacts "contacts" "the contacts' numbers",
    Groups "groups" "the groups' names",
    Blocked "blocked" "the blocked numbers",
    Privacy "privacy" "the privacy settings",
    Terms "terms" "the terms accepted and the 2016 Facebook data-sharing opt-out",
    Other "other" "the legacy Web/Desktop session, sync sessions, payments",
}

impl Section {
    /// The sections two reports are compared in: all but the report's own times, which
    /// are what sets the two apart.
    pub fn compared() -> impl Iterator<Item = Section> {
        Section::ALL
            .iter()
            .copied()
            .filter(|s| *s != Section::Report)
    }
}

#[cfg(test)]
pub(crate) mod tests_support {
    use super::*;

    /// A report with every field set, to one value of its kind.
    pub(crate) fn full() -> Report {
        use crate::text::{About, Email, Ip, PersonName};
        let mut r = Report::empty(Generation::B);
        r.device_mut(0);
        r.device_mut(2);
        let t = Timestamp::from_second(1_660_000_000).unwrap();
        r.walk_mut(&mut |field, leaf| {
            let value = match field.def.kind {
                LeafKind::Time => Owned::Time(Some(t)),
                LeafKind::Flag => Owned::Flag(Some(true)),
                LeafKind::Port => Owned::Port(Some(40123)),
                LeafKind::Size => Owned::Size(Some(3000)),
                LeafKind::Text => Owned::Text(Some(Text::new("x"))),
                LeafKind::Phone => Owned::Phone(Some(Phone::new("+15555550123"))),
                LeafKind::Email => Owned::Email(Some(Email::new("a@example.com"))),
                LeafKind::Name => Owned::Name(Some(PersonName::new("Alex"))),
                LeafKind::About => Owned::About(Some(About::new("hi"))),
                LeafKind::Session => Owned::Session(Some(SessionId::new("AAAA"))),
                LeafKind::Ip => Owned::Ip(Ip::parse("172.16.0.0").ok()),
                LeafKind::Vis => Owned::Vis(Some(Visibility::Nobody)),
                LeafKind::Phones => Owned::Phones(Some(vec![Phone::new("+15555550108")])),
                LeafKind::Contacts => {
                    Owned::Contacts(Some(Contacts::Kept(vec![Phone::new("+15555550101")])))
                }
                LeafKind::Groups => Owned::Groups(Some(vec![GroupName::new("Book club")])),
                LeafKind::Status => Owned::Status(Some(StatusPrivacy::default())),
                LeafKind::Sessions => Owned::Sessions(Some(vec![SyncSession::default()])),
                LeafKind::Payments => Owned::Payments(Some(Payments::NoData)),
            };
            leaf.set(value);
        });
        r
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

    use super::tests_support::full;

    /// Every leaf of the `show --json` document is a declared field, and every declared
    /// field is in the document: the table and the JSON cannot drift apart.
    #[test]
    fn every_leaf_of_the_document_is_a_declared_field() {
        let r = full();
        let doc: serde_json::Value =
            serde_json::from_str(&crate::view::to_json(&crate::view::Show::new(&r, &[]))).unwrap();
        let declared: std::collections::BTreeSet<&str> = fields().iter().map(|d| d.path).collect();
        let mut found = std::collections::BTreeSet::new();
        fn walk(
            v: &serde_json::Value,
            path: String,
            declared: &std::collections::BTreeSet<&str>,
            found: &mut std::collections::BTreeSet<String>,
        ) {
            if declared.contains(path.as_str()) {
                found.insert(path);
                return;
            }
            match v {
                serde_json::Value::Object(o) => {
                    for (k, v) in o {
                        let p = if path.is_empty() {
                            k.clone()
                        } else {
                            format!("{path}.{k}")
                        };
                        walk(v, p, declared, found);
                    }
                }
                serde_json::Value::Array(a) if path == "devices" => {
                    for d in a {
                        let serde_json::Value::Object(o) = d else {
                            continue;
                        };
                        for (k, v) in o.iter().filter(|(k, _)| *k != "id") {
                            walk(v, format!("devices[].{k}"), declared, found);
                        }
                    }
                }
                _ => {
                    found.insert(format!("undeclared: {path}"));
                }
            }
        }
        let o = doc.as_object().unwrap();
        for (k, v) in o {
            // What describes the reading, not the report.
            if ["schema_version", "source", "unrecognised", "warnings"].contains(&k.as_str()) {
                continue;
            }
            walk(v, k.clone(), &declared, &mut found);
        }
        let declared: std::collections::BTreeSet<String> =
            declared.iter().map(|p| p.to_string()).collect();
        assert_eq!(found, declared);
    }

    #[test]
    fn fields_are_in_walk_order_and_each_names_its_record() {
        let r = full();
        let mut walked: Vec<&'static str> = Vec::new();
        r.walk(&mut |f, _| {
            if !walked.contains(&f.path()) {
                walked.push(f.path());
            }
        });
        let declared: Vec<&str> = fields().iter().map(|d| d.path).collect();
        assert_eq!(walked, declared);
        assert_eq!(Device::os_build.path, "devices[].os_build");
        assert_eq!(Device::os_build.name(), "os_build");
        assert!(Device::os_build.is_device() && Device::os_build.meta.html_only);
        for d in fields() {
            assert!(!d.doc.is_empty() && !d.meta.show.is_empty(), "{}", d.path);
        }
    }
}
