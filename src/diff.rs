//! What changed between two reports. Pure: two [`Report`]s in, a [`Diff`] out.
//!
//! Every field the model has is compared, through the model's one list of fields
//! ([`Report::walk`]), so a new field cannot be forgotten:
//! - contacts, groups, blocked numbers and the status exception lists compare as multisets:
//!   order does not matter, and a name found twice in one report and once in the other is
//!   one removal (duplicate group names are real);
//! - devices match by id, then field by field; sync sessions by position;
//! - the report's own times are the diff's two sides, not changes.
//!
//! A field one report has and the other lacks is a change (`added`/`removed`) between
//! reports of the same generation, where a missing value means "not set"; across
//! generations it may mean "this format does not carry it", so it is listed as not
//! comparable instead. A list one report does not carry at all is never compared.
//!
//! Keys are typed ([`Key`]): a field, a list item, a device, a sync session. No renderer
//! guesses structure from the characters of a name (group names hold dots and colons).

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;

use crate::model::{
    Contacts, Device, Field, FieldDef, Leaf, LeafKind, Meta, Report, Section, StatusPrivacy,
    SyncSession, Visibility,
};
use crate::text::{About, Email, GroupName, Ip, PersonName, Phone, SessionId, Text};

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

/// The lists whose items are compared as multisets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemList {
    Contacts,
    Groups,
    Blocked,
    StatusExcept,
    StatusOnlyShareWith,
}

/// What a change is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// A field of the records: `privacy.last_seen`, `devices.2.status`.
    Field(Field),
    /// An item of a list; the item itself is the change's value.
    Item(ItemList),
    /// A whole device, added or removed.
    Device(i64),
    /// A sync session (by position), or one of its fields.
    Session {
        index: usize,
        field: Option<&'static str>,
    },
}

/// One side of a change, written in JSON as the value itself.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Val {
    Time(#[serde(serialize_with = "crate::model::time::one")] Timestamp),
    Bool(bool),
    Int(i64),
    Text(Text),
    Phone(Phone),
    Email(Email),
    Name(PersonName),
    About(About),
    Group(GroupName),
    Session(SessionId),
    Ip(Ip),
    Vis(Visibility),
    Texts(Vec<Text>),
    Payments(&'static str),
    Device(Box<Device>),
}

impl Val {
    /// A scalar field's value (`Some(None)` where the report does not say); `None` for a
    /// list, the status privacy and the sync sessions, which are not one value.
    pub fn of(leaf: Leaf<'_>) -> Option<Option<Val>> {
        Some(match leaf {
            Leaf::Time(t) => t.map(Val::Time),
            Leaf::Flag(b) => b.map(Val::Bool),
            Leaf::Port(p) => p.map(|p| Val::Int(i64::from(p))),
            Leaf::Size(n) => n.map(|n| Val::Int(i64::try_from(n).unwrap_or(i64::MAX))),
            Leaf::Text(t) => t.clone().map(Val::Text),
            Leaf::Phone(p) => p.clone().map(Val::Phone),
            Leaf::Email(e) => e.clone().map(Val::Email),
            Leaf::Name(n) => n.clone().map(Val::Name),
            Leaf::About(a) => a.clone().map(Val::About),
            Leaf::Session(s) => s.clone().map(Val::Session),
            Leaf::Ip(ip) => ip.clone().map(Val::Ip),
            Leaf::Vis(v) => v.clone().map(Val::Vis),
            Leaf::Payments(p) => p.as_ref().map(|p| Val::Payments(p.word())),
            Leaf::Phones(_)
            | Leaf::Contacts(_)
            | Leaf::Groups(_)
            | Leaf::Status(_)
            | Leaf::Sessions(_) => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub section: Section,
    pub op: Op,
    pub key: Key,
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

    /// The contract's key: the field path, the list item (a status list's path), the device
    /// id.
    pub fn key_text(&self) -> String {
        match &self.key {
            Key::Field(field) => field.key(),
            Key::Item(ItemList::StatusExcept) => "privacy.status.except".into(),
            Key::Item(ItemList::StatusOnlyShareWith) => "privacy.status.only_share_with".into(),
            Key::Item(_) => self
                .old
                .as_ref()
                .or(self.new.as_ref())
                .map(val_exact)
                .unwrap_or_default(),
            Key::Device(id) => id.to_string(),
            Key::Session { index, field } => match field {
                Some(f) => format!("sync.sessions.{index}.{f}"),
                None => format!("sync.sessions.{index}"),
            },
        }
    }
}

/// Where a change goes for people: what a person decided or should look at first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// Visibility, read receipts, terms and the opt-out, linked devices and their IPs, the
    /// account's number, name, email and about.
    Privacy,
    Other,
    /// Fields that change on their own (fetch, drop and clean times).
    LowInterest,
    /// Items of the contact, group, blocked and status lists.
    Lists,
}

impl Group {
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Privacy => "privacy",
            Group::Other => "other",
            Group::LowInterest => "low_interest",
            Group::Lists => "lists",
        }
    }
}

/// The status privacy's mode, compared on its own beside its lists.
const STATUS_MODE: &FieldDef = &FieldDef {
    path: "privacy.status.mode",
    section: Section::Privacy,
    kind: LeafKind::Vis,
    doc: "the status privacy's mode, marked active",
    meta: Meta::shown("Status").privacy(),
};

impl Change {
    pub fn group(&self) -> Group {
        match &self.key {
            Key::Item(_) => Group::Lists,
            Key::Device(_) => Group::Privacy,
            Key::Field(f) if f.is_volatile() => Group::LowInterest,
            Key::Field(f) if f.def.meta.privacy => Group::Privacy,
            Key::Field(_) => Group::Other,
            Key::Session { .. } => Group::Other,
        }
    }
}

impl serde::Serialize for Change {
    /// The contract's change: `{section, op, key, old, new}`, and the group people see it in.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Change", 6)?;
        st.serialize_field("section", self.section.as_str())?;
        st.serialize_field("op", self.op.as_str())?;
        st.serialize_field("key", &self.key_text())?;
        st.serialize_field("old", &self.old)?;
        st.serialize_field("new", &self.new)?;
        st.serialize_field("group", self.group().as_str())?;
        st.end()
    }
}

/// A value's exact text (for keys).
fn val_exact(v: &Val) -> String {
    match v {
        Val::Phone(p) => p.exact().to_string(),
        Val::Group(g) => g.exact().to_string(),
        Val::Text(t) => t.exact().to_string(),
        other => format!("{other:?}"),
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diff {
    pub changes: Vec<Change>,
    /// Fields one report carries and the other's format may not.
    pub not_comparable: Vec<Field>,
}

impl Diff {
    /// Keeps only these sections.
    pub fn retain(&mut self, keep: impl Fn(Section) -> bool) {
        self.changes.retain(|c| keep(c.section));
        self.not_comparable.retain(|f| keep(f.section()));
    }
}

struct Differ {
    same_generation: bool,
    out: Diff,
}

impl Differ {
    fn push(&mut self, section: Section, op: Op, key: Key, old: Option<Val>, new: Option<Val>) {
        self.out.changes.push(Change {
            section,
            op,
            key,
            old,
            new,
        });
    }

    /// One optional value.
    fn scalar(&mut self, field: Field, old: Option<Val>, new: Option<Val>) {
        match op(&old, &new) {
            None => {}
            Some(Op::Added | Op::Removed) if !self.same_generation => {
                self.out.not_comparable.push(field)
            }
            Some(op) => self.push(field.section(), op, Key::Field(field), old, new),
        }
    }

    /// Two lists as multisets.
    fn multiset<T: Ord + Clone>(
        &mut self,
        section: Section,
        list: ItemList,
        old: &[T],
        new: &[T],
        val: impl Fn(T) -> Val,
    ) {
        let mut counts: BTreeMap<&T, (usize, usize)> = BTreeMap::new();
        for item in old {
            counts.entry(item).or_default().0 += 1;
        }
        for item in new {
            counts.entry(item).or_default().1 += 1;
        }
        for (item, (o, n)) in counts {
            let v = || Some(val(item.clone()));
            for _ in n..o {
                self.push(section, Op::Removed, Key::Item(list), v(), None);
            }
            for _ in o..n {
                self.push(section, Op::Added, Key::Item(list), None, v());
            }
        }
    }

    fn leaf(&mut self, field: Field, old: Leaf<'_>, new: Leaf<'_>) {
        if let (Some(a), Some(b)) = (Val::of(old), Val::of(new)) {
            return self.scalar(field, a, b);
        }
        let s = field.section();
        match (old, new) {
            (Leaf::Phones(Some(a)), Leaf::Phones(Some(b))) => {
                self.multiset(s, ItemList::Blocked, a, b, Val::Phone)
            }
            (Leaf::Groups(Some(a)), Leaf::Groups(Some(b))) => {
                self.multiset(s, ItemList::Groups, a, b, Val::Group)
            }
            (Leaf::Contacts(Some(Contacts::Kept(a))), Leaf::Contacts(Some(Contacts::Kept(b)))) => {
                self.multiset(s, ItemList::Contacts, a, b, Val::Phone)
            }
            (Leaf::Contacts(Some(a)), Leaf::Contacts(Some(b))) => {
                let n = |c: &Contacts| Some(Val::Int(i64::try_from(c.len()).unwrap_or(i64::MAX)));
                self.scalar(field, n(a), n(b))
            }
            (Leaf::Status(Some(a)), Leaf::Status(Some(b))) => self.status(field, a, b),
            (Leaf::Sessions(Some(a)), Leaf::Sessions(Some(b))) => self.sessions(a, b),
            // A list one report does not carry at all is never compared. (The walk gives
            // both reports the same kind of leaf for the same field.)
            (a, b) if a.is_none() != b.is_none() => self.out.not_comparable.push(field),
            _ => {}
        }
    }

    fn status(&mut self, field: Field, a: &StatusPrivacy, b: &StatusPrivacy) {
        let mode = Field {
            def: STATUS_MODE,
            ..field
        };
        let mode_of = |s: &StatusPrivacy| s.mode.clone().map(Val::Vis);
        self.scalar(mode, mode_of(a), mode_of(b));
        for (list, old, new) in [
            (ItemList::StatusExcept, &a.except, &b.except),
            (
                ItemList::StatusOnlyShareWith,
                &a.only_share_with,
                &b.only_share_with,
            ),
        ] {
            self.multiset(field.section(), list, old, new, Val::Phone);
        }
    }

    fn sessions(&mut self, old: &[SyncSession], new: &[SyncSession]) {
        let s = Section::Other;
        for index in 0..old.len().max(new.len()) {
            let key = |field| Key::Session { index, field };
            let id = |x: &SyncSession| x.id.clone().map(Val::Session);
            match (old.get(index), new.get(index)) {
                (Some(a), Some(b)) => {
                    let mut one = |field: &'static str, x: Option<Val>, y: Option<Val>| {
                        if let Some(op) = op(&x, &y) {
                            self.push(s, op, key(Some(field)), x, y);
                        }
                    };
                    one("id", id(a), id(b));
                    one(
                        "account_registered_at",
                        a.account_registered_at.map(Val::Time),
                        b.account_registered_at.map(Val::Time),
                    );
                    let texts = |x: &SyncSession| Some(Val::Texts(x.state_collections.clone()));
                    one("state_collections", texts(a), texts(b));
                }
                (Some(a), None) => self.push(s, Op::Removed, key(None), id(a), None),
                (None, Some(b)) => self.push(s, Op::Added, key(None), None, id(b)),
                (None, None) => {}
            }
        }
    }
}

/// What a value going from `old` to `new` is; `None` when it stays.
fn op(old: &Option<Val>, new: &Option<Val>) -> Option<Op> {
    match (old, new) {
        (Some(a), Some(b)) if a == b => None,
        (None, None) => None,
        (Some(_), Some(_)) => Some(Op::Changed),
        (Some(_), None) => Some(Op::Removed),
        (None, Some(_)) => Some(Op::Added),
    }
}

/// Everything that changed from `old` to `new`.
pub fn diff(old: &Report, new: &Report) -> Diff {
    let mut d = Differ {
        same_generation: old.generation() == new.generation(),
        out: Diff::default(),
    };
    let ids = |r: &Report| r.devices.iter().map(|d| d.id).collect::<BTreeSet<i64>>();
    let (old_ids, new_ids) = (ids(old), ids(new));
    // Whole devices added or removed, listed where the devices' fields start.
    let sides = [
        (Op::Removed, old, &old_ids, &new_ids),
        (Op::Added, new, &new_ids, &old_ids),
    ];
    for (op, r, ids, others) in sides {
        for id in ids.difference(others) {
            let device = r.device(*id).cloned().map(|d| Val::Device(Box::new(d)));
            let (a, b) = if op == Op::Added {
                (None, device)
            } else {
                (device, None)
            };
            d.push(Section::Devices, op, Key::Device(*id), a, b);
        }
    }
    let mut presence = std::mem::take(&mut d.out.changes);
    let new_leaves: BTreeMap<Field, Leaf<'_>> = new.leaves().into_iter().collect();
    for (field, leaf) in old.leaves() {
        match field.section() {
            Section::Report => continue,
            Section::Devices => {
                d.out.changes.append(&mut presence);
                if field.device.is_some_and(|id| !new_ids.contains(&id)) {
                    continue;
                }
            }
            _ => {}
        }
        if let Some(other) = new_leaves.get(&field) {
            d.leaf(field, leaf, *other);
        }
    }
    d.out.changes.append(&mut presence);
    d.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Generation;

    fn report() -> Report {
        let mut r = Report::empty(Generation::B);
        r.contacts = Some(Contacts::Kept(vec![
            Phone::new("+15555550101"),
            Phone::new("+15555550102"),
        ]));
        r.groups = Some(
            ["Book club", "Book club", "Football ", "St. Mary's P.T.A."]
                .map(GroupName::new)
                .to_vec(),
        );
        r.privacy.last_seen = Some(Visibility::MyContacts);
        r.blocked = Some(Vec::new());
        r.device_mut(0).previous_ip = Ip::parse("2001:db8:12::").ok();
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
        new.groups.as_mut().unwrap().remove(0);
        let d = diff(&old, &new);
        assert_eq!(d.changes.len(), 1);
        assert_eq!(d.changes[0].op, Op::Removed);
        assert_eq!(d.changes[0].key, Key::Item(ItemList::Groups));
        assert_eq!(d.changes[0].key_text(), "Book club");
    }

    #[test]
    fn a_group_name_with_dots_is_an_item_not_a_path() {
        let old = report();
        let mut new = report();
        new.groups.as_mut().unwrap().pop();
        let d = diff(&old, &new);
        assert_eq!(d.changes[0].key, Key::Item(ItemList::Groups));
        assert_eq!(d.changes[0].key_text(), "St. Mary's P.T.A.");
    }

    #[test]
    fn order_does_not_matter() {
        let old = report();
        let mut new = report();
        if let Some(Contacts::Kept(c)) = &mut new.contacts {
            c.reverse();
        }
        new.groups.as_mut().unwrap().rotate_left(1);
        assert!(diff(&old, &new).changes.is_empty());
    }

    #[test]
    fn widening_is_recognised() {
        let old = report();
        let mut new = report();
        new.privacy.last_seen = Some(Visibility::Everyone);
        let d = diff(&old, &new);
        assert_eq!(d.changes[0].key_text(), "privacy.last_seen");
        assert_eq!(d.changes[0].widened(), Some(true));
        assert_eq!(d.changes[0].mirrored().widened(), Some(false));
    }

    #[test]
    fn volatile_device_fields_are_compared_and_marked() {
        let old = report();
        let mut new = report();
        new.device_mut(0).settings_last_fetch_at = Some(Timestamp::UNIX_EPOCH);
        let d = diff(&old, &new);
        assert_eq!(d.changes.len(), 1);
        assert_eq!(d.changes[0].group(), Group::LowInterest);
        assert_eq!(d.changes[0].key_text(), "devices.0.settings_last_fetch_at");
    }

    #[test]
    fn a_missing_value_across_generations_is_not_comparable() {
        let mut old = report();
        old.account.email = Some(Email::new("a@example.com"));
        let mut new = report();
        let same = diff(&old, &new);
        assert_eq!(same.changes[0].op, Op::Removed);
        new.source.generation = Generation::C;
        let across = diff(&old, &new);
        assert!(across.changes.is_empty());
        assert_eq!(across.not_comparable[0].key(), "account.email");
    }

    /// Sets a field to one of two distinct values of its type.
    fn set(leaf: crate::model::LeafMut<'_>, second: bool) {
        use crate::model::{LeafMut as L, Payments, StatusPrivacy, SyncSession};
        let pick = |a: &str, b: &str| if second { b.to_string() } else { a.to_string() };
        let t = Timestamp::from_second(if second { 1_700_000_000 } else { 1_600_000_000 }).unwrap();
        let phone = Phone::new(pick("+15555550101", "+15555550102"));
        match leaf {
            L::Time(v) => *v = Some(t),
            L::Flag(v) => *v = Some(second),
            L::Port(v) => *v = Some(if second { 2 } else { 1 }),
            L::Size(v) => *v = Some(if second { 2 } else { 1 }),
            L::Text(v) => *v = Some(Text::new(pick("a", "b"))),
            L::Phone(v) => *v = Some(phone),
            L::Email(v) => *v = Some(Email::new(pick("a@x", "b@x"))),
            L::Name(v) => *v = Some(PersonName::new(pick("A", "B"))),
            L::About(v) => *v = Some(About::new(pick("a", "b"))),
            L::Session(v) => *v = Some(SessionId::new(pick("a", "b"))),
            L::Ip(v) => *v = Ip::parse(&pick("10.0.0.1", "10.0.0.2")).ok(),
            L::Vis(v) => {
                *v = Some(if second {
                    Visibility::Nobody
                } else {
                    Visibility::Everyone
                })
            }
            L::Phones(v) => *v = Some(vec![phone]),
            L::Contacts(v) => *v = Some(Contacts::Kept(vec![phone])),
            L::Groups(v) => *v = Some(vec![GroupName::new(pick("g", "h"))]),
            L::Status(v) => {
                *v = Some(StatusPrivacy {
                    mode: Some(Visibility::MyContactsExcept),
                    except: vec![phone],
                    only_share_with: vec![],
                })
            }
            L::Sessions(v) => {
                *v = Some(vec![SyncSession {
                    id: Some(SessionId::new(pick("a", "b"))),
                    ..SyncSession::default()
                }])
            }
            L::Payments(v) => {
                *v = Some(if second {
                    Payments::Present(vec![])
                } else {
                    Payments::NoData
                })
            }
        }
    }

    /// Whether a change is about a field.
    fn covers(change: &Change, field: &Field) -> bool {
        match &change.key {
            Key::Field(f) => {
                f.key() == field.key()
                    || (field.path() == "privacy.status" && f.path() == "privacy.status.mode")
            }
            Key::Item(list) => {
                let path = match list {
                    ItemList::Contacts => "contacts",
                    ItemList::Groups => "groups",
                    ItemList::Blocked => "blocked",
                    ItemList::StatusExcept | ItemList::StatusOnlyShareWith => "privacy.status",
                };
                path == field.path()
            }
            Key::Session { .. } => field.path() == "sync.sessions",
            Key::Device(_) => false,
        }
    }

    #[test]
    fn a_change_in_any_one_field_of_the_model_is_reported() {
        // Every field the walk lists (and the walk is made from the model's table, so it
        // lists every field), changed alone, is a change in the diff; the report's own
        // times are the diff's sides instead.
        let mut base = Report::empty(Generation::B);
        base.device_mut(0);
        base.device_mut(2);
        base.walk_mut(&mut |_, leaf| set(leaf, false));
        let fields: Vec<Field> = base.leaves().into_iter().map(|(f, _)| f).collect();
        let per_device = crate::model::fields()
            .iter()
            .filter(|d| d.is_device())
            .count();
        let of_report = crate::model::fields().len() - per_device;
        assert_eq!(
            fields.len(),
            of_report + 2 * per_device,
            "two devices' fields"
        );
        for (i, field) in fields.iter().enumerate() {
            let mut other = base.clone();
            let mut n = 0;
            other.walk_mut(&mut |_, leaf| {
                if n == i {
                    set(leaf, true);
                }
                n += 1;
            });
            assert_ne!(base, other, "{}", field.key());
            let d = diff(&base, &other);
            if field.section() == Section::Report {
                assert!(d.changes.is_empty(), "{}", field.key());
                continue;
            }
            assert!(
                d.changes.iter().any(|c| covers(c, field)),
                "{}: {:?}",
                field.key(),
                d.changes
            );
            assert!(
                d.changes.iter().all(|c| covers(c, field)),
                "{} changed alone: {:?}",
                field.key(),
                d.changes
            );
        }
    }

    #[test]
    fn retain_filters_changes_and_not_comparable() {
        let mut old = report();
        old.account.email = Some(Email::new("a@example.com"));
        if let Some(Contacts::Kept(c)) = &mut old.contacts {
            c.push(Phone::new("+15555550109"));
        }
        let mut new = report();
        new.source.generation = Generation::C;
        let mut d = diff(&old, &new);
        d.retain(|s| s == Section::Contacts);
        assert_eq!(d.changes.len(), 1);
        assert!(d.not_comparable.is_empty());
    }
}
