//! `--redact`: no identifier of a fixture survives any command's output, and a redacted diff
//! shows the changes of the plain one.

use std::net::IpAddr;

use serde_json::Value;

use crate::support::{FIXTURES, Test, fixture};

/// Every identifier of a fixture, read from its plain `show --json`.
fn identifiers(name: &str) -> Vec<String> {
    let out = Test::new()
        .args(["show", "--json"])
        .arg(fixture(name))
        .run();
    let v = out.json();
    let mut ids = Vec::new();
    let mut phone = |s: &str| {
        let digits: String = s.chars().filter(char::is_ascii_digit).collect();
        for w in digits.as_bytes().windows(6) {
            ids.push(String::from_utf8(w.to_vec()).unwrap());
        }
    };
    let strings = |v: &Value| {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect::<Vec<_>>()
    };
    if let Some(p) = v["account"]["phone_number"].as_str() {
        phone(p);
    }
    for p in strings(&v["contacts"])
        .into_iter()
        .chain(strings(&v["blocked"]))
        .chain(strings(&v["privacy"]["status"]["except"]))
        .chain(strings(&v["privacy"]["status"]["only_share_with"]))
    {
        phone(&p);
    }
    for key in ["name", "email", "about"] {
        if let Some(s) = v["account"][key].as_str()
            && s.chars().count() > 2
        {
            ids.push(s.to_string());
        }
    }
    ids.extend(
        strings(&v["groups"])
            .into_iter()
            .map(|g| g.trim().to_string())
            .filter(|g| g.chars().count() > 2),
    );
    for d in v["devices"].as_array().unwrap() {
        for key in ["previous_ip", "current_ip"] {
            let Some(ip) = d[key].as_str() else { continue };
            // The address and its network: neither survives without --keep-network.
            ids.push(ip.to_string());
            match ip.parse::<IpAddr>() {
                Ok(IpAddr::V4(a)) => ids.push(format!("{}.{}.", a.octets()[0], a.octets()[1])),
                Ok(IpAddr::V6(a)) => {
                    ids.push(format!("{:x}:{:x}:", a.segments()[0], a.segments()[1]))
                }
                Err(_) => {}
            }
        }
    }
    if let Some(id) = v["sync"]["current_session_id"].as_str() {
        ids.push(id.to_string());
    }
    ids.sort();
    ids.dedup();
    ids
}

fn assert_clean(output: &str, ids: &[String], what: &str) {
    for id in ids {
        assert!(
            !output.contains(id.as_str()),
            "{what}: `{id}` survives in:\n{output}"
        );
    }
}

#[test]
fn no_identifier_survives_any_command_on_any_fixture() {
    for name in FIXTURES
        .into_iter()
        .chain(["gen-b-android-prev", "gen-b-iphone-jul22"])
    {
        let ids = identifiers(name);
        assert!(ids.len() > 5, "{name}: {ids:?}");
        let path = fixture(name);
        let runs: [Vec<&str>; 7] = [
            vec!["show", "--json"],
            vec!["show"],
            vec!["summary", "--json"],
            vec!["summary"],
            vec!["audit", "--json"],
            vec!["audit"],
            vec!["timeline", "--json"],
        ];
        for args in runs {
            let out = Test::new()
                .args(&args)
                .args(["--redact", "--utc"])
                .arg(&path)
                .run();
            assert_eq!(out.code, 0, "{name} {args:?}: {}", out.stderr);
            assert_clean(&out.stdout, &ids, &format!("{name} {args:?}"));
            assert_clean(&out.stderr, &ids, &format!("{name} {args:?} stderr"));
        }
        for json in [true, false] {
            let mut t = Test::new().args(["diff", "--redact"]);
            if json {
                t = t.arg("--json");
            }
            let out = t.arg(fixture("gen-b-android-prev")).arg(&path).run();
            let mut all = ids.clone();
            all.extend(identifiers("gen-b-android-prev"));
            assert_clean(&out.stdout, &all, &format!("{name} diff"));
        }
    }
}

fn changes(out: &crate::support::Outcome) -> Vec<(String, String)> {
    out.json()["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["section"].as_str().unwrap().to_string(),
                c["op"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_redacted_diff_with_one_key_shows_the_plain_diffs_changes() {
    for (old, new) in [
        ("gen-b-android-prev", "gen-b-android"),
        ("gen-a-iphone", "gen-b-iphone-jul22"),
        ("gen-b-android", "gen-b-id-android"),
    ] {
        let plain = Test::new()
            .args(["diff", "--json"])
            .arg(fixture(old))
            .arg(fixture(new))
            .run();
        let redacted = Test::new()
            .args(["diff", "--redact", "--json"])
            .arg(fixture(old))
            .arg(fixture(new))
            .env("WAREPORT_REDACT_KEY", "newsroom key")
            .run();
        assert_eq!(plain.code, redacted.code);
        let (mut p, mut r) = (changes(&plain), changes(&redacted));
        p.sort();
        r.sort();
        assert_eq!(p, r, "{old} → {new}");
    }
}

#[test]
fn the_same_key_gives_the_same_pseudonyms_across_runs_and_reports() {
    let run = |name: &str, key: &str| {
        Test::new()
            .args(["show", "--redact", "--redact-key", key, "--json"])
            .arg(fixture(name))
            .run()
            .json()
    };
    let (a, b) = (run("gen-b-android", "k1"), run("gen-b-android-prev", "k1"));
    assert_eq!(a["account"]["phone_number"], b["account"]["phone_number"]);
    assert_eq!(a["contacts"][0], b["contacts"][0]);
    assert_ne!(
        run("gen-b-android", "k2")["account"]["phone_number"],
        a["account"]["phone_number"]
    );
    // Without a key: a random one per run.
    let once = Test::new()
        .args(["show", "--redact", "--json"])
        .arg(fixture("gen-b-android"))
        .run()
        .json();
    let twice = Test::new()
        .args(["show", "--redact", "--json"])
        .arg(fixture("gen-b-android"))
        .run()
        .json();
    assert_ne!(
        once["account"]["phone_number"],
        twice["account"]["phone_number"]
    );
}

#[test]
fn keep_country_and_what_is_kept() {
    let v = Test::new()
        .args([
            "show",
            "--redact",
            "--keep-country",
            "--keep-network",
            "--redact-key",
            "k",
            "--json",
        ])
        .arg(fixture("gen-b-android"))
        .run()
        .json();
    assert!(
        v["account"]["phone_number"]
            .as_str()
            .unwrap()
            .starts_with("tel:+1:")
    );
    assert!(v["contacts"][4].as_str().unwrap().starts_with("tel:+44:"));
    assert!(v["contacts"][5].as_str().unwrap().starts_with("tel:+62:"));
    let d = &v["devices"][1];
    assert_eq!(d["id"], 2, "device ids are kept");
    assert_eq!(
        d["last_active_at"], "2022-07-18T18:46:40Z",
        "times are kept"
    );
    assert!(
        d["current_ip"]
            .as_str()
            .unwrap()
            .starts_with("172.16.0.0/16~")
    );
    assert_eq!(d["current_port"], 40123, "ports identify no one");
    assert_eq!(v["account"]["profile_picture"]["present"], true);
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(
        groups[0], groups[1],
        "a duplicated group name stays duplicated"
    );
    let plain = Test::new()
        .args(["show", "--redact", "--redact-key", "k", "--json"])
        .arg(fixture("gen-b-android"))
        .run()
        .json();
    assert!(
        !plain["account"]["phone_number"]
            .as_str()
            .unwrap()
            .contains('1')
    );
    let ip = plain["devices"][1]["current_ip"].as_str().unwrap();
    assert!(
        ip.starts_with("ip:") && !ip.chars().any(|c| c.is_ascii_digit()),
        "nothing of the address without --keep-network: {ip}"
    );
}

#[test]
fn redacted_timeline_names_reports_by_position() {
    let out = Test::new()
        .args(["timeline", "--redact", "--json"])
        .arg(fixture("gen-b-android"))
        .arg(fixture("gen-b-android-prev"))
        .run();
    out.success();
    let v = out.json();
    assert_eq!(v["reports"][0]["report"], "report 1");
    assert_eq!(v["reports"][1]["report"], "report 2");
    assert!(!out.stdout.contains("gen-b-android"));
}

#[test]
fn inspect_takes_no_redact_option() {
    let out = Test::new()
        .args(["inspect", "--redact"])
        .arg(fixture("gen-b-android"))
        .run();
    assert_eq!(
        out.error(),
        "wareport: error: unexpected argument '--redact' found; see `wareport inspect --help`"
    );
    let help = Test::new().args(["inspect", "--help"]).run();
    assert!(!help.stdout.contains("--redact"), "{}", help.stdout);
}
