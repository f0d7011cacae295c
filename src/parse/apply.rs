//! Labelled values → the model, shared by every label-based source (gen C's `label_values`,
//! the gen B HTML pages, gen A's `access.html`), and the merge of the JSON's records with the
//! HTML's. The sources turn their text into a [`Scalar`] (parsing times in their own
//! formats); this module knows what each row means.

use std::collections::BTreeSet;

use foldhash::HashMap;

use jiff::Timestamp;

use crate::model::{
    Device, Field, FieldDef, LeafKind, LeafMut, Owned, ProfilePicture, Registration, Report,
    Visibility, Warning, WarningKind,
};
use crate::msg;
use crate::parse::labels::{Nested, Row, SessionPart};
use crate::parse::normalize::parse_visibility;
use crate::text::{About, Email, Message, PersonName, Phone, SessionId, Text, UnknownValue};

/// One value, as the source gives it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Scalar {
    Text(String),
    Time(Option<Timestamp>),
}

/// What to warn about when a value does not fit its row.
pub(crate) type Problem = (WarningKind, Message);

/// Rows whose value is a time.
pub(crate) fn is_time_row(row: Row) -> bool {
    matches!(row, Row::Field(d) if d.kind == LeafKind::Time)
}

/// Nested rows whose value is a time.
pub(crate) fn is_time_nested(field: Nested) -> bool {
    match field {
        Nested::Field(d) => d.kind == LeafKind::Time,
        Nested::Session(part) => part == SessionPart::AccountRegisteredAt,
        Nested::Device => false,
    }
}

/// Rows whose value is a list or per-device blocks: the source handles them itself.
pub(crate) fn is_structured(row: Row) -> bool {
    match row {
        Row::Blocks(_) => true,
        Row::Field(d) => {
            d.path == ProfilePicture::present.path
                || matches!(
                    d.kind,
                    LeafKind::Contacts
                        | LeafKind::Groups
                        | LeafKind::Phones
                        | LeafKind::Status
                        | LeafKind::Sessions
                )
        }
    }
}

/// A yes/no value: a value word of any language's table, or the JSON's `true`/`false`.
fn yes_no(text: &str) -> Result<bool, Problem> {
    if let Some(value) = crate::parse::labels::yes_no(text) {
        return Ok(value);
    }
    match text.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err((
            WarningKind::Unknown,
            msg![
                "unknown value `",
                UnknownValue::new(text),
                "`; taken as unknown"
            ],
        )),
    }
}

/// A visibility, keeping (and naming) a value that is none of the known ones.
pub(crate) fn visibility(text: &str) -> (Visibility, Option<Problem>) {
    match parse_visibility(text) {
        Ok(vis) => (vis, None),
        Err(other) => (
            other,
            Some((
                WarningKind::Unknown,
                msg![
                    "unknown value `",
                    UnknownValue::new(text),
                    "`; kept verbatim"
                ],
            )),
        ),
    }
}

/// A phone number, normalised or kept as given with its problem.
pub(crate) fn phone(text: &str) -> (Phone, Option<Problem>) {
    match Phone::parse(text) {
        Ok(phone) => (phone, None),
        Err((kept, problem)) => (
            kept.clone(),
            Some((
                WarningKind::Invalid,
                msg!["`", kept, "` ", problem, "; kept as given"],
            )),
        ),
    }
}

/// Phone numbers, normalised; one that is not a number is kept as given, its problem told
/// to `warn`.
pub(crate) fn phones(raw: Vec<String>, mut warn: impl FnMut(Problem)) -> Vec<Phone> {
    raw.into_iter()
        .map(|item| match Phone::parse_owned(item) {
            Ok(phone) => phone,
            Err((kept, problem)) => {
                let message = msg!["`", kept.clone(), "` ", problem, "; kept as given"];
                warn((WarningKind::Invalid, message));
                kept
            }
        })
        .collect()
}

/// `android-2.21.22.26` → (`android`, `2.21.22.26`).
pub(crate) fn platform(text: &str) -> (Option<Text>, Option<Text>) {
    let (name, version) = match text.split_once('-') {
        Some((name, version)) => (name, Text::non_empty(version)),
        None => (text, None),
    };
    (Text::non_empty(name.to_lowercase()), version)
}

/// A labelled text as the value of a field of its kind, with what to warn about. `None`
/// when the kind is not one a label's text is read as (a list, a time).
fn value_of(def: &'static FieldDef, text: String) -> Option<(Owned, Option<Problem>)> {
    let plain = |v| Some((v, None));
    match def.kind {
        LeafKind::Text => plain(Owned::Text(Text::non_empty(text))),
        LeafKind::Email => plain(Owned::Email(
            Some(Email::new(text)).filter(|e| !e.is_empty()),
        )),
        LeafKind::Name => plain(Owned::Name(
            Some(PersonName::new(text)).filter(|n| !n.is_empty()),
        )),
        LeafKind::About => plain(Owned::About(Some(About::new(text)))),
        LeafKind::Session => plain(Owned::Session(
            Some(SessionId::new(text)).filter(|s| !s.is_empty()),
        )),
        LeafKind::Phone => {
            let (number, problem) = phone(&text);
            Some((Owned::Phone(Some(number)), problem))
        }
        LeafKind::Vis => {
            let (vis, problem) = visibility(&text);
            Some((Owned::Vis(Some(vis)), problem))
        }
        LeafKind::Flag => Some(match yes_no(&text) {
            Ok(b) => (Owned::Flag(Some(b)), None),
            Err(problem) => (Owned::Flag(None), Some(problem)),
        }),
        LeafKind::Ip => {
            if text.is_empty() {
                return plain(Owned::Ip(None));
            }
            let (ip, problem) = previous_ip(&text);
            Some((Owned::Ip(Some(ip)), problem))
        }
        _ => None,
    }
}

/// Sets one field from a value, through a record's walk (a report's or a device's): a field
/// is reached by its declaration, never by name. `None` when the value does not fit the
/// field; otherwise what to warn about. A yes/no that is neither, or an empty address,
/// leaves the field unknown.
fn set(
    def: &'static FieldDef,
    value: Scalar,
    walk: impl FnOnce(&mut dyn FnMut(Field, LeafMut<'_>)),
) -> Option<Result<(), Problem>> {
    let (value, problem) = match (def.kind, value) {
        (LeafKind::Time, Scalar::Time(at)) => (Owned::Time(at), None),
        (LeafKind::Time, _) | (_, Scalar::Time(_)) => return None,
        (_, Scalar::Text(text)) => value_of(def, text)?,
    };
    if !matches!(value, Owned::Flag(None) | Owned::Ip(None)) {
        let mut value = Some(value);
        walk(&mut |field, leaf| {
            if field.def.path == def.path
                && let Some(v) = value.take()
            {
                leaf.set(v);
            }
        });
    }
    Some(problem.map_or(Ok(()), Err))
}

/// A value that does not fit the field with this (English) label.
fn mismatch(label: &'static str) -> Problem {
    (
        WarningKind::Invalid,
        msg!["value of an unexpected type for `", label, "`; not read"],
    )
}

/// Sets a scalar row on the report.
pub(crate) fn set_row(report: &mut Report, row: Row, value: Scalar) -> Result<(), Problem> {
    match (row, value) {
        // The registration's platform carries the app's version: `android-2.21.22.26`.
        (Row::Field(def), Scalar::Text(text)) if def.path == Registration::platform.path => {
            let (name, version) = platform(&text);
            report.registration.platform = name;
            report.registration.app_version = version;
            Some(Ok(()))
        }
        (Row::Field(def), value) => set(def, value, |f| report.walk_mut(f)),
        _ => None,
    }
    .unwrap_or_else(|| Err(mismatch(crate::parse::labels::english(row))))
}

/// Sets one field of a device from a nested row. `Device` (the id) and the sync-session rows
/// are the caller's.
pub(crate) fn set_device(device: &mut Device, field: Nested, value: Scalar) -> Result<(), Problem> {
    let id = Some(device.id);
    match (field, value) {
        // The current address carries its port: `172.16.5.7:40123`.
        (Nested::Field(def), Scalar::Text(s)) if def.path == Device::current_ip.path => {
            let problem = (!s.is_empty())
                .then(|| set_current_ip(device, &s))
                .flatten();
            Some(problem.map_or(Ok(()), Err))
        }
        (Nested::Field(def), value) => set(def, value, |f| device.walk_in_mut(id, f)),
        _ => None,
    }
    .unwrap_or_else(|| Err(mismatch(crate::parse::labels::english_nested(field))))
}

/// A previous connection IP: an address (truncated by WhatsApp), or kept as given.
pub(crate) fn previous_ip(raw: &str) -> (crate::text::Ip, Option<Problem>) {
    match crate::text::Ip::parse(raw) {
        Ok(ip) => (ip, None),
        Err(kept) => (
            kept.clone(),
            Some((
                WarningKind::Unknown,
                msg![
                    "previous connection IP `",
                    kept,
                    "` is not an address; kept as given"
                ],
            )),
        ),
    }
}

/// Sets a device's current address from `address:port`, returning what to warn about when
/// the value is not in that documented form.
pub(crate) fn set_current_ip(device: &mut Device, raw: &str) -> Option<Problem> {
    match crate::parse::normalize::split_ip_port(raw) {
        Ok((ip, port)) => {
            device.current_ip = Some(ip.clone());
            device.current_port = port;
            port.is_none().then(|| {
                (
                    WarningKind::Fallback,
                    msg![
                        "current connection IP `",
                        ip,
                        "` has no port; kept as an address"
                    ],
                )
            })
        }
        Err(kept) => {
            device.current_ip = Some(kept.clone());
            Some((
                WarningKind::Unknown,
                msg![
                    "current connection IP `",
                    kept,
                    "` is neither `address:port` nor an address; kept as given"
                ],
            ))
        }
    }
}

/// Merges the HTML's records into the JSON's: every field the JSON lacks is taken from the
/// HTML, through the model's one list of fields. Devices are the JSON's when the JSON names
/// devices (`json_names_devices`); a device only the HTML lists is then named in a warning,
/// never added. Without such JSON, the HTML's devices (which only `Device Activity` creates)
/// are the report's.
pub(crate) fn merge(into: &mut Report, mut from: Report, json_names_devices: bool, file: &str) {
    let json_ids: BTreeSet<i64> = into.devices.iter().map(|d| d.id).collect();
    for device in &from.devices {
        if json_ids.contains(&device.id) {
            continue;
        }
        if json_names_devices {
            into.warnings.push(Warning::new(
                WarningKind::Invalid,
                file,
                Message::default(),
                msg![
                    "the HTML lists device ",
                    device.id,
                    ", which the JSON does not name; not added"
                ],
            ));
        } else {
            into.device_mut(device.id);
        }
    }
    let mut values: HashMap<Field, crate::model::Owned> = HashMap::default();
    from.walk_mut(&mut |field, leaf| {
        values.insert(field, leaf.take());
    });
    into.walk_mut(&mut |field, slot| {
        if let Some(value) = values.remove(&field) {
            slot.fill(value);
        }
    });
    into.unrecognised.append(&mut from.unrecognised);
    into.warnings.append(&mut from.warnings);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, Generation, Visibility};

    #[test]
    fn every_time_row_has_somewhere_to_go() {
        let at: Timestamp = "2022-08-11T03:11:20Z".parse().unwrap();
        for (row, labels) in crate::parse::labels::languages()[0]
            .rows()
            .filter(|(r, _)| is_time_row(*r))
        {
            let label = &labels[0];
            let mut report = Report::empty(Generation::B);
            assert_eq!(
                set_row(&mut report, row, Scalar::Time(Some(at))),
                Ok(()),
                "{label}"
            );
            assert_ne!(
                report,
                Report::empty(Generation::B),
                "{label} changed nothing"
            );
        }
    }

    #[test]
    fn a_plain_dash_about_is_a_value() {
        let mut r = Report::empty(Generation::B);
        set_row(&mut r, Row::Field(Account::about), Scalar::Text("-".into())).unwrap();
        assert_eq!(r.account.about, Some(About::new("-")));
    }

    #[test]
    fn merge_fills_only_gaps_and_never_adds_an_html_only_device() {
        let mut json = Report::empty(Generation::B);
        json.privacy.last_seen = Some(Visibility::Everyone);
        json.device_mut(0).status = Some(Text::new("OFFLINE"));
        let mut html = Report::empty(Generation::B);
        html.privacy.last_seen = Some(Visibility::Nobody);
        html.privacy.about = Some(Visibility::Nobody);
        html.device_mut(0).mcc = Some(Text::new("204"));
        html.device_mut(1).model = Some(Text::new("Desktop"));
        let mut merged = json.clone();
        merge(&mut merged, html.clone(), true, "x.html");
        assert_eq!(merged.privacy.last_seen, Some(Visibility::Everyone));
        assert_eq!(merged.privacy.about, Some(Visibility::Nobody));
        assert_eq!(merged.devices.len(), 1);
        assert_eq!(merged.devices[0].mcc, Some(Text::new("204")));
        assert_eq!(merged.warnings.len(), 1);
        let mut html_only = Report::empty(Generation::B);
        merge(&mut html_only, html, false, "x.html");
        assert_eq!(html_only.devices.len(), 2);
        assert!(html_only.warnings.is_empty());
    }
}
