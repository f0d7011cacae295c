//! The vocabulary of the model's fields: a field's declaration ([`FieldDef`]: its path,
//! section, kind, description and what each consumer makes of it), a field of one report
//! ([`Field`]), and its value borrowed, mutably borrowed or owned ([`Leaf`], [`LeafMut`],
//! [`Owned`]), one variant per kind of value.

use jiff::Timestamp;

use super::{Contacts, Payments, Section, StatusPrivacy, SyncSession, Visibility};
use crate::text::{About, Email, GroupName, Ip, PersonName, Phone, SessionId, Text};

/// The tables of the export a field's value lands in, one row per report (or per device).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExportTable {
    Reports,
    Devices,
    Privacy,
    Terms,
}

/// The per-device (or per-session) blocks the report's pages write some rows as, each
/// block a `Device: N` line and then its fields' lines (FORMAT.md 3.3, 3.3a, 4, 5.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
}

/// What the consumers make of a field, beyond its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Meta {
    /// How `show`'s tables and the report page name it.
    pub show: &'static str,
    /// The export's table and columns: one column for a value, several for a list (its
    /// count, or its counts) or the status privacy (its mode and list counts).
    pub export: Option<(ExportTable, &'static [&'static str])>,
    /// It names someone: `--counts-only` leaves it out.
    pub personal: bool,
    /// It changes with every report without anyone deciding anything (when a device last
    /// fetched its settings): `diff` lists it apart, as low interest.
    pub volatile: bool,
    /// A change to it matters for privacy (`diff` lists it first).
    pub privacy: bool,
    /// No generation's JSON carries it: the HTML alone does, and a JSON without it
    /// disagrees with nothing (`inspect`'s cross-check).
    pub html_only: bool,
    /// For a device's field, the block the pages write it in and its line there (1 is the
    /// line after `Device: N`): the documented order a value under an unknown label is
    /// placed by.
    pub line: Option<(Block, u8)>,
}

impl Meta {
    /// A field shown as `show`, exported nowhere, carried by JSON.
    pub const fn shown(show: &'static str) -> Meta {
        Meta {
            show,
            export: None,
            personal: false,
            volatile: false,
            privacy: false,
            html_only: false,
            line: None,
        }
    }

    pub const fn export(self, table: ExportTable, columns: &'static [&'static str]) -> Meta {
        Meta {
            export: Some((table, columns)),
            ..self
        }
    }

    pub const fn line(self, block: Block, line: u8) -> Meta {
        Meta {
            line: Some((block, line)),
            ..self
        }
    }
}

/// The builder of each of [`Meta`]'s flags: `.personal()` sets `personal`.
macro_rules! flags {
    ($($flag:ident),*) => {
        impl Meta {
            $(
                pub const fn $flag(self) -> Meta {
                    Meta { $flag: true, ..self }
                }
            )*
        }
    };
}

flags!(personal, volatile, privacy, html_only);

/// A kind of value, by name: the type its fields hold.
pub trait Kind {
    type Value;
}

/// One leaf of the model, declared once in the records' table (`records.rs`).
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FieldDef {
    /// Its place in the `show --json` document: `account.about`, `devices[].os_build`. Also
    /// its key in the label tables.
    pub path: &'static str,
    pub section: Section,
    pub kind: LeafKind,
    /// What it is, in one line.
    pub doc: &'static str,
    pub meta: Meta,
}

impl FieldDef {
    /// A device's field: its path below `devices[]`.
    pub fn is_device(&self) -> bool {
        self.path.starts_with("devices[].")
    }

    /// The name under its record: `os_build`, `about`, `accepted`.
    pub fn name(&self) -> &'static str {
        self.path.rsplit('.').next().unwrap_or(self.path)
    }
}

/// One field of one report: its declaration and, for a device's field, the device. Two
/// fields are one when their device and path are (a declaration's path comes first in its
/// order, and names it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Field {
    /// For a device field, the device's id.
    pub device: Option<i64>,
    pub def: &'static FieldDef,
}

impl Field {
    pub fn section(&self) -> Section {
        self.def.section
    }

    /// The path in the document: `account.about`, `devices[].status`.
    pub fn path(&self) -> &'static str {
        self.def.path
    }

    /// The diff key: `account.about`, `devices.2.status` (`devices.2` for the device whole).
    pub fn key(&self) -> String {
        match (self.device, self.def.path.strip_prefix("devices[]")) {
            (Some(id), Some(rest)) => format!("devices.{id}{rest}"),
            _ => self.def.path.to_string(),
        }
    }

    pub fn is_volatile(&self) -> bool {
        self.def.meta.volatile
    }
}

macro_rules! leaves {
    ($($(#[$meta:meta])* $variant:ident: $ty:ty,)*) => {
        /// Each kind by name, for the records' declarations: `<kind::Time as Kind>::Value`
        /// is the type a `Time` field holds (in an `Option`).
        pub mod kind {
            $(
                #[derive(Debug)]
                pub struct $variant;
            )*
        }

        $(
            impl Kind for kind::$variant {
                type Value = $ty;
            }
        )*

        /// What kind of value a field holds.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum LeafKind {
            $($variant,)*
        }

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
