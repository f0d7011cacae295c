//! Human output fits the terminal (issue 13): at 80 and 200 columns every line of every
//! command on every fixture fits, and no table is broken; the width comes from the terminal
//! itself when stdout is one; values too long for a person are cut with a note.

use serde_json::json;
use textwrap::core::display_width;

use crate::support::{FIXTURES, Test, files_of, fixture, temp_file, with_file, zip_files};

/// Box-drawing characters that start a table's line.
fn is_table_line(line: &str) -> bool {
    line.starts_with(['┌', '│', '├', '╞', '└'])
}

/// Every line fits `width`, and every table's lines are of one width (a wrapped table
/// would have ragged or split lines).
fn assert_fits(text: &str, width: usize, what: &str) {
    let mut table_width: Option<usize> = None;
    for (n, line) in text.lines().enumerate() {
        let w = display_width(line);
        assert!(
            w <= width,
            "{what}: line {n} is {w} columns wide:\n{line}\n\n{text}"
        );
        if is_table_line(line) {
            match table_width {
                None => table_width = Some(w),
                Some(t) => assert_eq!(t, w, "{what}: broken table at line {n}:\n{text}"),
            }
            if line.starts_with('└') {
                table_width = None;
            }
        } else {
            assert!(
                table_width.is_none(),
                "{what}: a table without its bottom at line {n}:\n{text}"
            );
        }
    }
}

fn run(args: &[&str], width: usize) -> String {
    let mut t = Test::new().in_repo();
    t = t
        .args(&args[..1])
        .args(["--utc", "--width", &width.to_string()]);
    let out = t.args(&args[1..]).run();
    assert!(out.code == 0 || out.code == 1, "{args:?}: {}", out.stderr);
    out.stdout
}

#[test]
fn every_command_fits_80_and_200_columns() {
    let names = FIXTURES.iter().chain(&[
        "gen-b-unknown-parts",
        "gen-b-android-prev",
        "gen-b-iphone-jul22",
        "gen-c-unknown-language",
    ]);
    for width in [80, 200] {
        for name in names.clone() {
            let path = format!("fixtures/{name}");
            for cmd in ["summary", "show", "audit", "inspect"] {
                let out = run(&[cmd, &path], width);
                assert_fits(&out, width, &format!("{cmd} {name} at {width}"));
            }
        }
        for (old, new) in [
            ("gen-b-android-prev", "gen-b-android"),
            ("gen-a-iphone", "gen-b-iphone-jul22"),
            ("gen-b-android", "gen-c-android"),
        ] {
            let (old, new) = (format!("fixtures/{old}"), format!("fixtures/{new}"));
            let out = run(&["diff", &old, &new], width);
            assert_fits(&out, width, &format!("diff {old} {new} at {width}"));
            let out = run(&["timeline", "--mixed", &old, &new], width);
            assert_fits(&out, width, &format!("timeline {old} {new} at {width}"));
        }
    }
}

#[test]
fn a_pipe_is_not_wrapped() {
    let out = Test::new()
        .args(["summary", "--utc"])
        .arg(fixture("gen-b-android"))
        .env("COLUMNS", "40")
        .run();
    out.success();
    // Every column of the device table, side by side on one line.
    let row = out
        .stdout
        .lines()
        .find(|l| l.contains("0   phone"))
        .unwrap_or_else(|| panic!("{}", out.stdout));
    for value in [
        "2022-08-11 00:10:00 UTC",
        "2001:db8:12::",
        "Android-2.22.16.75",
        "motorola odessa",
        "OFFLINE",
    ] {
        assert!(row.contains(value), "{value}: {row}");
    }
    assert!(display_width(row) > 100, "{row}");
}

#[test]
fn the_width_comes_from_the_terminal() {
    // Under a pseudo-terminal of 80 columns (util-linux `script`), with no --width and no
    // COLUMNS, the output fits it.
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "`script` (util-linux) is needed in CI"
        );
        eprintln!("SKIPPED: no `script` to run under a pseudo-terminal");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_wareport");
    let report = fixture("gen-b-android");
    let command = format!(
        "stty cols 80 rows 40; '{bin}' audit --utc --color never '{}'",
        report.display()
    );
    let out = std::process::Command::new("script")
        .args(["-qfec", &command, "/dev/null"])
        .env_remove("COLUMNS")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap().replace('\r', "");
    assert!(text.contains("[last_seen_public]"), "{text}");
    assert_fits(&text, 80, "audit under an 80-column terminal");
    assert!(
        text.lines().any(|l| display_width(l) > 70),
        "the prose uses the width:\n{text}"
    );
}

#[test]
fn very_long_values_are_cut_with_a_note() {
    let long_group = "G".repeat(100_000);
    let about = "A long about text ".repeat(50);
    let base = "gen-b-android";
    let mut user: serde_json::Value = serde_json::from_str(&crate::support::fixture_text(
        base,
        "whatsapp_account_information/user_information.json",
    ))
    .unwrap();
    user["wa_profile_info"]["about"] = json!(about);
    let files = with_file(
        files_of(&fixture(base)),
        "whatsapp_connections/groups.json",
        &json!({ "wa_groups": [long_group, "Book club"] }).to_string(),
    );
    let files = with_file(
        files,
        "whatsapp_account_information/user_information.json",
        &user.to_string(),
    );
    let (_dir, path) = temp_file("long.zip", &zip_files(&files, "", 0));
    for width in [80, 200] {
        let groups = Test::new()
            .args(["show", "--utc", "--width", &width.to_string()])
            .arg(&path)
            .arg("groups")
            .run();
        groups.success();
        assert_fits(&groups.stdout, width, "show groups");
        assert!(
            groups.stdout.lines().count() < 30,
            "the long name is cut, not wrapped over thousands of lines:\n{}",
            groups.stdout
        );
        assert!(groups.stdout.contains('…'));
        assert!(
            groups.stdout.contains("--json has the full text"),
            "{}",
            groups.stdout
        );
        let summary = Test::new()
            .args(["summary", "--utc", "--width", &width.to_string()])
            .arg(&path)
            .run();
        assert_fits(&summary.stdout, width, "summary");
        assert!(summary.stdout.contains("--json has the full text"));
    }
    let json = Test::new()
        .args(["show", "--json"])
        .arg(&path)
        .arg("groups")
        .run();
    assert_eq!(json.json()["groups"][0].as_str().unwrap().len(), 100_000);
}
