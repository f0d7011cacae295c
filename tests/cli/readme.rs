//! The README's examples. Every `$ …` command in a code block is found with the lines the
//! README shows under it (to the next `$` line or the end of the block), and:
//!
//! - `wareport` commands are run from the repository's root and must print exactly those
//!   lines (a pipe into `head -N` or `tail -N` applied, a pipe into `jq -c '.a, .b[N]'`
//!   compared value by value);
//! - the export of the fixtures into `reports.db` is run in a copy of `fixtures/`, and the
//!   `sqlite3` query under it must give the rows the README shows;
//! - the few commands that write elsewhere are listed in [`ONLY_PARSED`];
//!
//! and every `wareport …` command anywhere in a code block (the `sh` blocks too) must be
//! accepted by the command line's own parser, so a renamed option cannot hide in the README.

use std::path::Path;

use crate::support::Test;

/// One `$ …` example.
#[derive(Debug)]
struct Example {
    line: usize,
    command: String,
    shown: Vec<String>,
}

/// `$ wareport` examples that write files elsewhere than the copy this test makes: their
/// options are checked by the parser, and their output by `export.rs`.
const ONLY_PARSED: [&str; 2] = [
    "wareport export --format ndjson -o reports.ndjson fixtures",
    "wareport export --format csv -o csv/ fixtures",
];

/// The export example that this test runs in a copy of `fixtures/`.
const EXPORT: &str = "wareport export --format sqlite -o reports.db fixtures";

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md")
}

/// Every `$ …` example in the README's fenced code blocks; a command ending in `\` goes on
/// on the next line.
fn examples(readme: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut in_block = false;
    let mut current: Option<Example> = None;
    let mut continued = false;
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
        if continued {
            let example = current.as_mut().expect("a command to go on");
            example.command.push(' ');
            example.command.push_str(line.trim());
            continued = line.ends_with('\\');
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            out.extend(current.take());
            continued = command.ends_with('\\');
            current = Some(Example {
                line: i + 1,
                command: command.trim_end_matches('\\').trim_end().to_string(),
                shown: Vec::new(),
            });
        } else if let Some(example) = current.as_mut() {
            example.shown.push(line.trim_end().to_string());
        }
    }
    out.extend(current);
    for e in &mut out {
        e.command = e.command.replace(" \\ ", " ");
        while e.shown.last().is_some_and(String::is_empty) {
            e.shown.pop();
        }
    }
    out
}

/// The command without a trailing `# comment`.
fn main_of(command: &str) -> &str {
    command.split(" #").next().unwrap_or(command).trim_end()
}

/// Shell words, with single quotes.
fn words(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in command.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    out.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(word);
    }
    out
}

/// Every `wareport …` invocation in the README's code blocks, up to the first shell
/// operator: at the start of a line (after `$ `), after `&&`, or inside `eval (…)`.
fn invocations(readme: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_block = false;
    for (i, line) in readme.lines().enumerate() {
        if line.starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if !in_block {
            continue;
        }
        let line = line.strip_prefix("$ ").unwrap_or(line);
        for segment in line.split("&&") {
            let segment = segment.trim_start();
            let segment = segment.strip_prefix("eval (").unwrap_or(segment);
            if !segment.starts_with("wareport ") {
                continue;
            }
            let end = segment
                .find(['|', '>', '#', ')', ';'])
                .unwrap_or(segment.len());
            out.push((i + 1, segment[..end].trim().to_string()));
        }
    }
    out
}

/// Runs a `wareport` example from the repository's root, with a `head`/`tail` pipe applied.
fn run(command: &str) -> (i32, Vec<String>) {
    let (main, filter) = match command.split_once(" | ") {
        Some((main, filter)) => (main, Some(filter)),
        None => (main_of(command), None),
    };
    let out = Test::new()
        .in_repo()
        .args(words(main).into_iter().skip(1))
        .run();
    let mut lines: Vec<String> = out
        .stdout
        .lines()
        .map(|l| l.trim_end().to_string())
        .collect();
    if let Some(filter) = filter {
        let f = words(filter);
        assert!(
            f.len() == 2 && (f[0] == "head" || f[0] == "tail"),
            "{command}"
        );
        let n: usize = f[1].strip_prefix('-').and_then(|n| n.parse().ok()).unwrap();
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

/// `jq -c 'PATH, PATH'` for paths of `.key` and `[N]` steps.
fn jq(doc: &serde_json::Value, filter: &str) -> Vec<serde_json::Value> {
    filter
        .split(", ")
        .map(|path| {
            let mut v = doc;
            for step in path.split('.').skip(1) {
                let (key, index) = match step.split_once('[') {
                    Some((key, rest)) => (
                        key,
                        rest.strip_suffix(']').map(|n| n.parse::<usize>().unwrap()),
                    ),
                    None => (step, None),
                };
                v = &v[key];
                if let Some(i) = index {
                    v = &v[i];
                }
            }
            v.clone()
        })
        .collect()
}

/// Runs the export example in a copy of `fixtures/` and checks the `sqlite3` query under it.
fn export_and_query(export: &Example, query: &Example) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        &dir.path().join("fixtures"),
    );
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_wareport"))
        .args(words(&export.command).into_iter().skip(1))
        .current_dir(dir.path())
        .env_remove("COLUMNS")
        .env("TZ", "UTC")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "README line {}", export.line);
    let stderr: Vec<String> = String::from_utf8(out.stderr)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(stderr, export.shown, "README line {}", export.line);
    // `sqlite3 -header -column reports.db 'SQL'`: a header, a rule, then the rows.
    let w = words(&query.command);
    assert_eq!(
        &w[..4],
        ["sqlite3", "-header", "-column", "reports.db"],
        "{w:?}"
    );
    let conn = rusqlite::Connection::open(dir.path().join("reports.db")).unwrap();
    let mut st = conn.prepare(&w[4]).unwrap();
    let header: Vec<String> = st.column_names().map(String::from).collect();
    let width = header.len();
    let rows: Vec<Vec<String>> = st
        .query_map([], |r| {
            (0..width)
                .map(|i| {
                    Ok(match r.get_ref(i)? {
                        rusqlite::types::ValueRef::Null => String::new(),
                        rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                        rusqlite::types::ValueRef::Real(x) => x.to_string(),
                        rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into(),
                        rusqlite::types::ValueRef::Blob(_) => "<blob>".into(),
                    })
                })
                .collect()
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let shown_header: Vec<String> = query.shown[0]
        .split_whitespace()
        .map(String::from)
        .collect();
    assert_eq!(shown_header, header, "README line {}", query.line);
    let shown_rows: Vec<Vec<String>> = query.shown[2..]
        .iter()
        .map(|l| l.split_whitespace().map(String::from).collect())
        .collect();
    assert_eq!(shown_rows, rows, "README line {}", query.line);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn every_example_in_the_readme_prints_what_the_readme_shows() {
    let readme = readme();
    let all = examples(&readme);
    let mut run_here = Vec::new();
    let mut only_parsed = Vec::new();
    let mut exported = false;
    for (n, example) in all.iter().enumerate() {
        let command = main_of(&example.command);
        if !command.starts_with("wareport ") {
            continue;
        }
        if command == EXPORT {
            let query = all.get(n + 1).filter(|q| q.command.starts_with("sqlite3 "));
            export_and_query(example, query.expect("the sqlite3 query under the export"));
            exported = true;
            continue;
        }
        if ONLY_PARSED.contains(&command) {
            only_parsed.push(command);
            continue;
        }
        if let Some((main, filter)) = command.split_once(" | jq -c ") {
            let out = Test::new()
                .in_repo()
                .args(words(main).into_iter().skip(1))
                .run();
            out.success();
            let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
            let filter = words(filter).remove(0);
            let shown: Vec<serde_json::Value> = example
                .shown
                .iter()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            assert_eq!(jq(&doc, &filter), shown, "README line {}", example.line);
            run_here.push(example.line);
            continue;
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
            example.shown.join("\n"),
            "README line {}: `{}` prints something else than the README shows",
            example.line,
            example.command
        );
        run_here.push(example.line);
    }
    assert!(exported, "the README's export example ({EXPORT}) is gone");
    assert_eq!(only_parsed, ONLY_PARSED, "the examples only parsed changed");
    // The summary and the redacted summary.
    assert_eq!(run_here.len(), 2, "README examples run: lines {run_here:?}");
}

#[test]
fn every_wareport_command_in_the_readme_and_the_help_is_accepted_by_the_parser() {
    let mut found = invocations(&readme());
    assert!(found.len() >= 5, "{found:#?}");
    // Each command's help (and so its manual page) shows an example: it must run too.
    let cli = <wareport::cli::Cli as clap::CommandFactory>::command();
    for sub in cli.get_subcommands() {
        let help = sub
            .get_long_about()
            .or(sub.get_about())
            .unwrap()
            .to_string();
        let example = help
            .lines()
            .find_map(|l| l.strip_prefix("Example: "))
            .unwrap_or_else(|| panic!("`wareport {}` has no example", sub.get_name()));
        let block = format!("```\n{example}\n```\n");
        let [(_, command)] = invocations(&block).try_into().unwrap();
        assert_eq!(words(&command)[1], sub.get_name());
        found.push((0, command));
    }
    for (line, command) in &found {
        if let Err(e) = wareport::cli::config_from(words(command)) {
            panic!("README line {line} (0: a command's help): `{command}` is refused: {e}");
        }
    }
}

#[test]
fn the_example_reader_finds_commands_their_output_and_invocations() {
    let text = "intro\n```\n$ wareport summary x.zip\nA\n  B\n\n$ wareport show x.zip | head -1\nC\n$ sqlite3 -header db \\\n    'SELECT 1'\n1\n```\n```sh\nwareport man > x # m\nmkdir -p a && wareport completions bash\neval (wareport completions elvish | slurp)\nUsage: wareport summary\n```\n";
    let found = examples(text);
    assert_eq!(found.len(), 3);
    assert_eq!(found[0].command, "wareport summary x.zip");
    assert_eq!(found[0].shown, ["A", "  B"]);
    assert_eq!(found[1].shown, ["C"]);
    assert_eq!(found[2].command, "sqlite3 -header db 'SELECT 1'");
    assert_eq!(found[2].shown, ["1"]);
    assert_eq!(
        words("sqlite3 db 'SELECT a, b'"),
        ["sqlite3", "db", "SELECT a, b"]
    );
    assert_eq!(main_of("wareport show x   # a comment"), "wareport show x");
    let calls: Vec<String> = invocations(text).into_iter().map(|(_, c)| c).collect();
    assert_eq!(
        calls,
        [
            "wareport summary x.zip",
            "wareport show x.zip",
            "wareport man",
            "wareport completions bash",
            "wareport completions elvish",
        ]
    );
    let doc = serde_json::json!({"a": {"b": 1}, "l": [0, {"c": 2}]});
    assert_eq!(
        jq(&doc, ".a, .l[1]"),
        [serde_json::json!({"b": 1}), serde_json::json!({"c": 2})]
    );
}

/// The README's SQL blocks: each a `-- sqlite3 reports.db` query and a `-- duckdb` query of
/// the NDJSON, in that order.
fn sql_pairs(readme: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for block in readme.split("```sql\n").skip(1) {
        let block = &block[..block.find("```").expect("a closed block")];
        let (sqlite, duckdb) = block
            .strip_prefix("-- sqlite3 reports.db\n")
            .and_then(|rest| rest.split_once("-- duckdb\n"))
            .unwrap_or_else(|| panic!("a sqlite3 and a duckdb query: {block}"));
        out.push((sqlite.trim().to_string(), duckdb.trim().to_string()));
    }
    out
}

/// Python with the `duckdb` package and its `sqlite_scanner` extension package:
/// `$WAREPORT_DUCKDB_PYTHON`, or the virtual environment `.ci/run` makes in `target/duckdb`.
fn duckdb_python() -> Option<std::path::PathBuf> {
    let python = std::env::var_os("WAREPORT_DUCKDB_PYTHON")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::env::var_os("CARGO_TARGET_DIR")
                .map(std::path::PathBuf::from)
                .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
                .join("duckdb/bin/python")
        });
    std::process::Command::new(&python)
        .args(["-c", "import duckdb, duckdb_extension_sqlite_scanner"])
        .output()
        .is_ok_and(|o| o.status.success())
        .then_some(python)
}

/// Runs queries in DuckDB: the database's through the sqlite extension (loaded from its
/// package: nothing is downloaded), the NDJSON's as they are. Every value as text.
const DUCKDB: &str = r#"
import duckdb, json, pathlib, sys
import duckdb_extension_sqlite_scanner as pkg
queries = json.load(sys.stdin)
ext = next(pathlib.Path(pkg.__file__).parent.glob("extensions/*/sqlite_scanner.duckdb_extension"))
con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
con.execute(f"LOAD '{ext}'")
con.execute("ATTACH 'reports.db' AS db (TYPE sqlite, READ_ONLY)")
def run(sql, where):
    con.execute(f"USE {where}")
    return [["NULL" if v is None else repr(float(v)) if isinstance(v, float) else str(v) for v in row]
            for row in con.execute(sql).fetchall()]
json.dump({"sqlite": [run(q, "db") for q in queries["sqlite"]],
           "duckdb": [run(q, "memory") for q in queries["duckdb"]]}, sys.stdout)
"#;

/// Every README query runs in both sqlite3 and DuckDB on the fixtures' export, and the two
/// ways of asking each question give the same answer.
#[test]
fn every_readme_query_runs_in_sqlite_and_duckdb_with_one_answer() {
    let pairs = sql_pairs(&readme());
    assert!(pairs.len() >= 2, "{pairs:?}");
    let Some(python) = crate::support::required(
        duckdb_python(),
        "DuckDB's Python package",
        ".ci/run installs it: python3 -m venv target/duckdb && target/duckdb/bin/pip install duckdb==1.5.5 duckdb-extension-sqlite-scanner==1.5.5",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        &dir.path().join("fixtures"),
    );
    for (form, out) in [("sqlite", "reports.db"), ("ndjson", "reports.ndjson")] {
        let run = assert_cmd::Command::new(env!("CARGO_BIN_EXE_wareport"))
            .args(["export", "--format", form, "-o", out, "fixtures"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(0), "{run:?}");
    }
    let conn = rusqlite::Connection::open(dir.path().join("reports.db")).unwrap();
    let in_sqlite: Vec<Vec<Vec<String>>> = pairs
        .iter()
        .map(|(sql, _)| {
            let mut st = conn.prepare(sql).unwrap();
            let width = st.column_count();
            st.query_map([], |r| {
                (0..width)
                    .map(|i| {
                        use rusqlite::types::ValueRef as V;
                        Ok(match r.get_ref(i)? {
                            V::Null => "NULL".into(),
                            V::Integer(n) => n.to_string(),
                            V::Real(x) => format!("{x:?}"),
                            V::Text(t) => String::from_utf8_lossy(t).into(),
                            V::Blob(_) => "<blob>".into(),
                        })
                    })
                    .collect()
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
        })
        .collect();
    let queries = serde_json::json!({
        "sqlite": pairs.iter().map(|p| &p.0).collect::<Vec<_>>(),
        "duckdb": pairs.iter().map(|p| &p.1).collect::<Vec<_>>(),
    });
    let mut child = std::process::Command::new(python)
        .args(["-c", DUCKDB])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    serde_json::to_writer(child.stdin.take().unwrap(), &queries).unwrap();
    let done = child.wait_with_output().unwrap();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let answers: serde_json::Value = serde_json::from_slice(&done.stdout).unwrap();
    let answers: std::collections::BTreeMap<String, Vec<Vec<Vec<String>>>> =
        serde_json::from_value(answers).unwrap();
    for (i, (sql, duck)) in pairs.iter().enumerate() {
        assert!(!in_sqlite[i].is_empty(), "{sql}");
        assert_eq!(answers["sqlite"][i], in_sqlite[i], "in DuckDB: {sql}");
        assert_eq!(answers["duckdb"][i], in_sqlite[i], "{duck}");
    }
    // What the README says of the first: a fifth of the fixtures' reports show last seen.
    assert_eq!(in_sqlite[0], [["20.0"]]);
}
