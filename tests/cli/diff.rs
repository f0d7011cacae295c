//! `diff` and `timeline` through the binary: a fixture pair with known changes, a diff
//! across generations, entry-order invariance, filters, exit codes.

use serde::Deserialize;
use serde_json::{Value, json};

use crate::support::{Test, fixture, temp_file, zip_fixture};

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct DiffDoc {
    schema_version: u32,
    old: Side,
    new: Side,
    changes: Vec<Change>,
    not_comparable: Vec<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Side {
    report: String,
    generation: String,
    generated_at: Option<String>,
    requested_at: Option<String>,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
struct Change {
    section: String,
    op: String,
    key: String,
    old: Value,
    new: Value,
    group: String,
}

fn change(section: &str, op: &str, key: &str, old: Value, new: Value) -> Change {
    let group = match (section, key) {
        (_, "devices.0.settings_last_fetch_at") => "low_interest",
        ("contacts" | "groups" | "blocked", k) if !k.contains("_at") => "lists",
        ("privacy", _) | ("devices", "2") | (_, "devices.0.previous_ip") => "privacy",
        _ => "other",
    };
    Change {
        section: section.into(),
        op: op.into(),
        key: key.into(),
        old,
        new,
        group: group.into(),
    }
}

fn diff(old: &std::path::Path, new: &std::path::Path, extra: &[&str]) -> (i32, DiffDoc) {
    let out = Test::new()
        .args(["diff", "--json"])
        .args(extra)
        .arg(old)
        .arg(new)
        .run();
    (
        out.code,
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout)),
    )
}

#[test]
fn the_known_pair_gives_exactly_its_changes() {
    let (code, d) = diff(
        &fixture("gen-b-android-prev"),
        &fixture("gen-b-android"),
        &[],
    );
    assert_eq!(code, 1);
    assert_eq!(d.schema_version, 1);
    assert_eq!(d.old.generated_at.as_deref(), Some("2022-07-11T02:53:20Z"));
    assert_eq!(d.new.generated_at.as_deref(), Some("2022-08-11T03:11:20Z"));
    assert_eq!(d.old.requested_at.as_deref(), Some("2022-07-08T02:56:40Z"));
    assert!(
        d.old.report.ends_with("gen-b-android-prev"),
        "{}",
        d.old.report
    );
    assert_eq!(
        (d.old.generation.as_str(), d.new.generation.as_str()),
        ("B", "B")
    );
    let new_device = d
        .changes
        .iter()
        .find(|c| c.key == "2")
        .expect("device 2 added");
    assert_eq!(new_device.new["current_ip"], "172.16.5.7");
    assert_eq!(new_device.new["current_port"], 40123);
    let expected = [
        change("devices", "added", "2", Value::Null, new_device.new.clone()),
        change(
            "devices",
            "changed",
            "devices.0.last_active_at",
            json!("2022-07-11T00:40:00Z"),
            json!("2022-08-11T00:10:00Z"),
        ),
        change(
            "devices",
            "changed",
            "devices.0.online_since",
            json!("2022-07-11T00:40:00Z"),
            json!("2022-08-11T00:10:00Z"),
        ),
        change(
            "devices",
            "changed",
            "devices.0.previous_ip",
            json!("2001:db8:11::"),
            json!("2001:db8:12::"),
        ),
        // Compared like every field, listed apart as low interest.
        change(
            "devices",
            "changed",
            "devices.0.settings_last_fetch_at",
            json!("2022-07-09T20:53:20Z"),
            json!("2022-08-05T11:46:40Z"),
        ),
        change(
            "contacts",
            "removed",
            "+15555550103",
            json!("+15555550103"),
            Value::Null,
        ),
        change(
            "contacts",
            "added",
            "+6285555550107",
            Value::Null,
            json!("+6285555550107"),
        ),
        change(
            "groups",
            "removed",
            "Book club",
            json!("Book club"),
            Value::Null,
        ),
        change(
            "blocked",
            "added",
            "+445555550109",
            Value::Null,
            json!("+445555550109"),
        ),
        change(
            "blocked",
            "changed",
            "blocked_updated_at",
            json!("2022-06-12T02:13:20Z"),
            json!("2022-07-20T04:06:40Z"),
        ),
        change(
            "privacy",
            "changed",
            "privacy.last_seen",
            json!("my_contacts"),
            json!("everyone"),
        ),
    ];
    assert_eq!(d.changes, expected);
    assert_eq!(d.not_comparable, Vec::<String>::new());
}

#[test]
fn the_known_pair_for_people() {
    let out = Test::new()
        .in_repo()
        .args(["diff", "--utc", "--width", "100"])
        .args(["fixtures/gen-b-android-prev", "fixtures/gen-b-android"])
        .run();
    out.code(1);
    assert!(
        out.stdout.contains(
            "~ privacy.last_seen: my contacts → everyone (WIDENED: visible to more people)"
        )
    );
    insta::assert_snapshot!("diff-known-pair", out.stdout);
}

#[test]
fn reversed_the_widening_is_a_narrowing() {
    let out = Test::new()
        .arg("diff")
        .arg(fixture("gen-b-android"))
        .arg(fixture("gen-b-android-prev"))
        .run();
    out.code(1);
    assert!(
        out.stdout
            .contains("~ privacy.last_seen: everyone → my contacts (narrowed)"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("- linked device 2"), "{}", out.stdout);
}

#[test]
fn the_same_report_zipped_twice_in_another_order_has_no_changes() {
    let (_a, first) = temp_file("a.zip", &zip_fixture("gen-b-android", 0));
    let (_b, second) = temp_file("b.zip", &zip_fixture("gen-b-android", 7));
    assert_ne!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap()
    );
    let (code, d) = diff(&first, &second, &[]);
    assert_eq!(code, 0);
    assert!(d.changes.is_empty());
    let out = Test::new().arg("diff").arg(&first).arg(&second).run();
    out.success();
    assert!(out.stdout.starts_with("0 changes"), "{}", out.stdout);
}

#[test]
fn a_diff_across_generations_compares_what_both_carry() {
    let (code, d) = diff(
        &fixture("gen-a-iphone"),
        &fixture("gen-b-iphone-jul22"),
        &[],
    );
    assert_eq!(code, 1);
    let keys: Vec<(&str, &str)> = d
        .changes
        .iter()
        .map(|c| (c.op.as_str(), c.key.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("removed", "1"),
            ("changed", "devices.0.last_active_at"),
            ("changed", "devices.0.previous_ip"),
            ("changed", "devices.0.app_version"),
            ("changed", "devices.0.settings_last_fetch_at"),
            ("added", "+15555550185"),
            ("changed", "privacy.last_seen"),
        ]
    );
    assert_eq!(d.changes[6].old, "my_contacts");
    assert_eq!(d.changes[6].new, "nobody");
    // Gen A's HTML has MCC/MNC and OS build; gen B's a payments folder and sync sessions.
    assert_eq!(
        d.not_comparable,
        [
            "devices.0.online_since",
            "devices.0.mcc",
            "devices.0.mnc",
            "devices.0.os_build",
            "sync.sessions",
            "payments"
        ]
    );
}

#[test]
fn sections_can_be_chosen_or_left_out() {
    let (old, new) = (fixture("gen-b-android-prev"), fixture("gen-b-android"));
    let (code, d) = diff(&old, &new, &["--only", "contacts,groups"]);
    assert_eq!(code, 1);
    assert_eq!(d.changes.len(), 3);
    assert!(
        d.changes
            .iter()
            .all(|c| c.section == "contacts" || c.section == "groups")
    );
    let (_, d) = diff(&old, &new, &["--ignore", "devices", "--ignore", "contacts"]);
    assert_eq!(d.changes.len(), 4, "{:?}", d.changes);
    let (code, d) = diff(&old, &new, &["--only", "terms"]);
    assert_eq!(
        (code, d.changes.len()),
        (0, 0),
        "no changes in the chosen sections: exit 0"
    );
}

#[test]
fn diff_exit_codes() {
    Test::new()
        .arg("diff")
        .arg(fixture("gen-b-android"))
        .arg(fixture("gen-b-android"))
        .run()
        .success();
    Test::new()
        .arg("diff")
        .arg(fixture("gen-b-android-prev"))
        .arg(fixture("gen-b-android"))
        .run()
        .code(1);
    let out = Test::new()
        .arg("diff")
        .arg(fixture("gen-b-android"))
        .arg("/nonexistent.zip")
        .run();
    assert!(out.error().contains("/nonexistent.zip"));
    Test::new()
        .args(["diff", "--only", "nonsense"])
        .arg(fixture("gen-b-android"))
        .arg(fixture("gen-b-android"))
        .run()
        .code(2);
}

#[test]
fn timeline_orders_by_generation_time_and_diffs_each_step() {
    let out = Test::new()
        .args(["timeline", "--json"])
        .arg(fixture("gen-b-android"))
        .arg(fixture("gen-b-android-prev"))
        .run();
    out.success();
    let v = out.json();
    let reports = v["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 2);
    assert!(
        reports[0]["report"]
            .as_str()
            .unwrap()
            .ends_with("gen-b-android-prev")
    );
    assert_eq!(reports[0]["generated_at"], "2022-07-11T02:53:20Z");
    assert_eq!(reports[0]["changes_since_previous"], Value::Null);
    assert_eq!(reports[0]["counts"]["contacts"], 6);
    assert_eq!(reports[0]["privacy"]["last_seen"], "my_contacts");
    assert_eq!(
        reports[1]["changes_since_previous"]
            .as_array()
            .unwrap()
            .len(),
        11
    );
    assert_eq!(reports[1]["counts"]["devices"], 2);

    let text = Test::new()
        .args(["timeline", "--utc"])
        .arg(fixture("gen-b-android"))
        .arg(fixture("gen-b-android-prev"))
        .run();
    text.success();
    assert!(
        text.stdout.contains("gen-b-android-prev → "),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("(WIDENED"), "{}", text.stdout);
}

#[test]
fn timeline_refuses_another_account_unless_mixed() {
    let out = Test::new()
        .arg("timeline")
        .arg(fixture("gen-b-android"))
        .arg(fixture("gen-b2-iphone"))
        .run();
    let msg = out.error();
    assert!(
        msg.contains("+445555550150") && msg.contains("+15555550123") && msg.contains("--mixed"),
        "{msg}"
    );
    Test::new()
        .args(["timeline", "--mixed"])
        .arg(fixture("gen-b-android"))
        .arg(fixture("gen-b2-iphone"))
        .run()
        .success();
}

#[test]
fn timeline_across_generations_of_one_account() {
    let out = Test::new()
        .args(["timeline", "--json", "--only", "privacy"])
        .arg(fixture("gen-b-iphone-jul22"))
        .arg(fixture("gen-a-iphone"))
        .run();
    out.success();
    let v = out.json();
    assert_eq!(v["reports"][0]["generation"], "A");
    assert_eq!(v["reports"][1]["generation"], "B");
    assert_eq!(
        v["reports"][1]["changes_since_previous"],
        json!([{"section": "privacy", "op": "changed", "key": "privacy.last_seen", "old": "my_contacts", "new": "nobody", "group": "privacy"}])
    );
}

#[test]
fn timeline_groups_each_step_as_diff_does() {
    // The same pair of reports: each of the timeline's steps lists its changes under diff's
    // headings, privacy-relevant first, line for line as diff prints them (two columns in).
    for (old, new) in [
        ("gen-b-android-prev", "gen-b-android"),
        ("gen-a-iphone", "gen-b-iphone-jul22"),
    ] {
        let diff = Test::new()
            .args(["diff", "--utc"])
            .arg(fixture(old))
            .arg(fixture(new))
            .run()
            .stdout;
        let timeline = Test::new()
            .args(["timeline", "--utc", "--mixed"])
            .arg(fixture(old))
            .arg(fixture(new))
            .run()
            .stdout;
        let groups: Vec<&str> = diff
            .lines()
            .skip_while(|l| !l.starts_with("Privacy-relevant changes"))
            .take_while(|l| !l.starts_with("Not comparable"))
            .collect();
        let step: Vec<&str> = timeline
            .lines()
            .skip_while(|l| !l.contains(" → "))
            .skip(1)
            .map(|l| l.strip_prefix("  ").unwrap_or(l))
            .collect();
        assert!(groups.len() > 5, "{diff}");
        assert_eq!(
            groups.join("\n").trim_end(),
            step.join("\n").trim_end(),
            "{old} → {new}"
        );
    }
}
