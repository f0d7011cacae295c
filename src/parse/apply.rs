//! Labelled values → the model, shared by every label-based source (gen C's `label_values`,
//! the gen B HTML pages, gen A's `access.html`), and the merge of the JSON's records with the
//! HTML's. The sources turn their text into a [`Scalar`] (parsing times in their own
//! formats); this module knows what each row means.

use std::collections::BTreeSet;

use foldhash::HashMap;

use jiff::Timestamp;

use crate::labels::{Nested, Row};
use crate::model::{Device, Field, Report, Visibility, Warning, WarningKind};
use crate::msg;
use crate::normalize::parse_visibility;
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
    use Row::*;
    matches!(
        row,
        GeneratedAt
            | RequestedAt
            | WebConnectedSince
            | WebInactiveSince
            | AboutSetAt
            | AboutExpiresAt
            | ProfilePictureUploadedAt
            | Tos2016At
            | OptOutAt
            | Tos2018At
            | Tos2021At
            | RegisteredAt
            | BlockedUpdatedAt
            | CurrentSyncRegisteredAt
    )
}

/// Nested rows whose value is a time.
pub(crate) fn is_time_nested(field: Nested) -> bool {
    use Nested::*;
    matches!(
        field,
        LastActiveAt
            | OnlineSince
            | SettingsLastFetch
            | NotificationDropped
            | LastClean
            | AccountRegisteredAt
    )
}

/// Rows whose value is a list or per-device blocks: the source handles them itself.
pub(crate) fn is_structured(row: Row) -> bool {
    use Row::*;
    matches!(
        row,
        DeviceActivity
            | ProfilePicture
            | Contacts
            | Groups
            | StatusPrivacy
            | Blocked
            | SettingsLastFetch
            | SyncSessions
            | DeviceSyncStatus
            | DeviceInformation
    )
}

/// A yes/no value: a value word of any language's table, or the JSON's `true`/`false`.
fn yes_no(text: &str) -> Result<bool, Problem> {
    if let Some(value) = crate::labels::yes_no(text) {
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

/// `android-2.21.22.26` → (`android`, `2.21.22.26`).
pub(crate) fn platform(text: &str) -> (Option<Text>, Option<Text>) {
    let (name, version) = match text.split_once('-') {
        Some((name, version)) => (name, Text::non_empty(version)),
        None => (text, None),
    };
    (Text::non_empty(name.to_lowercase()), version)
}

/// Sets a scalar row on the report.
pub(crate) fn set_row(report: &mut Report, row: Row, value: Scalar) -> Result<(), Problem> {
    let mismatch = || {
        (
            WarningKind::Invalid,
            msg![
                "value of an unexpected type for `",
                crate::labels::english(row),
                "`; not read"
            ],
        )
    };
    if is_time_row(row) {
        let Scalar::Time(at) = value else {
            return Err(mismatch());
        };
        let r = &mut *report;
        match row {
            Row::GeneratedAt => r.generated_at = at,
            Row::RequestedAt => r.requested_at = at,
            Row::WebConnectedSince => r.web_desktop.connected_since = at,
            Row::WebInactiveSince => r.web_desktop.inactive_since = at,
            Row::AboutSetAt => r.account.about_set_at = at,
            Row::AboutExpiresAt => r.account.about_expires_at = at,
            Row::ProfilePictureUploadedAt => r.account.profile_picture.uploaded_at = at,
            Row::Tos2016At => r.terms.tos_2016_accepted_at = at,
            Row::OptOutAt => r.terms.opted_out_at = at,
            Row::Tos2018At => r.terms.tos_2018_accepted_at = at,
            Row::Tos2021At => r.terms.tos_2021_accepted_at = at,
            Row::RegisteredAt => r.registration.registered_at = at,
            Row::BlockedUpdatedAt => r.blocked_updated_at = at,
            Row::CurrentSyncRegisteredAt => r.sync.current_session_registered_at = at,
            _ => return Err(mismatch()),
        }
        return Ok(());
    }
    let Scalar::Text(text) = value else {
        return Err(mismatch());
    };
    let r = report;
    match row {
        Row::Phone => {
            let (number, problem) = phone(&text);
            r.account.phone_number = Some(number);
            if let Some(problem) = problem {
                return Err(problem);
            }
        }
        Row::Email => r.account.email = Some(Email::new(text)).filter(|e| !e.is_empty()),
        Row::Name => r.account.name = Some(PersonName::new(text)).filter(|n| !n.is_empty()),
        Row::About => r.account.about = Some(About::new(text)),
        Row::WebVersion => r.web_desktop.version = Text::non_empty(text),
        Row::WebPlatform => r.web_desktop.platform = Text::non_empty(text),
        Row::WebState => r.web_desktop.state = Text::non_empty(text),
        Row::Tos2016 => r.terms.tos_2016_accepted = Some(yes_no(&text)?),
        Row::OptOut => r.terms.opted_out = Some(yes_no(&text)?),
        Row::Tos2018 => r.terms.tos_2018_accepted = Some(yes_no(&text)?),
        Row::Tos2021 => r.terms.tos_2021_accepted = Some(yes_no(&text)?),
        Row::ReadReceipts => r.privacy.read_receipts = Some(yes_no(&text)?),
        Row::Platform => {
            let (name, version) = platform(&text);
            r.registration.platform = name;
            r.registration.app_version = version;
        }
        Row::Network => r.registration.network_code = Text::non_empty(text),
        Row::NetworkName => r.registration.network_name = Text::non_empty(text),
        Row::RegistrationDevice => r.registration.device = Text::non_empty(text),
        Row::CurrentSyncSession => {
            r.sync.current_session_id = Some(SessionId::new(text)).filter(|s| !s.is_empty())
        }
        Row::LastSeenPrivacy | Row::ProfilePhotoPrivacy | Row::AboutPrivacy => {
            let (vis, problem) = visibility(&text);
            let slot = match row {
                Row::LastSeenPrivacy => &mut r.privacy.last_seen,
                Row::ProfilePhotoPrivacy => &mut r.privacy.profile_photo,
                _ => &mut r.privacy.about,
            };
            *slot = Some(vis);
            if let Some(problem) = problem {
                return Err(problem);
            }
        }
        _ => return Err(mismatch()),
    }
    Ok(())
}

/// Sets one field of a device from a nested row. `Device` (the id) and the sync-session rows
/// are the caller's.
pub(crate) fn set_device(device: &mut Device, field: Nested, value: Scalar) -> Result<(), Problem> {
    let mismatch = || {
        (
            WarningKind::Invalid,
            msg![
                "value of an unexpected type for `",
                crate::labels::english_nested(field),
                "`; not read"
            ],
        )
    };
    match (field, value) {
        (Nested::LastActiveAt, Scalar::Time(t)) => device.last_active_at = t,
        (Nested::OnlineSince, Scalar::Time(t)) => device.online_since = t,
        (Nested::SettingsLastFetch, Scalar::Time(t)) => device.settings_last_fetch_at = t,
        (Nested::NotificationDropped, Scalar::Time(t)) => device.last_notification_dropped_at = t,
        (Nested::LastClean, Scalar::Time(t)) => device.last_clean_at = t,
        (Nested::Status, Scalar::Text(s)) => device.status = Text::non_empty(s),
        (Nested::PreviousIp, Scalar::Text(s)) if s.is_empty() => {}
        (Nested::PreviousIp, Scalar::Text(s)) => {
            let (ip, problem) = previous_ip(&s);
            device.previous_ip = Some(ip);
            if let Some(problem) = problem {
                return Err(problem);
            }
        }
        (Nested::CurrentIp, Scalar::Text(s)) if s.is_empty() => {}
        (Nested::CurrentIp, Scalar::Text(s)) => {
            if let Some(problem) = set_current_ip(device, &s) {
                return Err(problem);
            }
        }
        (Nested::AppVersion, Scalar::Text(s)) => device.app_version = Text::non_empty(s),
        (Nested::Mcc, Scalar::Text(s)) => device.mcc = Text::non_empty(s),
        (Nested::Mnc, Scalar::Text(s)) => device.mnc = Text::non_empty(s),
        (Nested::OsVersion, Scalar::Text(s)) => device.os_version = Text::non_empty(s),
        (Nested::Manufacturer, Scalar::Text(s)) => device.manufacturer = Text::non_empty(s),
        (Nested::Model, Scalar::Text(s)) => device.model = Text::non_empty(s),
        (Nested::OsBuild, Scalar::Text(s)) => device.os_build = Text::non_empty(s),
        _ => return Err(mismatch()),
    }
    Ok(())
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
    match crate::normalize::split_ip_port(raw) {
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
    use crate::model::{Generation, Visibility};

    #[test]
    fn every_time_row_has_somewhere_to_go() {
        let at: Timestamp = "2022-08-11T03:11:20Z".parse().unwrap();
        for (&row, labels) in crate::labels::languages()[0]
            .rows
            .iter()
            .filter(|(r, _)| is_time_row(**r))
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
        set_row(&mut r, Row::About, Scalar::Text("-".into())).unwrap();
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
