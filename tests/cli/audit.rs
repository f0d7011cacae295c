//! `audit` findings per fixture, `--fail-on`, thresholds; `--redact` across every command.

use serde::Deserialize;
use serde_json::Value;

use crate::support::{FIXTURES, Test, fixture};

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct AuditDoc {
    schema_version: u32,
    findings: Vec<Finding>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Finding {
    id: String,
    severity: String,
    title: String,
    detail: String,
    change_in: Option<String>,
    action: Action,
    evidence: serde_json::Map<String, Value>,
}

/// Where to act, and what it changes: every finding has one.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Action {
    r#where: String,
    changes: String,
}

fn audit(name: &str, extra: &[&str]) -> AuditDoc {
    let out = Test::new()
        .args(["audit", "--json"])
        .args(extra)
        .arg(fixture(name))
        .run();
    out.success();
    let doc: AuditDoc = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc.schema_version, 1);
    for f in &doc.findings {
        assert!(
            !f.title.is_empty() && !f.detail.is_empty() && !f.evidence.is_empty(),
            "{f:?}"
        );
        assert!(!f.action.r#where.is_empty() && !f.action.changes.is_empty());
        // A menu path to change it is where to act.
        if let Some(menu) = &f.change_in {
            assert!(f.action.r#where.starts_with(menu.as_str()), "{f:?}");
        }
        assert!(["high", "medium", "low", "info"].contains(&f.severity.as_str()));
        if let Some(path) = &f.change_in {
            assert!(
                path.starts_with("Settings → ") && f.detail.contains(path.as_str()),
                "{f:?}"
            );
        }
    }
    doc
}

fn ids(doc: &AuditDoc) -> Vec<(&str, &str)> {
    doc.findings
        .iter()
        .map(|f| (f.id.as_str(), f.severity.as_str()))
        .collect()
}

#[test]
fn gen_b_android_findings() {
    let doc = audit("gen-b-android", &[]);
    assert_eq!(
        ids(&doc),
        [
            ("last_seen_public", "medium"),
            ("facebook_data_sharing_not_opted_out", "medium"),
            ("linked_devices", "medium"),
            ("read_receipts_on", "low"),
            ("current_ip_present", "low"),
            ("email_on_file", "low"),
            ("status_exception_lists", "info"),
            ("profile_picture_present", "info"),
        ]
    );
    let linked = &doc.findings[2];
    assert_eq!(
        linked.evidence["devices.2.last_active_at"],
        "2022-07-18T18:46:40Z"
    );
    assert_eq!(linked.evidence["devices.2.previous_ip"], "172.16.0.0");
    assert_eq!(linked.evidence["devices.2.current_ip"], "172.16.5.7");
    assert!(linked.detail.contains("Settings → Linked devices"));
    assert_eq!(
        doc.findings[4].evidence["devices.2.current_ip"],
        "172.16.5.7"
    );
    assert_eq!(
        doc.findings[5].evidence["account.email"],
        "alex.example@example.com"
    );
    assert!(
        doc.findings[0]
            .detail
            .contains("Settings → Privacy → Last seen and online")
    );
    // Where each setting is changed in WhatsApp, as data; null where nothing in WhatsApp does.
    let change_in: Vec<(&str, Option<&str>)> = doc
        .findings
        .iter()
        .map(|f| (f.id.as_str(), f.change_in.as_deref()))
        .collect();
    assert_eq!(
        change_in,
        [
            (
                "last_seen_public",
                Some("Settings → Privacy → Last seen and online")
            ),
            ("facebook_data_sharing_not_opted_out", None),
            ("linked_devices", Some("Settings → Linked devices")),
            (
                "read_receipts_on",
                Some("Settings → Privacy → Read receipts")
            ),
            ("current_ip_present", None),
            ("email_on_file", Some("Settings → Account → Email address")),
            (
                "status_exception_lists",
                Some("Settings → Privacy → Status")
            ),
            ("profile_picture_present", None),
        ]
    );
}

#[test]
fn findings_of_every_other_fixture() {
    let expect: [(&str, &[&str]); 6] = [
        (
            "gen-a-iphone",
            &[
                "stale_linked_device",
                "profile_photo_public",
                "facebook_data_sharing_not_opted_out",
                "linked_devices",
                "about_public",
                "read_receipts_on",
                "profile_picture_present",
            ],
        ),
        (
            "gen-b2-iphone",
            &["facebook_data_sharing_not_opted_out", "about_public"],
        ),
        (
            "gen-c-android",
            &[
                "facebook_data_sharing_not_opted_out",
                "linked_devices",
                "read_receipts_on",
                "status_exception_lists",
                "profile_picture_present",
            ],
        ),
        (
            "gen-b-id-android",
            &[
                "profile_photo_public",
                "facebook_data_sharing_not_opted_out",
                "linked_devices",
                "about_public",
                "read_receipts_on",
                "current_ip_present",
                "email_on_file",
                "status_exception_lists",
            ],
        ),
        (
            "gen-b-id-android-html-only",
            &[
                "profile_photo_public",
                "facebook_data_sharing_not_opted_out",
                "linked_devices",
                "about_public",
                "read_receipts_on",
                "current_ip_present",
                "email_on_file",
                "status_exception_lists",
            ],
        ),
        (
            "gen-b-android-prev",
            &[
                "facebook_data_sharing_not_opted_out",
                "read_receipts_on",
                "email_on_file",
                "status_exception_lists",
                "profile_picture_present",
            ],
        ),
    ];
    for (name, expected) in expect {
        let doc = audit(name, &[]);
        let got: Vec<&str> = doc.findings.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(got, expected, "{name}");
    }
    // Gen A's linked device 1 was last active 2022-03-20, 95 days before the report.
    let a = audit("gen-a-iphone", &[]);
    assert_eq!(a.findings[0].severity, "high");
    assert_eq!(
        a.findings[0].evidence["devices.1.last_active_at"],
        "2022-03-20T00:00:00Z"
    );
    assert!(
        a.findings[0].title.contains("95 days"),
        "{}",
        a.findings[0].title
    );
}

#[test]
fn thresholds_are_flags() {
    let lenient = audit("gen-a-iphone", &["--stale-days", "120"]);
    assert!(
        lenient
            .findings
            .iter()
            .all(|f| f.id != "stale_linked_device")
    );
    let strict = audit(
        "gen-b-android",
        &["--many-contacts", "6", "--many-groups", "9"],
    );
    let got: Vec<&str> = strict.findings.iter().map(|f| f.id.as_str()).collect();
    assert!(
        got.contains(&"many_contacts") && got.contains(&"many_groups"),
        "{got:?}"
    );
    let found = strict
        .findings
        .iter()
        .find(|f| f.id == "many_contacts")
        .unwrap();
    assert_eq!(found.evidence["counts.contacts"], 6);
    let relaxed = audit(
        "gen-b-android",
        &["--many-contacts", "7", "--many-groups", "10"],
    );
    assert!(
        relaxed
            .findings
            .iter()
            .all(|f| f.id != "many_contacts" && f.id != "many_groups")
    );
}

#[test]
fn fail_on_gates_scripts() {
    let run = |level: &str, name: &str| {
        Test::new()
            .args(["audit", "--fail-on", level])
            .arg(fixture(name))
            .run()
            .code
    };
    assert_eq!(run("high", "gen-b-android"), 0, "no high finding");
    assert_eq!(run("medium", "gen-b-android"), 1);
    assert_eq!(run("high", "gen-a-iphone"), 1, "a stale linked device");
    assert_eq!(
        Test::new()
            .arg("audit")
            .arg(fixture("gen-a-iphone"))
            .run()
            .code,
        0,
        "no --fail-on: 0"
    );
}

#[test]
fn unknown_fields_are_an_info_finding() {
    let files = crate::support::with_file(
        crate::support::files_of(&fixture("gen-b2-iphone")),
        "whatsapp_connections/channels.json",
        "{}",
    );
    let (_dir, path) =
        crate::support::temp_file("r.zip", &crate::support::zip_files(&files, "", 0));
    let out = Test::new().args(["audit", "--json"]).arg(&path).run();
    out.success();
    let doc: AuditDoc = serde_json::from_str(&out.stdout).unwrap();
    let last = doc.findings.last().unwrap();
    assert_eq!(
        (last.id.as_str(), last.severity.as_str()),
        ("unknown_fields", "info")
    );
    assert_eq!(
        last.evidence["warnings[0]"],
        "whatsapp_connections/channels.json: unknown file; not read"
    );
}

#[test]
fn audit_text_for_people() {
    let out = Test::new()
        .args(["audit", "--utc"])
        .arg(fixture("gen-b2-iphone"))
        .run();
    out.success();
    insta::assert_snapshot!("audit-gen-b2-iphone", out.stdout);
    assert!(FIXTURES.contains(&"gen-b2-iphone"));
}
