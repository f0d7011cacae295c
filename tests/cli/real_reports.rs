//! Real reports, read right (issue 9): one test per structure of FORMAT.md 3.3a and per
//! defect found on real reports, and properties over generated reports with non-contiguous
//! device ids and over dates in every language.

use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};
use serde_json::{Value, json};

use crate::support::{
    FIXTURES, Test, files_of, fixture, fixture_text, temp_file, with_file, without_file, zip_files,
};

fn run_files(files: &[(String, Vec<u8>)], args: &[&str]) -> crate::support::Outcome {
    let (_dir, path) = temp_file("r.zip", &zip_files(files, "", 2));
    Test::new().args(args).arg(&path).run()
}

fn json_of(files: &[(String, Vec<u8>)]) -> Value {
    let out = run_files(files, &["show", "--json"]);
    out.success();
    out.json()
}

fn warnings(v: &Value) -> Vec<String> {
    serde_json::from_value(v["warnings"].clone()).unwrap()
}

fn ids(v: &Value) -> Vec<i64> {
    v["devices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_i64().unwrap())
        .collect()
}

/// A fixture with one file's text changed.
fn planted(name: &str, rel: &str, from: &str, to: &str) -> Vec<(String, Vec<u8>)> {
    let text = fixture_text(name, rel);
    assert!(text.contains(from), "{rel} lacks {from}");
    with_file(files_of(&fixture(name)), rel, &text.replacen(from, to, 1))
}

const SETTINGS_HTML: &str = "whatsapp_settings/account_settings.html";
const SETTINGS_JSON: &str = "whatsapp_settings/account_settings.json";
const USER_JSON: &str = "whatsapp_account_information/user_information.json";

// ---- FORMAT.md 3.3a, fact by fact.

#[test]
fn the_banner_on_every_page_is_not_data() {
    // Every gen B/B′/C page opens with a two-cell logo row outside the content region.
    for name in FIXTURES.iter().filter(|n| !n.starts_with("gen-a")) {
        let page = fixture_text(name, "whatsapp_account_information/user_information.html");
        assert!(page.contains("<td> WhatsApp </td>"), "{name}");
        let out = Test::new()
            .args(["inspect", "--json"])
            .arg(fixture(name))
            .run();
        out.success();
        assert_eq!(out.json()["unknown"], json!([]), "{name}");
    }
}

#[test]
fn positional_device_blocks_never_create_a_device() {
    // gen-b-android: devices 0 and 2; Device Sync Status and Device Information number their
    // blocks 0 and 1.
    assert!(
        fixture_text("gen-b-android", SETTINGS_HTML).contains("Device<span>:</span><span>1</span>")
    );
    let v = json_of(&files_of(&fixture("gen-b-android")));
    assert_eq!(ids(&v), [0, 2]);
    let web = &v["devices"][1];
    assert_eq!(web["app_version"], "Web-2.2228.12");
    assert_eq!(web["model"], "Desktop");
    // Without the JSON, the HTML's positional blocks are matched to Device Activity's devices.
    let html_only = without_file(
        without_file(files_of(&fixture("gen-b-android")), USER_JSON),
        SETTINGS_JSON,
    );
    let h = json_of(&html_only);
    assert_eq!(ids(&h), [0, 2]);
    assert_eq!(h["devices"][1]["model"], "Desktop");
    assert_eq!(h["devices"][0]["model"], "odessa");
    // The summary, the audit and the diff speak of two devices, one linked.
    let summary = Test::new()
        .arg("summary")
        .arg(fixture("gen-b-android"))
        .run();
    assert!(summary.stdout.contains("Devices (2)"), "{}", summary.stdout);
    let audit = Test::new()
        .args(["audit", "--json"])
        .arg(fixture("gen-b-android"))
        .run()
        .json();
    let linked = audit["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "linked_devices")
        .unwrap();
    assert_eq!(linked["title"], "1 linked device can read your messages");
    let diff = Test::new()
        .args(["diff"])
        .arg(fixture("gen-b-android-prev"))
        .arg(fixture("gen-b-android"))
        .run();
    assert!(diff.stdout.contains("+ linked device 2"), "{}", diff.stdout);
    assert!(!diff.stdout.contains("linked device 1"), "{}", diff.stdout);
}

#[test]
fn a_block_count_that_does_not_match_the_devices_is_a_warning_not_a_device() {
    let files = planted(
        "gen-b-android",
        SETTINGS_HTML,
        "<div><span>Device Model</span><span>: </span><span>Desktop</span></div><div><span>Operating system build number</span><span>: </span><span><span>-</span></span></div></div>",
        "<div><span>Device Model</span><span>: </span><span>Desktop</span></div><div><span>Operating system build number</span><span>: </span><span><span>-</span></span></div></div><hr /><div><div>Device<span>:</span><span>2</span></div><div><span>Device Model</span><span>: </span><span>Ghost</span></div></div>",
    );
    let v = json_of(&files);
    assert_eq!(ids(&v), [0, 2]);
    assert!(!v.to_string().contains("Ghost"));
    assert_eq!(
        warnings(&v),
        [
            "whatsapp_settings/account_settings.html: `Device Information`: 3 device blocks for the 2 devices the report names; only the first blocks are matched, by position"
        ]
    );
}

#[test]
fn a_block_for_a_device_named_nowhere_else_creates_nothing() {
    let files = planted(
        "gen-b-android",
        SETTINGS_HTML,
        "<div>Device<span>:</span><span>2</span></div><div><span>Settings last fetch time</span>",
        "<div>Device<span>:</span><span>7</span></div><div><span>Settings last fetch time</span>",
    );
    let v = json_of(&files);
    assert_eq!(ids(&v), [0, 2]);
    assert_eq!(
        warnings(&v),
        [
            "whatsapp_settings/account_settings.html: `Settings last fetch time`: a block for device 7, which the report names nowhere else; not read"
        ]
    );
}

#[test]
fn sync_sessions_blocks_are_read_with_their_state_collections() {
    let html_only = without_file(files_of(&fixture("gen-b-android")), SETTINGS_JSON);
    let v = json_of(&html_only);
    assert_eq!(
        v["sync"]["sessions"],
        json!([{
            "id": "AAAAAAAAAAAAAAAAAAAAAA==",
            "account_registered_at": "2014-05-13T16:53:00Z",
            "state_collections": ["critical_block", "critical_unblock_low", "regular", "regular_high", "regular_low"]
        }])
    );
    let inspect = Test::new()
        .args(["inspect", "--json"])
        .arg(fixture("gen-b-android"))
        .run();
    inspect.success();
    assert_eq!(inspect.json()["cross_check"]["disagreements"], json!([]));
}

#[test]
fn a_plain_dash_is_a_value_and_only_the_span_wrapped_dash_is_missing() {
    let from_json = json_of(&files_of(&fixture("gen-b2-iphone")));
    assert_eq!(from_json["account"]["about"], "-");
    let from_html = json_of(&without_file(
        files_of(&fixture("gen-b2-iphone")),
        USER_JSON,
    ));
    assert_eq!(from_html["account"]["about"], "-");
    // The span-wrapped dash is the missing marker.
    let files = without_file(
        planted(
            "gen-b2-iphone",
            "whatsapp_account_information/user_information.html",
            "<div class=\"_a6-q\">-</div>",
            "<div class=\"_a6-q\"><span>-</span></div>",
        ),
        USER_JSON,
    );
    assert_eq!(json_of(&files)["account"]["about"], Value::Null);
}

#[test]
fn a_localised_no_data_marker_means_no_data() {
    assert_eq!(
        fixture_text("gen-b-id-android", "whatsapp_payments/no-data.txt"),
        "Anda tidak memiliki data di bagian ini"
    );
    let v = json_of(&files_of(&fixture("gen-b-id-android")));
    assert_eq!(v["payments"], "no_data");
    assert_eq!(warnings(&v), Vec::<String>::new());
    // Any one line, in any language; more than one line is named.
    let files = with_file(
        files_of(&fixture("gen-b2-iphone")),
        "whatsapp_payments/no-data.txt",
        "Sie haben keine Daten in diesem Bereich\nzweite Zeile",
    );
    let v = json_of(&files);
    assert_eq!(v["payments"], "no_data");
    assert_eq!(warnings(&v).len(), 1, "{:?}", warnings(&v));
}

#[test]
fn an_empty_blocked_numbers_row_is_an_empty_list_and_the_marker_unknown() {
    // gen-b2-iphone: no `blocked_numbers` key, an empty Blocked Numbers row.
    assert!(!fixture_text("gen-b2-iphone", SETTINGS_JSON).contains("blocked_numbers"));
    let v = json_of(&files_of(&fixture("gen-b2-iphone")));
    assert_eq!(v["blocked"], json!([]));
    let marker = planted(
        "gen-b2-iphone",
        SETTINGS_HTML,
        "Blocked Numbers</div></td><td class=\"_2pin _2piu _a6_r\"><div class=\"_a6-q\"></div>",
        "Blocked Numbers</div></td><td class=\"_2pin _2piu _a6_r\"><div class=\"_a6-q\"><span>-</span></div>",
    );
    assert_eq!(json_of(&marker)["blocked"], Value::Null);
    let summary = run_files(&marker, &["summary"]);
    assert!(
        summary
            .stdout
            .contains("blocked numbers not stated in the report"),
        "{}",
        summary.stdout
    );
}

#[test]
fn missing_contacts_and_groups_are_not_in_the_report() {
    let files = without_file(
        without_file(
            files_of(&fixture("gen-b2-iphone")),
            "whatsapp_connections/contacts.json",
        ),
        "whatsapp_connections/contacts.html",
    );
    let files = without_file(
        without_file(files, "whatsapp_connections/groups.json"),
        "whatsapp_connections/groups.html",
    );
    let v = json_of(&files);
    assert_eq!((&v["contacts"], &v["groups"]), (&Value::Null, &Value::Null));
    let s = run_files(&files, &["summary", "--json"]).json();
    assert_eq!(s["counts"]["contacts"], Value::Null);
    assert_eq!(s["counts"]["groups"], Value::Null);
    let text = run_files(&files, &["summary"]).stdout;
    assert!(text.contains("contacts not in the report"), "{text}");
    assert!(text.contains("groups not in the report"), "{text}");
}

#[test]
fn an_empty_status_privacy_has_one_shape_from_every_source() {
    let empty = json!({"mode": null, "except": [], "only_share_with": []});
    let v = json_of(&files_of(&fixture("gen-b2-iphone")));
    assert_eq!(v["privacy"]["status"], empty, "JSON `status_privacy: []`");
    let h = json_of(&without_file(
        files_of(&fixture("gen-b2-iphone")),
        SETTINGS_JSON,
    ));
    assert_eq!(h["privacy"]["status"], empty, "an empty HTML row");
}

#[test]
fn group_names_with_dots_and_colons_are_list_items_for_people() {
    let groups = fixture_text("gen-b-android", "whatsapp_connections/groups.json");
    let edited = groups.replace("\"St. Mary's P.T.A.\",", "");
    assert_ne!(edited, groups);
    let files = with_file(
        files_of(&fixture("gen-b-android")),
        "whatsapp_connections/groups.json",
        &edited,
    );
    let (_dir, path) = temp_file("r.zip", &zip_files(&files, "", 0));
    let out = Test::new()
        .arg("diff")
        .arg(fixture("gen-b-android"))
        .arg(&path)
        .run();
    out.code(1);
    let lists = out.stdout.split("\nLists\n").nth(1).unwrap_or_default();
    assert!(
        lists.contains("- group St. Mary's P.T.A."),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("Other changes"), "{}", out.stdout);
}

#[test]
fn rows_of_any_other_shape_are_named() {
    let files = planted(
        "gen-b-android",
        SETTINGS_HTML,
        "<tr><td class=\"_2pin _a6_q\"><div class=\"_a6-q\">Read Receipts</div>",
        "<tr><td>Colour</td><td>Blue</td><td>extra</td></tr><tr><td class=\"_2pin _a6_q\"><div class=\"_a6-q\">Read Receipts</div>",
    );
    let out = run_files(&files, &["inspect", "--json"]);
    out.code(1);
    assert_eq!(
        out.json()["unknown"],
        json!([
            "whatsapp_settings/account_settings.html: a row of more than two cells, neither a label and its value nor a section title: `Colour | Blue | extra`; not read"
        ])
    );
}

#[test]
fn a_new_page_in_a_section_folder_is_unknown_not_a_twin() {
    let out = Test::new()
        .args(["inspect", "--json"])
        .arg(fixture("gen-b-unknown-parts"))
        .run();
    out.code(1);
    let v = out.json();
    assert_eq!(
        v["unknown"],
        json!([
            "whatsapp_settings/account_settings.json: `wa_settings.wa_communities_count`: unknown key; not read",
            "whatsapp_account_information/user_information.html: `Linked Accounts`: unknown label; kept as given",
            "whatsapp_connections/communities.html: unknown file; not read",
        ])
    );
    let entry = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "whatsapp_connections/communities.html")
        .unwrap();
    assert_eq!(entry["use"], "unknown");
}

#[test]
fn junk_entries_are_listed_as_junk_and_understood() {
    let mut files = files_of(&fixture("gen-b-android"));
    files.push(("__MACOSX/._index.html".into(), b"junk".to_vec()));
    files.push(("whatsapp_connections/.DS_Store".into(), b"junk".to_vec()));
    let out = run_files(&files, &["inspect", "--json"]);
    out.success();
    let junk: Vec<&str> = out.json()["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["use"] == "junk")
        .map(|e| e["name"].as_str().unwrap().to_owned().leak() as &str)
        .collect();
    assert_eq!(
        junk,
        ["__MACOSX/._index.html", "whatsapp_connections/.DS_Store"]
    );
}

#[test]
fn portability_without_groups_reads_them_from_access_html_and_says_so() {
    let p: Value = serde_json::from_str(&fixture_text("gen-a-iphone", "portability.json")).unwrap();
    let mut p = p.as_object().unwrap().clone();
    p.remove("groups");
    let files = with_file(
        files_of(&fixture("gen-a-iphone")),
        "portability.json",
        &Value::Object(p).to_string(),
    );
    let v = json_of(&files);
    assert_eq!(
        v["groups"],
        json!(["Book club", "Family🙂", "Football ", "Football "])
    );
    assert_eq!(
        warnings(&v),
        ["portability.json: `groups`: missing; the groups are read from access.html"]
    );
}

#[test]
fn an_impossible_date_is_a_warning_never_a_wrong_date() {
    let page = "whatsapp_account_information/user_information.html";
    for (bad, kind) in [
        ("277 Jul 2022 22.07", "unrecognised date"),
        ("31 Feb 2022 22.07", "is not a real date"),
    ] {
        let text = fixture_text("gen-b-id-android-html-only", page);
        let shown = "21 Jul 2022 21.07";
        assert!(text.contains(shown));
        let files = with_file(
            files_of(&fixture("gen-b-id-android-html-only")),
            page,
            &text.replacen(shown, bad, 1),
        );
        let v = json_of(&files);
        assert_eq!(v["report"]["generated_at"], Value::Null, "{bad}");
        assert!(
            warnings(&v)
                .iter()
                .any(|w| w.contains(kind) && w.contains(bad)),
            "{bad}: {:?}",
            warnings(&v)
        );
    }
}

#[test]
fn a_stray_end_tag_does_not_cut_a_list_page_short() {
    let page = "whatsapp_connections/contacts.html";
    let files = without_file(
        planted(
            "gen-b-android",
            page,
            "<div>+15555550102</div>",
            "<div>+15555550102</div></span></p></b>",
        ),
        "whatsapp_connections/contacts.json",
    );
    let v = json_of(&files);
    assert_eq!(v["contacts"], json!(crate::support::GEN_B_CONTACTS));
}

#[test]
fn gen_c_without_user_information_says_it_cannot_tell_c_from_b_prime() {
    let files = without_file(files_of(&fixture("gen-c-android")), USER_JSON);
    let v = json_of(&files);
    assert_eq!(v["source"]["generation"], "B2");
    assert!(
        warnings(&v)
            .iter()
            .any(|w| w.contains("generations B′ and C cannot be told apart")),
        "{:?}",
        warnings(&v)
    );
}

#[test]
fn inspect_lists_values_and_devices_only_one_side_carries() {
    // A device only the HTML lists: a disagreement, and never a device.
    let files = planted(
        "gen-b-android",
        "whatsapp_account_information/user_information.html",
        "<div><div>Device<span>:</span><span>0</span></div>",
        "<div><div>Device<span>:</span><span>5</span></div><div><span>Status</span><span>: </span><span>OFFLINE</span></div></div><hr /><div><div>Device<span>:</span><span>0</span></div>",
    );
    let out = run_files(&files, &["inspect", "--json"]);
    out.code(1);
    let v = out.json();
    assert_eq!(
        v["cross_check"]["disagreements"],
        json!([{"field": "devices.5", "json": null, "html": "listed"}])
    );
    assert_eq!(ids(&json_of(&files)), [0, 2]);
    // A value only the HTML carries, of a field the JSON does carry.
    let user: Value = serde_json::from_str(&fixture_text("gen-b-android", USER_JSON)).unwrap();
    let mut user = user;
    user["wa_profile_info"]
        .as_object_mut()
        .unwrap()
        .remove("about");
    let files = with_file(
        files_of(&fixture("gen-b-android")),
        USER_JSON,
        &user.to_string(),
    );
    let out = run_files(&files, &["inspect", "--json"]);
    out.code(1);
    assert_eq!(
        out.json()["cross_check"]["disagreements"],
        json!([{"field": "account.about", "json": null, "html": "Hey there! I am using WhatsApp."}])
    );
}

#[test]
fn every_complete_fixture_has_only_true_warnings() {
    for name in FIXTURES {
        let v = json_of(&files_of(&fixture(name)));
        let w = warnings(&v);
        if name.ends_with("html-only") {
            // The JSON is missing, and the positional blocks had to be matched without it.
            assert!(
                w.iter().all(|w| w.contains("read from its HTML twin")
                    || w.contains("without the JSON's device order")),
                "{name}: {w:?}"
            );
        } else {
            assert_eq!(w, Vec::<String>::new(), "{name}");
        }
    }
}

// ---- Properties.

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

#[derive(Debug, Clone)]
struct Dev {
    id: i64,
    status: &'static str,
    active: i64,
    app: String,
    os: String,
    maker: &'static str,
    model: String,
    fetched: i64,
    dropped: Option<i64>,
    ip: String,
}

fn devices() -> impl Strategy<Value = (Vec<Dev>, Vec<usize>)> {
    let dev = (
        prop::sample::select(vec!["OFFLINE", "INACTIVE"]),
        1_640_000_000i64..1_660_000_000,
        (1u8..30, 1u16..3000),
        prop::sample::select(vec!["motorola", "Apple", "", "vivo"]),
        "[a-z]{3,8}",
        1_640_000_000i64..1_660_000_000,
        prop::option::of(1_600_000_000i64..1_640_000_000),
        (1u16..0xffff, 0u8..255),
    );
    (
        prop::collection::btree_set(0i64..60, 1..5),
        prop::collection::vec(dev, 5),
    )
        .prop_flat_map(|(ids, devs)| {
            let ids: Vec<i64> = ids.into_iter().collect();
            let n = ids.len();
            let devs: Vec<Dev> = ids
                .iter()
                .zip(devs)
                .map(
                    |(
                        &id,
                        (
                            status,
                            active,
                            (major, minor),
                            maker,
                            model,
                            fetched,
                            dropped,
                            (seg, oct),
                        ),
                    )| Dev {
                        id,
                        status,
                        active,
                        app: format!("Android-2.{major}.{minor}"),
                        os: format!("{}.{}", major % 14, minor % 9),
                        maker,
                        model,
                        fetched,
                        dropped,
                        ip: if id % 2 == 0 {
                            format!("2001:db8:{seg:x}::")
                        } else {
                            format!("172.16.{oct}.0")
                        },
                    },
                )
                .collect();
            (
                Just(devs),
                Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
            )
        })
}

/// An EN gen B HTML date (fixed UTC−8, minutes).
fn en_date(secs: i64) -> String {
    let t = jiff::Timestamp::from_second(secs)
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(-8)));
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][t.month() as usize - 1];
    let (h, half) = match t.hour() {
        0 => (12, "AM"),
        h @ 1..=11 => (h, "AM"),
        12 => (12, "PM"),
        h => (h - 12, "PM"),
    };
    format!(
        "{month} {}, {}, {h}:{:02} {half}",
        t.day(),
        t.year(),
        t.minute()
    )
}

fn line(label: &str, value: &str) -> String {
    format!("<div><span>{label}</span><span>: </span><span>{value}</span></div>")
}

fn block(number: i64, lines: &[String]) -> String {
    format!(
        "<div><div>Device<span>:</span><span>{number}</span></div>{}</div>",
        lines.concat()
    )
}

fn cell(blocks: &[String]) -> String {
    format!(
        "<div class=\"_a6-q\"><div>{}</div></div>",
        blocks.join("<hr />")
    )
}

/// Replaces the value cell of the row labelled `label`.
fn set_row(html: &str, label: &str, value: &str) -> String {
    let start_tag =
        format!("<div class=\"_a6-q\">{label}</div></td><td class=\"_2pin _2piu _a6_r\">");
    let at = html
        .find(&start_tag)
        .unwrap_or_else(|| panic!("no row {label}"))
        + start_tag.len();
    let end = at + html[at..].find("</td></tr>").unwrap();
    format!("{}{value}{}", &html[..at], &html[end..])
}

/// A gen B report whose devices are `devs`, with `device_info` in the order `order`.
fn report_with(devs: &[Dev], order: &[usize]) -> Vec<(String, Vec<u8>)> {
    let base = "gen-b-android";
    let mut user: Value = serde_json::from_str(&fixture_text(base, USER_JSON)).unwrap();
    user["wa_profile_info"]["device_activity"] = Value::Array(
        devs.iter()
            .map(|d| json!({"device_id": d.id, "status": d.status, "last_active_time": d.active, "online_since": d.active, "previous_connection_ip": d.ip}))
            .collect(),
    );
    let mut settings: Value = serde_json::from_str(&fixture_text(base, SETTINGS_JSON)).unwrap();
    let s = &mut settings["wa_settings"];
    let ordered: Vec<&Dev> = order.iter().map(|&i| &devs[i]).collect();
    s["settings_last_fetch_time"] = Value::Object(
        devs.iter()
            .rev()
            .map(|d| (d.id.to_string(), json!(d.fetched)))
            .collect(),
    );
    s["device_sync_status"] = Value::Array(
        ordered
            .iter()
            .map(|d| match d.dropped {
                Some(t) => json!({"device_id": d.id, "last_notification_dropped_time": t}),
                None => json!({"device_id": d.id}),
            })
            .collect(),
    );
    s["device_info"] = Value::Array(
        ordered
            .iter()
            .map(|d| json!({"device_id": d.id, "app_version": d.app, "operating_system_version": d.os, "device_manufacturer": d.maker, "device_model": d.model}))
            .collect(),
    );
    let dash = "<span>-</span>";
    let or_dash = |s: &str| {
        if s.is_empty() {
            dash.to_string()
        } else {
            s.to_string()
        }
    };
    let user_html = set_row(
        &fixture_text(base, "whatsapp_account_information/user_information.html"),
        "Device Activity",
        &cell(
            &devs
                .iter()
                .map(|d| {
                    block(
                        d.id,
                        &[
                            line("Status", d.status),
                            line("Last Active Time", &en_date(d.active)),
                            line("Online Since", &en_date(d.active)),
                            line("Previous connection IP", &d.ip),
                            line("Current connection IP", dash),
                        ],
                    )
                })
                .collect::<Vec<_>>(),
        ),
    );
    let mut settings_html = fixture_text(base, SETTINGS_HTML);
    settings_html = set_row(
        &settings_html,
        "Settings last fetch time",
        &cell(
            &devs
                .iter()
                .rev()
                .map(|d| {
                    block(
                        d.id,
                        &[line("Settings last fetch time", &en_date(d.fetched))],
                    )
                })
                .collect::<Vec<_>>(),
        ),
    );
    settings_html = set_row(
        &settings_html,
        "Device Sync Status",
        &cell(
            &ordered
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    block(
                        i as i64,
                        &[
                            line(
                                "Last notification dropped time",
                                &d.dropped.map_or(dash.to_string(), en_date),
                            ),
                            line("Last Clean Time", dash),
                        ],
                    )
                })
                .collect::<Vec<_>>(),
        ),
    );
    settings_html = set_row(
        &settings_html,
        "Device Information",
        &cell(
            &ordered
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    block(
                        i as i64,
                        &[
                            line("App Version", &d.app),
                            line("Mobile Country Code", dash),
                            line("Mobile Network Code", dash),
                            line("Operating system version", &d.os),
                            line("Device Manufacturer", &or_dash(d.maker)),
                            line("Device Model", &d.model),
                            line("Operating system build number", dash),
                        ],
                    )
                })
                .collect::<Vec<_>>(),
        ),
    );
    let mut files = files_of(&fixture(base));
    files = with_file(files, USER_JSON, &user.to_string());
    files = with_file(files, SETTINGS_JSON, &settings.to_string());
    files = with_file(
        files,
        "whatsapp_account_information/user_information.html",
        &user_html,
    );
    with_file(files, SETTINGS_HTML, &settings_html)
}

fn parse(files: &[(String, Vec<u8>)]) -> wareport::parse::Parsed {
    let mut archive = wareport::archive::Archive::from_zip_bytes(
        "p.zip",
        zip_files(files, "", 0),
        wareport::archive::Limits::default(),
    )
    .unwrap();
    let options = wareport::parse::Options {
        cross_check: true,
        ..Default::default()
    };
    wareport::parse::parse(&mut archive, options).unwrap()
}

#[test]
fn non_contiguous_device_ids_give_exactly_the_json_devices() {
    let mut runner = TestRunner::new(RunnerConfig {
        cases: cases(128),
        ..RunnerConfig::default()
    });
    runner
        .run(&devices(), |(devs, order)| {
            let files = report_with(&devs, &order);
            let parsed = parse(&files);
            let v: Value = serde_json::from_str(&wareport::view::to_json(
                &wareport::view::Show::new(&parsed.report, &[]),
            ))
            .unwrap();
            let got: Vec<i64> = v["devices"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["id"].as_i64().unwrap())
                .collect();
            let want: Vec<i64> = devs.iter().map(|d| d.id).collect();
            prop_assert_eq!(&got, &want);
            for (d, shown) in devs.iter().zip(v["devices"].as_array().unwrap()) {
                prop_assert_eq!(&shown["app_version"], &json!(d.app));
                prop_assert_eq!(&shown["os_version"], &json!(d.os));
                prop_assert_eq!(&shown["model"], &json!(d.model));
                prop_assert_eq!(
                    &shown["manufacturer"],
                    &if d.maker.is_empty() {
                        Value::Null
                    } else {
                        json!(d.maker)
                    }
                );
                prop_assert_eq!(&shown["status"], &json!(d.status));
                prop_assert_eq!(&shown["previous_ip"], &json!(d.ip));
                let at = |t: i64| json!(jiff::Timestamp::from_second(t).unwrap().to_string());
                prop_assert_eq!(&shown["last_active_at"], &at(d.active));
                prop_assert_eq!(&shown["settings_last_fetch_at"], &at(d.fetched));
                prop_assert_eq!(
                    &shown["last_notification_dropped_at"],
                    &d.dropped.map_or(Value::Null, at)
                );
            }
            prop_assert_eq!(v["warnings"].clone(), json!([]));
            let inspection = wareport::inspect::inspect(&parsed);
            prop_assert!(
                inspection.understood(),
                "{:?} {:?}",
                inspection.problems,
                inspection.disagreements
            );
            Ok(())
        })
        .unwrap();
}

/// A date as one of the formats writes it, from parts that may be out of range.
fn written(
    format: u8,
    parts: (i16, i8, i8, i8, i8, i8),
    month_words: &[&str],
) -> (String, jiff::tz::TimeZone, wareport::model::Generation) {
    use wareport::model::Generation;
    let (y, mo, d, h, mi, s) = parts;
    let word = usize::try_from(mo - 1)
        .ok()
        .and_then(|i| month_words.get(i).copied())
        .unwrap_or("Xyz");
    let pacific = jiff::tz::TimeZone::get("America/Los_Angeles").unwrap();
    let minus8 = jiff::tz::TimeZone::fixed(jiff::tz::offset(-8));
    match format % 3 {
        0 => (
            format!("{y}/{mo:02}/{d:02}-{h:02}:{mi:02}:{s:02}"),
            pacific,
            Generation::A,
        ),
        1 => {
            let (h12, half) = (h % 13, if h >= 13 { "PM" } else { "AM" });
            (
                format!("{word} {d}, {y}, {h12}:{mi:02} {half}"),
                minus8,
                Generation::B,
            )
        }
        _ => (
            format!("{d} {word} {y} {h:02}.{mi:02}"),
            minus8,
            Generation::B,
        ),
    }
}

#[test]
fn a_date_in_any_language_is_its_instant_or_a_warning() {
    let en = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let id = [
        "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
    ];
    let mut runner = TestRunner::new(RunnerConfig {
        cases: cases(512),
        ..RunnerConfig::default()
    });
    let parts = (1900i16..2100, 0i8..14, 0i8..33, 0i8..26, 0i8..62, 0i8..62);
    runner
        .run(
            &(any::<u8>(), parts, "\\PC{0,30}"),
            |(format, (y, mo, d, h, mi, s), noise)| {
                // Each language's layout with its own month names.
                let words: &[&str] = if format % 3 == 2 { &id } else { &en };
                let (text, zone, generation) = written(format, (y, mo, d, h, mi, s), words);
                let got = wareport::parse::parse_html_date(&text, generation);
                // What the text means, when it means a real time.
                let expected = match format % 3 {
                    0 => jiff::civil::DateTime::new(y, mo, d, h, mi, s, 0).ok(),
                    1 => {
                        let h12 = h % 13;
                        let hour = match (h12, h >= 13) {
                            (12, false) => Some(0),
                            (1..=11, false) => Some(h12),
                            (12, true) => Some(12),
                            (1..=11, true) => Some(h12 + 12),
                            _ => None,
                        };
                        hour.and_then(|hh| jiff::civil::DateTime::new(y, mo, d, hh, mi, 0, 0).ok())
                    }
                    _ => jiff::civil::DateTime::new(y, mo, d, h, mi, 0, 0).ok(),
                }
                .and_then(|dt| dt.to_zoned(zone).ok())
                .map(|z| z.timestamp());
                prop_assert_eq!(got, expected, "{}", text);
                // Anything else: no panic, and if it parses, it is a time of the right shape.
                let _ = wareport::parse::parse_html_date(&noise, generation);
                Ok(())
            },
        )
        .unwrap();
}
