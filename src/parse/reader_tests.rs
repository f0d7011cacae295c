//! Unit tests of each reader (`json_a`, `json_b`, `labels_c`, `pages`), through the one
//! entry point [`super::parse`] on small in-memory archives, so each reader is seen doing
//! its part of the job: what it sets, and what it says when the input is not as documented.

use std::io::Write;

use super::{Options, Parsed, parse};
use crate::archive::{Archive, Limits};
use crate::model::{Contacts, Generation, Payments, Visibility, WarningKind};
use crate::text::{GroupName, Phone};

fn archive(files: &[(&str, &str)]) -> Archive {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in files {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(data.as_bytes()).unwrap();
    }
    let bytes = w.finish().unwrap().into_inner();
    Archive::from_zip_bytes("t.zip", bytes, Limits::default()).unwrap()
}

fn read(files: &[(&str, &str)]) -> Parsed {
    parse(&mut archive(files), Options::default()).unwrap()
}

fn warnings(p: &Parsed) -> Vec<String> {
    p.report.warnings.iter().map(|w| w.exact()).collect()
}

const MINIMAL_ACCESS: &str = "<html><body><table><tr><td class=\"key\">Phone Number</td><td><span dir=\"ltr\">+15555550180</span></td></tr></table></body></html>";

// ---- json_a: gen A portability.json

#[test]
fn json_a_reads_the_account_contacts_and_groups() {
    let p = read(&[
        (
            "portability.json",
            r#"{"pay":null,"about":"Hi","groups":["Book club","Football "],"contacts":["+15555550181","15555550182"],"profile_pic":{"timestamp":1652301542,"data":"/9j/4AAQ"},"email":null,"account_number":"+15555550180","generation_time":1656000000,"request_time":1655700000}"#,
        ),
        ("access.html", MINIMAL_ACCESS),
    ]);
    let r = &p.report;
    assert_eq!(r.generation(), Generation::A);
    assert_eq!(r.account.phone_number, Some(Phone::new("+15555550180")));
    assert_eq!(
        r.contacts,
        Some(Contacts::Kept(vec![
            Phone::new("+15555550181"),
            Phone::new("+15555550182")
        ]))
    );
    assert_eq!(
        r.groups,
        Some(vec![
            GroupName::new("Book club"),
            GroupName::new("Football ")
        ])
    );
    assert_eq!(r.account.profile_picture.size_bytes, Some(6));
    assert_eq!(r.account.profile_picture.present, Some(true));
    assert_eq!(r.payments, Some(Payments::NoData));
    assert_eq!(r.account.email, None);
    assert!(
        warnings(&p).iter().all(|w| !w.contains("portability")),
        "{:?}",
        warnings(&p)
    );
}

#[test]
fn json_a_names_payments_data_and_unknown_keys() {
    let p = read(&[
        (
            "portability.json",
            r#"{"pay":{"upi":"x"},"groups":[],"contacts":[],"account_number":"+15555550180","channels":3}"#,
        ),
        ("access.html", MINIMAL_ACCESS),
    ]);
    assert_eq!(p.report.payments, Some(Payments::Present(vec![])));
    let w = warnings(&p);
    assert!(w.contains(&"portability.json: `pay`: payments data is present; its layout is undocumented, so it is not read".to_string()), "{w:?}");
    assert!(
        w.contains(&"portability.json: `channels`: unknown key; not read".to_string()),
        "{w:?}"
    );
}

// ---- json_b: the wa_* files

const B_USER: &str = r#"{"wa_profile_info":{"phone_number":"15555550123","report_generation_time":1660187480,"report_request_time":1659928280,"device_activity":[{"device_id":2,"status":"INACTIVE","last_active_time":1658170000,"online_since":1658170000,"previous_connection_ip":"10.20.0.0","current_connection_ip":"10.20.0.142:18606"},{"device_id":0,"status":"OFFLINE","last_active_time":1660160000,"online_since":0,"previous_connection_ip":"2001:DB8:C02::"}],"web_desktop_platform":"","web_desktop_state":"INACTIVE","about":"-","about_set_timestamp":1639920000}}"#;

fn gen_b(extra: &[(&'static str, &'static str)]) -> Parsed {
    let mut files = vec![
        ("whatsapp_account_information/user_information.json", B_USER),
        (
            "whatsapp_account_information/registration_info.json",
            r#"{"wa_registration_info":{"platform":"iphone-2.19.100","network":"204016","network_name":"Example","device":"Unknown_(iPhone12,1)","registration_timestamp":1262304000}}"#,
        ),
    ];
    files.extend_from_slice(extra);
    read(&files)
}

#[test]
fn json_b_reads_user_information_devices_and_addresses() {
    let p = gen_b(&[]);
    let r = &p.report;
    assert_eq!(r.account.phone_number, Some(Phone::new("+15555550123")));
    assert_eq!(r.account.about.as_ref().map(|a| a.exact()), Some("-"));
    assert_eq!(r.web_desktop.platform, None, "\"\" is no value");
    let ids: Vec<i64> = r.devices.iter().map(|d| d.id).collect();
    assert_eq!(ids, [0, 2], "sorted by id");
    assert_eq!(
        r.devices[0]
            .previous_ip
            .as_ref()
            .map(|ip| ip.exact().to_string()),
        Some("2001:db8:c02::".into()),
        "stored canonically"
    );
    assert_eq!(r.devices[0].online_since, None, "0 is no time");
    assert_eq!(r.devices[1].current_port, Some(18606));
    assert_eq!(
        r.registration.platform.as_ref().map(|t| t.exact()),
        Some("iphone")
    );
    assert_eq!(
        r.registration.app_version.as_ref().map(|t| t.exact()),
        Some("2.19.100")
    );
    let w = warnings(&p);
    assert!(w.contains(&"whatsapp_account_information/user_information.json: `wa_profile_info.device_activity[1].online_since`: is 0; taken as no time".to_string()), "{w:?}");
}

#[test]
fn json_b_reads_settings_in_device_info_order() {
    let p = gen_b(&[(
        "whatsapp_settings/account_settings.json",
        r#"{"wa_settings":{"last_seen_privacy":"Everyone","profile_photo_privacy":"Close Friends","about_privacy":"My Contacts","status_privacy":[],"read_receipts":"No","settings_last_fetch_time":{"2":1659440000,"zero":1659700000},"sync_sessions":[],"device_sync_status":[{"device_id":2},{"device_id":0,"last_notification_dropped_time":1648590000}],"device_info":[{"device_id":2,"app_version":"Web-2.2228.12","operating_system_version":"0.1","device_manufacturer":"","device_model":"Desktop"},{"device_id":0,"app_version":"iPhone-2.22.15.77"}]}}"#,
    )]);
    let r = &p.report;
    assert_eq!(r.privacy.last_seen, Some(Visibility::Everyone));
    assert!(matches!(
        r.privacy.profile_photo,
        Some(Visibility::Other(_))
    ));
    assert_eq!(r.privacy.read_receipts, Some(false));
    assert_eq!(r.privacy.status, Some(Default::default()));
    assert_eq!(r.sync.sessions, Some(vec![]));
    assert_eq!(r.blocked, None, "no key: the report says nothing");
    let web = r.device(2).unwrap();
    assert_eq!(web.manufacturer, None);
    assert_eq!(web.model.as_ref().map(|t| t.exact()), Some("Desktop"));
    assert!(web.settings_last_fetch_at.is_some());
    let w = warnings(&p);
    assert!(w.contains(&"whatsapp_settings/account_settings.json: `wa_settings.profile_photo_privacy`: unknown value `Close Friends`; kept verbatim".to_string()), "{w:?}");
    assert!(w.contains(&"whatsapp_settings/account_settings.json: `wa_settings.settings_last_fetch_time.zero`: is not a device id; skipped".to_string()), "{w:?}");
}

#[test]
fn json_b_reads_lists_terms_and_checks_avatars() {
    let p = gen_b(&[
        (
            "whatsapp_connections/contacts.json",
            r#"{"wa_contacts":["+15555550101","Alex",5]}"#,
        ),
        (
            "whatsapp_connections/groups.json",
            r#"{"wa_groups":["Family\u00f0\u009f\u0099\u0082"]}"#,
        ),
        (
            "whatsapp_settings/terms_of_service.json",
            r#"{"wa_terms_of_service":{"tos_accepted_2016":true,"tos_accept_time_2016":1472250000,"data_sharing_opt_out":false,"tos_accepted_2018":false}}"#,
        ),
    ]);
    let r = &p.report;
    assert_eq!(
        r.contacts,
        Some(Contacts::Kept(vec![
            Phone::new("+15555550101"),
            Phone::new("Alex")
        ]))
    );
    assert_eq!(
        r.groups,
        Some(vec![GroupName::new("Family🙂")]),
        "mojibake repaired"
    );
    assert_eq!(r.terms.tos_2016().value, Some(true));
    assert_eq!(
        r.terms.tos_2018(),
        crate::model::Acceptance {
            value: Some(false),
            at: None
        }
    );
    let w = warnings(&p);
    assert!(w.contains(&"whatsapp_connections/contacts.json: `wa_contacts`: `Alex` is not a phone number (it holds other characters than digits); kept as given".to_string()), "{w:?}");
    assert!(w.contains(&"whatsapp_connections/contacts.json: `wa_contacts[2]`: expected text, found a number; skipped".to_string()), "{w:?}");
}

#[test]
fn json_b_names_avatar_content_it_does_not_read() {
    let p = read(&[
        ("whatsapp_account_information/user_information.json", B_USER),
        (
            "whatsapp_account_information/avatars_information.json",
            r#"{"wa_avatars":{"style":"x"}}"#,
        ),
    ]);
    assert_eq!(p.report.generation(), Generation::B2);
    let w: Vec<_> = p
        .report
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::Unknown)
        .map(|w| w.exact())
        .collect();
    assert_eq!(
        w,
        [
            "whatsapp_account_information/avatars_information.json: `wa_avatars`: holds content; the avatars layout is undocumented, so it is not read"
        ]
    );
}

// ---- labels_c: gen C label_values

#[test]
fn labels_c_reads_label_values_devices_and_media() {
    let p = read(&[
        (
            "whatsapp_account_information/user_information.json",
            r#"{"label_values":[{"label":"Phone number","value":"+15555550170"},{"label":"About Expiry Time","timestamp_value":0},{"label":"Profile Picture","media":[{"uri":"files/me.jpg"}]},{"label":"Device Activity","vec":[{"dict":[{"label":"Device","value":"34"},{"label":"Last Active Time","timestamp_value":1772312000}]}]},{"label":"Mood","value":"fine"}]}"#,
        ),
        (
            "whatsapp_account_information/registration_information.json",
            r#"{"wa_registration_info":{}}"#,
        ),
        ("files/me.jpg", "JPEGDATA"),
    ]);
    let r = &p.report;
    assert_eq!(r.generation(), Generation::C);
    assert_eq!(r.account.phone_number, Some(Phone::new("+15555550170")));
    assert_eq!(r.account.about_expires_at, None, "0 is no time");
    assert_eq!(r.account.profile_picture.present, Some(true));
    assert_eq!(r.account.profile_picture.size_bytes, Some(8));
    assert_eq!(r.devices.len(), 1);
    assert_eq!(r.devices[0].id, 34);
    assert_eq!(r.unrecognised.len(), 1);
    assert_eq!(r.unrecognised[0].label.exact(), "Mood");
    let uses: Vec<_> = p
        .entries
        .iter()
        .map(|e| (e.name.exact().to_string(), e.role))
        .collect();
    assert!(
        uses.contains(&("files/me.jpg".to_string(), super::Use::Picture)),
        "{uses:?}"
    );
}

// ---- pages: the HTML key/value pages

fn b_page(rows: &str) -> String {
    format!(
        "<html><body><table><tr><td><img src=\"../files/WhatsApp-Logo.png\"></td><td> WhatsApp </td></tr></table><div role=\"main\"><div><div><table style=\"table-layout: fixed;\">{rows}</table></div></div></div></body></html>"
    )
}

fn row(label: &str, value: &str) -> String {
    format!(
        "<tr><td class=\"_2pin _a6_q\"><div class=\"_a6-q\">{label}</div></td><td class=\"_2pin _2piu _a6_r\"><div class=\"_a6-q\">{value}</div></td></tr>"
    )
}

#[test]
fn pages_read_a_gen_b_page_without_its_json() {
    let page = b_page(
        &[
            row("Last Seen Privacy", "Nobody"),
            row("Blocked Numbers", ""),
            row("Blocked Numbers Update Time", "<span>-</span>"),
            row(
                "Status Privacy",
                "<div><div>Only Share With (active) : [+15555550106]</div></div>",
            ),
            row("Read Receipts", "Yes"),
        ]
        .concat(),
    );
    let p = read(&[
        ("whatsapp_account_information/user_information.json", B_USER),
        ("whatsapp_settings/account_settings.html", &page),
    ]);
    let r = &p.report;
    assert_eq!(r.privacy.last_seen, Some(Visibility::Nobody));
    assert_eq!(r.blocked, Some(vec![]), "an empty row is an empty list");
    assert_eq!(r.blocked_updated_at, None);
    assert_eq!(
        r.privacy.status.as_ref().unwrap().only_share_with,
        [Phone::new("+15555550106")]
    );
    assert_eq!(r.privacy.read_receipts, Some(true));
    let w = warnings(&p);
    assert!(
        w.contains(&"whatsapp_settings/account_settings.json: missing from the report; read from its HTML twin `whatsapp_settings/account_settings.html` instead, with times to the minute".to_string()),
        "{w:?}"
    );
    assert!(
        w.contains(&"whatsapp_connections/contacts.json: missing from the report; contacts are not in the report".to_string()),
        "{w:?}"
    );
}

#[test]
fn pages_read_gen_a_sections_devices_and_pacific_times() {
    let page = "<html><body><table><tbody>\
        <tr><td colspan=\"2\" class=\"title\">User Information</td></tr>\
        <tr><td class=\"key\">Report Generation Time</td><td><span dir=\"ltr\">2022/06/23-01:10:41</span></td></tr>\
        <tr><td class=\"key\">Phone Number</td><td><span dir=\"ltr\">+15555550180</span></td></tr>\
        <tr><td class=\"key\">Device Activity</td><td><span dir=\"ltr\"><span>Device: 0</span><br/><span>Status: OFFLINE</span><br/><span>Online Since: —</span><br/><span>Device: 1</span><br/><span>Previous Connection IP: 192.168.0.0</span></span></td></tr>\
        <tr><td colspan=\"2\" class=\"title\">Settings</td></tr>\
        <tr><td class=\"key\">Last Seen Privacy</td><td><span dir=\"ltr\">Everyone</span></td></tr>\
        <tr><td class=\"key\">Blocked Numbers</td><td><span dir=\"ltr\">—</span></td></tr>\
        </tbody></table></body></html>";
    let p = read(&[
        (
            "portability.json",
            r#"{"contacts":[],"groups":[],"account_number":"+15555550180"}"#,
        ),
        ("access.html", page),
    ]);
    let r = &p.report;
    assert_eq!(
        r.generated_at,
        Some("2022-06-23T08:10:41Z".parse().unwrap()),
        "Pacific daylight time"
    );
    let ids: Vec<i64> = r.devices.iter().map(|d| d.id).collect();
    assert_eq!(ids, [0, 1], "gen A's devices come from Device Activity");
    assert_eq!(r.devices[0].online_since, None);
    assert_eq!(r.privacy.last_seen, Some(Visibility::Everyone));
    assert_eq!(r.blocked, None, "gen A's `—` leaves it unknown");
}
