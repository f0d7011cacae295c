//! The README's examples: every `$ wareport …` line in a code block is run from the
//! repository's root, and what it prints must be the lines the README shows under it (to the
//! next `$` line or the end of the block). A pipe into `head -N` or `tail -N` is applied to
//! the output; a command that writes a file (`-o`), quotes its arguments or pipes into
//! another program is not run here (the export's are checked in `export.rs`), and the test
//! names each one it leaves out, so an example cannot drop out of the check unnoticed.

use crate::support::Test;

/// One `$ wareport …` example.
#[derive(Debug)]
struct Example {
    line: usize,
    command: String,
    shown: Vec<String>,
}

/// Every example in the README's fenced code blocks.
fn examples(readme: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut in_block = false;
    let mut current: Option<Example> = None;
    for (i, line) in readme.lines().enumerate() {
        if line.starts_with("```") {
            if in_block {
                out.extend(current.take());
            }
            in_block = !in_block;
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            out.extend(current.take());
            if command.starts_with("wareport ") {
                current = Some(Example {
                    line: i + 1,
                    command: command.to_string(),
                    shown: Vec::new(),
                });
            }
        } else if let Some(example) = current.as_mut() {
            example.shown.push(line.trim_end().to_string());
        }
    }
    out
}

/// Why an example is not run here, if it is not.
fn left_out(command: &str) -> Option<&'static str> {
    let words: Vec<&str> = command.split_whitespace().collect();
    if words.contains(&"-o") {
        Some("writes a file")
    } else if command.contains(['\'', '"']) {
        Some("quotes its arguments")
    } else if let Some((_, filter)) = command.split_once(" | ") {
        let f: Vec<&str> = filter.split_whitespace().collect();
        let counted = f.len() == 2
            && (f[0] == "head" || f[0] == "tail")
            && f[1]
                .strip_prefix('-')
                .is_some_and(|n| n.parse::<usize>().is_ok());
        (!counted).then_some("pipes into another program")
    } else {
        None
    }
}

/// Runs an example (not [`left_out`]) and gives its output as the README would show it.
fn run(command: &str) -> (i32, Vec<String>) {
    let (main, filter) = match command.split_once(" | ") {
        Some((main, filter)) => (main, Some(filter)),
        None => (main_of(command), None),
    };
    let args: Vec<&str> = main.split_whitespace().skip(1).collect();
    let out = Test::new().in_repo().args(args).run();
    let mut lines: Vec<String> = out
        .stdout
        .lines()
        .map(|l| l.trim_end().to_string())
        .collect();
    if let Some(filter) = filter {
        let f: Vec<&str> = filter.split_whitespace().collect();
        let n: usize = f[1][1..].parse().unwrap();
        if f[0] == "head" {
            lines.truncate(n);
        } else {
            lines.drain(..lines.len().saturating_sub(n));
        }
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    (out.code, lines)
}

/// The command without a trailing `# comment`.
fn main_of(command: &str) -> &str {
    command.split(" #").next().unwrap_or(command).trim_end()
}

#[test]
fn every_example_in_the_readme_prints_what_the_readme_shows() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let all = examples(&readme);
    let mut checked = Vec::new();
    let mut skipped = Vec::new();
    for example in &all {
        if let Some(why) = left_out(&example.command) {
            skipped.push(format!(
                "line {}: {} ({why})",
                example.line, example.command
            ));
            continue;
        }
        let mut shown = example.shown.clone();
        while shown.last().is_some_and(String::is_empty) {
            shown.pop();
        }
        let (code, printed) = run(&example.command);
        assert!(
            code == 0 || code == 1,
            "README line {}: `{}` exits {code}",
            example.line,
            example.command
        );
        assert_eq!(
            printed.join("\n"),
            shown.join("\n"),
            "README line {}: `{}` prints something else than the README shows",
            example.line,
            example.command
        );
        checked.push(example.line);
    }
    // The examples this test is meant to keep honest: the summary, the groups table, the
    // tail of inspect, the diff and the redacted summary.
    assert!(
        checked.len() >= 5,
        "only {} README examples were run ({checked:?}); left out: {skipped:#?}",
        checked.len()
    );
    eprintln!(
        "README examples run: {}; left out: {skipped:#?}",
        checked.len()
    );
}

#[test]
fn the_example_reader_finds_commands_their_output_and_what_it_leaves_out() {
    let text = "intro\n```\n$ wareport summary x.zip\nA\n  B\n\n$ wareport show x.zip | head -1\nC\n```\n```sh\n$ sqlite3 db\nno\n```\n";
    let found = examples(text);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].command, "wareport summary x.zip");
    assert_eq!(found[0].shown, ["A", "  B", ""]);
    assert_eq!(found[1].shown, ["C"]);
    assert_eq!(left_out("wareport show x.zip | head -1"), None);
    assert_eq!(left_out("wareport show x.zip | tail -12"), None);
    assert!(left_out("wareport summary --json x | jq -c '.counts'").is_some());
    assert!(left_out("wareport show x | grep a").is_some());
    assert!(left_out("wareport export --format csv -o csv/ fixtures").is_some());
    assert_eq!(main_of("wareport show x   # a comment"), "wareport show x");
}
