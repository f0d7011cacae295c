//! No command ever destroys a file (issue 25): `-o` never goes over an input of the same
//! run, however the input is named (relative, absolute, `./`, a symbolic link, a hard
//! link), with `--force` or without; never into an extracted report being read; never over
//! a file the command did not write unless `--force`. A page asked for on a terminal goes
//! beside the report, never over anything.

use std::path::Path;

use proptest::prelude::*;

use crate::support::{Test, files_of, fixture};

/// Every command that writes a file, as its arguments before `-o`.
const WRITERS: [&[&str]; 6] = [
    &["report"],
    &["twin"],
    &["export", "--format", "sqlite"],
    &["export", "--format", "ndjson"],
    &["export", "--format", "ndjson", "--split"],
    &["export", "--format", "csv"],
];

/// Every command that reads a report and writes nothing, as its arguments before the path.
const READERS: [&[&str]; 6] = [
    &["summary"],
    &["show", "--json"],
    &["inspect"],
    &["audit"],
    &["timeline"],
    &["report"],
];

/// A scratch folder holding the shipped report as `name`, with a symbolic link and a hard
/// link to it, and an extracted copy of it in `extracted/`.
struct Scene {
    dir: tempfile::TempDir,
    name: String,
    original: Vec<u8>,
}

impl Scene {
    fn new(name: &str) -> Scene {
        let dir = tempfile::tempdir().unwrap();
        let original = std::fs::read(fixture("gen-b-android.zip")).unwrap();
        std::fs::write(dir.path().join(name), &original).unwrap();
        std::os::unix::fs::symlink(name, dir.path().join("link.zip")).unwrap();
        std::fs::hard_link(dir.path().join(name), dir.path().join("hard.zip")).unwrap();
        let extracted = dir.path().join("extracted");
        for (rel, bytes) in files_of(&fixture("gen-b-android")) {
            let to = extracted.join(rel);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::write(to, bytes).unwrap();
        }
        std::os::unix::fs::symlink("extracted", dir.path().join("folder-link")).unwrap();
        Scene {
            dir,
            name: name.to_string(),
            original,
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The ways of naming the report: relative, `./`, absolute, a symbolic link, a hard
    /// link.
    fn namings(&self) -> Vec<String> {
        vec![
            self.name.clone(),
            format!("./{}", self.name),
            self.path().join(&self.name).display().to_string(),
            "link.zip".into(),
            "hard.zip".into(),
        ]
    }

    /// The ways of naming a place inside the extracted report, or the folder itself.
    fn folder_namings(&self) -> Vec<String> {
        vec![
            "extracted".into(),
            "./extracted/".into(),
            "folder-link".into(),
            "extracted/index.html".into(),
            "extracted/whatsapp_connections/new.html".into(),
            self.path()
                .join("folder-link/whatsapp_settings/account_settings.html")
                .display()
                .to_string(),
        ]
    }

    fn run(&self, args: &[&str]) -> crate::support::Outcome {
        Test::new().current_dir(self.path()).args(args).run()
    }

    /// The report and the extracted copy are as they were.
    #[track_caller]
    fn assert_untouched(&self, what: &str) {
        let now = std::fs::read(self.path().join(&self.name)).unwrap();
        assert!(now == self.original, "{what}: the report changed");
        assert_eq!(
            files_of(&self.path().join("extracted")),
            files_of(&fixture("gen-b-android")),
            "{what}: the extracted report changed"
        );
    }
}

/// `-o` naming the input itself (any naming, any command, with or without `--force`): an
/// error that says so, and the input unchanged.
#[track_caller]
fn refused(scene: &Scene, command: &[&str], input: &str, out: &str, force: bool) {
    let mut args: Vec<&str> = command.to_vec();
    args.extend(["-o", out]);
    if force {
        args.push("--force");
    }
    args.push(input);
    let what = format!("{args:?}");
    let outcome = scene.run(&args);
    let line = outcome.error();
    assert!(
        line.contains("this command reads"),
        "{what}: the refusal names the input: {line}"
    );
    scene.assert_untouched(&what);
}

#[test]
fn no_output_goes_over_its_input_however_it_is_named() {
    let scene = Scene::new("My Account Info.zip");
    for command in WRITERS {
        for out in scene.namings() {
            refused(&scene, command, &scene.name, &out, true);
        }
        for out in scene.folder_namings() {
            refused(&scene, command, "extracted", &out, true);
        }
    }
}

#[test]
fn commands_that_write_nothing_leave_every_input_as_it_was() {
    let scene = Scene::new("My Account Info.zip");
    for command in READERS {
        for input in scene.namings().iter().chain(&scene.folder_namings()[..3]) {
            let mut args = command.to_vec();
            args.extend(["--utc", input]);
            let outcome = scene.run(&args);
            assert!(outcome.code <= 1, "{args:?}: {}", outcome.stderr);
        }
    }
    scene.assert_untouched("readers");
    let names: Vec<String> = std::fs::read_dir(scene.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 5, "no file appeared: {names:?}");
}

#[test]
fn a_file_wareport_did_not_write_is_kept_unless_forced() {
    let scene = Scene::new("report.zip");
    let notes = scene.path().join("notes.html");
    for command in WRITERS {
        std::fs::write(&notes, "my own notes").unwrap();
        let mut args = command.to_vec();
        args.extend(["-o", "notes.html", "report.zip"]);
        let line = scene.run(&args).error().to_string();
        assert!(line.contains("--force"), "{args:?}: {line}");
        assert_eq!(std::fs::read_to_string(&notes).unwrap(), "my own notes");
    }
    // A page overwrites its own earlier page, and with --force a foreign file.
    scene
        .run(&["report", "-o", "page.html", "report.zip"])
        .success();
    scene
        .run(&["report", "-o", "page.html", "report.zip"])
        .success();
    scene
        .run(&["report", "--force", "-o", "notes.html", "report.zip"])
        .success();
    assert!(
        std::fs::read_to_string(&notes)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    scene.assert_untouched("own and forced pages");
}

#[test]
fn a_written_file_is_named_on_stderr_unless_quiet() {
    let scene = Scene::new("report.zip");
    let outcome = scene.run(&["report", "-o", "page.html", "report.zip"]);
    outcome.success();
    assert!(outcome.stdout.is_empty());
    assert!(
        outcome.stderr.starts_with("wareport: wrote page.html (")
            && outcome.stderr.trim_end().ends_with(" KB)"),
        "{}",
        outcome.stderr
    );
    let quiet = scene.run(&["report", "-q", "-o", "quiet.html", "report.zip"]);
    quiet.success();
    assert_eq!(quiet.stderr, "");
    assert!(scene.path().join("quiet.html").is_file());
}

/// Runs `wareport` under a pseudo-terminal (util-linux's `script`), in `dir`.
pub(crate) fn on_a_terminal(dir: &Path, args: &str) -> String {
    let bin = env!("CARGO_BIN_EXE_wareport");
    let out = std::process::Command::new("script")
        .args(["-qec", &format!("{bin} {args}"), "/dev/null"])
        .current_dir(dir)
        .env("TZ", "UTC")
        .output();
    match out {
        Ok(out) => String::from_utf8_lossy(&out.stdout).into_owned(),
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must have util-linux's `script`: {e}"
            );
            String::new()
        }
    }
}

#[test]
fn a_page_asked_for_on_a_terminal_goes_beside_the_report_and_over_nothing() {
    let scene = Scene::new("My Account Info.zip");
    let taken = scene.path().join("My Account Info.html");
    std::fs::write(&taken, "taken").unwrap();
    let said = on_a_terminal(scene.path(), "report 'My Account Info.zip'");
    if said.is_empty() && std::env::var_os("CI").is_none() {
        eprintln!("skipped: no `script` to run a pseudo-terminal with");
        return;
    }
    assert!(
        said.contains("wareport: wrote My Account Info (2).html ("),
        "{said}"
    );
    assert!(!said.contains("<html"), "no page poured into the terminal");
    assert_eq!(std::fs::read_to_string(&taken).unwrap(), "taken");
    let page = std::fs::read_to_string(scene.path().join("My Account Info (2).html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    // An extracted report's page goes beside its folder, not into it.
    let said = on_a_terminal(scene.path(), "report extracted");
    assert!(said.contains("wareport: wrote "), "{said}");
    assert!(scene.path().join("extracted.html").is_file(), "{said}");
    scene.assert_untouched("pages on a terminal");
}

fn naming() -> impl Strategy<Value = usize> {
    0usize..5
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any writer, any naming of the input and of the output, any file name: when the
    /// output is the input, the input is byte-identical afterwards.
    #[test]
    fn any_naming_of_the_input_survives_any_writer(
        command in 0usize..WRITERS.len(),
        input in naming(),
        out in naming(),
        force in any::<bool>(),
        name in "[A-Za-z][A-Za-z0-9 ._éü-]{0,20}\\.zip",
    ) {
        prop_assume!(name != "link.zip" && name != "hard.zip");
        let scene = Scene::new(&name);
        let namings = scene.namings();
        refused(&scene, WRITERS[command], &namings[input], &namings[out], force);
    }
}
