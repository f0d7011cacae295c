//! The records of a report, declared once: every leaf with its path, section, kind,
//! one-line description and what each consumer makes of it ([`Meta`]). From this one table
//! come the structs themselves, their walks ([`Report::walk`], [`Report::walk_mut`]), the
//! list of every field ([`fields`]), and a constant per field (`Device::os_build`) by which
//! code names a field. `show`'s tables, the export's columns and rows, the report page, diff,
//! redact, inspect and the label tables (keyed by path) read it; a test fails for any that
//! misses a field.
//!
//! A field is `name: [Kind] "description" => meta`, its kind one of [`super::leaf::kind`]
//! (`Option` of that type); `as "path"` names its place in the `show --json` document when
//! that is not its record's path and its name, `in Section` its section when it is not its
//! record's. Three other forms are not leaves: `[record T]` (a record inside), `[devices T]`
//! (the list of devices) and `[skip T]` (a device's id, which the walk hands over with each
//! of its fields, and what describes the reading, not the report).

use jiff::Timestamp;

use super::leaf::{
    Block as B, ExportTable as X, Field, FieldDef, Kind, Leaf, LeafKind, LeafMut, Meta, kind,
};
use super::{Section, Source, Unrecognised, Warning};

/// The type of a field of a record.
macro_rules! field_type {
    (record $t:ty) => { $t };
    (devices $t:ty) => { Vec<$t> };
    (skip $t:ty) => { $t };
    ($kind:ident) => { Option<<kind::$kind as Kind>::Value> };
}

/// A leaf's declaration, as an associated constant named after the field.
macro_rules! leaf_def {
    ($field:ident, $path:expr, $section:expr, [record $t:ty]) => {};
    ($field:ident, $path:expr, $section:expr, [devices $t:ty]) => {};
    ($field:ident, $path:expr, $section:expr, [skip $t:ty]) => {};
    ($field:ident, $path:expr, $section:expr, [$kind:ident], $doc:literal, $meta:expr) => {
        #[allow(non_upper_case_globals)]
        pub const $field: &'static FieldDef = &FieldDef {
            path: $path,
            section: $section,
            kind: LeafKind::$kind,
            doc: $doc,
            meta: $meta,
        };
    };
}

/// One field's part of a walk.
macro_rules! walk_one {
    ($this:tt, $f:ident, $key:ident, $field:ident, [record $t:ty], $walk:ident, $leaf:ident, $($m:tt)?) => {
        $this.$field.$walk($key, $f)
    };
    ($this:tt, $f:ident, $key:ident, $field:ident, [devices $t:ty], $walk:ident, $leaf:ident, $($m:tt)?) => {
        for d in & $($m)? $this.$field {
            let id = Some(d.id);
            d.$walk(id, $f)
        }
    };
    ($this:tt, $f:ident, $key:ident, $field:ident, [skip $t:ty], $walk:ident, $leaf:ident, $($m:tt)?) => {};
    ($this:tt, $f:ident, $key:ident, $field:ident, [$kind:ident], $walk:ident, $leaf:ident, $($m:tt)?) => {
        $f(
            Field {
                device: $key,
                def: Self::$field,
            },
            $leaf::$kind(& $($m)? $this.$field),
        )
    };
}

/// One field's part of the list of declarations.
macro_rules! defs_one {
    ($out:ident, $field:ident, [record $t:ty]) => {
        <$t>::defs($out)
    };
    ($out:ident, $field:ident, [devices $t:ty]) => {
        <$t>::defs($out)
    };
    ($out:ident, $field:ident, [skip $t:ty]) => {};
    ($out:ident, $field:ident, [$kind:ident]) => {
        $out.push(Self::$field)
    };
}

macro_rules! path_of {
    ($at:literal, $field:ident, $path:literal) => {
        $path
    };
    ($at:literal, $field:ident) => {
        concat!($at, ".", stringify!($field))
    };
}

macro_rules! section_of {
    ($section:ident, $own:ident) => {
        Section::$own
    };
    ($section:ident) => {
        Section::$section
    };
}

macro_rules! records {
    ($(
        $(#[$smeta:meta])*
        pub struct $name:ident in $section:ident at $at:literal {
            $(
                $(#[$fmeta:meta])*
                $field:ident $(as $path:literal)? $(in $fsection:ident)?
                    : [$($kind:tt)+] $($doc:literal => $meta:expr)?,
            )*
        }
    )*) => {$(
        $(#[$smeta])*
        pub struct $name {
            $(
                $(#[doc = $doc])?
                $(#[$fmeta])*
                pub $field: field_type!($($kind)+),
            )*
        }

        impl $name {
            $(
                leaf_def!(
                    $field,
                    path_of!($at, $field $(, $path)?),
                    section_of!($section $(, $fsection)?),
                    [$($kind)+]
                    $(, $doc, $meta)?
                );
            )*

            /// Every leaf of this record and the records inside it, in walk order.
            pub fn defs(out: &mut Vec<&'static FieldDef>) {
                $(defs_one!(out, $field, [$($kind)+]);)*
            }

            /// Every leaf's value, in the order of the `show --json` document; `key` is
            /// the device a device's fields belong to.
            pub fn walk_in<'a>(&'a self, key: Option<i64>, f: &mut dyn FnMut(Field, Leaf<'a>)) {
                let _ = key;
                $(walk_one!(self, f, key, $field, [$($kind)+], walk_in, Leaf,);)*
            }

            /// [`Self::walk_in`], mutably: the same fields in the same order.
            pub fn walk_in_mut(&mut self, key: Option<i64>, f: &mut dyn FnMut(Field, LeafMut<'_>)) {
                let _ = key;
                $(walk_one!(self, f, key, $field, [$($kind)+], walk_in_mut, LeafMut, mut);)*
            }
        }
    )*};
}

/// Every field of the model, in walk order (a device's once).
pub fn fields() -> &'static [&'static FieldDef] {
    static FIELDS: std::sync::LazyLock<Vec<&'static FieldDef>> = std::sync::LazyLock::new(|| {
        let mut out = Vec::new();
        Report::defs(&mut out);
        out
    });
    &FIELDS
}

const fn shown(label: &'static str) -> Meta {
    Meta::shown(label)
}

records! {
    /// The whole report. Its fields are in the order of the `show --json` document, which is
    /// the order of its walk.
    #[derive(Clone, Debug, PartialEq)]
    pub struct Report in Report at "report" {
        /// How the report was read: not part of what it says.
        source: [skip Source],
        requested_at as "report.requested_at": [Time] "when the report was requested"
            => shown("Requested").export(X::Reports, &["requested_at"]),
        generated_at as "report.generated_at": [Time] "when WhatsApp generated it"
            => shown("Generated").export(X::Reports, &["generated_at"]),
        account: [record Account],
        registration: [record Registration],
        /// Sorted by id.
        devices: [devices Device],
        contacts as "contacts" in Contacts: [Contacts]
            "the contacts' numbers in report order, duplicates kept; none when the report has no contacts file"
            => shown("Contacts").export(X::Reports, &["contact_count"]).personal(),
        groups as "groups" in Groups: [Groups]
            "the groups' names in report order, duplicates and trailing spaces kept; none when the report has no groups file"
            => shown("Groups")
                .export(X::Reports, &["group_count", "distinct_group_count"])
                .personal(),
        blocked as "blocked" in Blocked: [Phones]
            "the blocked numbers; none when the report says nothing about blocking, empty when it shows an empty list"
            => shown("Blocked numbers").export(X::Reports, &["blocked_count"]).personal(),
        blocked_updated_at as "blocked_updated_at" in Blocked: [Time]
            "when the blocked list last changed"
            => shown("Blocked list updated").export(X::Reports, &["blocked_updated_at"]),
        privacy: [record Privacy],
        terms: [record Terms],
        web_desktop: [record WebDesktop],
        sync: [record SyncInfo],
        payments as "payments" in Other: [Payments]
            "whether the report has a payments folder, and what it holds (`absent`, `no_data`, `present`)"
            => shown("Payments").export(X::Reports, &["payments"]),
        /// Values found under labels the tables do not know, kept rather than lost.
        unrecognised: [skip Vec<Unrecognised>],
        warnings: [skip Vec<Warning>],
    }

    #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, schemars::JsonSchema)]
    pub struct Account in Account at "account" {
        phone_number: [Phone] "the account's number, E.164 (`+15555550123`)"
            => shown("Phone number").export(X::Reports, &["phone_number"]).personal().privacy(),
        name: [Name] "the account's name"
            => shown("Name").export(X::Reports, &["name"]).personal().privacy(),
        email: [Email] "the email address on file"
            => shown("Email").export(X::Reports, &["email"]).personal().privacy(),
        about: [About] "the About text"
            => shown("About").export(X::Reports, &["about"]).personal().privacy(),
        #[serde(serialize_with = "super::time::option")]
        about_set_at: [Time] "when the About text was set"
            => shown("About set").export(X::Reports, &["about_set_at"]),
        #[serde(serialize_with = "super::time::option")]
        about_expires_at: [Time] "when a timed About expires (gen C only)"
            => shown("About expires").export(X::Reports, &["about_expires_at"]),
        profile_picture: [record ProfilePicture],
    }

    /// What is known about the profile picture. The bytes themselves are never kept.
    #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, schemars::JsonSchema)]
    pub struct ProfilePicture in Account at "account.profile_picture" {
        #[serde(serialize_with = "super::time::flag")]
        #[schemars(with = "bool")]
        present: [Flag] "whether the report holds a profile picture (written `false` when it does not say)"
            => shown("Profile picture").export(X::Reports, &["profile_picture_present"]),
        #[serde(serialize_with = "super::time::option")]
        uploaded_at: [Time] "when the picture was uploaded"
            => shown("Picture uploaded").export(X::Reports, &["profile_picture_uploaded_at"]),
        size_bytes: [Size] "the picture's decoded size, when the report carries the picture itself"
            => shown("Picture size").export(X::Reports, &["profile_picture_size_bytes"]),
    }

    #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, schemars::JsonSchema)]
    pub struct Registration in Registration at "registration" {
        platform: [Text] "the platform registered on, lower case without the version: `android`, `iphone`"
            => shown("Platform").export(X::Reports, &["registration_platform"]),
        app_version: [Text] "the app version registered with"
            => shown("App version").export(X::Reports, &["registration_app_version"]),
        network_code: [Text] "the mobile network's MCC+MNC digits"
            => shown("Network code").export(X::Reports, &["registration_network_code"]),
        network_name: [Text] "the mobile network's name"
            => shown("Network name").export(X::Reports, &["registration_network_name"]),
        device: [Text] "the phone registered on"
            => shown("Device").export(X::Reports, &["registration_device"]),
        #[serde(serialize_with = "super::time::option")]
        registered_at: [Time] "when the account was registered"
            => shown("Registered").export(X::Reports, &["registered_at"]),
    }

    /// One phone or companion (Web, Desktop) device, joined across the report's files.
    #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, schemars::JsonSchema)]
    pub struct Device in Devices at "devices[]" {
        /// 0 is the primary phone.
        id: [skip i64],
        status: [Text] "as given: `OFFLINE`, `INACTIVE`"
            => shown("Status").export(X::Devices, &["status"]).line(B::Activity, 1),
        #[serde(serialize_with = "super::time::option")]
        last_active_at: [Time] "when it was last active"
            => shown("Last active").export(X::Devices, &["last_active_at"]).line(B::Activity, 2),
        #[serde(serialize_with = "super::time::option")]
        online_since: [Time] "since when it was online"
            => shown("Online since").export(X::Devices, &["online_since"]).line(B::Activity, 3),
        previous_ip: [Ip] "the previous IP address, truncated by WhatsApp (`2001:db8:12::`, `172.16.0.0`)"
            => shown("Previous IP").export(X::Devices, &["previous_ip"]).personal().privacy().line(B::Activity, 4),
        current_ip: [Ip] "the current IP address, complete"
            => shown("Current IP").export(X::Devices, &["current_ip"]).personal().privacy().line(B::Activity, 5),
        current_port: [Port] "the current connection's port"
            => shown("Current port").export(X::Devices, &["current_port"]),
        app_version: [Text] "as given: `Android-2.22.16.75`, `Web-2.2228.12`"
            => shown("App version").export(X::Devices, &["app_version"]).line(B::Information, 1),
        os_version: [Text] "the operating system's version"
            => shown("OS version").export(X::Devices, &["os_version"]).line(B::Information, 4),
        manufacturer: [Text] "the device's manufacturer"
            => shown("Manufacturer").export(X::Devices, &["manufacturer"]).line(B::Information, 5),
        model: [Text] "the device's model"
            => shown("Model").export(X::Devices, &["model"]).line(B::Information, 6),
        #[serde(serialize_with = "super::time::option")]
        settings_last_fetch_at: [Time] "when it last fetched its settings"
            => shown("Settings fetched")
                .export(X::Devices, &["settings_last_fetch_at"])
                .volatile().line(B::SettingsFetch, 1),
        #[serde(serialize_with = "super::time::option")]
        last_notification_dropped_at: [Time] "when a notification to it was last dropped"
            => shown("Notification dropped")
                .export(X::Devices, &["last_notification_dropped_at"])
                .volatile().line(B::SyncStatus, 1),
        #[serde(serialize_with = "super::time::option")]
        last_clean_at: [Time] "when it was last cleaned (HTML only)"
            => shown("Last clean")
                .export(X::Devices, &["last_clean_at"])
                .volatile()
                .html_only().line(B::SyncStatus, 2),
        mcc: [Text] "the mobile country code (HTML only)"
            => shown("MCC").export(X::Devices, &["mcc"]).html_only().line(B::Information, 2),
        mnc: [Text] "the mobile network code (HTML only)"
            => shown("MNC").export(X::Devices, &["mnc"]).html_only().line(B::Information, 3),
        os_build: [Text] "the operating system's build number (HTML only)"
            => shown("OS build").export(X::Devices, &["os_build"]).html_only().line(B::Information, 7),
    }

    /// The legacy (pre multi-device) Web/Desktop session.
    #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, schemars::JsonSchema)]
    pub struct WebDesktop in Other at "web_desktop" {
        platform: [Text] "the legacy Web/Desktop session's platform"
            => shown("Web/Desktop platform").export(X::Reports, &["web_desktop_platform"]),
        state: [Text] "its state: `INACTIVE`"
            => shown("Web/Desktop state").export(X::Reports, &["web_desktop_state"]),
        version: [Text] "its version (HTML only)"
            => shown("Web/Desktop version")
                .export(X::Reports, &["web_desktop_version"])
                .html_only(),
        #[serde(serialize_with = "super::time::option")]
        connected_since: [Time] "since when it was connected (HTML only)"
            => shown("Web/Desktop connected")
                .export(X::Reports, &["web_desktop_connected_since"])
                .html_only(),
        #[serde(serialize_with = "super::time::option")]
        inactive_since: [Time] "since when it was inactive (HTML only)"
            => shown("Web/Desktop inactive")
                .export(X::Reports, &["web_desktop_inactive_since"])
                .html_only(),
    }

    #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, schemars::JsonSchema)]
    pub struct Privacy in Privacy at "privacy" {
        last_seen: [Vis] "who sees when you were last online"
            => shown("Last seen").export(X::Privacy, &["last_seen"]).privacy(),
        profile_photo: [Vis] "who sees your profile photo"
            => shown("Profile photo").export(X::Privacy, &["profile_photo"]).privacy(),
        about: [Vis] "who sees your About text"
            => shown("About").export(X::Privacy, &["about"]).privacy(),
        /// `None` when the report says nothing about status privacy. An empty status
        /// privacy (JSON `[]`, an empty HTML row) has no mode and empty lists.
        status: [Status] "who sees your status: the mode marked active, and the except and only-share-with lists"
            => shown("Status")
                .export(
                    X::Privacy,
                    &["status_mode", "status_except_count", "status_only_share_with_count"],
                )
                .personal()
                .privacy(),
        read_receipts: [Flag] "whether others see when you have read their messages"
            => shown("Read receipts").export(X::Privacy, &["read_receipts"]).privacy(),
    }

    #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, schemars::JsonSchema)]
    pub struct SyncInfo in Other at "sync" {
        current_session_id: [Session] "the current sync session's id"
            => shown("Current sync session")
                .export(X::Reports, &["sync_current_session_id"])
                .personal(),
        #[serde(serialize_with = "super::time::option")]
        current_session_registered_at: [Time] "when the current sync session's account was registered"
            => shown("Sync session registered")
                .export(X::Reports, &["sync_current_session_registered_at"]),
        /// `None` when the report says nothing about sync sessions.
        sessions: [Sessions] "the sync sessions, each with its id, account registration time and state collections"
            => shown("Sync sessions").personal(),
    }

    /// The terms accepted, and the 2016 Facebook data-sharing opt-out. The JSON writes each
    /// as an object (`{accepted, accepted_at}`, `{opted_out, at}`): see the paths.
    #[derive(Clone, Copy, Debug, Default, PartialEq)]
    pub struct Terms in Terms at "terms" {
        tos_2016_accepted as "terms.tos_2016.accepted": [Flag] "whether the 2016 terms were accepted"
            => shown("2016 terms").export(X::Terms, &["tos_2016_accepted"]).privacy(),
        tos_2016_accepted_at as "terms.tos_2016.accepted_at": [Time] "when the 2016 terms were accepted"
            => shown("2016 terms accepted at").export(X::Terms, &["tos_2016_accepted_at"]),
        opted_out as "terms.data_sharing_opt_out.opted_out": [Flag]
            "whether the 2016 Facebook data sharing was opted out of"
            => shown("Facebook data-sharing opt-out")
                .export(X::Terms, &["data_sharing_opted_out"])
                .privacy(),
        opted_out_at as "terms.data_sharing_opt_out.at": [Time] "when it was opted out of (HTML only)"
            => shown("Opted out at")
                .export(X::Terms, &["data_sharing_opt_out_at"])
                .html_only(),
        tos_2018_accepted as "terms.tos_2018.accepted": [Flag] "whether the 2018 terms were accepted"
            => shown("2018 terms").export(X::Terms, &["tos_2018_accepted"]).privacy(),
        tos_2018_accepted_at as "terms.tos_2018.accepted_at": [Time] "when the 2018 terms were accepted"
            => shown("2018 terms accepted at").export(X::Terms, &["tos_2018_accepted_at"]),
        tos_2021_accepted as "terms.tos_2021.accepted": [Flag] "whether the 2021 terms were accepted"
            => shown("2021 terms").export(X::Terms, &["tos_2021_accepted"]).privacy(),
        tos_2021_accepted_at as "terms.tos_2021.accepted_at": [Time] "when the 2021 terms were accepted"
            => shown("2021 terms accepted at").export(X::Terms, &["tos_2021_accepted_at"]),
    }
}

/// One acceptance (or the opt-out) and when it happened: the terms' fields in pairs.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Acceptance {
    pub value: Option<bool>,
    pub at: Option<Timestamp>,
}

impl Terms {
    pub fn tos_2016(&self) -> Acceptance {
        Acceptance {
            value: self.tos_2016_accepted,
            at: self.tos_2016_accepted_at,
        }
    }

    /// `value` is whether the 2016 Facebook data sharing was opted out of.
    pub fn data_sharing_opt_out(&self) -> Acceptance {
        Acceptance {
            value: self.opted_out,
            at: self.opted_out_at,
        }
    }

    pub fn tos_2018(&self) -> Acceptance {
        Acceptance {
            value: self.tos_2018_accepted,
            at: self.tos_2018_accepted_at,
        }
    }

    pub fn tos_2021(&self) -> Acceptance {
        Acceptance {
            value: self.tos_2021_accepted,
            at: self.tos_2021_accepted_at,
        }
    }
}

impl Device {
    pub fn new(id: i64) -> Device {
        Device {
            id,
            ..Device::default()
        }
    }

    /// Whether this is a linked companion rather than the primary phone.
    pub fn is_companion(&self) -> bool {
        self.id != 0
    }

    /// A device as a whole: the field a device that one side of a comparison lacks is.
    pub const WHOLE: &'static FieldDef = &FieldDef {
        path: "devices[]",
        section: Section::Devices,
        kind: LeafKind::Size,
        doc: "a device as a whole",
        meta: Meta::shown("Device"),
    };
}

impl Report {
    /// Every field of the report's records (not of [`Source`], `unrecognised` or
    /// `warnings`, which describe the reading), in the order of the `show --json` document.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(Field, Leaf<'a>)) {
        self.walk_in(None, f);
    }

    /// [`Report::walk`], mutably. The same fields in the same order.
    pub fn walk_mut(&mut self, f: &mut dyn FnMut(Field, LeafMut<'_>)) {
        self.walk_in_mut(None, f);
    }

    /// Every field with its value.
    pub fn leaves(&self) -> Vec<(Field, Leaf<'_>)> {
        let mut out = Vec::with_capacity(64);
        self.walk(&mut |field, leaf| out.push((field, leaf)));
        out
    }
}
