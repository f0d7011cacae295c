//! Tests that try to break redaction and escaping (issue 10): reports whose identifiers come
//! in every shape the parser may meet, and reports whose every field and file name holds
//! control and format characters. Every command runs in-process (the library's
//! `app::execute`, as `main` does), in text and JSON, so thousands of cases stay fast.
//! `PROPTEST_CASES=5000` is the documented long run.

use std::collections::BTreeSet;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};
use serde_json::{Value, json};
use unicode_general_category::{GeneralCategory, get_general_category};

use crate::support::{files_of, fixture, with_file, zip_files};

/// Runs the CLI in-process on `args`; the output, the stderr notes, and the error line.
fn run(args: &[String]) -> (String, Vec<String>, Option<String>) {
    // The command first, then the display options and the rest.
    let mut argv = vec!["wareport".to_string(), args[0].clone()];
    argv.extend(["--utc".into(), "--color".into(), "never".into()]);
    argv.extend(args[1..].iter().cloned());
    let config = match wareport::cli::config_from(&argv) {
        Ok(c) => c,
        Err(e) => panic!("bad arguments {argv:?}: {e}"),
    };
    match wareport::app::execute(&config) {
        Ok(out) => (out.output, out.notes, None),
        Err(err) => (
            String::new(),
            Vec::new(),
            Some(wareport::app::error_line(&err)),
        ),
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(24)
}

// ---- Identifiers in every shape.

/// A phone number's digits: only 6–9, so that no 4-digit run of one can turn up by chance in
/// times, versions, ports or counts (a sanity check below makes sure).
fn digits(len: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(vec!['6', '7', '8', '9']), len)
        .prop_map(|d| d.into_iter().collect())
}

/// The ways a report may write a number.
fn shaped(d: &str, shape: u8) -> String {
    match shape % 5 {
        0 => format!("+{d}"),
        1 => d.to_string(),
        2 => format!("+{} {} {}", &d[..2], &d[2..5], &d[5..]),
        3 => format!("+{}-{}-{}", &d[..3], &d[3..6], &d[6..]),
        // A national number, not E.164: kept as given, with a warning quoting it.
        _ => format!("0{}", &d[1..]),
    }
}

/// Upper-case words: pseudonyms are lower-case letters, so a word cannot appear by chance.
fn word() -> impl Strategy<Value = String> {
    "[A-Z]{5,9}"
}

#[derive(Debug, Clone)]
pub(crate) struct Planted {
    pub files: Vec<(String, Vec<u8>)>,
    /// Texts that must not appear in any redacted output.
    forbidden: Vec<String>,
    /// Each planted word with its part (`name`, `label`, `folder`, …; `group` for groups).
    pub named: Vec<(&'static str, String)>,
}

#[allow(clippy::type_complexity)]
pub(crate) fn planted() -> impl Strategy<Value = Planted> {
    let number = || (digits(10..13), any::<u8>());
    (
        (
            number(),
            prop::collection::vec(number(), 1..4),
            number(),
            number(),
        ),
        (
            word(),
            word(),
            word(),
            word(),
            prop::collection::vec(word(), 1..3),
        ),
        (word(), word(), word(), word(), word()),
        (
            // Ports (kept: they identify no one) from digits 1–5, never a number's.
            (
                100u8..224,
                100u8..255,
                1u8..255,
                1u8..255,
                prop::collection::vec(1u16..6, 4)
                    .prop_map(|d| d.iter().fold(0u16, |n, d| n * 10 + d)),
            ),
            (0x100u16..0xffff, 0x100u16..0xffff, any::<bool>()),
        ),
        "[A-Z]{16}",
    )
        .prop_map(
            |(
                (own, contacts, except, blocked),
                (name, surname, email, about, groups),
                (label, value, key, vis, folder),
                ((a, b, c, d, port), (s1, s2, upper)),
                session,
            )| {
                build(
                    own,
                    contacts,
                    except,
                    blocked,
                    name,
                    surname,
                    email,
                    about,
                    groups,
                    label,
                    value,
                    key,
                    vis,
                    folder,
                    (a, b, c, d, port),
                    (s1, s2, upper),
                    session,
                )
            },
        )
}

#[allow(clippy::too_many_arguments)]
fn build(
    own: (String, u8),
    contacts: Vec<(String, u8)>,
    except: (String, u8),
    blocked: (String, u8),
    name: String,
    surname: String,
    email: String,
    about: String,
    groups: Vec<String>,
    label: String,
    value: String,
    key: String,
    vis: String,
    folder: String,
    (a, b, c, d, port): (u8, u8, u8, u8, u16),
    (s1, s2, upper): (u16, u16, bool),
    session: String,
) -> Planted {
    let base = "gen-b-android";
    let read = |rel: &str| -> Value {
        serde_json::from_str(&crate::support::fixture_text(base, rel)).unwrap()
    };
    let mut forbidden = Vec::new();
    let mut number = |(d, shape): &(String, u8)| {
        for w in 4..=d.len() {
            for i in 0..=d.len() - w {
                forbidden.push(d[i..i + w].to_string());
            }
        }
        shaped(d, *shape)
    };
    let own_n = number(&own);
    let contact_ns: Vec<String> = contacts.iter().map(&mut number).collect();
    let except_n = number(&except);
    let blocked_n = number(&blocked);
    let v6 = format!("2001:db8:{s1:x}:{s2:x}:0:0:0:7");
    let v6_raw = if upper {
        format!("2001:0DB8:{s1:04X}:{s2:04X}:0000:0000:0000:0007")
    } else {
        v6.clone()
    };
    let v4 = format!("{a}.{b}.{c}.{d}");
    let words = [
        &name, &surname, &email, &about, &label, &value, &key, &vis, &folder, &session,
    ];
    forbidden.extend(words.iter().map(|w| w.to_string()));
    let parts = [
        "name", "surname", "email", "about", "label", "value", "key", "vis", "folder", "session",
    ];
    let mut named: Vec<(&'static str, String)> = parts
        .iter()
        .zip(words)
        .map(|(part, w)| (*part, w.to_string()))
        .collect();
    named.extend(groups.iter().map(|g| ("group", g.clone())));
    forbidden.extend(groups.iter().cloned());
    forbidden.extend([
        v6.clone(),
        v6_raw.clone(),
        format!("2001:db8:{s1:x}:"),
        format!("{s1:x}:{s2:x}"),
        v4.clone(),
        format!("{a}.{b}."),
    ]);

    let mut user = read("whatsapp_account_information/user_information.json");
    let p = &mut user["wa_profile_info"];
    p["phone_number"] = json!(own_n);
    p["name"] = json!(format!("{name} {surname}"));
    p["email_address"] = json!(format!("{email}@{surname}.example"));
    p["about"] = json!(format!("{about} {name}"));
    p["device_activity"][0]["previous_connection_ip"] = json!(v6_raw);
    p["device_activity"][1]["current_connection_ip"] = json!(format!("{v4}:{port}"));
    p[key.as_str()] = json!(value);

    let mut settings = read("whatsapp_settings/account_settings.json");
    let s = &mut settings["wa_settings"];
    s["last_seen_privacy"] = json!(format!("{vis} Friends"));
    s["status_privacy"] =
        json!(["My Contacts Except (active)".to_string() + &format!(" : [{except_n}]")]);
    s["blocked_numbers"] = json!([blocked_n]);
    s["current_sync_session_id"] = json!(format!("{session}=="));
    s["sync_sessions"][0]["sync_session_id"] = json!(format!("{session}=="));

    let mut files = files_of(&fixture(base));
    files = with_file(
        files,
        "whatsapp_account_information/user_information.json",
        &user.to_string(),
    );
    files = with_file(
        files,
        "whatsapp_settings/account_settings.json",
        &settings.to_string(),
    );
    files = with_file(
        files,
        "whatsapp_connections/contacts.json",
        &json!({ "wa_contacts": contact_ns }).to_string(),
    );
    files = with_file(
        files,
        "whatsapp_connections/groups.json",
        &json!({ "wa_groups": groups.iter().map(|g| format!("{g}. {g}: x")).collect::<Vec<_>>() })
            .to_string(),
    );
    // An unknown row, and a device line without a label, in the HTML.
    let page = "whatsapp_account_information/user_information.html";
    let html = crate::support::fixture_text(base, page).replacen(
        "<tr><td class=\"_2pin _a6_q\">",
        &format!(
            "<tr><td class=\"_2pin _a6_q\"><div class=\"_a6-q\">{label} Code</div></td><td class=\"_2pin _2piu _a6_r\"><div class=\"_a6-q\">{value}</div></td></tr><tr><td class=\"_2pin _a6_q\">"
        ),
        1,
    );
    files = with_file(files, page, &html);
    let settings_page = "whatsapp_settings/account_settings.html";
    let html = crate::support::fixture_text(base, settings_page).replacen(
        "<div><span>App Version</span>",
        &format!("<div>{name} {surname} iPad</div><div><span>App Version</span>"),
        1,
    );
    files = with_file(files, settings_page, &html);
    // An unknown file in the report, and one outside its folder.
    files.push((format!("whatsapp_connections/{label}.json"), b"{}".to_vec()));
    let mut files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(n, b)| (format!("Report {folder}/{n}"), b))
        .collect();
    files.push((format!("{name} {surname}/notes.txt"), b"x".to_vec()));
    files.sort();
    Planted {
        files,
        forbidden,
        named,
    }
}

/// The commands whose output may be shared, each in text and JSON.
fn redacted_runs(path: &str, other: &str, extra: &[&str]) -> Vec<Vec<String>> {
    let mut runs = Vec::new();
    for json in [false, true] {
        let form = if json { vec!["--json"] } else { vec![] };
        for cmd in [
            vec!["show"],
            vec!["summary"],
            vec!["audit"],
            vec!["diff"],
            vec!["timeline", "--mixed"],
        ] {
            let mut args: Vec<String> = cmd.iter().map(|s| s.to_string()).collect();
            args.extend(
                ["--redact", "--redact-key", "leak test"]
                    .iter()
                    .chain(extra)
                    .map(|s| s.to_string()),
            );
            args.extend(form.iter().map(|s| s.to_string()));
            args.push(path.to_string());
            if cmd[0] == "diff" || cmd[0] == "timeline" {
                args.push(other.to_string());
            }
            runs.push(args);
        }
    }
    runs
}

fn check_redaction(p: &Planted, extra: &[&str]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("planted.zip");
    std::fs::write(&path, zip_files(&p.files, "", 0)).unwrap();
    let other = fixture("gen-b-android-prev");
    for args in redacted_runs(path.to_str().unwrap(), other.to_str().unwrap(), extra) {
        let (out, notes, err) = run(&args);
        prop_assert!(err.is_none(), "{args:?}: {err:?}");
        let all = format!("{out}\n{}", notes.join("\n"));
        for id in &p.forbidden {
            prop_assert!(
                !all.contains(id.as_str()),
                "`{}` survives `{}`:\n{}",
                id,
                args.join(" "),
                all
            );
        }
    }
    Ok(())
}

#[test]
fn no_identifier_of_any_shape_survives_redaction_in_any_command() {
    // Sanity: the fixed parts of the output hold no 4-digit run of 6–9 digits, so finding one
    // is a leak, never chance.
    let (out, _, _) = run(&[
        "summary".into(),
        "--redact".into(),
        fixture("gen-b-android").display().to_string(),
    ]);
    let runs: BTreeSet<String> = out
        .as_bytes()
        .windows(4)
        .filter(|w| w.iter().all(|b| (b'6'..=b'9').contains(b)))
        .map(|w| String::from_utf8(w.to_vec()).unwrap())
        .collect();
    assert!(runs.is_empty(), "{runs:?}");

    let mut runner = TestRunner::new(RunnerConfig {
        cases: cases(),
        ..RunnerConfig::default()
    });
    runner
        .run(&planted(), |p| check_redaction(&p, &[]))
        .unwrap();
}

#[test]
fn a_planted_report_is_read_in_every_shape() {
    // The generator's report parses, and holds what redaction has to hide: quoted in
    // warnings, under unknown labels, outside the folder.
    let mut runner = TestRunner::deterministic();
    let p = planted().new_tree(&mut runner).unwrap().current();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("planted.zip");
    std::fs::write(&path, zip_files(&p.files, "", 0)).unwrap();
    let (out, _, err) = run(&["show".into(), "--json".into(), path.display().to_string()]);
    assert!(err.is_none(), "{err:?}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let warnings = v["warnings"].to_string();
    for needle in [
        "kept as given",
        "unknown label",
        "outside the report's folder",
        "unknown file",
        "kept verbatim",
    ] {
        assert!(warnings.contains(needle), "{needle}: {warnings}");
    }
    let found = p
        .forbidden
        .iter()
        .filter(|id| out.contains(id.as_str()))
        .count();
    assert!(
        found > 10,
        "the plain output holds the identifiers ({found})"
    );
}

#[test]
fn keep_network_keeps_only_the_network() {
    let mut runner = TestRunner::deterministic();
    let p = planted().new_tree(&mut runner).unwrap().current();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("planted.zip");
    std::fs::write(&path, zip_files(&p.files, "", 0)).unwrap();
    let (out, _, _) = run(&[
        "show".into(),
        "--redact".into(),
        "--keep-network".into(),
        "--json".into(),
        path.display().to_string(),
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let ip = v["devices"][1]["current_ip"].as_str().unwrap();
    assert!(ip.contains(".0.0/16~"), "{ip}");
    let v6 = v["devices"][0]["previous_ip"].as_str().unwrap();
    assert!(v6.starts_with("2001:db8::/32~"), "{v6}");
}

// ---- Control and format characters everywhere.

/// Characters a terminal must never receive raw.
fn unsafe_char() -> impl Strategy<Value = char> {
    prop_oneof![
        (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap()),
        (0x7fu32..0xa0).prop_map(|c| char::from_u32(c).unwrap()),
        prop::sample::select(vec![
            '\u{1b}',
            '\u{7}',
            '\u{8}',
            '\u{ad}',
            '\u{61c}',
            '\u{180e}',
            '\u{200b}',
            '\u{200e}',
            '\u{200f}',
            '\u{2028}',
            '\u{2029}',
            '\u{202a}',
            '\u{202e}',
            '\u{2060}',
            '\u{2061}',
            '\u{2062}',
            '\u{2063}',
            '\u{2064}',
            '\u{2066}',
            '\u{2069}',
            '\u{feff}',
            '\u{fff9}',
            '\u{fffa}',
            '\u{fffb}',
            '\u{e0001}',
            '\u{e0041}',
            '\u{1d173}',
        ]),
    ]
}

fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![unsafe_char(), prop::char::range('a', 'z')],
        1..12,
    )
    .prop_map(|c| c.into_iter().collect())
}

/// Whether human output holds a raw character it must not (line breaks separate lines).
fn raw_unsafe(text: &str) -> Option<char> {
    let mut in_flag = false;
    for c in text.chars() {
        if in_flag && ('\u{e0020}'..='\u{e007f}').contains(&c) {
            in_flag = c != '\u{e007f}';
            continue;
        }
        in_flag = c == '\u{1f3f4}';
        if c == '\n' || c == '\u{200d}' || c == '\u{200c}' {
            continue;
        }
        if matches!(
            get_general_category(c),
            GeneralCategory::Control
                | GeneralCategory::Format
                | GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
        ) {
            return Some(c);
        }
    }
    None
}

pub(crate) fn hostile_files(texts: &[String]) -> Vec<(String, Vec<u8>)> {
    let base = "gen-b-android";
    let t = |i: usize| texts[i % texts.len()].clone();
    let read = |rel: &str| -> Value {
        serde_json::from_str(&crate::support::fixture_text(base, rel)).unwrap()
    };
    let mut user = read("whatsapp_account_information/user_information.json");
    let p = &mut user["wa_profile_info"];
    p["phone_number"] = json!(t(0));
    p["name"] = json!(t(1));
    p["email_address"] = json!(t(2));
    p["about"] = json!(t(3));
    p["device_activity"][0]["status"] = json!(t(4));
    p["device_activity"][0]["previous_connection_ip"] = json!(t(5));
    p["device_activity"][1]["current_connection_ip"] = json!(t(6));
    p[t(7).as_str()] = json!(t(8));
    let mut settings = read("whatsapp_settings/account_settings.json");
    let s = &mut settings["wa_settings"];
    s["last_seen_privacy"] = json!(t(9));
    s["status_privacy"] = json!([t(10), format!("My Contacts Except (active) : [{}]", t(11))]);
    s["blocked_numbers"] = json!([t(12)]);
    s["device_info"][1]["device_model"] = json!(t(13));
    s["current_sync_session_id"] = json!(t(14));
    let mut files = files_of(&fixture(base));
    files = with_file(
        files,
        "whatsapp_account_information/user_information.json",
        &user.to_string(),
    );
    files = with_file(
        files,
        "whatsapp_settings/account_settings.json",
        &settings.to_string(),
    );
    files = with_file(
        files,
        "whatsapp_connections/contacts.json",
        &json!({ "wa_contacts": [t(15), "+15555550101"] }).to_string(),
    );
    files = with_file(
        files,
        "whatsapp_connections/groups.json",
        &json!({ "wa_groups": [t(16), t(17)] }).to_string(),
    );
    let page = "whatsapp_account_information/user_information.html";
    let html = crate::support::fixture_text(base, page).replacen(
        "<tr><td class=\"_2pin _a6_q\">",
        &format!(
            "<tr><td class=\"_2pin _a6_q\"><div class=\"_a6-q\">{}</div></td><td class=\"_2pin _2piu _a6_r\"><div class=\"_a6-q\">{}</div></td></tr><tr><td class=\"_2pin _a6_q\">",
            t(18), t(19)
        ),
        1,
    );
    files = with_file(files, page, &html);
    // Entry and folder names, inside and outside the report.
    files.push((
        format!("whatsapp_connections/{}.json", t(20)),
        b"{}".to_vec(),
    ));
    let mut files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(n, b)| (format!("{}/{n}", t(21)), b))
        .collect();
    files.push((format!("{}/x.txt", t(22)), b"x".to_vec()));
    files
}

fn check_escaping(texts: &[String]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    // The input's own path holds them too (it is quoted in notes and errors).
    let name = format!("r{}.zip", texts[0].replace(['/', '\0'], ""));
    let path = dir.path().join(name);
    // Names with `/` parts, NUL or `\\` are refused by the archive as unsafe: that error
    // path is checked too.
    std::fs::write(&path, zip_files(&hostile_files(texts), "", 0)).unwrap();
    let broken = dir
        .path()
        .join(format!("b{}.zip", texts[1].replace(['/', '\0'], "")));
    // A broken JSON entry: the error names it.
    let mut files = hostile_files(texts);
    for (name, bytes) in files.iter_mut() {
        if name.ends_with("whatsapp_settings/terms_of_service.json") {
            *bytes = b"{ not json".to_vec();
        }
    }
    std::fs::write(&broken, zip_files(&files, "", 1)).unwrap();
    let p = path.display().to_string();
    let b = broken.display().to_string();
    let prev = fixture("gen-b-android-prev").display().to_string();
    let runs: Vec<Vec<String>> = vec![
        vec!["show".into(), p.clone()],
        vec!["summary".into(), p.clone()],
        vec!["audit".into(), p.clone()],
        vec!["inspect".into(), p.clone()],
        vec!["diff".into(), prev.clone(), p.clone()],
        vec!["timeline".into(), "--mixed".into(), prev, p.clone()],
        vec!["show".into(), b.clone()],
        vec!["inspect".into(), b],
        vec!["show".into(), format!("{p}{}", texts[2])],
    ];
    for args in runs {
        let (out, notes, err) = run(&args);
        for (what, text) in [
            ("output", out),
            ("notes", notes.join("\n")),
            ("error", err.unwrap_or_default()),
        ] {
            if let Some(c) = raw_unsafe(&text) {
                return Err(TestCaseError::fail(format!(
                    "{args:?}: raw {c:?} in the {what}:\n{text}"
                )));
            }
        }
    }
    Ok(())
}

#[test]
fn no_raw_control_or_format_character_reaches_a_terminal() {
    let mut runner = TestRunner::new(RunnerConfig {
        cases: cases(),
        ..RunnerConfig::default()
    });
    runner
        .run(&prop::collection::vec(hostile_text(), 23..24), |texts| {
            check_escaping(&texts)
        })
        .unwrap();
}

#[test]
fn text_renderers_never_ask_for_exact_text() {
    // The one way to bypass the escaping boundary is `.exact()`; no renderer for people
    // may call it.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            !text.contains(".exact()"),
            "{} calls .exact(): report text must reach the terminal through Display",
            path.display()
        );
    }
}
