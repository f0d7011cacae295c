//! Reports the tool has never seen: other values, unknown keys, labels and files, missing
//! and broken files. Nothing may be tuned to the fixtures, and nothing is dropped silently.

use serde_json::{Value, json};

use crate::support::{
    Test, files_of, fixture, fixture_text, temp_file, with_file, without_file, zip_files,
};

/// Gen B's mojibake: every UTF-8 byte written as its own character.
fn mojibake(s: &str) -> String {
    s.bytes().map(char::from).collect()
}

/// A fixture without its HTML twins, to test what the JSON alone gives.
fn json_only(name: &str) -> Vec<(String, Vec<u8>)> {
    files_of(&fixture(name))
        .into_iter()
        .filter(|(n, _)| !(n.starts_with("whatsapp_") && n.ends_with(".html")))
        .collect()
}

fn run_files(files: &[(String, Vec<u8>)], seed: usize) -> crate::support::Outcome {
    let (_dir, path) = temp_file("Some Report.zip", &zip_files(files, "", seed));
    Test::new().args(["show", "--json"]).arg(&path).run()
}

fn edit(name: &str, rel: &str, change: impl FnOnce(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(&fixture_text(name, rel)).unwrap();
    change(&mut v);
    serde_json::to_string_pretty(&v).unwrap()
}

#[test]
fn a_report_with_other_values_parses_just_as_well() {
    let b = "gen-b-android";
    let files = json_only(b);
    let user = edit(
        b,
        "whatsapp_account_information/user_information.json",
        |v| {
            let p = &mut v["wa_profile_info"];
            p["phone_number"] = json!("4915555550199");
            p["about"] = json!(mojibake("Bin im Büro ☕"));
            p["device_activity"] = json!([
                {"device_id": 7, "status": "ONLINE", "last_active_time": 1700000000, "online_since": 1699990000,
                 "previous_connection_ip": "2001:db8:77::", "current_connection_ip": "[2001:db8:77::5]:443"}
            ]);
            p.as_object_mut().unwrap().remove("email_address");
        },
    );
    let groups =
        json!({"wa_groups": [mojibake("Ärzte 🩺"), "  spaced  ", mojibake("👨‍👩‍👧")]}).to_string();
    let contacts = json!({"wa_contacts": ["+4915555550190", "+4915555550191"]}).to_string();
    let settings = edit(b, "whatsapp_settings/account_settings.json", |v| {
        let s = &mut v["wa_settings"];
        s["last_seen_privacy"] = json!("Nobody");
        s["status_privacy"] = json!(["Only Share With (active) : [+4915555550190]"]);
        s["read_receipts"] = json!("No");
        s["blocked_numbers"] = json!([]);
        s["device_info"] = json!([{"device_id": 7, "app_version": "Android-2.24.1.1", "operating_system_version": "14",
                                   "device_manufacturer": "samsung", "device_model": "SM-A000"}]);
        s["device_sync_status"] = json!([]);
        s["settings_last_fetch_time"] = json!({"7": 1700000100});
    });
    let files = with_file(
        files,
        "whatsapp_account_information/user_information.json",
        &user,
    );
    let files = with_file(files, "whatsapp_connections/groups.json", &groups);
    let files = with_file(files, "whatsapp_connections/contacts.json", &contacts);
    let files = with_file(files, "whatsapp_settings/account_settings.json", &settings);
    let out = run_files(&files, 5);
    out.success();
    let v = out.json();
    assert_eq!(v["account"]["phone_number"], "+4915555550199");
    assert_eq!(v["account"]["email"], Value::Null);
    assert_eq!(v["account"]["about"], "Bin im Büro ☕");
    assert_eq!(v["groups"], json!(["Ärzte 🩺", "  spaced  ", "👨‍👩‍👧"]));
    assert_eq!(v["contacts"], json!(["+4915555550190", "+4915555550191"]));
    assert_eq!(
        v["blocked"],
        json!([]),
        "an empty list the report carries is []"
    );
    assert_eq!(v["privacy"]["last_seen"], "nobody");
    assert_eq!(v["privacy"]["read_receipts"], false);
    assert_eq!(
        v["privacy"]["status"],
        json!({"mode": "only_share_with", "except": [], "only_share_with": ["+4915555550190"]})
    );
    let devices = v["devices"].as_array().unwrap();
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0]["id"], 7);
    assert_eq!(devices[0]["status"], "ONLINE");
    assert_eq!(devices[0]["current_ip"], "2001:db8:77::5");
    assert_eq!(devices[0]["current_port"], 443);
    assert_eq!(devices[0]["manufacturer"], "samsung");
    assert_eq!(devices[0]["settings_last_fetch_at"], "2023-11-14T22:15:00Z");
    assert_eq!(warnings_of(&out), Vec::<String>::new());
}

/// The warnings of a run, without the ones a JSON-only report (see [`json_only`]) always
/// has: one per missing HTML page (`json_only_says_which_html_pages_are_missing` checks them).
fn warnings_of(out: &crate::support::Outcome) -> Vec<String> {
    out.success();
    let all: Vec<String> = serde_json::from_value(out.json()["warnings"].clone()).unwrap();
    all.into_iter()
        .filter(|w| !w.ends_with("the values only the HTML carries are unknown"))
        .collect()
}

#[test]
fn json_only_says_which_html_pages_are_missing() {
    let out = run_files(&json_only("gen-b-android"), 0);
    out.success();
    let all: Vec<String> = serde_json::from_value(out.json()["warnings"].clone()).unwrap();
    assert_eq!(
        all,
        [
            "whatsapp_account_information/user_information.html: missing from the report; the values only the HTML carries are unknown",
            "whatsapp_account_information/registration_info.html: missing from the report; the values only the HTML carries are unknown",
            "whatsapp_settings/account_settings.html: missing from the report; the values only the HTML carries are unknown",
            "whatsapp_settings/terms_of_service.html: missing from the report; the values only the HTML carries are unknown",
        ]
    );
}

#[test]
fn unknown_keys_are_named_with_their_file() {
    let b = "gen-b-android";
    let settings = edit(b, "whatsapp_settings/account_settings.json", |v| {
        v["wa_settings"]["groups_add_privacy"] = json!("My Contacts");
        v["wa_settings"]["device_info"][1]["device_color"] = json!("blue");
    });
    let terms = edit(b, "whatsapp_settings/terms_of_service.json", |v| {
        v["wa_terms_of_service"]["tos_accepted_2024"] = json!(true);
    });
    let files = with_file(
        files_of(&fixture(b)),
        "whatsapp_settings/account_settings.json",
        &settings,
    );
    let files = with_file(files, "whatsapp_settings/terms_of_service.json", &terms);
    let warnings = warnings_of(&run_files(&files, 0));
    assert_eq!(
        warnings,
        [
            "whatsapp_settings/account_settings.json: `wa_settings.device_info[1].device_color`: unknown key; not read",
            "whatsapp_settings/account_settings.json: `wa_settings.groups_add_privacy`: unknown key; not read",
            "whatsapp_settings/terms_of_service.json: `wa_terms_of_service.tos_accepted_2024`: unknown key; not read",
        ]
    );
}

#[test]
fn unknown_files_and_values_are_named() {
    let b = "gen-b-android";
    let settings = edit(b, "whatsapp_settings/account_settings.json", |v| {
        v["wa_settings"]["about_privacy"] = json!("Close Friends");
        v["wa_settings"]["read_receipts"] = json!("Sometimes");
    });
    let files = with_file(
        json_only(b),
        "whatsapp_settings/account_settings.json",
        &settings,
    );
    let files = with_file(
        files,
        "whatsapp_connections/channels.json",
        "{\"wa_channels\": []}",
    );
    let out = run_files(&files, 0);
    let warnings = warnings_of(&out);
    assert_eq!(
        out.json()["privacy"]["about"],
        "Close Friends",
        "kept verbatim"
    );
    assert_eq!(out.json()["privacy"]["read_receipts"], Value::Null);
    assert_eq!(
        warnings,
        [
            "whatsapp_settings/account_settings.json: `wa_settings.about_privacy`: unknown value `Close Friends`; kept verbatim",
            "whatsapp_settings/account_settings.json: `wa_settings.read_receipts`: unknown value `Sometimes`; taken as unknown",
            "whatsapp_connections/channels.json: unknown file; not read",
        ]
    );
}

#[test]
fn missing_file_gives_a_partial_report_and_says_what_is_lost() {
    let files = without_file(
        json_only("gen-b-android"),
        "whatsapp_connections/contacts.json",
    );
    let out = run_files(&files, 0);
    let warnings = warnings_of(&out);
    assert_eq!(
        out.json()["contacts"],
        Value::Null,
        "not in the report, which is not zero contacts"
    );
    assert_eq!(
        out.json()["groups"].as_array().unwrap().len(),
        9,
        "the rest is still read"
    );
    assert_eq!(
        warnings,
        [
            "whatsapp_connections/contacts.json: missing from the report; contacts are not in the report"
        ]
    );
    assert!(out.stderr.contains("5 warnings"), "{}", out.stderr);
    let summary = Test::new()
        .args(["summary"])
        .arg(crate::support::temp_file("r.zip", &zip_files(&files, "", 0)).1)
        .run();
    assert!(
        summary.stdout.contains("contacts not in the report"),
        "{}",
        summary.stdout
    );
}

#[test]
fn missing_json_is_read_from_its_html_twin() {
    let files = without_file(
        files_of(&fixture("gen-b-android")),
        "whatsapp_connections/contacts.json",
    );
    let files = without_file(files, "whatsapp_settings/terms_of_service.json");
    let out = run_files(&files, 0);
    let warnings = warnings_of(&out);
    let v = out.json();
    assert_eq!(v["contacts"], json!(crate::support::GEN_B_CONTACTS));
    // The HTML has minutes only: 2016-08-26T22:20:00Z is "Aug 26, 2016, 2:20 PM" at UTC−8.
    assert_eq!(
        v["terms"]["tos_2016"],
        json!({"accepted": true, "accepted_at": "2016-08-26T22:20:00Z"})
    );
    assert_eq!(
        v["terms"]["tos_2018"],
        json!({"accepted": true, "accepted_at": "2018-05-11T14:46:00Z"})
    );
    assert_eq!(
        v["terms"]["data_sharing_opt_out"],
        json!({"opted_out": false, "at": null})
    );
    assert_eq!(
        warnings,
        [
            "whatsapp_connections/contacts.json: missing from the report; read from its HTML twin `whatsapp_connections/contacts.html` instead",
            "whatsapp_settings/terms_of_service.json: missing from the report; read from its HTML twin `whatsapp_settings/terms_of_service.html` instead, with times to the minute",
        ]
    );
}

#[test]
fn html_fills_only_what_the_json_lacks() {
    let b = "gen-b-android";
    let user = edit(
        b,
        "whatsapp_account_information/user_information.json",
        |v| {
            let p = v["wa_profile_info"].as_object_mut().unwrap();
            p.remove("email_address");
            p.insert("about".into(), json!("Changed in the JSON only"));
        },
    );
    let files = with_file(
        files_of(&fixture(b)),
        "whatsapp_account_information/user_information.json",
        &user,
    );
    let out = run_files(&files, 0);
    out.success();
    let v = out.json();
    assert_eq!(
        v["account"]["email"], "alex.example@example.com",
        "filled from the HTML"
    );
    assert_eq!(
        v["account"]["about"], "Changed in the JSON only",
        "the JSON wins"
    );
}

#[test]
fn wrong_types_are_warnings_not_crashes() {
    let b = "gen-b-android";
    let user = edit(
        b,
        "whatsapp_account_information/user_information.json",
        |v| {
            v["wa_profile_info"]["report_generation_time"] = json!("yesterday");
            v["wa_profile_info"]["device_activity"] = json!({"device_id": 0});
            v["wa_profile_info"]["name"] = json!(42);
        },
    );
    let files = with_file(
        json_only(b),
        "whatsapp_account_information/user_information.json",
        &user,
    );
    let out = run_files(&files, 0);
    let warnings = warnings_of(&out);
    assert_eq!(out.json()["report"]["generated_at"], Value::Null);
    assert_eq!(
        warnings,
        [
            "whatsapp_account_information/user_information.json: `wa_profile_info.report_generation_time`: expected a whole number, found text; ignored",
            "whatsapp_account_information/user_information.json: `wa_profile_info.name`: expected text, found a number; ignored",
            "whatsapp_account_information/user_information.json: `wa_profile_info.device_activity`: expected a list, found an object; ignored",
        ]
    );
}

#[test]
fn broken_json_is_an_error_naming_the_entry() {
    let files = with_file(
        files_of(&fixture("gen-b-android")),
        "whatsapp_settings/terms_of_service.json",
        "{\"wa_terms_of_service\": {",
    );
    let msg = run_files(&files, 0).error().to_string();
    assert!(
        msg.contains(
            "Some Report.zip: entry `whatsapp_settings/terms_of_service.json`: invalid JSON"
        ),
        "{msg}"
    );
}

#[test]
fn json_without_its_wrapper_is_an_error_naming_the_key() {
    let files = with_file(
        files_of(&fixture("gen-b-android")),
        "whatsapp_settings/account_settings.json",
        "{\"settings\": {}}",
    );
    let msg = run_files(&files, 0).error().to_string();
    assert!(msg.contains("entry `whatsapp_settings/account_settings.json`: has no key `wa_settings` (found `settings`)"), "{msg}");
}

#[test]
fn invalid_utf8_is_an_error_naming_the_entry() {
    let mut files = files_of(&fixture("gen-b-android"));
    files.retain(|(n, _)| n != "whatsapp_connections/groups.json");
    files.push((
        "whatsapp_connections/groups.json".into(),
        b"{\"wa_groups\": [\"\xff\xfe\"]}".to_vec(),
    ));
    let msg = run_files(&files, 0).error().to_string();
    assert!(
        msg.contains("entry `whatsapp_connections/groups.json`: not UTF-8 text"),
        "{msg}"
    );
}

#[test]
fn gen_c_unknown_labels_are_named() {
    let c = "gen-c-android";
    let user = edit(
        c,
        "whatsapp_account_information/user_information.json",
        |v| {
            let items = v["label_values"].as_array_mut().unwrap();
            items.push(json!({"label": "Favourite Sticker", "value": "cat"}));
            items[7]["vec"][0]["dict"]
                .as_array_mut()
                .unwrap()
                .push(json!({"label": "Battery", "value": "80%"}));
        },
    );
    let files = with_file(
        files_of(&fixture(c)),
        "whatsapp_account_information/user_information.json",
        &user,
    );
    let warnings = warnings_of(&run_files(&files, 0));
    assert_eq!(
        warnings,
        [
            "whatsapp_account_information/user_information.json: `Device Activity[0] › Battery`: unknown label; kept as given",
            "whatsapp_account_information/user_information.json: `Favourite Sticker`: unknown label; kept as given",
        ]
    );
}

#[test]
fn gen_b_file_names_with_label_values_still_read_as_c() {
    // A B′/C report without avatars but with label_values user information.
    let files = without_file(
        files_of(&fixture("gen-c-android")),
        "whatsapp_account_information/avatars_information.json",
    );
    let out = run_files(&files, 1);
    out.success();
    assert_eq!(out.json()["source"]["generation"], "C");
}

#[test]
fn payments_with_content_is_named() {
    let files = without_file(
        files_of(&fixture("gen-b2-iphone")),
        "whatsapp_payments/no-data.txt",
    );
    let files = with_file(files, "whatsapp_payments/transactions.json", "{}");
    let out = run_files(&files, 0);
    let warnings = warnings_of(&out);
    assert_eq!(out.json()["payments"], "present");
    assert_eq!(
        warnings,
        [
            "whatsapp_payments/: holds transactions.json; the payments layout is undocumented, so it is not read"
        ]
    );
}
