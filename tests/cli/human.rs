//! Human output: snapshots at a fixed width in UTC, the local time zone, help, colour, and
//! escaping of untrusted names.

use serde_json::json;

use crate::support::{FIXTURES, Test, files_of, fixture, temp_file, with_file, zip_files};

/// A command's output for people on a fixture, named as a user in the repository would name
/// it (`fixtures/gen-b-android`), so that what it names is the same on every machine.
fn human(args: &[&str], name: &str) -> String {
    let out = Test::new()
        .in_repo()
        .args(args)
        .args(["--utc", "--width", "110"])
        .arg(format!("fixtures/{name}"))
        .run();
    out.success();
    out.stdout
}

#[test]
fn summary_snapshots() {
    snapshots!(
        FIXTURES
            .iter()
            .map(|name| (format!("summary-{name}"), human(&["summary"], name)))
    );
}

#[test]
fn show_snapshots() {
    snapshots!(
        FIXTURES
            .iter()
            .map(|name| (format!("show-{name}"), human(&["show"], name)))
    );
}

#[test]
fn show_limited_to_sections() {
    let out = human(&["show"], "gen-b-android");
    let groups = Test::new()
        .args(["show", "--utc"])
        .arg(fixture("gen-b-android"))
        .args(["groups"])
        .run();
    groups.success();
    assert!(
        groups.stdout.starts_with("Groups (9, 8 distinct)\n"),
        "{}",
        groups.stdout
    );
    assert!(!groups.stdout.contains("Contacts"));
    assert!(out.contains("Contacts (6)"));
}

#[test]
fn times_are_shown_in_the_local_zone_unless_utc() {
    let out = Test::new()
        .arg("summary")
        .arg(fixture("gen-b-android"))
        .env("TZ", "America/Los_Angeles")
        .run();
    out.success();
    assert!(
        out.stdout.contains("generated 2022-08-10 20:11:20 PDT"),
        "{}",
        out.stdout
    );
    // December is standard time.
    assert!(
        out.stdout.contains("(set 2021-12-19 05:20:00 PST)"),
        "{}",
        out.stdout
    );

    let utc = Test::new()
        .args(["summary", "--utc"])
        .arg(fixture("gen-b-android"))
        .env("TZ", "America/Los_Angeles")
        .run();
    assert!(
        utc.stdout.contains("generated 2022-08-11 03:11:20 UTC"),
        "{}",
        utc.stdout
    );

    // JSON is always UTC.
    let json = Test::new()
        .args(["summary", "--json"])
        .arg(fixture("gen-b-android"))
        .env("TZ", "Asia/Jakarta")
        .run();
    assert_eq!(json.json()["generated_at"], "2022-08-11T03:11:20Z");
}

#[test]
fn help_describes_each_command_with_an_example() {
    for cmd in ["summary", "show"] {
        let out = Test::new().args([cmd, "--help"]).run();
        out.success();
        assert!(
            out.stdout.contains("Example: wareport"),
            "{cmd}: {}",
            out.stdout
        );
    }
    let top = Test::new().arg("--help").run();
    top.success();
    assert!(
        top.stdout.contains("never opens a\nnetwork connection")
            || top.stdout.contains("never opens a network connection"),
        "{}",
        top.stdout
    );
}

#[test]
fn usage_errors_exit_2() {
    Test::new().arg("summary").run().code(2);
    Test::new().args(["frobnicate", "x"]).run().code(2);
    Test::new()
        .args(["show", "report.zip", "nosuchsection"])
        .run()
        .code(2);
}

#[test]
fn colour_only_when_asked_and_never_in_json() {
    let plain = Test::new()
        .args(["summary", "--utc"])
        .arg(fixture("gen-b-android"))
        .run();
    assert!(
        !plain.stdout.contains('\u{1b}'),
        "not a terminal: no colour"
    );
    let coloured = Test::new()
        .args(["summary", "--utc", "--color", "always"])
        .arg(fixture("gen-b-android"))
        .run();
    assert!(
        coloured.stdout.contains("\u{1b}[1mPrivacy\u{1b}[0m"),
        "{}",
        coloured.stdout
    );
    let json = Test::new()
        .args(["summary", "--json", "--color", "always"])
        .arg(fixture("gen-b-android"))
        .run();
    assert!(!json.stdout.contains('\u{1b}'));
}

#[test]
fn hostile_names_are_escaped_on_the_terminal_but_kept_in_json() {
    let nasty = [
        "\u{1b}[2J\u{1b}[31mpwned",
        "evil\u{202e}gnp.exe",
        "line\nbreak",
        "👨\u{200d}👩\u{200d}👧 family",
    ];
    let files = with_file(
        files_of(&fixture("gen-b-android")),
        "whatsapp_connections/groups.json",
        &json!({"wa_groups": nasty}).to_string(),
    );
    let (_dir, path) = temp_file("r.zip", &zip_files(&files, "", 0));
    let table = Test::new()
        .args(["show", "--color", "always"])
        .arg(&path)
        .arg("groups")
        .run();
    table.success();
    assert!(!table.stdout.contains("\u{1b}[2J"), "{}", table.stdout);
    assert!(!table.stdout.contains('\u{202e}'));
    assert!(
        table.stdout.contains("\\u{1b}[2J\\u{1b}[31mpwned"),
        "{}",
        table.stdout
    );
    assert!(table.stdout.contains("evil\\u{202e}gnp.exe"));
    assert!(table.stdout.contains("line\\u{a}break"));
    assert!(
        table.stdout.contains("👨\u{200d}👩\u{200d}👧 family"),
        "emoji sequences survive"
    );

    let out = Test::new()
        .args(["show", "--json"])
        .arg(&path)
        .arg("groups")
        .run();
    assert_eq!(out.json()["groups"], json!(nasty));
}
