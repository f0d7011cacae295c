//! Labelled values → the model, shared by every label-based source: gen C's `label_values`,
//! the gen B HTML twins and gen A's `access.html`. The sources turn their text into a
//! [`Scalar`] (parsing times in their own formats); this module knows what each row means.

use jiff::Timestamp;

use crate::labels::{Nested, Row};
use crate::model::{Device, Report, WarningKind};
use crate::normalize::{normalize_phone, parse_visibility};

/// One value, as the source gives it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Scalar {
    Text(String),
    Time(Option<Timestamp>),
}

/// What to warn about when a value does not fit its row.
pub(crate) type Problem = (WarningKind, String);

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

fn yes_no(text: &str) -> Result<bool, Problem> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" | "true" => Ok(true),
        "no" | "false" => Ok(false),
        _ => Err((
            WarningKind::Unknown,
            format!("unknown value `{text}`; taken as unknown"),
        )),
    }
}

fn text_or_none(text: String) -> Option<String> {
    Some(text).filter(|t| !t.is_empty())
}

/// Sets a scalar row on the report.
pub(crate) fn set_row(report: &mut Report, row: Row, value: Scalar) -> Result<(), Problem> {
    let mismatch = || {
        (
            WarningKind::Invalid,
            format!(
                "value of an unexpected type for `{}`; not read",
                crate::labels::english(row)
            ),
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
            Row::Tos2016At => r.terms.tos_2016.at = at,
            Row::OptOutAt => r.terms.data_sharing_opt_out.at = at,
            Row::Tos2018At => r.terms.tos_2018.at = at,
            Row::Tos2021At => r.terms.tos_2021.at = at,
            Row::RegisteredAt => r.registration.registered_at = at,
            Row::BlockedUpdatedAt => {
                // A time for the blocked list says the report carries one, if empty.
                if at.is_some() {
                    r.blocked.get_or_insert_default().updated_at = at;
                }
            }
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
            r.account.phone_number = match normalize_phone(&text) {
                Ok(phone) => Some(phone),
                Err(problem) => {
                    r.account.phone_number = Some(text);
                    return Err((WarningKind::Invalid, format!("{problem}; kept as given")));
                }
            }
        }
        Row::Email => r.account.email = text_or_none(text),
        Row::Name => r.account.name = text_or_none(text),
        Row::About => r.account.about = Some(text),
        Row::WebVersion => r.web_desktop.version = text_or_none(text),
        Row::WebPlatform => r.web_desktop.platform = text_or_none(text),
        Row::WebState => r.web_desktop.state = text_or_none(text),
        Row::Tos2016 => r.terms.tos_2016.value = Some(yes_no(&text)?),
        Row::OptOut => r.terms.data_sharing_opt_out.value = Some(yes_no(&text)?),
        Row::Tos2018 => r.terms.tos_2018.value = Some(yes_no(&text)?),
        Row::Tos2021 => r.terms.tos_2021.value = Some(yes_no(&text)?),
        Row::ReadReceipts => r.privacy.read_receipts = Some(yes_no(&text)?),
        Row::Platform => {
            let (name, version) = match text.split_once('-') {
                Some((name, version)) => (name, text_or_none(version.to_string())),
                None => (text.as_str(), None),
            };
            r.registration.platform = text_or_none(name.to_lowercase());
            r.registration.app_version = version;
        }
        Row::Network => r.registration.network_code = text_or_none(text),
        Row::NetworkName => r.registration.network_name = text_or_none(text),
        Row::RegistrationDevice => r.registration.device = text_or_none(text),
        Row::CurrentSyncSession => r.sync.current_session_id = text_or_none(text),
        Row::LastSeenPrivacy | Row::ProfilePhotoPrivacy | Row::AboutPrivacy => {
            let (vis, problem) = match parse_visibility(&text) {
                Ok(vis) => (vis, None),
                Err(other) => (
                    other,
                    Some((
                        WarningKind::Unknown,
                        format!("unknown value `{text}`; kept verbatim"),
                    )),
                ),
            };
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
            format!("value of an unexpected type for {field:?}; not read"),
        )
    };
    match (field, value) {
        (Nested::LastActiveAt, Scalar::Time(t)) => device.last_active_at = t,
        (Nested::OnlineSince, Scalar::Time(t)) => device.online_since = t,
        (Nested::SettingsLastFetch, Scalar::Time(t)) => device.settings_last_fetch_at = t,
        (Nested::NotificationDropped, Scalar::Time(t)) => device.last_notification_dropped_at = t,
        (Nested::LastClean, Scalar::Time(t)) => device.last_clean_at = t,
        (Nested::Status, Scalar::Text(s)) => device.status = text_or_none(s),
        (Nested::PreviousIp, Scalar::Text(s)) => device.previous_ip = text_or_none(s),
        (Nested::CurrentIp, Scalar::Text(s)) if s.is_empty() => {}
        (Nested::CurrentIp, Scalar::Text(s)) => {
            if let Some(problem) = super::set_current_ip(device, &s) {
                return Err(problem);
            }
        }
        (Nested::AppVersion, Scalar::Text(s)) => device.app_version = text_or_none(s),
        (Nested::Mcc, Scalar::Text(s)) => device.mcc = text_or_none(s),
        (Nested::Mnc, Scalar::Text(s)) => device.mnc = text_or_none(s),
        (Nested::OsVersion, Scalar::Text(s)) => device.os_version = text_or_none(s),
        (Nested::Manufacturer, Scalar::Text(s)) => device.manufacturer = text_or_none(s),
        (Nested::Model, Scalar::Text(s)) => device.model = text_or_none(s),
        (Nested::OsBuild, Scalar::Text(s)) => device.os_build = text_or_none(s),
        _ => return Err(mismatch()),
    }
    Ok(())
}

/// Fills every field of `into` that is `None` from `from`: the merge of JSON (first) and
/// HTML (filling what the JSON lacks).
pub(crate) fn fill_device(into: &mut Device, from: Device) {
    let Device {
        id: _,
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
    } = from;
    fill(&mut into.status, status);
    fill(&mut into.last_active_at, last_active_at);
    fill(&mut into.online_since, online_since);
    fill(&mut into.previous_ip, previous_ip);
    if into.current_ip.is_none() {
        into.current_ip = current_ip;
        into.current_port = current_port;
    }
    fill(&mut into.app_version, app_version);
    fill(&mut into.os_version, os_version);
    fill(&mut into.manufacturer, manufacturer);
    fill(&mut into.model, model);
    fill(&mut into.settings_last_fetch_at, settings_last_fetch_at);
    fill(
        &mut into.last_notification_dropped_at,
        last_notification_dropped_at,
    );
    fill(&mut into.last_clean_at, last_clean_at);
    fill(&mut into.mcc, mcc);
    fill(&mut into.mnc, mnc);
    fill(&mut into.os_build, os_build);
}

fn fill<T>(slot: &mut Option<T>, value: Option<T>) {
    if slot.is_none() {
        *slot = value;
    }
}

/// Merges the HTML's records into the JSON's: every field the JSON lacks is taken from the
/// HTML. Contacts and groups come whole from the HTML only when their JSON was not read.
pub(crate) fn merge(into: &mut Report, from: Report, take_contacts: bool, take_groups: bool) {
    let Report {
        requested_at,
        generated_at,
        account,
        registration,
        devices,
        web_desktop,
        contacts,
        contacts_counted,
        groups,
        blocked,
        privacy,
        sync,
        terms,
        unrecognised,
        warnings,
        ..
    } = from;
    fill(&mut into.requested_at, requested_at);
    fill(&mut into.generated_at, generated_at);

    let a = &mut into.account;
    fill(&mut a.phone_number, account.phone_number);
    fill(&mut a.name, account.name);
    fill(&mut a.email, account.email);
    fill(&mut a.about, account.about);
    fill(&mut a.about_set_at, account.about_set_at);
    fill(&mut a.about_expires_at, account.about_expires_at);
    a.profile_picture.present |= account.profile_picture.present;
    fill(
        &mut a.profile_picture.uploaded_at,
        account.profile_picture.uploaded_at,
    );
    fill(
        &mut a.profile_picture.size_bytes,
        account.profile_picture.size_bytes,
    );

    let g = &mut into.registration;
    fill(&mut g.platform, registration.platform);
    fill(&mut g.app_version, registration.app_version);
    fill(&mut g.network_code, registration.network_code);
    fill(&mut g.network_name, registration.network_name);
    fill(&mut g.device, registration.device);
    fill(&mut g.registered_at, registration.registered_at);

    for device in devices {
        fill_device(into.device_mut(device.id), device);
    }

    let w = &mut into.web_desktop;
    fill(&mut w.platform, web_desktop.platform);
    fill(&mut w.state, web_desktop.state);
    fill(&mut w.version, web_desktop.version);
    fill(&mut w.connected_since, web_desktop.connected_since);
    fill(&mut w.inactive_since, web_desktop.inactive_since);

    if take_contacts {
        into.contacts = contacts;
        into.contacts_counted = contacts_counted;
    }
    if take_groups {
        into.groups = groups;
    }
    match (&mut into.blocked, blocked) {
        (None, from) => into.blocked = from,
        (Some(b), Some(from)) => fill(&mut b.updated_at, from.updated_at),
        (Some(_), None) => {}
    }

    let p = &mut into.privacy;
    fill(&mut p.last_seen, privacy.last_seen);
    fill(&mut p.profile_photo, privacy.profile_photo);
    fill(&mut p.about, privacy.about);
    fill(&mut p.status, privacy.status);
    fill(&mut p.read_receipts, privacy.read_receipts);

    let s = &mut into.sync;
    fill(&mut s.current_session_id, sync.current_session_id);
    fill(
        &mut s.current_session_registered_at,
        sync.current_session_registered_at,
    );
    if s.sessions.is_empty() {
        s.sessions = sync.sessions;
    }

    let t = &mut into.terms;
    for (slot, value) in [
        (&mut t.tos_2016, terms.tos_2016),
        (&mut t.data_sharing_opt_out, terms.data_sharing_opt_out),
        (&mut t.tos_2018, terms.tos_2018),
        (&mut t.tos_2021, terms.tos_2021),
    ] {
        fill(&mut slot.value, value.value);
        fill(&mut slot.at, value.at);
    }

    into.unrecognised.extend(unrecognised);
    into.warnings.extend(warnings);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Generation;

    #[test]
    fn every_time_row_has_somewhere_to_go() {
        let at: Timestamp = "2022-08-11T03:11:20Z".parse().unwrap();
        for &(label, row) in crate::labels::ENGLISH
            .rows
            .iter()
            .filter(|(_, r)| is_time_row(*r))
        {
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
}
