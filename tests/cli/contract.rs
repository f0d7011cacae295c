//! `--json` against CONTRACT.md: deserialised into structs that refuse unknown fields, every
//! contract key checked present (a `null` must be written, not left out), and every field
//! of every fixture compared with its known value.

use serde::Deserialize;
use serde_json::Value;

use crate::support::{
    FIXTURES, GEN_B_CONTACTS, GEN_B_GROUPS, Test, fixture, s, strings, zip_fixture,
};

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Show {
    pub schema_version: u32,
    pub source: Source,
    pub report: ReportTimes,
    pub account: Account,
    pub registration: Registration,
    pub devices: Vec<Device>,
    pub contacts: Option<Vec<String>>,
    pub groups: Option<Vec<String>>,
    pub blocked: Option<Vec<String>>,
    pub blocked_updated_at: Option<String>,
    pub privacy: Privacy,
    pub terms: Terms,
    pub web_desktop: WebDesktop,
    pub sync: Sync,
    pub payments: String,
    pub unrecognised: Vec<Kept>,
    pub warnings: Vec<String>,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Kept {
    pub file: String,
    pub label: String,
    pub value: String,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub generation: String,
    pub files: Vec<String>,
    pub detected_by: String,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ReportTimes {
    pub requested_at: Option<String>,
    pub generated_at: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Account {
    pub phone_number: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub about: Option<String>,
    pub about_set_at: Option<String>,
    pub about_expires_at: Option<String>,
    pub profile_picture: ProfilePicture,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProfilePicture {
    pub present: bool,
    pub uploaded_at: Option<String>,
    pub size_bytes: Option<u64>,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    pub platform: Option<String>,
    pub app_version: Option<String>,
    pub network_code: Option<String>,
    pub network_name: Option<String>,
    pub device: Option<String>,
    pub registered_at: Option<String>,
}

#[derive(Deserialize, Debug, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct Device {
    pub id: i64,
    pub status: Option<String>,
    pub last_active_at: Option<String>,
    pub online_since: Option<String>,
    pub previous_ip: Option<String>,
    pub current_ip: Option<String>,
    pub current_port: Option<u16>,
    pub app_version: Option<String>,
    pub os_version: Option<String>,
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub settings_last_fetch_at: Option<String>,
    pub last_notification_dropped_at: Option<String>,
    pub last_clean_at: Option<String>,
    pub mcc: Option<String>,
    pub mnc: Option<String>,
    pub os_build: Option<String>,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Privacy {
    pub last_seen: Option<String>,
    pub profile_photo: Option<String>,
    pub about: Option<String>,
    pub status: Option<Status>,
    pub read_receipts: Option<bool>,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Status {
    pub mode: Option<String>,
    pub except: Vec<String>,
    pub only_share_with: Vec<String>,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Terms {
    pub tos_2016: Accepted,
    pub data_sharing_opt_out: OptOut,
    pub tos_2018: Accepted,
    pub tos_2021: Accepted,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Accepted {
    pub accepted: Option<bool>,
    pub accepted_at: Option<String>,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OptOut {
    pub opted_out: Option<bool>,
    pub at: Option<String>,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WebDesktop {
    pub platform: Option<String>,
    pub state: Option<String>,
    pub version: Option<String>,
    pub connected_since: Option<String>,
    pub inactive_since: Option<String>,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Sync {
    pub current_session_id: Option<String>,
    pub current_session_registered_at: Option<String>,
    pub sessions: Option<Vec<SyncSession>>,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SyncSession {
    pub id: Option<String>,
    pub account_registered_at: Option<String>,
    pub state_collections: Vec<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub schema_version: u32,
    pub generation: String,
    pub phone_number: Option<String>,
    pub generated_at: Option<String>,
    pub requested_at: Option<String>,
    pub counts: Counts,
    pub blocked_updated_at: Option<String>,
    pub privacy: Privacy,
    pub terms: Terms,
    pub ips: Vec<Ip>,
    pub account: Account,
    pub registration: Registration,
    pub devices: Vec<Device>,
    pub warnings: Vec<String>,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    pub contacts: Option<usize>,
    pub groups: Option<usize>,
    pub groups_distinct: Option<usize>,
    pub blocked: Option<usize>,
    pub devices: usize,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Ip {
    pub device_id: i64,
    pub kind: String,
    pub ip: String,
}

/// Every key CONTRACT.md lists for `show`, as paths; `[]` descends into each list element.
const SHOW_KEYS: &[&str] = &[
    "schema_version",
    "source.generation",
    "source.files",
    "report.requested_at",
    "report.generated_at",
    "account.phone_number",
    "account.name",
    "account.email",
    "account.about",
    "account.about_set_at",
    "account.profile_picture.present",
    "account.profile_picture.uploaded_at",
    "account.profile_picture.size_bytes",
    "registration.platform",
    "registration.app_version",
    "registration.network_code",
    "registration.network_name",
    "registration.device",
    "registration.registered_at",
    "devices[].id",
    "devices[].status",
    "devices[].last_active_at",
    "devices[].online_since",
    "devices[].previous_ip",
    "devices[].current_ip",
    "devices[].current_port",
    "devices[].app_version",
    "devices[].os_version",
    "devices[].manufacturer",
    "devices[].model",
    "contacts",
    "groups",
    "blocked",
    "privacy.last_seen",
    "privacy.profile_photo",
    "privacy.about",
    "privacy.status",
    "privacy.read_receipts",
    "terms.tos_2016.accepted",
    "terms.tos_2016.accepted_at",
    "terms.data_sharing_opt_out.opted_out",
    "terms.data_sharing_opt_out.at",
    "terms.tos_2018.accepted",
    "terms.tos_2018.accepted_at",
    "terms.tos_2021.accepted",
    "terms.tos_2021.accepted_at",
    "warnings",
];

const SUMMARY_KEYS: &[&str] = &[
    "schema_version",
    "generation",
    "phone_number",
    "generated_at",
    "counts.contacts",
    "counts.groups",
    "counts.groups_distinct",
    "counts.blocked",
    "counts.devices",
    "privacy.last_seen",
    "privacy.profile_photo",
    "privacy.about",
    "privacy.status",
    "privacy.read_receipts",
    "terms.tos_2016.accepted",
    "terms.data_sharing_opt_out.opted_out",
    "terms.tos_2018.accepted_at",
    "ips",
];

/// Asserts `path` exists in `value` (its value may be `null`).
fn assert_key(value: &Value, path: &str) {
    fn walk(value: &Value, parts: &[&str], path: &str) {
        let Some((first, rest)) = parts.split_first() else {
            return;
        };
        let (key, each) = match first.strip_suffix("[]") {
            Some(key) => (key, true),
            None => (*first, false),
        };
        let obj = value
            .as_object()
            .unwrap_or_else(|| panic!("`{path}`: not an object at `{key}`"));
        let child = obj
            .get(key)
            .unwrap_or_else(|| panic!("`{path}`: key `{key}` missing"));
        if each {
            for item in child
                .as_array()
                .unwrap_or_else(|| panic!("`{path}`: not a list"))
            {
                walk(item, rest, path);
            }
        } else if !rest.is_empty() && !child.is_null() {
            walk(child, rest, path);
        }
    }
    let parts: Vec<&str> = path.split('.').collect();
    walk(value, &parts, path);
}

/// Times are RFC 3339 UTC, whole seconds, ending in `Z`.
fn assert_times(value: &Value, path: &str) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{path}.{k}");
                if let (true, Value::String(s)) =
                    (k.ends_with("_at") || k == "at" || k == "online_since", v)
                {
                    assert_eq!(s.len(), 20, "{p}: {s}");
                    assert!(s.ends_with('Z') && s.as_bytes()[10] == b'T', "{p}: {s}");
                    assert!(s.parse::<jiff::Timestamp>().is_ok(), "{p}: {s}");
                }
                assert_times(v, &p);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| assert_times(v, path)),
        _ => {}
    }
}

pub fn show(path: &std::path::Path) -> Show {
    let out = Test::new().args(["show", "--json"]).arg(path).run();
    out.success();
    let value = out.json();
    for key in SHOW_KEYS {
        assert_key(&value, key);
    }
    assert_times(&value, "");
    serde_json::from_value(value).expect("show --json matches the contract")
}

pub fn summary(path: &std::path::Path) -> Summary {
    let out = Test::new().args(["summary", "--json"]).arg(path).run();
    out.success();
    let value = out.json();
    for key in SUMMARY_KEYS {
        assert_key(&value, key);
    }
    assert_times(&value, "");
    serde_json::from_value(value).expect("summary --json matches the contract")
}

fn accepted(at: Option<&str>) -> Accepted {
    Accepted {
        accepted: Some(at.is_some()),
        accepted_at: at.map(str::to_string),
    }
}

#[test]
fn gen_b_android_every_field() {
    let doc = show(&fixture("gen-b-android"));
    assert_eq!(doc.schema_version, 1);
    assert_eq!(doc.source.generation, "B");
    // The list twins are not read when their JSON was; the key/value twins are, for the
    // rows only the HTML has.
    assert_eq!(
        doc.source.files,
        strings(&[
            "whatsapp_account_information/registration_info.html",
            "whatsapp_account_information/registration_info.json",
            "whatsapp_account_information/user_information.html",
            "whatsapp_account_information/user_information.json",
            "whatsapp_connections/contacts.json",
            "whatsapp_connections/groups.json",
            "whatsapp_settings/account_settings.html",
            "whatsapp_settings/account_settings.json",
            "whatsapp_settings/terms_of_service.html",
            "whatsapp_settings/terms_of_service.json",
        ])
    );
    assert_eq!(doc.report.requested_at, s("2022-08-08T03:11:20Z"));
    assert_eq!(doc.report.generated_at, s("2022-08-11T03:11:20Z"));
    let a = &doc.account;
    assert_eq!(a.phone_number, s("+15555550123"));
    assert_eq!(a.name, s("Alex Müller"), "mojibake repaired in the name");
    assert_eq!(a.email, s("alex.example@example.com"));
    assert_eq!(a.about, s("Hey there! I am using WhatsApp."));
    assert_eq!(a.about_set_at, s("2021-12-19T13:20:00Z"));
    assert_eq!(a.about_expires_at, None);
    assert_eq!(
        a.profile_picture,
        ProfilePicture {
            present: true,
            uploaded_at: s("2022-08-06T18:20:00Z"),
            size_bytes: Some(3000)
        }
    );
    assert_eq!(
        doc.registration,
        Registration {
            platform: s("android"),
            app_version: s("2.21.22.26"),
            network_code: s("204016"),
            network_name: s("Example Mobile B.V."),
            device: s("motorola-moto_g(9)_plus"),
            registered_at: s("2014-05-13T16:53:20Z"),
        }
    );
    assert_eq!(
        doc.devices,
        [
            Device {
                id: 0,
                status: s("OFFLINE"),
                last_active_at: s("2022-08-11T00:10:00Z"),
                online_since: s("2022-08-11T00:10:00Z"),
                previous_ip: s("2001:db8:12::"),
                app_version: s("Android-2.22.16.75"),
                os_version: s("11"),
                manufacturer: s("motorola"),
                model: s("odessa"),
                settings_last_fetch_at: s("2022-08-05T11:46:40Z"),
                last_notification_dropped_at: s("2022-03-29T21:40:00Z"),
                ..Device::default()
            },
            Device {
                id: 2,
                status: s("INACTIVE"),
                last_active_at: s("2022-07-18T18:46:40Z"),
                online_since: s("2022-07-18T18:46:40Z"),
                previous_ip: s("172.16.0.0"),
                current_ip: s("172.16.5.7"),
                current_port: Some(40123),
                app_version: s("Web-2.2228.12"),
                os_version: s("0.1"),
                manufacturer: None,
                model: s("Desktop"),
                settings_last_fetch_at: s("2022-08-02T11:33:20Z"),
                ..Device::default()
            },
        ]
    );
    assert_eq!(doc.contacts, Some(strings(&GEN_B_CONTACTS)));
    assert_eq!(doc.groups, Some(strings(&GEN_B_GROUPS)));
    assert_eq!(
        doc.blocked,
        Some(strings(&["+15555550108", "+445555550109"]))
    );
    assert_eq!(doc.blocked_updated_at, s("2022-07-20T04:06:40Z"));
    assert_eq!(
        doc.privacy,
        Privacy {
            last_seen: s("everyone"),
            profile_photo: s("nobody"),
            about: s("my_contacts"),
            status: Some(Status {
                mode: s("my_contacts"),
                except: strings(&["+15555550104", "+15555550105"]),
                only_share_with: strings(&["+15555550106"]),
            }),
            read_receipts: Some(true),
        }
    );
    assert_eq!(
        doc.terms,
        Terms {
            tos_2016: accepted(Some("2016-08-26T22:20:00Z")),
            data_sharing_opt_out: OptOut {
                opted_out: Some(false),
                at: None
            },
            tos_2018: accepted(Some("2018-05-11T14:46:40Z")),
            tos_2021: accepted(Some("2021-01-07T09:00:00Z")),
        }
    );
    assert_eq!(
        doc.web_desktop,
        WebDesktop {
            platform: None,
            state: s("INACTIVE"),
            version: None,
            connected_since: None,
            inactive_since: None,
        }
    );
    assert_eq!(doc.unrecognised, []);
    assert_eq!(
        doc.sync,
        Sync {
            current_session_id: s("AAAAAAAAAAAAAAAAAAAAAA=="),
            current_session_registered_at: s("2014-05-13T16:53:20Z"),
            sessions: Some(vec![SyncSession {
                id: s("AAAAAAAAAAAAAAAAAAAAAA=="),
                account_registered_at: s("2014-05-13T16:53:20Z"),
                state_collections: strings(&[
                    "critical_block",
                    "critical_unblock_low",
                    "regular",
                    "regular_high",
                    "regular_low"
                ]),
            }]),
        }
    );
    assert_eq!(doc.payments, "absent");
    assert_eq!(doc.warnings, Vec::<String>::new());
}

#[test]
fn gen_b2_iphone_every_field() {
    let doc = show(&fixture("gen-b2-iphone"));
    assert_eq!(doc.source.generation, "B2");
    assert!(
        doc.source
            .files
            .contains(&"whatsapp_account_information/registration_information.json".into())
    );
    assert!(
        doc.source
            .files
            .contains(&"whatsapp_payments/no-data.txt".into())
    );
    assert_eq!(doc.report.requested_at, s("2024-09-13T09:33:20Z"));
    assert_eq!(doc.report.generated_at, s("2024-09-16T09:46:40Z"));
    let a = &doc.account;
    assert_eq!(a.phone_number, s("+445555550150"));
    assert_eq!((a.name.as_deref(), a.email.as_deref()), (None, None));
    assert_eq!(
        a.about,
        s("-"),
        "a plain `-` About is a value (FORMAT.md 3.3a)"
    );
    assert_eq!(a.about_set_at, s("2020-09-13T12:26:40Z"));
    assert_eq!(
        a.profile_picture,
        ProfilePicture {
            present: false,
            uploaded_at: None,
            size_bytes: None
        }
    );
    assert_eq!(
        doc.registration,
        Registration {
            platform: s("iphone"),
            app_version: s("2.24.18.80"),
            network_code: s("310260"),
            network_name: s("Example Wireless"),
            device: s("Unknown_(iPhone12,1)"),
            registered_at: s("2019-06-08T13:20:00Z"),
        }
    );
    assert_eq!(
        doc.devices,
        [Device {
            id: 0,
            status: s("OFFLINE"),
            last_active_at: s("2024-09-16T07:00:00Z"),
            online_since: s("2024-09-16T07:00:00Z"),
            previous_ip: s("10.20.0.0"),
            app_version: s("iPhone-2.24.18.80"),
            os_version: s("17.6"),
            manufacturer: s("Apple"),
            model: s("iPhone 11"),
            settings_last_fetch_at: s("2024-09-15T11:33:20Z"),
            ..Device::default()
        }]
    );
    assert_eq!(
        doc.contacts,
        Some(strings(&["+15555550151", "+445555550152", "+445555550153"]))
    );
    assert_eq!(
        doc.groups,
        Some(strings(&["Climbing", "N.Y.C. Alumni: 2019", "Neighbours"]))
    );
    assert_eq!(
        doc.blocked,
        Some(vec![]),
        "no blocked_numbers key, but an empty Blocked Numbers row: an empty list (FORMAT.md 3.3a)"
    );
    assert_eq!(doc.blocked_updated_at, None);
    assert_eq!(
        doc.privacy,
        Privacy {
            last_seen: s("my_contacts"),
            profile_photo: s("my_contacts"),
            about: s("everyone"),
            status: Some(Status {
                mode: None,
                except: vec![],
                only_share_with: vec![]
            }),
            read_receipts: Some(false),
        }
    );
    assert_eq!(
        doc.terms,
        Terms {
            tos_2016: accepted(Some("2019-06-08T13:20:00Z")),
            data_sharing_opt_out: OptOut {
                opted_out: Some(false),
                at: None
            },
            tos_2018: accepted(None),
            tos_2021: accepted(Some("2021-01-08T10:00:00Z")),
        }
    );
    assert_eq!(
        doc.sync,
        Sync {
            current_session_id: None,
            current_session_registered_at: None,
            sessions: Some(vec![])
        }
    );
    assert_eq!(doc.payments, "no_data");
    assert_eq!(doc.warnings, Vec::<String>::new());
}

#[test]
fn gen_c_android_every_field() {
    let doc = show(&fixture("gen-c-android"));
    assert_eq!(doc.source.generation, "C");
    assert!(
        doc.source.detected_by.contains("label_values"),
        "{}",
        doc.source.detected_by
    );
    assert_eq!(doc.report.requested_at, s("2026-02-25T17:20:00Z"));
    assert_eq!(doc.report.generated_at, s("2026-02-28T23:06:40Z"));
    let a = &doc.account;
    assert_eq!(a.phone_number, s("+15555550170"));
    assert_eq!(a.about, s("Available"));
    assert_eq!(a.about_set_at, s("2025-11-17T17:20:00Z"));
    assert_eq!(a.about_expires_at, None, "timestamp_value 0 means none");
    assert_eq!(
        a.profile_picture,
        ProfilePicture {
            present: true,
            uploaded_at: s("2024-04-01T08:26:40Z"),
            size_bytes: None
        }
    );
    assert_eq!(doc.registration.platform, s("android"));
    assert_eq!(doc.registration.app_version, s("2.26.7.73"));
    assert_eq!(doc.registration.device, s("Google-husky"));
    assert_eq!(doc.registration.registered_at, s("2023-11-14T22:13:20Z"));
    assert_eq!(
        doc.devices,
        [
            Device {
                id: 0,
                last_active_at: s("2026-02-28T23:06:40Z"),
                online_since: None,
                app_version: s("Android-2.26.7.73"),
                os_version: s("16"),
                manufacturer: s("Google"),
                model: s("husky"),
                settings_last_fetch_at: s("2026-02-28T20:20:00Z"),
                ..Device::default()
            },
            Device {
                id: 34,
                last_active_at: s("2026-02-28T20:53:20Z"),
                online_since: s("2026-02-28T08:56:40Z"),
                app_version: s("Web-2.3000"),
                os_version: s("0.1"),
                model: s("Desktop"),
                settings_last_fetch_at: s("2026-02-28T17:33:20Z"),
                last_notification_dropped_at: s("2026-02-25T06:13:20Z"),
                ..Device::default()
            },
        ]
    );
    assert_eq!(
        doc.contacts,
        Some(strings(&["+15555550171", "+15555550173", "+335555550174"]))
    );
    assert_eq!(
        doc.groups,
        Some(strings(&["Running club", "Ski trip: Jan. 2026", "Team 🏃"]))
    );
    assert_eq!(doc.blocked, Some(strings(&["+15555550172"])));
    assert_eq!(
        doc.privacy,
        Privacy {
            last_seen: s("nobody"),
            profile_photo: s("my_contacts"),
            about: s("my_contacts"),
            status: Some(Status {
                mode: s("my_contacts_except"),
                except: strings(&["+15555550171"]),
                only_share_with: vec![],
            }),
            read_receipts: Some(true),
        }
    );
    let t = s("2023-11-14T22:13:20Z");
    assert_eq!(doc.terms.tos_2016.accepted_at, t);
    assert_eq!(doc.terms.tos_2021.accepted_at, t);
    assert_eq!(doc.warnings, Vec::<String>::new());
}

#[test]
fn gen_a_iphone_every_field_from_json_and_html() {
    let doc = show(&fixture("gen-a-iphone"));
    assert_eq!(doc.source.generation, "A");
    assert_eq!(
        doc.source.files,
        strings(&["access.html", "portability.json"])
    );
    assert_eq!(doc.report.generated_at, s("2022-06-23T08:10:41Z"));
    assert_eq!(doc.report.requested_at, s("2022-06-20T08:00:00Z"));
    let a = &doc.account;
    assert_eq!(a.phone_number, s("+15555550180"));
    assert_eq!((a.name.as_deref(), a.email.as_deref()), (None, None));
    assert_eq!(a.about, s("Hey there! I am using WhatsApp."));
    // Only the HTML has the about time: 2021/03/05-19:06:40 Pacific (PST, UTC−8).
    assert_eq!(a.about_set_at, s("2021-03-06T03:06:40Z"));
    assert_eq!(
        a.profile_picture,
        ProfilePicture {
            present: true,
            uploaded_at: s("2022-05-11T20:39:02Z"),
            size_bytes: Some(1200)
        }
    );
    // Contacts and groups come from portability.json.
    assert_eq!(
        doc.contacts,
        Some(strings(&["+15555550181", "+15555550182", "+315555550183"]))
    );
    assert_eq!(
        doc.groups,
        Some(strings(&[
            "Book club",
            "Family🙂",
            "Football ",
            "Football "
        ]))
    );
    // Everything below exists only in access.html.
    assert_eq!(
        doc.registration,
        Registration {
            platform: s("iphone"),
            app_version: s("2.22.12.74"),
            network_code: s("204008"),
            network_name: s("Example Telecom"),
            device: s("Unknown_(iPhone12,1)"),
            // 2015/11/01-09:46:40 Pacific, hours after the November DST change: PST.
            registered_at: s("2015-11-01T17:46:40Z"),
        }
    );
    assert_eq!(
        doc.terms,
        Terms {
            tos_2016: accepted(Some("2016-09-04T14:40:00Z")),
            data_sharing_opt_out: OptOut {
                opted_out: Some(false),
                at: None
            },
            tos_2018: accepted(Some("2018-05-21T10:53:20Z")),
            tos_2021: accepted(Some("2021-01-07T20:06:40Z")),
        }
    );
    assert_eq!(
        doc.privacy,
        Privacy {
            last_seen: s("my_contacts"),
            profile_photo: s("everyone"),
            about: s("everyone"),
            status: Some(Status {
                mode: s("my_contacts"),
                except: vec![],
                only_share_with: vec![]
            }),
            read_receipts: Some(true),
        }
    );
    assert_eq!(doc.blocked, Some(strings(&["+15555550184"])));
    assert_eq!(doc.blocked_updated_at, s("2021-12-20T11:33:20Z"));
    assert_eq!(
        doc.devices,
        [
            Device {
                id: 0,
                status: s("OFFLINE"),
                // 2022/06/22-23:17:40 Pacific (PDT, UTC−7).
                last_active_at: s("2022-06-23T06:17:40Z"),
                previous_ip: s("2001:db8:c04::"),
                app_version: s("iPhone-2.22.12.74"),
                os_version: s("15.5"),
                manufacturer: s("Apple"),
                model: s("iPhone 11"),
                settings_last_fetch_at: s("2022-06-22T12:13:20Z"),
                mcc: s("204"),
                mnc: s("08"),
                os_build: s("19F77"),
                ..Device::default()
            },
            Device {
                id: 1,
                status: s("OFFLINE"),
                last_active_at: s("2022-03-20T00:00:00Z"),
                previous_ip: s("192.168.0.0"),
                app_version: s("Web-2.2222.8"),
                os_version: s("0.1"),
                model: s("Desktop"),
                settings_last_fetch_at: s("2022-03-19T14:26:40Z"),
                ..Device::default()
            },
        ]
    );
    assert_eq!(doc.web_desktop.state, s("INACTIVE"));
    assert_eq!(doc.payments, "no_data");
    assert_eq!(doc.warnings, Vec::<String>::new());
}

#[test]
fn summary_counts_ips_and_shared_objects() {
    let sum = summary(&fixture("gen-b-android"));
    assert_eq!(sum.schema_version, 1);
    assert_eq!(sum.generation, "B");
    assert_eq!(sum.phone_number, s("+15555550123"));
    assert_eq!(sum.generated_at, s("2022-08-11T03:11:20Z"));
    assert_eq!(
        sum.counts,
        Counts {
            contacts: Some(6),
            groups: Some(9),
            groups_distinct: Some(8),
            blocked: Some(2),
            devices: 2
        }
    );
    let ip = |device_id, kind: &str, ip: &str| Ip {
        device_id,
        kind: kind.into(),
        ip: ip.into(),
    };
    assert_eq!(
        sum.ips,
        [
            ip(0, "previous", "2001:db8:12::"),
            ip(2, "previous", "172.16.0.0"),
            ip(2, "current", "172.16.5.7")
        ]
    );
    // The privacy and terms objects are the same as in `show`.
    // The privacy, terms, account, registration and device objects are the same as in
    // `show`.
    let doc = show(&fixture("gen-b-android"));
    assert_eq!(sum.privacy, doc.privacy);
    assert_eq!(sum.terms, doc.terms);
    assert_eq!(sum.registration, doc.registration);
    assert_eq!(sum.devices, doc.devices);
    assert_eq!(sum.account.phone_number, doc.account.phone_number);
    assert_eq!(sum.blocked_updated_at, doc.blocked_updated_at);
    assert_eq!(sum.requested_at, doc.report.requested_at);

    assert_eq!(sum.warnings, Vec::<String>::new());

    let b2 = summary(&fixture("gen-b2-iphone"));
    assert_eq!(b2.counts.blocked, Some(0), "an empty Blocked Numbers row");
    assert_eq!(b2.counts.groups_distinct, Some(3));
}

#[test]
fn every_fixture_gives_the_same_json_from_folder_zip_and_stdin() {
    for name in FIXTURES {
        let from_dir = Test::new()
            .args(["show", "--json"])
            .arg(fixture(name))
            .run();
        from_dir.success();
        for seed in [0, 3] {
            let bytes = zip_fixture(name, seed);
            let (_dir, zip) = crate::support::temp_file("Mijn accountinformatie.zip", &bytes);
            let from_zip = Test::new().args(["show", "--json"]).arg(&zip).run();
            assert_eq!(
                from_zip.stdout, from_dir.stdout,
                "{name} zipped with seed {seed}"
            );
            let from_stdin = Test::new().args(["show", "--json", "-"]).stdin(bytes).run();
            assert_eq!(from_stdin.stdout, from_dir.stdout, "{name} on stdin");
        }
    }
}

#[test]
fn the_committed_zip_holds_exactly_its_fixture_folder() {
    let zip = std::fs::read(fixture("gen-b-android.zip")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut files = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        if entry.is_dir() {
            continue;
        }
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
        files.push((entry.name().unwrap().to_string(), data));
    }
    files.sort();
    assert_eq!(files, crate::support::files_of(&fixture("gen-b-android")));
}

#[test]
fn json_sections_can_be_limited() {
    let out = Test::new()
        .args(["show", "--json"])
        .arg(fixture("gen-b-android"))
        .args(["contacts", "privacy"])
        .run();
    out.success();
    let v = out.json();
    // serde_json's map is sorted; the order on stdout is the contract's.
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "contacts",
            "privacy",
            "schema_version",
            "source",
            "unrecognised",
            "warnings"
        ]
    );
    let at = |key: &str| out.stdout.find(&format!("\"{key}\"")).unwrap();
    assert!(at("schema_version") < at("source") && at("contacts") < at("privacy"));
}
