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

/// A time as the tool writes one: `2022-08-11 03:11:20 UTC`, the date, the clock and the
/// zone three words of one value.
fn is_date(word: &str) -> bool {
    let b = word.trim_start_matches(['(', '[']).as_bytes();
    b.len() == 10
        && b.iter().zip(b"0000-00-00").all(|(c, s)| {
            if *s == b'0' {
                c.is_ascii_digit()
            } else {
                c == s
            }
        })
}

fn is_clock(word: &str) -> bool {
    let b = word.as_bytes();
    (b.len() == 5 || b.len() == 8)
        && b.iter().zip(b"00:00:00").all(|(c, s)| {
            if *s == b'0' {
                c.is_ascii_digit()
            } else {
                c == s
            }
        })
}

fn is_number(word: &str) -> bool {
    let w = word.trim_start_matches(['(', '[']);
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// What a person reads as one in a line of text: a time, a size (`2.9 KiB`), and otherwise
/// each word between spaces (an IP address, a phone number, a pseudonym, a name's word).
fn values_in(line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let take = if is_date(words[i]) && words.get(i + 1).is_some_and(|w| is_clock(w)) {
            if words.get(i + 2).is_some_and(|z| {
                z.trim_end_matches([')', ',', ';', '.', ']'])
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b"+-".contains(&b))
            }) {
                3
            } else {
                2
            }
        } else if is_number(words[i])
            && words.get(i + 1).is_some_and(|u| {
                ["B", "KiB", "MiB", "GiB"].contains(&u.trim_end_matches([')', ',', ';']))
            })
        {
            2
        } else {
            1
        };
        let end = (i + take).min(words.len());
        out.push(words[i..end].join(" "));
        i = end;
    }
    out
}

/// Box-drawing characters as spaces.
fn unboxed(line: &str) -> String {
    line.chars()
        .map(|c| {
            if ('\u{2500}'..='\u{257f}').contains(&c) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// A boxed table's line cut into its cells' texts.
fn cells(line: &str) -> Vec<String> {
    line.trim_matches('│')
        .split(['│', '┆'])
        .map(|c| c.trim().to_string())
        .collect()
}

/// The start (in characters) of each column of a plain table's header: a name after two
/// spaces or more.
fn column_starts(header: &str) -> Vec<usize> {
    let chars: Vec<char> = header.chars().collect();
    (0..chars.len())
        .filter(|&i| {
            chars[i] != ' ' && (i < 2 || (chars[i - 1] == ' ' && chars[i - 2] == ' '))
                || (i > 0 && chars[i] != ' ' && chars[..i].iter().all(|&c| c == ' '))
        })
        .collect()
}

/// Every value of an output printed without a width (nothing wrapped, nothing left out),
/// each with the header of the table column it is in, if any.
fn values_with_columns(text: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut header: Option<Vec<String>> = None;
    // A plain table (summary's devices): its header's columns and their starts.
    let mut plain: Option<(Vec<String>, Vec<usize>)> = None;
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.starts_with('┌') {
            header = lines.next().map(cells);
            continue;
        }
        if let (Some(h), true) = (&header, line.starts_with('│')) {
            for (c, cell) in cells(line).iter().enumerate() {
                for v in values_in(cell) {
                    out.push((v, h.get(c).cloned()));
                }
            }
            continue;
        }
        if line.starts_with('└') {
            header = None;
            continue;
        }
        if line.starts_with("Devices (") && lines.peek().is_some_and(|l| l.starts_with("  ID  ")) {
            let h = lines.next().unwrap_or_default();
            let starts = column_starts(h);
            let names = starts
                .iter()
                .enumerate()
                .map(|(i, &s)| {
                    let end = starts.get(i + 1).copied().unwrap_or(usize::MAX);
                    h.chars()
                        .skip(s)
                        .take(end - s)
                        .collect::<String>()
                        .trim()
                        .to_string()
                })
                .collect();
            plain = Some((names, starts));
            continue;
        }
        match &plain {
            Some((names, starts)) if line.starts_with("  ") && !line.trim().is_empty() => {
                for (i, &s) in starts.iter().enumerate() {
                    let end = starts.get(i + 1).copied().unwrap_or(usize::MAX);
                    let cell: String = line.chars().skip(s).take(end.saturating_sub(s)).collect();
                    for v in values_in(&cell) {
                        out.push((v, Some(names[i].clone())));
                    }
                }
                continue;
            }
            _ => plain = None,
        }
        for v in values_in(&unboxed(line)) {
            out.push((v, None));
        }
    }
    out
}

/// The columns an output says it left out ("Left out to fit 80 columns: Gen, About; …"),
/// and those of a plain table whose header lacks them (the summary's devices, whose last line
/// sends the reader to `show` for the rest).
fn left_out(text: &str, reference: &str) -> Vec<String> {
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: Vec<String> = words
        .match_indices("Left out to fit ")
        .filter_map(|(at, _)| {
            let rest = &words[at..];
            let (_, names) = rest.split_once(" columns: ")?;
            Some(names.split(';').next()?.to_string())
        })
        .flat_map(|names| names.split(", ").map(str::to_string).collect::<Vec<_>>())
        .collect();
    let header = |t: &str| {
        t.lines().find(|l| l.starts_with("  ID  ")).map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
    };
    if let (Some(all), shown) = (header(reference), header(text)) {
        let shown = shown.unwrap_or_default();
        if !shown.is_empty() {
            out.extend(all.into_iter().filter(|c| !shown.contains(c)));
        }
    }
    out
}

/// Every value of `wide` (the output without a width) is on one line of `narrow`, unless its
/// column was left out.
fn assert_values_whole(wide: &str, narrow: &str, what: &str) {
    let gone = left_out(narrow, wide);
    let mut checked = 0;
    for (value, column) in values_with_columns(wide) {
        if column.as_ref().is_some_and(|c| gone.contains(c)) {
            continue;
        }
        checked += 1;
        assert!(
            narrow.lines().any(|l| l.contains(&value)),
            "{what}: `{value}` ({column:?}) is not whole on one line:\n{narrow}"
        );
    }
    assert!(
        checked > 10,
        "{what}: only {checked} values checked:\n{wide}"
    );
}

/// The outputs of every command with a table, without a width and at `width`.
fn outputs(width: Option<usize>) -> Vec<(String, String)> {
    let run = |args: &[&str]| {
        let mut t = Test::new().in_repo().args(&args[..1]).arg("--utc");
        if let Some(w) = width {
            t = t.args(["--width", &w.to_string()]);
        }
        let out = t.args(&args[1..]).run();
        assert!(out.code == 0 || out.code == 1, "{args:?}: {}", out.stderr);
        (format!("{args:?}"), out.stdout)
    };
    let redact = ["--redact", "--redact-key", "width"];
    let mut out = Vec::new();
    for name in FIXTURES
        .iter()
        .chain(&["gen-b-unknown-parts", "gen-c-unknown-language"])
    {
        let path = format!("fixtures/{name}");
        for cmd in ["summary", "show", "audit"] {
            out.push(run(&[cmd, &path]));
            out.push(run(&[&[cmd, &path][..], &redact[..]].concat()));
        }
        out.push(run(&["inspect", &path]));
    }
    let pairs = [
        ("gen-b-android-prev", "gen-b-android"),
        ("gen-a-iphone", "gen-b-iphone-jul22"),
        ("gen-b-android", "gen-c-android"),
    ];
    for (old, new) in pairs {
        let (old, new) = (format!("fixtures/{old}"), format!("fixtures/{new}"));
        out.push(run(&["diff", &old, &new]));
        out.push(run(&[&["diff", &old, &new][..], &redact[..]].concat()));
    }
    let all = [
        "fixtures/gen-a-iphone",
        "fixtures/gen-b-android-prev",
        "fixtures/gen-b-iphone-jul22",
        "fixtures/gen-b-android",
        "fixtures/gen-c-android",
    ];
    out.push(run(&[&["timeline", "--mixed"][..], &all[..]].concat()));
    out.push(run(
        &[&["timeline", "--mixed"][..], &all[..], &redact[..]].concat()
    ));
    out
}

#[test]
fn every_value_of_every_table_is_whole_on_one_line_at_60_80_100_and_132_columns() {
    let wide = outputs(None);
    for width in [60, 80, 100, 132] {
        for ((what, wide), (_, narrow)) in wide.iter().zip(outputs(Some(width))) {
            let what = format!("{what} at {width}");
            assert_fits(&narrow, width, &what);
            assert_values_whole(wide, &narrow, &what);
        }
    }
}

#[test]
fn the_value_check_finds_a_cut_value_and_spares_a_left_out_column() {
    let wide = "Devices (1)\n  ID  Last active              Current IP        App\n  \
                0   2022-08-11 00:10:00 UTC  172.16.5.7:40123  Web-2.2228.12\n\
                ┌──────┬────────┐\n│ Name ┆ Phone        │\n╞══════╪════════╡\n\
                │ Alex ┆ +15555550123 │\n└──────┴────────┘\n";
    let values: Vec<(String, Option<String>)> = values_with_columns(wide);
    let column = |v: &str| values.iter().find(|(x, _)| x == v).map(|(_, c)| c.clone());
    assert_eq!(
        column("2022-08-11 00:10:00 UTC"),
        Some(Some("Last active".into()))
    );
    assert_eq!(column("172.16.5.7:40123"), Some(Some("Current IP".into())));
    assert_eq!(column("+15555550123"), Some(Some("Phone".into())));
    let cut = wide.replace("172.16.5.7:40123", "172.16.5\n7:40123");
    let whole = |narrow: &str| {
        std::panic::catch_unwind(|| {
            let mut long = wide.to_string();
            // Enough values for the check to run.
            long.push_str(&"one two three four five six seven eight nine ten\n".repeat(2));
            let mut narrow = narrow.to_string();
            narrow.push_str(&"one two three four five six seven eight nine ten\n".repeat(2));
            assert_values_whole(&long, &narrow, "test");
        })
        .is_ok()
    };
    assert!(whole(wide));
    assert!(!whole(&cut));
    // Without the column, the plain table's header says it was left out.
    let without = "Devices (1)\n  ID  Last active              App\n  \
                   0   2022-08-11 00:10:00 UTC  Web-2.2228.12\n\
                   ┌──────┬────────┐\n│ Name ┆ Phone        │\n╞══════╪════════╡\n\
                   │ Alex ┆ +15555550123 │\n└──────┴────────┘\n";
    assert!(whole(without));
    assert!(!whole(&without.replace("+15555550123", "+155555\n50123")));
    assert!(!whole(&without.replace("00:10:00 UTC", "00:10:00\nUTC")));
}

#[test]
fn summary_fits_one_screen_of_80_by_24() {
    // Every shipped fixture, and the real-structure ones: 24 lines at most, none wider than
    // 80, nothing cut (the rest is `show`'s, and the last line says which sections).
    let names = FIXTURES.iter().chain(&[
        "gen-b-unknown-parts",
        "gen-b-android-prev",
        "gen-b-iphone-jul22",
        "gen-c-unknown-language",
    ]);
    for name in names {
        for redact in [&[][..], &["--redact", "--redact-key", "k"][..]] {
            let text = run(
                &[&["summary", &format!("fixtures/{name}")][..], redact].concat(),
                80,
            );
            assert_fits(&text, 80, name);
            let lines = text.lines().count();
            assert!(lines <= 24, "{name}: {lines} lines:\n{text}");
            let more = if redact.is_empty() {
                format!("More: wareport show fixtures/{name}")
            } else {
                "More: wareport show PATH".to_string()
            };
            assert_eq!(text.lines().last(), Some(more.as_str()), "{name}:\n{text}");
        }
    }
}

#[test]
fn columns_are_left_out_in_each_tables_order_then_rows_become_blocks() {
    let header = |text: &str, starts: &str| -> Vec<String> {
        let line = text
            .lines()
            .find(|l| l.trim_start_matches(['│', ' ']).starts_with(starts))
            .unwrap_or_else(|| panic!("no header {starts}:\n{text}"));
        line.split(['│', '┆'])
            .flat_map(|c| c.split("  "))
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect()
    };
    // summary's devices: Status, Model, App, Previous IP, Kind go in that order.
    let summary = |w| run(&["summary", "fixtures/gen-b-android"], w);
    let all = [
        "ID",
        "Kind",
        "Last active",
        "Current IP",
        "Previous IP",
        "App",
        "Model",
        "Status",
    ];
    for (width, shown) in [(132, 8), (110, 7), (100, 6), (80, 5), (60, 4)] {
        let text = summary(width);
        assert_eq!(header(&text, "ID  "), all[..shown], "summary at {width}");
        // The heading names what was left out, in the order it went, on no line of its own.
        let mut left_out: Vec<&str> = all[shown..].to_vec();
        left_out.reverse();
        let heading = text
            .split("\n  ID  ")
            .next()
            .and_then(|t| t.rsplit("\n\n").next())
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if shown == all.len() {
            assert_eq!(heading, "Devices (2)");
        } else {
            let note = format!("left out to fit {width} columns: {}", left_out.join(", "));
            assert_eq!(
                heading,
                format!("Devices (2) — {note}"),
                "summary at {width}"
            );
        }
    }
    // timeline: Gen, Receipts, About, Photo, Devices, Blocked, Groups, Contacts; then blocks.
    let timeline = |w| {
        run(
            &[
                "timeline",
                "--mixed",
                "fixtures/gen-a-iphone",
                "fixtures/gen-b-android-prev",
                "fixtures/gen-b-android",
            ],
            w,
        )
    };
    let text = timeline(132);
    assert_eq!(
        header(&text, "Generated"),
        [
            "Generated",
            "Report",
            "Contacts",
            "Groups",
            "Blocked",
            "Devices",
            "Last seen",
            "Photo",
            "Changes"
        ]
    );
    assert!(
        text.contains(
            "Left out to fit 132 columns: Gen, Receipts, About; a wider --width shows them."
        ),
        "{text}"
    );
    let text = timeline(80);
    assert_eq!(
        header(&text, "Generated"),
        ["Generated", "Report", "Last seen", "Changes"]
    );
    let text = timeline(60);
    assert!(
        text.starts_with(
            "Generated: 2022-06-23 08:10:41 UTC\nReport: fixtures/gen-a-iphone\nGen: A\n"
        ),
        "{text}"
    );
}

#[test]
fn exports_tally_is_one_line_that_names_its_file_whole() {
    // export prints no table: its closing tally is one line on stderr, never wrapped, so the
    // path and the counts are whole whatever the terminal's width.
    let dir = tempfile::tempdir().unwrap();
    let out = dir
        .path()
        .join("a-rather-long-name-for-the-research-export.sqlite");
    for width in ["60", "80", "100", "132"] {
        let _ = std::fs::remove_file(&out);
        let run = Test::new()
            .args(["export", "--format", "sqlite", "-o"])
            .arg(&out)
            .arg(fixture("gen-b-android"))
            .arg(fixture("gen-a-iphone"))
            .env("COLUMNS", width)
            .run();
        run.success();
        let expected = format!("wareport: 2 reports exported to {}", out.display());
        assert!(
            run.stderr.lines().any(|l| l == expected),
            "at {width}: {}",
            run.stderr
        );
    }
}
