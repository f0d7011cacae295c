//! What changed between two reports. Pure: two [`Report`]s in, a [`Diff`] out.
//!
//! - Contacts, groups, blocked numbers and the status exception lists compare as multisets:
//!   order does not matter, and a name found twice in one report and once in the other is one
//!   removal (duplicate group names are real).
//! - Devices match by id, then field by field.
//! - Every privacy, terms, account and registration field is compared.
//!
//! Only what both reports carry is compared. A field one report has and the other lacks is a
//! change (`added`/`removed`) between reports of the same generation, where a missing value
//! means "not set"; across generations it may mean "this format does not carry it", so it is
//! listed in [`Diff::not_comparable`] instead.

use std::collections::BTreeMap;

use jiff::Timestamp;

use crate::model::{Device, Report, Visibility};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Account,
    Registration,
    Devices,
    Contacts,
    Groups,
    Blocked,
    Privacy,
    Terms,
}

impl Section {
    pub const ALL: [Section; 8] = [
        Section::Account,
        Section::Registration,
        Section::Devices,
        Section::Contacts,
        Section::Groups,
        Section::Blocked,
        Section::Privacy,
        Section::Terms,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Section::Account => "account",
            Section::Registration => "registration",
            Section::Devices => "devices",
            Section::Contacts => "contacts",
            Section::Groups => "groups",
            Section::Blocked => "blocked",
            Section::Privacy => "privacy",
            Section::Terms => "terms",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Op {
    Added,
    Removed,
    Changed,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Added => "added",
            Op::Removed => "removed",
            Op::Changed => "changed",
        }
    }

    fn mirrored(self) -> Op {
        match self {
            Op::Added => Op::Removed,
            Op::Removed => Op::Added,
            Op::Changed => Op::Changed,
        }
    }
}

/// One side of a change.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Text(String),
    Bool(bool),
    Int(i64),
    Time(Timestamp),
    Vis(Visibility),
    Device(Box<Device>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub section: Section,
    pub op: Op,
    /// The phone number, group name, device id, or field path (`privacy.last_seen`).
    pub key: String,
    pub old: Option<Val>,
    pub new: Option<Val>,
}

impl Change {
    /// The same change seen from the other side.
    pub fn mirrored(&self) -> Change {
        Change {
            section: self.section,
            op: self.op.mirrored(),
            key: self.key.clone(),
            old: self.new.clone(),
            new: self.old.clone(),
        }
    }

    /// A visibility setting that now reaches more people (`Some(true)`) or fewer.
    pub fn widened(&self) -> Option<bool> {
        match (&self.old, &self.new) {
            (Some(Val::Vis(a)), Some(Val::Vis(b))) => Some(b.reach()? > a.reach()?),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diff {
    pub changes: Vec<Change>,
    /// Field paths one report carries and the other's format may not.
    pub not_comparable: Vec<String>,
}

impl Diff {
    /// Keeps only these sections.
    pub fn retain(&mut self, keep: impl Fn(Section) -> bool) {
        self.changes.retain(|c| keep(c.section));
        self.not_comparable.retain(|path| {
            let first = path.split('.').next().unwrap_or("");
            Section::ALL.iter().any(|&s| s.as_str() == first && keep(s))
        });
    }

    /// Changes in one section, by operation: (added, removed, changed).
    pub fn counts(&self, section: Section) -> (usize, usize, usize) {
        let n = |op| {
            self.changes
                .iter()
                .filter(|c| c.section == section && c.op == op)
                .count()
        };
        (n(Op::Added), n(Op::Removed), n(Op::Changed))
    }
}

struct Differ {
    same_generation: bool,
    out: Diff,
}

impl Differ {
    fn push(&mut self, section: Section, op: Op, key: String, old: Option<Val>, new: Option<Val>) {
        self.out.changes.push(Change {
            section,
            op,
            key,
            old,
            new,
        });
    }

    /// One optional field.
    fn field<T: PartialEq + Clone>(
        &mut self,
        section: Section,
        key: &str,
        old: &Option<T>,
        new: &Option<T>,
        val: impl Fn(T) -> Val,
    ) {
        match (old, new) {
            (Some(a), Some(b)) if a == b => {}
            (None, None) => {}
            (Some(a), Some(b)) => self.push(
                section,
                Op::Changed,
                key.into(),
                Some(val(a.clone())),
                Some(val(b.clone())),
            ),
            _ if !self.same_generation => self.out.not_comparable.push(key.into()),
            (Some(a), None) => {
                self.push(section, Op::Removed, key.into(), Some(val(a.clone())), None)
            }
            (None, Some(b)) => {
                self.push(section, Op::Added, key.into(), None, Some(val(b.clone())))
            }
        }
    }

    fn text(&mut self, section: Section, key: &str, old: &Option<String>, new: &Option<String>) {
        self.field(section, key, old, new, Val::Text);
    }

    fn time(
        &mut self,
        section: Section,
        key: &str,
        old: &Option<Timestamp>,
        new: &Option<Timestamp>,
    ) {
        self.field(section, key, old, new, Val::Time);
    }

    /// Two lists as multisets; `key` names the list for elements that are not keys
    /// themselves (the status exception lists), `None` when each element is its own key.
    fn multiset(&mut self, section: Section, key: Option<&str>, old: &[String], new: &[String]) {
        let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for item in old {
            counts.entry(item).or_default().0 += 1;
        }
        for item in new {
            counts.entry(item).or_default().1 += 1;
        }
        for (item, (o, n)) in counts {
            let k = key.map_or_else(|| item.to_string(), str::to_string);
            let v = || Some(Val::Text(item.to_string()));
            for _ in n..o {
                self.push(section, Op::Removed, k.clone(), v(), None);
            }
            for _ in o..n {
                self.push(section, Op::Added, k.clone(), None, v());
            }
        }
    }

    fn device(&mut self, old: &Device, new: &Device) {
        let s = Section::Devices;
        let id = old.id;
        let key = |field: &str| format!("devices.{id}.{field}");
        self.text(s, &key("status"), &old.status, &new.status);
        self.time(
            s,
            &key("last_active_at"),
            &old.last_active_at,
            &new.last_active_at,
        );
        self.time(
            s,
            &key("online_since"),
            &old.online_since,
            &new.online_since,
        );
        self.text(s, &key("previous_ip"), &old.previous_ip, &new.previous_ip);
        self.text(s, &key("current_ip"), &old.current_ip, &new.current_ip);
        let port = |p: &Option<u16>| p.map(i64::from);
        self.field(
            s,
            &key("current_port"),
            &port(&old.current_port),
            &port(&new.current_port),
            Val::Int,
        );
        self.text(s, &key("app_version"), &old.app_version, &new.app_version);
        self.text(s, &key("os_version"), &old.os_version, &new.os_version);
        self.text(
            s,
            &key("manufacturer"),
            &old.manufacturer,
            &new.manufacturer,
        );
        self.text(s, &key("model"), &old.model, &new.model);
        self.text(s, &key("mcc"), &old.mcc, &new.mcc);
        self.text(s, &key("mnc"), &old.mnc, &new.mnc);
        self.text(s, &key("os_build"), &old.os_build, &new.os_build);
    }
}

/// Everything that changed from `old` to `new`.
pub fn diff(old: &Report, new: &Report) -> Diff {
    let mut d = Differ {
        same_generation: old.generation == new.generation,
        out: Diff::default(),
    };
    let (a, b) = (&old.account, &new.account);
    let s = Section::Account;
    d.text(s, "account.phone_number", &a.phone_number, &b.phone_number);
    d.text(s, "account.name", &a.name, &b.name);
    d.text(s, "account.email", &a.email, &b.email);
    d.text(s, "account.about", &a.about, &b.about);
    d.time(s, "account.about_set_at", &a.about_set_at, &b.about_set_at);
    let present = |r: &Report| Some(r.account.profile_picture.present);
    d.field(
        s,
        "account.profile_picture.present",
        &present(old),
        &present(new),
        Val::Bool,
    );
    let (pa, pb) = (&a.profile_picture, &b.profile_picture);
    d.time(
        s,
        "account.profile_picture.uploaded_at",
        &pa.uploaded_at,
        &pb.uploaded_at,
    );

    let (a, b) = (&old.registration, &new.registration);
    let s = Section::Registration;
    d.text(s, "registration.platform", &a.platform, &b.platform);
    d.text(
        s,
        "registration.app_version",
        &a.app_version,
        &b.app_version,
    );
    d.text(
        s,
        "registration.network_code",
        &a.network_code,
        &b.network_code,
    );
    d.text(
        s,
        "registration.network_name",
        &a.network_name,
        &b.network_name,
    );
    d.text(s, "registration.device", &a.device, &b.device);
    d.time(
        s,
        "registration.registered_at",
        &a.registered_at,
        &b.registered_at,
    );

    fn by_id(r: &Report) -> BTreeMap<i64, &Device> {
        r.devices.iter().map(|dev| (dev.id, dev)).collect()
    }
    let (devices_old, devices_new) = (by_id(old), by_id(new));
    for (id, dev) in &devices_old {
        match devices_new.get(id) {
            Some(other) => d.device(dev, other),
            None => d.push(
                Section::Devices,
                Op::Removed,
                id.to_string(),
                Some(Val::Device(Box::new((*dev).clone()))),
                None,
            ),
        }
    }
    for (id, dev) in &devices_new {
        if !devices_old.contains_key(id) {
            d.push(
                Section::Devices,
                Op::Added,
                id.to_string(),
                None,
                Some(Val::Device(Box::new((*dev).clone()))),
            );
        }
    }

    d.multiset(Section::Contacts, None, &old.contacts, &new.contacts);
    d.multiset(Section::Groups, None, &old.groups, &new.groups);
    match (&old.blocked, &new.blocked) {
        (Some(a), Some(b)) => {
            d.multiset(Section::Blocked, None, &a.numbers, &b.numbers);
            d.time(
                Section::Blocked,
                "blocked.updated_at",
                &a.updated_at,
                &b.updated_at,
            );
        }
        (None, None) => {}
        _ => d.out.not_comparable.push("blocked".into()),
    }

    let (a, b) = (&old.privacy, &new.privacy);
    let s = Section::Privacy;
    d.field(s, "privacy.last_seen", &a.last_seen, &b.last_seen, Val::Vis);
    d.field(
        s,
        "privacy.profile_photo",
        &a.profile_photo,
        &b.profile_photo,
        Val::Vis,
    );
    d.field(s, "privacy.about", &a.about, &b.about, Val::Vis);
    match (&a.status, &b.status) {
        (Some(x), Some(y)) => {
            d.field(s, "privacy.status.mode", &x.mode, &y.mode, Val::Vis);
            d.multiset(s, Some("privacy.status.except"), &x.except, &y.except);
            d.multiset(
                s,
                Some("privacy.status.only_share_with"),
                &x.only_share_with,
                &y.only_share_with,
            );
        }
        (None, None) => {}
        _ => d.out.not_comparable.push("privacy.status".into()),
    }
    d.field(
        s,
        "privacy.read_receipts",
        &a.read_receipts,
        &b.read_receipts,
        Val::Bool,
    );

    let (a, b) = (&old.terms, &new.terms);
    let s = Section::Terms;
    for (name, x, y) in [
        ("tos_2016", a.tos_2016, b.tos_2016),
        (
            "data_sharing_opt_out",
            a.data_sharing_opt_out,
            b.data_sharing_opt_out,
        ),
        ("tos_2018", a.tos_2018, b.tos_2018),
        ("tos_2021", a.tos_2021, b.tos_2021),
    ] {
        let (flag, at) = if name == "data_sharing_opt_out" {
            ("opted_out", "at")
        } else {
            ("accepted", "accepted_at")
        };
        d.field(
            s,
            &format!("terms.{name}.{flag}"),
            &x.value,
            &y.value,
            Val::Bool,
        );
        d.time(s, &format!("terms.{name}.{at}"), &x.at, &y.at);
    }
    d.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Blocked, Generation};

    fn report() -> Report {
        let mut r = Report::empty(Generation::B);
        r.contacts = vec!["+15555550101".into(), "+15555550102".into()];
        r.groups = vec!["Book club".into(), "Book club".into(), "Football ".into()];
        r.privacy.last_seen = Some(Visibility::MyContacts);
        r.blocked = Some(Blocked::default());
        r.device_mut(0).previous_ip = Some("2001:db8:12::".into());
        r
    }

    #[test]
    fn a_report_against_itself_has_no_changes() {
        assert_eq!(diff(&report(), &report()), Diff::default());
    }

    #[test]
    fn one_of_a_duplicated_group_removed_is_one_removal() {
        let old = report();
        let mut new = report();
        new.groups.remove(0);
        let d = diff(&old, &new);
        assert_eq!(d.changes.len(), 1);
        assert_eq!(d.changes[0].op, Op::Removed);
        assert_eq!(d.changes[0].key, "Book club");
    }

    #[test]
    fn order_does_not_matter() {
        let old = report();
        let mut new = report();
        new.contacts.reverse();
        new.groups.rotate_left(1);
        assert!(diff(&old, &new).changes.is_empty());
    }

    #[test]
    fn widening_is_recognised() {
        let old = report();
        let mut new = report();
        new.privacy.last_seen = Some(Visibility::Everyone);
        let d = diff(&old, &new);
        assert_eq!(d.changes[0].key, "privacy.last_seen");
        assert_eq!(d.changes[0].widened(), Some(true));
        assert_eq!(d.changes[0].mirrored().widened(), Some(false));
    }

    #[test]
    fn a_missing_value_across_generations_is_not_comparable() {
        let mut old = report();
        old.account.email = Some("a@example.com".into());
        let mut new = report();
        let same = diff(&old, &new);
        assert_eq!(same.changes[0].op, Op::Removed);
        new.generation = Generation::C;
        let across = diff(&old, &new);
        assert!(across.changes.is_empty());
        assert_eq!(across.not_comparable, ["account.email"]);
    }

    #[test]
    fn retain_filters_changes_and_not_comparable() {
        let mut old = report();
        old.account.email = Some("a@example.com".into());
        old.contacts.push("+15555550109".into());
        let mut new = report();
        new.generation = Generation::C;
        let mut d = diff(&old, &new);
        d.retain(|s| s == Section::Contacts);
        assert_eq!(d.changes.len(), 1);
        assert!(d.not_comparable.is_empty());
    }
}
