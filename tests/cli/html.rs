//! The HTML: the Indonesian report with and without its JSON, `inspect`, unknown and
//! renamed labels, and the positional fallback.

use serde_json::{Value, json};

use crate::contract::{Device, Privacy, Status, show};
use crate::support::{
    FIXTURES, Test, files_of, fixture, fixture_text, s, temp_file, with_file, zip_files,
};

#[test]
fn gen_b_indonesian_every_field() {
    let doc = show(&fixture("gen-b-id-android"));
    assert_eq!(doc.source.generation, "B");
    assert_eq!(doc.report.requested_at, s("2022-07-19T05:07:00Z"));
    assert_eq!(doc.report.generated_at, s("2022-07-22T05:07:00Z"));
    assert_eq!(doc.account.phone_number, s("+6285555550160"));
    assert_eq!(doc.account.name, s("Budi Santoso"));
    assert_eq!(doc.account.email, s("contoh@example.com"));
    assert_eq!(doc.account.about, s("Sibuk 📵"));
    assert_eq!(doc.account.about_set_at, s("2021-05-03T00:00:00Z"));
    assert!(!doc.account.profile_picture.present);
    assert_eq!(doc.registration.platform, s("android"));
    assert_eq!(doc.registration.app_version, s("2.22.14.78"));
    assert_eq!(doc.registration.network_code, s("51010"));
    assert_eq!(doc.registration.network_name, s("Contoh Seluler"));
    assert_eq!(doc.registration.device, s("vivo-1814"));
    assert_eq!(doc.registration.registered_at, s("2017-07-14T02:40:00Z"));
    assert_eq!(
        doc.contacts.unwrap(),
        [
            "+15555550161",
            "+6285555550162",
            "+6285555550163",
            "+6285555550164"
        ]
    );
    assert_eq!(
        doc.groups.unwrap(),
        [
            "Arisan RT 05",
            "Keluarga 💚",
            "Keluarga 💚",
            "Kerja ",
            "Tom & Jerry's"
        ]
    );
    assert_eq!(doc.blocked, Some(vec!["+6285555550165".to_string()]));
    assert_eq!(doc.blocked_updated_at, s("2022-06-23T16:00:00Z"));
    assert_eq!(
        doc.privacy,
        Privacy {
            last_seen: s("nobody"),
            profile_photo: s("everyone"),
            about: s("everyone"),
            status: Some(Status {
                mode: s("my_contacts_except"),
                except: vec!["+6285555550162".into()],
                only_share_with: vec!["+6285555550163".into(), "+6285555550164".into()],
            }),
            read_receipts: Some(true),
        }
    );
    assert_eq!(doc.terms.tos_2016.accepted_at, s("2017-07-14T02:40:00Z"));
    assert_eq!(doc.terms.tos_2018.accepted, Some(false));
    assert_eq!(doc.terms.tos_2018.accepted_at, None);
    assert_eq!(doc.terms.tos_2021.accepted_at, s("2021-01-06T16:20:00Z"));
    assert_eq!(
        doc.devices,
        [
            Device {
                id: 0,
                status: s("OFFLINE"),
                last_active_at: s("2022-07-22T03:20:00Z"),
                online_since: s("2022-07-22T03:20:00Z"),
                previous_ip: s("10.64.0.0"),
                app_version: s("Android-2.22.14.78"),
                os_version: s("8.1.0"),
                manufacturer: s("vivo"),
                model: s("1814"),
                settings_last_fetch_at: s("2022-07-21T10:40:00Z"),
                last_notification_dropped_at: s("2022-04-15T05:20:00Z"),
                ..Device::default()
            },
            Device {
                id: 3,
                status: s("INACTIVE"),
                last_active_at: s("2022-07-05T05:46:00Z"),
                online_since: s("2022-07-05T05:46:00Z"),
                previous_ip: s("2001:db8:4d2::"),
                current_ip: s("172.20.1.9"),
                current_port: Some(51234),
                app_version: s("Web-2.2224.7"),
                os_version: s("0.1"),
                model: s("Desktop"),
                settings_last_fetch_at: s("2022-07-04T02:00:00Z"),
                ..Device::default()
            },
        ]
    );
    assert_eq!(doc.payments, "no_data");
    assert_eq!(doc.warnings, Vec::<String>::new());
}

#[test]
fn html_only_report_gives_the_same_records_as_its_json_twin() {
    let with_json = show(&fixture("gen-b-id-android"));
    let html_only = show(&fixture("gen-b-id-android-html-only"));
    assert_eq!(html_only.contacts, with_json.contacts);
    assert_eq!(html_only.groups, with_json.groups);
    assert_eq!(html_only.privacy, with_json.privacy);
    assert_eq!(html_only.terms, with_json.terms);
    assert_eq!(html_only.devices, with_json.devices);
    assert_eq!(html_only.registration, with_json.registration);
    assert_eq!(
        html_only.account.phone_number,
        with_json.account.phone_number
    );
    assert_eq!(html_only.blocked, with_json.blocked);
    assert_eq!(html_only.report.generated_at, with_json.report.generated_at);
    assert!(
        html_only
            .source
            .files
            .iter()
            .all(|f| f.ends_with(".html") || f.ends_with(".txt"))
    );
    // One note per missing JSON file, and one per section whose positional device blocks
    // had to be matched to `Device Activity` (devices 0 and 3, numbered 0 and 1).
    let (twins, positional): (Vec<&String>, Vec<&String>) = html_only
        .warnings
        .iter()
        .partition(|w| w.contains("read from its HTML twin"));
    assert_eq!(twins.len(), 6, "{:?}", html_only.warnings);
    assert_eq!(
        positional,
        [
            "whatsapp_settings/account_settings.html: `Status Sinkronisasi Perangkat`: blocks are numbered by position; without the JSON's device order they are matched to the devices of `Device Activity`, in its order",
            "whatsapp_settings/account_settings.html: `Informasi Perangkat`: blocks are numbered by position; without the JSON's device order they are matched to the devices of `Device Activity`, in its order",
        ]
    );
}

fn inspect(path: &std::path::Path) -> (i32, Value) {
    let out = Test::new().args(["inspect", "--json"]).arg(path).run();
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    (out.code, out.json())
}

#[test]
fn inspect_understands_every_shipped_fixture() {
    for name in FIXTURES {
        let (code, v) = inspect(&fixture(name));
        assert_eq!(code, 0, "{name}: {v:#}");
        assert_eq!(v["understood"], true);
        assert_eq!(v["unknown"], json!([]), "{name}");
        assert_eq!(v["cross_check"]["disagreements"], json!([]), "{name}");
        let compared = v["cross_check"]["compared"].as_u64();
        if name.ends_with("html-only") {
            assert_eq!(compared, None);
        } else {
            assert!(compared.unwrap() >= 9, "{name}: {compared:?}");
        }
        for entry in v["entries"].as_array().unwrap() {
            assert_ne!(entry["use"], "unknown; not read", "{name}: {entry}");
        }
    }
}

#[test]
fn inspect_text_says_what_was_read() {
    let out = Test::new()
        .args(["inspect", "--utc"])
        .arg(fixture("gen-b-android"))
        .run();
    out.success();
    assert!(
        out.stdout.contains("│ whatsapp_connections/contacts.json"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("read as JSON"));
    assert!(out.stdout.contains("read as HTML"));
    assert!(out.stdout.contains("The report was fully understood."));
}

/// A fixture with one HTML file's text changed.
fn planted(name: &str, rel: &str, from: &str, to: &str) -> Vec<(String, Vec<u8>)> {
    let text = fixture_text(name, rel);
    assert!(text.contains(from), "{rel} lacks {from}");
    with_file(files_of(&fixture(name)), rel, &text.replacen(from, to, 1))
}

fn inspect_files(files: &[(String, Vec<u8>)]) -> (i32, Value) {
    let (_dir, path) = temp_file("planted.zip", &zip_files(files, "", 4));
    inspect(&path)
}

#[test]
fn inspect_finds_a_planted_unknown_label() {
    // An extra row: the table no longer has exactly its documented rows, so no positional
    // mapping; the value is kept under its label.
    let files = planted(
        "gen-b-android",
        "whatsapp_settings/account_settings.html",
        "<tr><td class=\"_2pin",
        "<tr><td class=\"_2pin _a6_q\"><div class=\"_a6-q\">Groups Add Privacy</div></td><td class=\"_2pin _2piu _a6_r\"><div class=\"_a6-q\">My Contacts</div></td></tr><tr><td class=\"_2pin",
    );
    let (code, v) = inspect_files(&files);
    assert_eq!(code, 1);
    assert_eq!(
        v["unknown"],
        json!([
            "whatsapp_settings/account_settings.html: `Groups Add Privacy`: unknown label; kept as given"
        ])
    );
    let (_dir, path) = temp_file("planted.zip", &zip_files(&files, "", 4));
    let shown = show(&path);
    assert_eq!(shown.unrecognised.len(), 1);
    assert_eq!(shown.unrecognised[0].label, "Groups Add Privacy");
    assert_eq!(shown.unrecognised[0].value, "My Contacts");
}

#[test]
fn inspect_finds_a_planted_disagreement_with_both_values() {
    let files = planted(
        "gen-b-android",
        "whatsapp_settings/account_settings.html",
        "<div class=\"_a6-q\">Everyone</div>",
        "<div class=\"_a6-q\">Nobody</div>",
    );
    let (code, v) = inspect_files(&files);
    assert_eq!(code, 1);
    assert_eq!(v["unknown"], json!([]));
    assert_eq!(
        v["cross_check"]["disagreements"],
        json!([{"field": "privacy.last_seen", "json": "everyone", "html": "nobody"}])
    );
}

#[test]
fn inspect_names_a_renamed_label_and_reads_it_by_position() {
    let files = planted(
        "gen-b-android",
        "whatsapp_account_information/registration_info.html",
        ">Network Name<",
        ">Carrier<",
    );
    // Placed by structure (its position, and the JSON saying the same), the report is
    // understood; `placed` says how.
    let (code, v) = inspect_files(&files);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["unknown"], json!([]));
    assert_eq!(
        v["placed"],
        json!([{
            "file": "whatsapp_account_information/registration_info.html",
            "label": "Carrier",
            "field": "Network Name",
            "evidence": "row 3 of 5 in the documented order; its value the same as the JSON's"
        }])
    );
    assert_eq!(
        v["cross_check"]["disagreements"],
        json!([]),
        "the value went where it belongs"
    );
}

#[test]
fn a_table_whose_labels_are_all_replaced_is_read_by_position() {
    // Terms in a language the tables do not have (labels invented for the test, so every
    // one is unknown), in an HTML-only report.
    let mut text = fixture_text("gen-b2-iphone", "whatsapp_settings/terms_of_service.html");
    for (i, label) in [
        "2016 Terms of Service accepted",
        "2016 Terms of Service accept time",
        "Data sharing opt-out",
        "Data sharing opt-out time",
        "2018 Terms of Service accepted",
        "2018 Terms of Service accept time",
        "2021 Terms of Service accepted",
        "2021 Terms of Service accept time",
    ]
    .into_iter()
    .enumerate()
    {
        text = text.replace(&format!(">{label}<"), &format!(">Regel {i}<"));
    }
    let files: Vec<_> = files_of(&fixture("gen-b2-iphone"))
        .into_iter()
        .filter(|(n, _)| n != "whatsapp_settings/terms_of_service.json")
        .collect();
    let files = with_file(files, "whatsapp_settings/terms_of_service.html", &text);
    let (_dir, path) = temp_file("r.zip", &zip_files(&files, "", 0));
    let out = Test::new()
        .args(["show", "--json"])
        .arg(&path)
        .arg("terms")
        .run();
    out.success();
    let v = out.json();
    assert_eq!(
        v["terms"],
        json!({
            "tos_2016": {"accepted": true, "accepted_at": "2019-06-08T13:20:00Z"},
            "data_sharing_opt_out": {"opted_out": false, "at": null},
            "tos_2018": {"accepted": false, "accepted_at": null},
            "tos_2021": {"accepted": true, "accepted_at": "2021-01-08T10:00:00Z"}
        })
    );
    let warnings: Vec<String> = serde_json::from_value(v["warnings"].clone()).unwrap();
    assert_eq!(
        warnings
            .iter()
            .filter(|w| w.contains("read by position"))
            .count(),
        8,
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("`Regel 3`") && w.contains("as `Data sharing opt-out time`"))
    );
}

#[test]
fn html_entities_are_decoded() {
    let doc = show(&fixture("gen-b-id-android-html-only"));
    assert!(doc.groups.unwrap().contains(&"Tom & Jerry's".to_string()));
    assert_eq!(
        doc.account.email,
        s("contoh@example.com"),
        "&#064; in the HTML"
    );
}
