//! One description per report generation, as data (FORMAT.md sections 0–5).
//!
//! For each generation: its entries and the reader of each, the HTML twins and when they
//! are needed, the time zone and precision of HTML dates, whether JSON strings carry
//! mojibake, and which fields its JSON never carries (so that `inspect` does not call an
//! HTML-only value a disagreement). Detection ([`crate::detect`]) picks one of these;
//! parsing ([`crate::parse`]) follows it; every entry of an archive is accounted for by it.

use crate::model::{
    Account, Device, Field, FieldDef, Generation, ProfilePicture, Report, WebDesktop,
};

/// Which code reads an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reader {
    /// Gen A `portability.json`.
    PortabilityJson,
    /// Gen A `access.html`.
    AccessHtml,
    /// Gen B/B′ `user_information.json` (`wa_profile_info`).
    UserInfoJson,
    /// Gen C `user_information.json` (Meta `label_values`).
    UserInfoLabels,
    RegistrationJson,
    ContactsJson,
    GroupsJson,
    SettingsJson,
    TermsJson,
    /// `avatars_information.json`: checked for content, not interpreted.
    AvatarsJson,
    /// A key/value page of gens B, B′, C.
    Page(Page),
    /// A list page of gens B, B′, C.
    List(List),
    /// `no-data.txt`: one line saying a section has no data, in the report's language.
    NoData,
}

impl Reader {
    /// How `inspect` names the reader.
    pub fn name(self) -> &'static str {
        match self {
            Reader::PortabilityJson
            | Reader::UserInfoJson
            | Reader::RegistrationJson
            | Reader::ContactsJson
            | Reader::GroupsJson
            | Reader::SettingsJson
            | Reader::TermsJson => "JSON",
            Reader::UserInfoLabels => "JSON (label_values)",
            Reader::AvatarsJson => "JSON (checked for content only)",
            Reader::AccessHtml | Reader::Page(_) => "HTML",
            Reader::List(_) => "HTML list",
            Reader::NoData => "no-data marker",
        }
    }

    pub fn is_html(self) -> bool {
        matches!(self, Reader::AccessHtml | Reader::Page(_) | Reader::List(_))
    }
}

/// The key/value pages of gens B, B′ and C.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Page {
    User,
    Registration,
    Settings,
    Terms,
}

/// The list pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum List {
    Contacts,
    Groups,
}

/// When an HTML twin is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// Always: it is the only source of some fields (gen B's Web/Desktop rows, MCC/MNC).
    Always,
    /// Only when its JSON is missing (or `inspect` cross-checks): list pages, which can be
    /// large.
    WhenJsonMissing,
}

/// What an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Read by `reader`. `required`: its absence is a warning saying what is lost.
    Source {
        reader: Reader,
        required: bool,
        /// What the report lacks without it.
        lost: &'static str,
    },
    /// The HTML twin of the JSON entry `of`, read by `reader` when `need` says.
    Twin {
        of: &'static str,
        reader: Reader,
        need: Need,
    },
    /// Known and deliberately not interpreted.
    Known(&'static str),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Relative to the report's folder.
    pub path: &'static str,
    pub role: Role,
}

/// The time zone HTML dates are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HtmlZone {
    /// Gen B, B′, C: a fixed UTC−08:00 without daylight saving (FORMAT.md 6.2).
    FixedMinus8,
    /// Gen A: US Pacific with daylight saving.
    Pacific,
}

/// One generation, described.
#[derive(Debug)]
pub struct Spec {
    pub generation: Generation,
    /// How people call it: `A`, `B`, `B′`, `C`.
    pub name: &'static str,
    pub entries: &'static [Entry],
    pub html_zone: HtmlZone,
    /// Whether HTML times carry seconds (gen A) or minutes only (gen B and later).
    pub html_seconds: bool,
    /// Whether JSON strings are Latin-1 mojibake of UTF-8 (FORMAT.md 6.1).
    pub json_mojibake: bool,
    /// What this generation's JSON carries: an HTML value for a field it never carries is
    /// no disagreement. Fields no JSON carries say so themselves
    /// ([`crate::model::Meta::html_only`]).
    pub json: Carries,
}

/// The fields a generation's JSON carries (besides those marked HTML-only, which none do).
#[derive(Debug)]
pub enum Carries {
    /// These alone (gen A's `portability.json`).
    Only(&'static [&'static FieldDef]),
    /// All but these.
    AllBut(&'static [&'static FieldDef]),
}

impl Spec {
    pub fn entry(&self, path: &str) -> Option<&'static Entry> {
        self.entries.iter().find(|e| e.path == path)
    }

    /// The entries read by a reader.
    pub fn path_of(&self, reader: Reader) -> Option<&'static str> {
        self.entries.iter().find_map(|e| match e.role {
            Role::Source { reader: r, .. } | Role::Twin { reader: r, .. } if r == reader => {
                Some(e.path)
            }
            _ => None,
        })
    }

    /// Whether this generation's JSON never carries a field.
    pub fn json_lacks(&self, field: &Field) -> bool {
        let listed = |list: &[&FieldDef]| list.iter().any(|d| d.path == field.def.path);
        field.def.meta.html_only
            || match self.json {
                Carries::Only(list) => !listed(list),
                Carries::AllBut(list) => listed(list),
            }
    }

    /// The HTML twin of a JSON entry.
    pub fn twin_of(&self, json: &str) -> Option<&'static Entry> {
        self.entries
            .iter()
            .find(|e| matches!(e.role, Role::Twin { of, .. } if of == json))
    }
}

pub fn spec(generation: Generation) -> &'static Spec {
    match generation {
        Generation::A => &GEN_A,
        Generation::B => &GEN_B,
        Generation::B2 => &GEN_B2,
        Generation::C => &GEN_C,
    }
}

/// Every entry name any generation documents, for redaction (a documented name identifies
/// no one).
pub fn is_documented(path: &str) -> bool {
    Generation::ALL
        .iter()
        .any(|&g| spec(g).entry(path).is_some())
}

/// Entries unzip tools and operating systems add, never part of a report.
pub fn is_junk(name: &str) -> bool {
    name.split('/')
        .any(|part| part == "__MACOSX" || part == ".DS_Store" || part == "Thumbs.db")
}

macro_rules! source {
    ($path:expr, $reader:expr, $lost:expr) => {
        Entry {
            path: $path,
            role: Role::Source {
                reader: $reader,
                required: true,
                lost: $lost,
            },
        }
    };
}

macro_rules! twin {
    ($path:expr, $of:expr, $reader:expr, $need:expr) => {
        Entry {
            path: $path,
            role: Role::Twin {
                of: $of,
                reader: $reader,
                need: $need,
            },
        }
    };
}

const LOST_USER: &str = "the account, report times and device activity are unknown";
const LOST_REGISTRATION: &str = "registration details are unknown";
const LOST_CONTACTS: &str = "contacts are not in the report";
const LOST_GROUPS: &str = "groups are not in the report";
const LOST_SETTINGS: &str = "privacy settings, blocked numbers and device details are unknown";
const LOST_TERMS: &str = "terms acceptance is unknown";

/// The entries gens B, B′ and C share, apart from registration and avatars.
macro_rules! b_entries {
    ($user_reader:expr, $registration:literal, $($extra:expr),*) => {
        &[
            Entry { path: "index.html", role: Role::Known("the index of the report's pages") },
            Entry { path: "files/WhatsApp-Logo.png", role: Role::Known("the WhatsApp logo") },
            Entry { path: "files/fb_logo.png", role: Role::Known("the Facebook logo") },
            source!("whatsapp_account_information/user_information.json", $user_reader, LOST_USER),
            twin!(
                "whatsapp_account_information/user_information.html",
                "whatsapp_account_information/user_information.json",
                Reader::Page(Page::User),
                Need::Always
            ),
            source!(
                concat!("whatsapp_account_information/", $registration, ".json"),
                Reader::RegistrationJson,
                LOST_REGISTRATION
            ),
            twin!(
                concat!("whatsapp_account_information/", $registration, ".html"),
                concat!("whatsapp_account_information/", $registration, ".json"),
                Reader::Page(Page::Registration),
                Need::Always
            ),
            source!("whatsapp_connections/contacts.json", Reader::ContactsJson, LOST_CONTACTS),
            twin!(
                "whatsapp_connections/contacts.html",
                "whatsapp_connections/contacts.json",
                Reader::List(List::Contacts),
                Need::WhenJsonMissing
            ),
            source!("whatsapp_connections/groups.json", Reader::GroupsJson, LOST_GROUPS),
            twin!(
                "whatsapp_connections/groups.html",
                "whatsapp_connections/groups.json",
                Reader::List(List::Groups),
                Need::WhenJsonMissing
            ),
            source!("whatsapp_settings/account_settings.json", Reader::SettingsJson, LOST_SETTINGS),
            twin!(
                "whatsapp_settings/account_settings.html",
                "whatsapp_settings/account_settings.json",
                Reader::Page(Page::Settings),
                Need::Always
            ),
            source!("whatsapp_settings/terms_of_service.json", Reader::TermsJson, LOST_TERMS),
            twin!(
                "whatsapp_settings/terms_of_service.html",
                "whatsapp_settings/terms_of_service.json",
                Reader::Page(Page::Terms),
                Need::Always
            ),
            Entry {
                path: "whatsapp_payments/no-data.txt",
                role: Role::Source { reader: Reader::NoData, required: false, lost: "" },
            },
            $($extra),*
        ]
    };
}

const AVATARS: [Entry; 2] = [
    Entry {
        path: "whatsapp_account_information/avatars_information.json",
        role: Role::Source {
            reader: Reader::AvatarsJson,
            required: false,
            lost: "",
        },
    },
    Entry {
        path: "whatsapp_account_information/avatars_information.html",
        role: Role::Known(
            "the HTML twin of avatars_information.json, whose layout is undocumented",
        ),
    },
];

/// Gen C's `label_values` carries less than gen B's `wa_profile_info` (FORMAT.md 4).
const C_JSON_LACKS: &[&FieldDef] = &[
    WebDesktop::platform,
    WebDesktop::state,
    Device::status,
    Device::previous_ip,
    Device::current_ip,
    Device::current_port,
    Account::email,
    Account::name,
    ProfilePicture::size_bytes,
];

static GEN_A: Spec = Spec {
    generation: Generation::A,
    name: "A",
    entries: &[
        source!(
            "portability.json",
            Reader::PortabilityJson,
            "the account, contacts and groups are read from access.html only"
        ),
        source!(
            "access.html",
            Reader::AccessHtml,
            "terms, registration, privacy settings, blocked numbers and devices are unknown"
        ),
    ],
    html_zone: HtmlZone::Pacific,
    html_seconds: true,
    json_mojibake: false,
    // portability.json holds the account, contacts and groups only (FORMAT.md 5.1).
    json: Carries::Only(&[
        Report::requested_at,
        Report::generated_at,
        Account::phone_number,
        Account::email,
        Account::about,
        ProfilePicture::present,
        ProfilePicture::uploaded_at,
        ProfilePicture::size_bytes,
        Report::contacts,
        Report::groups,
        Report::payments,
    ]),
};

static GEN_B: Spec = Spec {
    generation: Generation::B,
    name: "B",
    entries: b_entries!(Reader::UserInfoJson, "registration_info",),
    html_zone: HtmlZone::FixedMinus8,
    html_seconds: false,
    json_mojibake: true,
    json: Carries::AllBut(&[]),
};

static GEN_B2: Spec = Spec {
    generation: Generation::B2,
    name: "B′",
    entries: b_entries!(
        Reader::UserInfoJson,
        "registration_information",
        AVATARS[0],
        AVATARS[1]
    ),
    html_zone: HtmlZone::FixedMinus8,
    html_seconds: false,
    json_mojibake: true,
    json: Carries::AllBut(&[]),
};

static GEN_C: Spec = Spec {
    generation: Generation::C,
    name: "C",
    entries: b_entries!(
        Reader::UserInfoLabels,
        "registration_information",
        AVATARS[0],
        AVATARS[1]
    ),
    html_zone: HtmlZone::FixedMinus8,
    html_seconds: false,
    json_mojibake: true,
    json: Carries::AllBut(C_JSON_LACKS),
};

/// The section folders of gens B, B′ and C.
pub const SECTION_FOLDERS: [&str; 3] = [
    "whatsapp_account_information",
    "whatsapp_connections",
    "whatsapp_settings",
];

/// The two files that make a folder a generation A report.
pub const A_FILES: [&str; 2] = ["access.html", "portability.json"];

/// Whether a folder holding this child (a folder itself when `is_dir`) is the root of a
/// report, by the rule [`crate::detect::detect`] applies to entry names: one of the section folders of
/// gens B, B′ and C, or a generation A file. For finding reports on disk without opening
/// each folder.
pub fn marks_report_root(child: &str, is_dir: bool) -> bool {
    if is_dir {
        SECTION_FOLDERS.contains(&child)
    } else {
        A_FILES.contains(&child)
    }
}

/// The registration entries that tell B (old name) from B′ and C (new names, avatars).
pub const B_MARKERS: [&str; 2] = [
    "whatsapp_account_information/registration_info.json",
    "whatsapp_account_information/registration_info.html",
];
pub const B2_MARKERS: [&str; 4] = [
    "whatsapp_account_information/registration_information.json",
    "whatsapp_account_information/registration_information.html",
    "whatsapp_account_information/avatars_information.json",
    "whatsapp_account_information/avatars_information.html",
];
pub const USER_INFO_JSON: &str = "whatsapp_account_information/user_information.json";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_twin_names_an_entry_of_its_generation() {
        for g in Generation::ALL {
            let s = spec(g);
            for e in s.entries {
                if let Role::Twin { of, .. } = e.role {
                    assert!(s.entry(of).is_some(), "{g:?} {}", e.path);
                }
            }
            let mut paths: Vec<_> = s.entries.iter().map(|e| e.path).collect();
            let n = paths.len();
            paths.sort();
            paths.dedup();
            assert_eq!(paths.len(), n, "{g:?} lists an entry twice");
        }
    }

    #[test]
    fn markers_are_entries_of_their_generations() {
        for m in B_MARKERS {
            assert!(spec(Generation::B).entry(m).is_some(), "{m}");
        }
        for m in B2_MARKERS {
            assert!(spec(Generation::B2).entry(m).is_some(), "{m}");
            assert!(spec(Generation::C).entry(m).is_some(), "{m}");
        }
    }
}
