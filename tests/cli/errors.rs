//! Errors for everyday mistakes (issue 13): one line each, naming the path, what is wrong
//! and what to do, exit status 2, never a panic; and the conventions around them (quiet,
//! time zones, options only where they apply).

use crate::support::{Test, fixture, temp_file};

/// Runs the arguments and returns the one error line (exit 2, nothing on stdout).
fn error(args: &[&str]) -> String {
    Test::new().args(args).run().error().to_string()
}

#[test]
fn a_missing_path() {
    assert_eq!(
        error(&["summary", "/nonexistent/My Account Info.zip"]),
        "wareport: error: /nonexistent/My Account Info.zip: no such file or folder; check the path"
    );
    // A line break in the name is its escape, not a space that would name another file.
    assert_eq!(
        error(&["summary", "/nonexistent/nope\nfile.zip"]),
        "wareport: error: /nonexistent/nope\\u{a}file.zip: no such file or folder; check the path"
    );
}

#[test]
fn an_unreadable_path() {
    // A path through a file is unreadable for anyone, root included.
    let (_dir, file) = temp_file("report.zip", b"PK");
    let through = file.join("inside.zip");
    assert_eq!(
        error(&["summary", through.to_str().unwrap()]),
        format!(
            "wareport: error: {}: cannot be read: not a directory",
            through.display()
        )
    );
}

#[test]
fn an_empty_file_and_empty_stdin() {
    let (_dir, file) = temp_file("My Account Info.zip", b"");
    assert_eq!(
        error(&["summary", file.to_str().unwrap()]),
        format!(
            "wareport: error: {}: the file is empty (0 bytes); was the download or the copy interrupted?",
            file.display()
        )
    );
    let out = Test::new().args(["summary", "-"]).stdin(Vec::new()).run();
    assert_eq!(
        out.error(),
        "wareport: error: <stdin>: nothing came on standard input; pipe the report's ZIP in, or give its path"
    );
}

#[test]
fn not_a_zip_says_what_it_is() {
    let cases: [(&str, &[u8], &str); 3] = [
        (
            "notes.txt",
            b"just some notes\n",
            "it is a text file, not the ZIP WhatsApp delivers",
        ),
        (
            "page.zip",
            b"<!DOCTYPE html><html></html>",
            "it is an HTML or XML page, not the ZIP WhatsApp delivers",
        ),
        (
            "photo.zip",
            &[0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46],
            "no ZIP directory found: a truncated download, or a different kind of file?",
        ),
    ];
    for (name, bytes, reason) in cases {
        let (_dir, file) = temp_file(name, bytes);
        assert_eq!(
            error(&["summary", file.to_str().unwrap()]),
            format!(
                "wareport: error: {}: not a ZIP archive: {reason}",
                file.display()
            )
        );
    }
    // A download cut off before the ZIP's directory.
    let zip = std::fs::read(fixture("gen-b-android.zip")).unwrap();
    let (_dir, file) = temp_file("cut.zip", &zip[..zip.len() / 2]);
    assert_eq!(
        error(&["summary", file.to_str().unwrap()]),
        format!(
            "wareport: error: {}: not a ZIP archive: it starts like one but its directory is missing or damaged: a truncated download? Download the report again",
            file.display()
        )
    );
}

#[test]
fn a_folder_that_is_not_a_report_says_what_was_looked_for_without_following_links() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    std::fs::create_dir_all(home.join(".pyenv/versions/3.11")).unwrap();
    std::os::unix::fs::symlink("/nonexistent", home.join(".pyenv/versions/3.11/python")).unwrap();
    std::fs::create_dir_all(home.join("Documents/taxes")).unwrap();
    std::fs::write(home.join("notes.txt"), "x").unwrap();
    std::os::unix::fs::symlink("/", home.join("root")).unwrap();
    assert_eq!(
        error(&["summary", home.to_str().unwrap()]),
        format!(
            "wareport: error: {}: not a WhatsApp report folder: looked for `access.html` and `portability.json`, or the folders `whatsapp_account_information/`, `whatsapp_connections/` and `whatsapp_settings/`, in it and up to 3 folders down (symbolic links not followed); found 2 files and 2 folders (.pyenv/, Documents/, notes.txt, root)",
            home.display()
        )
    );
    let empty = tempfile::tempdir().unwrap();
    assert!(
        error(&["summary", empty.path().to_str().unwrap()])
            .ends_with("found nothing (the folder is empty)")
    );
}

#[test]
fn a_report_a_few_folders_down_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("Downloads/WhatsApp/My Account Info");
    std::fs::create_dir_all(&deep).unwrap();
    for (name, bytes) in crate::support::files_of(&fixture("gen-b-android")) {
        let path = deep.join(&name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    std::fs::write(dir.path().join("unrelated.txt"), "x").unwrap();
    let out = Test::new().args(["show", "--json"]).arg(dir.path()).run();
    out.success();
    assert_eq!(out.json()["warnings"], serde_json::json!([]));
}

#[test]
fn stdin_can_be_read_once() {
    assert_eq!(
        error(&["diff", "-", "-"]),
        "wareport: error: `-` (standard input) is given 2 times, but standard input holds one report; give the others as files"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.db");
    assert_eq!(
        error(&[
            "export",
            "--format",
            "sqlite",
            "-o",
            out.to_str().unwrap(),
            "-",
            "-"
        ]),
        "wareport: error: `-` (standard input) is given 2 times, but standard input holds one report; give the others as files"
    );
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn usage_errors_are_one_line_naming_the_help() {
    let cases = [
        (
            vec!["summary", "--jsno", "r.zip"],
            "wareport: error: unexpected argument '--jsno' found; a similar argument exists: '--json'; see `wareport summary --help`",
        ),
        (
            vec!["audit", "--stale-days", "200000000000000", "r.zip"],
            "wareport: error: invalid value '200000000000000' for '--stale-days <DAYS>': 200000000000000 is not in 1..=36500; see `wareport audit --help`",
        ),
        (
            vec!["summary", "--width", "5", "r.zip"],
            "wareport: error: invalid value '5' for '--width <COLUMNS>': 5 is not in 20..=10000; see `wareport summary --help`",
        ),
        (
            vec!["show", "--max-entry-size", "0", "r.zip"],
            "wareport: error: invalid value '0' for '--max-entry-size <SIZE>': a size must be more than 0; see `wareport show --help`",
        ),
        (
            vec!["inspect", "--redact", "r.zip"],
            "wareport: error: unexpected argument '--redact' found; see `wareport inspect --help`",
        ),
        (
            vec!["diff"],
            "wareport: error: the following required arguments were not provided: <OLD>, <NEW>; see `wareport diff --help`",
        ),
        (
            vec!["export", "fixtures"],
            "wareport: error: the following required arguments were not provided: --format <FORM>, --output <OUT>; see `wareport export --help`",
        ),
        (
            vec!["summary"],
            "wareport: error: the following required arguments were not provided: <PATH>; see `wareport summary --help`",
        ),
        (
            vec!["sumary", "r.zip"],
            "wareport: error: unrecognized subcommand 'sumary'; a similar subcommand exists: 'summary'; see `wareport --help`",
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(error(&args), expected, "{args:?}");
    }
    let none = error(&[]);
    assert!(none.starts_with("wareport: error: no command given; one of summary, show, inspect, diff, timeline, audit, report, twin, completions, man, schema"), "{none}");
}

#[test]
fn options_appear_only_where_they_apply() {
    let help = |cmd: &str| Test::new().args([cmd, "--help"]).run().stdout;
    assert!(!help("inspect").contains("--redact"));
    assert!(help("show").contains("--redact"));
    assert!(help("show").contains("--keep-network"));
    assert!(!help("completions").contains("--max-entries"));
    assert!(!help("schema").contains("--utc"));
    assert!(help("audit").contains("--stale-days"));
    assert!(!help("show").contains("--stale-days"));
}

#[test]
fn quiet_silences_the_note_and_the_note_says_where_the_warnings_are() {
    let path = fixture("gen-b-unknown-parts");
    let out = Test::new().args(["summary"]).arg(&path).run();
    assert_eq!(
        out.stderr.trim_end(),
        format!(
            "wareport: 3 warnings: parts of the report were not understood (`wareport show {} warnings` lists them)",
            path.display()
        )
    );
    let out = Test::new().args(["summary", "--json"]).arg(&path).run();
    assert!(
        out.stderr.contains("(listed in the JSON's `warnings`)"),
        "{}",
        out.stderr
    );
    let out = Test::new().args(["show"]).arg(&path).arg("groups").run();
    assert!(
        out.stderr.contains(&format!(
            "(`wareport show {} warnings` lists them)",
            path.display()
        )),
        "{}",
        out.stderr
    );
    let out = Test::new()
        .args(["diff"])
        .arg(&path)
        .arg(fixture("gen-b-android"))
        .run();
    assert!(
        out.stderr
            .contains(&format!("3 warnings in {}", path.display())),
        "{}",
        out.stderr
    );
    for args in [
        vec!["summary", "-q"],
        vec!["show", "--quiet"],
        vec!["audit", "-q"],
    ] {
        let out = Test::new().args(args).arg(&path).run();
        assert!(out.stderr.is_empty(), "{}", out.stderr);
    }
}

#[test]
fn an_unknown_time_zone_is_a_warning_and_utc() {
    let out = Test::new()
        .args(["summary"])
        .arg(fixture("gen-b-android"))
        .env("TZ", "Mars/Olympus_Mons")
        .run();
    out.success();
    assert_eq!(
        out.stderr.trim_end(),
        "wareport: warning: TZ=Mars/Olympus_Mons is not a time zone this tool knows; showing times in UTC"
    );
    assert!(
        out.stdout.contains("generated 2022-08-11 03:11:20 UTC"),
        "{}",
        out.stdout
    );
    // JSON is in UTC whatever TZ says, so an unknown TZ is not worth a warning there.
    let out = Test::new()
        .args(["summary", "--json"])
        .arg(fixture("gen-b-android"))
        .env("TZ", "Mars/Olympus_Mons")
        .run();
    out.success();
    assert_eq!(out.stderr, "");
    // Audit evidence is shown in the chosen zone like every other time.
    let out = Test::new()
        .args(["audit"])
        .arg(fixture("gen-b-android"))
        .env("TZ", "America/Los_Angeles")
        .run();
    assert!(
        out.stdout
            .contains("· Device 2's last active: 2022-07-18 11:46:40 PDT"),
        "{}",
        out.stdout
    );
}

#[test]
fn completions_man_page_and_schemas_come_from_the_definitions() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = Test::new().args(["completions", shell]).run();
        out.success();
        assert!(out.stdout.contains("inspect"), "{shell}");
        assert!(out.stdout.contains("--keep-network"), "{shell}");
    }
    let man = Test::new().arg("man").run();
    man.success();
    assert!(
        man.stdout.starts_with(".ie \\n(.g .ds Aq \\(aq"),
        "{}",
        &man.stdout[..80]
    );
    assert!(man.stdout.contains(".TH wareport-summary 1"));
    for cmd in ["show", "summary", "diff", "timeline", "audit", "inspect"] {
        let out = Test::new().args(["schema", cmd]).run();
        out.success();
        let schema = out.json();
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{cmd}"
        );
        assert!(schema["properties"]["schema_version"].is_object(), "{cmd}");
    }
}

/// A path alone is `summary` of it (what a report dropped on the program wants); a mistyped
/// command is still named as one, with clap's suggestion.
#[test]
fn a_path_alone_is_its_summary_and_a_typo_is_not_a_path() {
    let zip = fixture("gen-b-android.zip");
    let alone = Test::new().arg(&zip).env("TZ", "UTC").run();
    let summary = Test::new().arg("summary").arg(&zip).env("TZ", "UTC").run();
    alone.success();
    assert_eq!(alone.stdout, summary.stdout);
    assert!(
        alone
            .stdout
            .starts_with("WhatsApp account report for +15555550123")
    );
    let piped = Test::new()
        .arg("-")
        .stdin(std::fs::read(&zip).unwrap())
        .env("TZ", "UTC")
        .run();
    // The same, but for the last line's command: standard input has no path to name.
    let (head, _) = summary.stdout.trim_end().rsplit_once('\n').unwrap();
    assert_eq!(piped.stdout, format!("{head}\nMore: wareport show PATH\n"));
    assert!(
        summary.stdout.ends_with("gen-b-android.zip\n"),
        "{}",
        summary.stdout
    );
    assert_eq!(
        error(&["nothere.zip"]),
        "wareport: error: nothere.zip: no such file or folder; check the path"
    );
    assert_eq!(
        error(&["sumary"]),
        "wareport: error: unrecognized subcommand 'sumary'; a similar subcommand exists: 'summary'; see `wareport --help`"
    );
}

/// A chat export is what people most often send instead of the report: as a ZIP (under its
/// own name or any other) and as a folder it is named as one, with how to get the report.
#[test]
fn a_chat_export_is_named_as_one_with_how_to_request_the_report() {
    let chat = vec![
        (
            "_chat.txt".to_string(),
            b"12/01/2024, 10:00 - Alex: hi\n".to_vec(),
        ),
        (
            "IMG-20240112-WA0001.jpg".to_string(),
            vec![0xff, 0xd8, 0xff],
        ),
    ];
    let zip = crate::support::zip_files(&chat, "", 0);
    for name in ["WhatsApp Chat with Alex.zip", "download.zip"] {
        let (_dir, path) = temp_file(name, &zip);
        let line = Test::new()
            .arg("summary")
            .arg(&path)
            .run()
            .error()
            .to_string();
        assert_eq!(
            line,
            format!(
                "wareport: error: {}: this is a WhatsApp chat export (`_chat.txt`), not the account report; request the report in WhatsApp under Settings → Account → Request account info, and read the ZIP it sends",
                path.display()
            )
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("WhatsApp Chat with Alex");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("_chat.txt"), &chat[0].1).unwrap();
    let line = Test::new()
        .arg("summary")
        .arg(dir.path())
        .run()
        .error()
        .to_string();
    assert!(line.contains("is a WhatsApp chat export"), "{line}");
    assert!(line.contains("Request account info"), "{line}");
}
