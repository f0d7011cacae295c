//! The JSON contract (CONTRACT.md), schema version 1.
//!
//! The documents are spelled out as their own structs, so that the model can change without
//! the contract moving by accident. Field order is the contract's; times are RFC 3339 UTC
//! with whole seconds; a field the report does not carry is `null`.
//!
//! Additions beyond the contract (allowed: "add freely"): `source.detected_by`,
//! `account.about_expires_at`, `blocked_updated_at`, `web_desktop`, `sync`, `payments`,
//! `unrecognised`, and per device `settings_last_fetch_at`, `last_notification_dropped_at`,
//! `last_clean_at`, `mcc`, `mnc` and `os_build`.

use jiff::Timestamp;
use serde::Serialize;

use super::Section;
use crate::model::{Acceptance, Device, Payments, Report, StatusPrivacy, Visibility};

pub const SCHEMA_VERSION: u32 = 1;

fn time(ts: Option<Timestamp>) -> Option<String> {
    // Parsed times are whole seconds; `Display` gives `2022-08-11T03:11:20Z`.
    ts.map(|t| t.to_string())
}

#[derive(Serialize)]
struct Source<'a> {
    generation: &'static str,
    files: &'a [String],
    detected_by: &'a str,
}

#[derive(Serialize)]
struct ReportTimes {
    requested_at: Option<String>,
    generated_at: Option<String>,
}

#[derive(Serialize)]
struct ProfilePicture {
    present: bool,
    uploaded_at: Option<String>,
    size_bytes: Option<u64>,
}

#[derive(Serialize)]
struct Account<'a> {
    phone_number: Option<&'a str>,
    name: Option<&'a str>,
    email: Option<&'a str>,
    about: Option<&'a str>,
    about_set_at: Option<String>,
    about_expires_at: Option<String>,
    profile_picture: ProfilePicture,
}

#[derive(Serialize)]
struct Registration<'a> {
    platform: Option<&'a str>,
    app_version: Option<&'a str>,
    network_code: Option<&'a str>,
    network_name: Option<&'a str>,
    device: Option<&'a str>,
    registered_at: Option<String>,
}

#[derive(Serialize)]
struct DeviceJson<'a> {
    id: i64,
    status: Option<&'a str>,
    last_active_at: Option<String>,
    online_since: Option<String>,
    previous_ip: Option<&'a str>,
    current_ip: Option<&'a str>,
    current_port: Option<u16>,
    app_version: Option<&'a str>,
    os_version: Option<&'a str>,
    manufacturer: Option<&'a str>,
    model: Option<&'a str>,
    settings_last_fetch_at: Option<String>,
    last_notification_dropped_at: Option<String>,
    last_clean_at: Option<String>,
    mcc: Option<&'a str>,
    mnc: Option<&'a str>,
    os_build: Option<&'a str>,
}

impl<'a> From<&'a Device> for DeviceJson<'a> {
    fn from(d: &'a Device) -> Self {
        DeviceJson {
            id: d.id,
            status: d.status.as_deref(),
            last_active_at: time(d.last_active_at),
            online_since: time(d.online_since),
            previous_ip: d.previous_ip.as_deref(),
            current_ip: d.current_ip.as_deref(),
            current_port: d.current_port,
            app_version: d.app_version.as_deref(),
            os_version: d.os_version.as_deref(),
            manufacturer: d.manufacturer.as_deref(),
            model: d.model.as_deref(),
            settings_last_fetch_at: time(d.settings_last_fetch_at),
            last_notification_dropped_at: time(d.last_notification_dropped_at),
            last_clean_at: time(d.last_clean_at),
            mcc: d.mcc.as_deref(),
            mnc: d.mnc.as_deref(),
            os_build: d.os_build.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct Status<'a> {
    mode: Option<&'a str>,
    except: &'a [String],
    only_share_with: &'a [String],
}

#[derive(Serialize)]
pub(crate) struct Privacy<'a> {
    last_seen: Option<&'a str>,
    profile_photo: Option<&'a str>,
    about: Option<&'a str>,
    status: Option<Status<'a>>,
    read_receipts: Option<bool>,
}

fn vis(v: &Option<Visibility>) -> Option<&str> {
    v.as_ref().map(Visibility::as_str)
}

impl<'a> From<&'a crate::model::Privacy> for Privacy<'a> {
    fn from(p: &'a crate::model::Privacy) -> Self {
        Privacy {
            last_seen: vis(&p.last_seen),
            profile_photo: vis(&p.profile_photo),
            about: vis(&p.about),
            status: p.status.as_ref().map(|s: &StatusPrivacy| Status {
                mode: vis(&s.mode),
                except: &s.except,
                only_share_with: &s.only_share_with,
            }),
            read_receipts: p.read_receipts,
        }
    }
}

#[derive(Serialize)]
struct Accepted {
    accepted: Option<bool>,
    accepted_at: Option<String>,
}

#[derive(Serialize)]
struct OptOut {
    opted_out: Option<bool>,
    at: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct Terms {
    tos_2016: Accepted,
    data_sharing_opt_out: OptOut,
    tos_2018: Accepted,
    tos_2021: Accepted,
}

impl From<&crate::model::Terms> for Terms {
    fn from(t: &crate::model::Terms) -> Self {
        let accepted = |a: Acceptance| Accepted {
            accepted: a.value,
            accepted_at: time(a.at),
        };
        Terms {
            tos_2016: accepted(t.tos_2016),
            data_sharing_opt_out: OptOut {
                opted_out: t.data_sharing_opt_out.value,
                at: time(t.data_sharing_opt_out.at),
            },
            tos_2018: accepted(t.tos_2018),
            tos_2021: accepted(t.tos_2021),
        }
    }
}

#[derive(Serialize)]
struct WebDesktop<'a> {
    platform: Option<&'a str>,
    state: Option<&'a str>,
    version: Option<&'a str>,
    connected_since: Option<String>,
    inactive_since: Option<String>,
}

#[derive(Serialize)]
struct Kept<'a> {
    file: &'a str,
    label: &'a str,
    value: &'a str,
}

#[derive(Serialize)]
struct SyncSession<'a> {
    id: Option<&'a str>,
    account_registered_at: Option<String>,
    state_collections: &'a [String],
}

#[derive(Serialize)]
struct Sync<'a> {
    current_session_id: Option<&'a str>,
    current_session_registered_at: Option<String>,
    sessions: Vec<SyncSession<'a>>,
}

/// `wareport show --json`. Sections not asked for are left out.
#[derive(Serialize)]
struct Show<'a> {
    schema_version: u32,
    source: Source<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<ReportTimes>,
    #[serde(skip_serializing_if = "Option::is_none")]
    account: Option<Account<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    registration: Option<Registration<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    devices: Option<Vec<DeviceJson<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contacts: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    groups: Option<&'a [String]>,
    /// `Some(None)` is the contract's `null`: the report says nothing about blocking.
    #[serde(skip_serializing_if = "Option::is_none")]
    blocked: Option<Option<&'a [String]>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    blocked_updated_at: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    privacy: Option<Privacy<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    terms: Option<Terms>,
    #[serde(skip_serializing_if = "Option::is_none")]
    web_desktop: Option<WebDesktop<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sync: Option<Sync<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payments: Option<&'static str>,
    /// Values under labels no table knows, kept rather than lost.
    unrecognised: Vec<Kept<'a>>,
    warnings: Vec<String>,
}

pub(crate) fn payments_word(p: &Payments) -> &'static str {
    match p {
        Payments::NotInReport => "absent",
        Payments::NoData => "no_data",
        Payments::Present(_) => "present",
    }
}

fn warnings(report: &Report) -> Vec<String> {
    report.warnings.iter().map(ToString::to_string).collect()
}

/// The `show --json` document; `sections` empty means all. Ends with a newline.
pub fn show(report: &Report, sections: &[Section]) -> String {
    let want = |s: Section| sections.is_empty() || sections.contains(&s);
    let r = report;
    let doc = Show {
        schema_version: SCHEMA_VERSION,
        source: Source {
            generation: r.generation.as_str(),
            files: &r.files,
            detected_by: &r.detected_by,
        },
        report: want(Section::Report).then(|| ReportTimes {
            requested_at: time(r.requested_at),
            generated_at: time(r.generated_at),
        }),
        account: want(Section::Account).then(|| Account {
            phone_number: r.account.phone_number.as_deref(),
            name: r.account.name.as_deref(),
            email: r.account.email.as_deref(),
            about: r.account.about.as_deref(),
            about_set_at: time(r.account.about_set_at),
            about_expires_at: time(r.account.about_expires_at),
            profile_picture: ProfilePicture {
                present: r.account.profile_picture.present,
                uploaded_at: time(r.account.profile_picture.uploaded_at),
                size_bytes: r.account.profile_picture.size_bytes,
            },
        }),
        registration: want(Section::Registration).then(|| Registration {
            platform: r.registration.platform.as_deref(),
            app_version: r.registration.app_version.as_deref(),
            network_code: r.registration.network_code.as_deref(),
            network_name: r.registration.network_name.as_deref(),
            device: r.registration.device.as_deref(),
            registered_at: time(r.registration.registered_at),
        }),
        devices: want(Section::Devices).then(|| r.devices.iter().map(DeviceJson::from).collect()),
        contacts: want(Section::Contacts).then_some(r.contacts.as_slice()),
        groups: want(Section::Groups).then_some(r.groups.as_slice()),
        blocked: want(Section::Blocked).then(|| r.blocked.as_ref().map(|b| b.numbers.as_slice())),
        blocked_updated_at: want(Section::Blocked)
            .then(|| r.blocked.as_ref().and_then(|b| time(b.updated_at))),
        privacy: want(Section::Privacy).then(|| Privacy::from(&r.privacy)),
        terms: want(Section::Terms).then(|| Terms::from(&r.terms)),
        web_desktop: want(Section::Other).then(|| WebDesktop {
            platform: r.web_desktop.platform.as_deref(),
            state: r.web_desktop.state.as_deref(),
            version: r.web_desktop.version.as_deref(),
            connected_since: time(r.web_desktop.connected_since),
            inactive_since: time(r.web_desktop.inactive_since),
        }),
        sync: want(Section::Other).then(|| Sync {
            current_session_id: r.sync.current_session_id.as_deref(),
            current_session_registered_at: time(r.sync.current_session_registered_at),
            sessions: r
                .sync
                .sessions
                .iter()
                .map(|s| SyncSession {
                    id: s.id.as_deref(),
                    account_registered_at: time(s.account_registered_at),
                    state_collections: &s.state_collections,
                })
                .collect(),
        }),
        payments: want(Section::Other).then(|| payments_word(&r.payments)),
        unrecognised: r
            .unrecognised
            .iter()
            .map(|u| Kept {
                file: &u.file,
                label: &u.label,
                value: &u.value,
            })
            .collect(),
        warnings: warnings(r),
    };
    to_string(&doc)
}

#[derive(Serialize)]
pub(crate) struct Counts {
    contacts: usize,
    groups: usize,
    groups_distinct: usize,
    blocked: Option<usize>,
    devices: usize,
}

impl Counts {
    pub(crate) fn of(r: &Report) -> Counts {
        Counts {
            contacts: r.contact_count(),
            groups: r.groups.len(),
            groups_distinct: r.distinct_groups(),
            blocked: r.blocked.as_ref().map(|b| b.numbers.len()),
            devices: r.devices.len(),
        }
    }
}

/// A device as the contract writes it, for values inside other documents (a diff).
pub(crate) fn device_value(d: &Device) -> serde_json::Value {
    serde_json::to_value(DeviceJson::from(d)).unwrap_or(serde_json::Value::Null)
}

#[derive(Serialize)]
struct Ip<'a> {
    device_id: i64,
    kind: &'static str,
    ip: &'a str,
}

#[derive(Serialize)]
struct Summary<'a> {
    schema_version: u32,
    generation: &'static str,
    phone_number: Option<&'a str>,
    generated_at: Option<String>,
    counts: Counts,
    privacy: Privacy<'a>,
    terms: Terms,
    ips: Vec<Ip<'a>>,
    warnings: Vec<String>,
}

/// The `summary --json` document. Ends with a newline.
pub fn summary(report: &Report) -> String {
    let r = report;
    let mut ips = Vec::new();
    for d in &r.devices {
        for (kind, ip) in [("previous", &d.previous_ip), ("current", &d.current_ip)] {
            if let Some(ip) = ip {
                ips.push(Ip {
                    device_id: d.id,
                    kind,
                    ip,
                });
            }
        }
    }
    let doc = Summary {
        schema_version: SCHEMA_VERSION,
        generation: r.generation.as_str(),
        phone_number: r.account.phone_number.as_deref(),
        generated_at: time(r.generated_at),
        counts: Counts::of(r),
        privacy: Privacy::from(&r.privacy),
        terms: Terms::from(&r.terms),
        ips,
        warnings: warnings(r),
    };
    to_string(&doc)
}

pub(crate) fn to_string(doc: &impl Serialize) -> String {
    // Serialising these plain structs cannot fail: no maps with non-string keys, no
    // fallible Serialize impls.
    let mut out = serde_json::to_string_pretty(doc)
        .unwrap_or_else(|e| format!("{{\"schema_version\":{SCHEMA_VERSION},\"error\":\"{e}\"}}"));
    out.push('\n');
    out
}
