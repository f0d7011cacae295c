//! The harness: a builder for one run of `wareport`, and helpers that zip fixture folders on
//! the fly (shuffled, with directory entries, as WhatsApp's own ZIPs are).

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;
use zip::write::SimpleFileOptions;

/// The fixture folders, by name.
pub const FIXTURES: [&str; 6] = [
    "gen-a-iphone",
    "gen-b-android",
    "gen-b-id-android",
    "gen-b-id-android-html-only",
    "gen-b2-iphone",
    "gen-c-android",
];

/// The groups of `gen-b-android`, in report order: duplicates, edge spaces, emoji, right
/// to left and a lone format character kept.
pub const GEN_B_GROUPS: [&str; 9] = [
    "Book club",
    "Book club",
    "Family🙂",
    "Football ",
    "Müller Stammtisch",
    "St. Mary's P.T.A.",
    "Trip: Lisbon 2022",
    "گروه کتاب",
    "\u{200e}",
];

/// The contacts of `gen-b-android`, in report order.
pub const GEN_B_CONTACTS: [&str; 6] = [
    "+15555550101",
    "+15555550102",
    "+15555550104",
    "+15555550105",
    "+445555550103",
    "+6285555550107",
];

/// `Some(text)` as an owned string, for comparing optional fields.
pub fn s(text: &str) -> Option<String> {
    Some(text.to_string())
}

/// Owned strings, for comparing lists.
pub fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// One run of the binary.
pub struct Test {
    args: Vec<OsString>,
    stdin: Vec<u8>,
    env: Vec<(String, String)>,
    limited: bool,
    in_repo: bool,
    dir: Option<PathBuf>,
}

/// The address space a hostile case may use (`ulimit -v`), in KiB.
pub const MEMORY_LIMIT_KIB: u64 = 256 * 1024;

pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Test {
    pub fn new() -> Test {
        Test {
            args: Vec::new(),
            stdin: Vec::new(),
            env: Vec::new(),
            limited: false,
            in_repo: false,
            dir: None,
        }
    }

    /// Runs in the repository's root, so that fixtures can be named by relative paths
    /// (`fixtures/gen-b-android`) and output that quotes them does not depend on where the
    /// checkout is.
    pub fn in_repo(mut self) -> Test {
        self.in_repo = true;
        self
    }

    /// Runs in this folder, so that inputs can be named relative to it.
    pub fn current_dir(mut self, dir: &Path) -> Test {
        self.dir = Some(dir.to_path_buf());
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Test
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    pub fn arg(self, arg: impl Into<OsString>) -> Test {
        self.args([arg])
    }

    pub fn stdin(mut self, bytes: Vec<u8>) -> Test {
        self.stdin = bytes;
        self
    }

    /// Runs under a 256 MiB address-space limit, with a generous guard against hangs (the
    /// time a case takes is measured in the benchmark, not asserted here).
    pub fn limited(mut self) -> Test {
        self.limited = true;
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Test {
        self.env.push((key.into(), value.into()));
        self
    }

    /// Runs with the environment the tool reads stripped, so results do not depend on the
    /// machine.
    pub fn run(self) -> Outcome {
        let bin = env!("CARGO_BIN_EXE_wareport");
        let mut cmd = if self.limited {
            let mut c = assert_cmd::Command::new("sh");
            let script = format!("ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" \"$@\"");
            c.args(["-c", &script, bin]);
            c.timeout(std::time::Duration::from_secs(60));
            c
        } else {
            assert_cmd::Command::new(bin)
        };
        for var in [
            "NO_COLOR",
            "COLUMNS",
            "TERM",
            "TZ",
            "CLICOLOR",
            "CLICOLOR_FORCE",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("TZ", "UTC");
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        if self.in_repo {
            cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
        }
        if let Some(dir) = &self.dir {
            cmd.current_dir(dir);
        }
        let started = std::time::Instant::now();
        let out = cmd
            .args(&self.args)
            .write_stdin(self.stdin)
            .output()
            .unwrap();
        if self.limited {
            // Measured, not asserted: see the README's benchmark section.
            eprintln!(
                "[limited run] {:?}: {:.3} s",
                self.args.first(),
                started.elapsed().as_secs_f64()
            );
        }
        Outcome {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }
}

impl Outcome {
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Outcome {
        assert_eq!(
            self.code, expected,
            "exit status\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn success(&self) -> &Outcome {
        self.code(0)
    }

    /// An error: exit 2, one line on stderr starting `wareport: error: `, nothing on stdout.
    #[track_caller]
    pub fn error(&self) -> &str {
        self.code(2);
        assert!(self.stdout.is_empty(), "stdout: {}", self.stdout);
        assert!(
            self.stderr.starts_with("wareport: error: "),
            "stderr: {}",
            self.stderr
        );
        assert_eq!(
            self.stderr.trim_end().lines().count(),
            1,
            "stderr: {}",
            self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        self.stderr.trim_end()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).expect("stdout is JSON")
    }
}

/// Every file below `dir`, as (name relative to `dir`, bytes), sorted.
pub fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Zips files as WhatsApp does: directory entries included, entries in an order given by
/// `seed` (a simple rotation and reversal, so different seeds give different orders).
pub fn zip_files(files: &[(String, Vec<u8>)], prefix: &str, seed: usize) -> Vec<u8> {
    let mut entries: Vec<(String, Option<&[u8]>)> = files
        .iter()
        .map(|(name, data)| (format!("{prefix}{name}"), Some(data.as_slice())))
        .collect();
    let mut dirs: Vec<String> = files
        .iter()
        .filter_map(|(name, _)| name.rsplit_once('/').map(|(d, _)| format!("{prefix}{d}/")))
        .collect();
    dirs.sort();
    dirs.dedup();
    entries.extend(dirs.into_iter().map(|d| (d, None)));
    if !entries.is_empty() {
        let len = entries.len();
        entries.rotate_left(seed % len);
    }
    if seed % 2 == 1 {
        entries.reverse();
    }
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        match data {
            None => w.add_directory(name, options).unwrap(),
            Some(data) => {
                w.start_file(name, options).unwrap();
                w.write_all(data).unwrap();
            }
        }
    }
    w.finish().unwrap().into_inner()
}

/// A fixture folder zipped on the fly.
pub fn zip_fixture(name: &str, seed: usize) -> Vec<u8> {
    zip_files(&files_of(&fixture(name)), "", seed)
}

/// Writes bytes to a file of the given name in a fresh temporary folder.
pub fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

/// Replaces one file's bytes in a list of files (adding it if absent).
pub fn with_file(
    mut files: Vec<(String, Vec<u8>)>,
    name: &str,
    data: &str,
) -> Vec<(String, Vec<u8>)> {
    files.retain(|(n, _)| n != name);
    files.push((name.to_string(), data.as_bytes().to_vec()));
    files.sort();
    files
}

/// Removes one file from a list of files.
pub fn without_file(mut files: Vec<(String, Vec<u8>)>, name: &str) -> Vec<(String, Vec<u8>)> {
    let before = files.len();
    files.retain(|(n, _)| n != name);
    assert_eq!(files.len() + 1, before, "{name} was not there");
    files
}

/// The text of one fixture file.
pub fn fixture_text(name: &str, rel: &str) -> String {
    std::fs::read_to_string(fixture(name).join(rel)).unwrap()
}

/// The strings of a JSON list (none when it is not one).
pub fn string_list(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(String::from)
        .collect()
}

/// What identifies the people in a `show --json` document, in the pieces a leak would
/// show: 4-digit runs of every phone number, every IP address and its network, 4+ letter
/// words of names and group names, email, About, the session id.
pub fn identifiers(show: &Value) -> Vec<String> {
    let mut ids = Vec::new();
    let list = string_list;
    let mut phones = list(&show["contacts"]);
    phones.extend(list(&show["blocked"]));
    phones.extend(list(&show["privacy"]["status"]["except"]));
    phones.extend(list(&show["privacy"]["status"]["only_share_with"]));
    phones.extend(show["account"]["phone_number"].as_str().map(String::from));
    for p in phones {
        let digits: Vec<u8> = p.bytes().filter(u8::is_ascii_digit).collect();
        for w in digits.windows(4) {
            ids.push(String::from_utf8(w.to_vec()).unwrap());
        }
    }
    let mut words = list(&show["groups"]);
    words.extend(show["account"]["name"].as_str().map(String::from));
    for text in words {
        for w in text.split(|c: char| !c.is_alphabetic()) {
            if w.chars().count() >= 4 {
                ids.push(w.to_string());
            }
        }
    }
    for key in ["email", "about"] {
        ids.extend(show["account"][key].as_str().map(String::from));
    }
    ids.extend(
        show["sync"]["current_session_id"]
            .as_str()
            .map(String::from),
    );
    for d in show["devices"].as_array().unwrap() {
        for key in ["previous_ip", "current_ip"] {
            let Some(ip) = d[key].as_str() else { continue };
            ids.push(ip.to_string());
            match ip.parse::<std::net::IpAddr>() {
                Ok(std::net::IpAddr::V4(a)) => {
                    ids.push(format!("{}.{}.", a.octets()[0], a.octets()[1]))
                }
                Ok(std::net::IpAddr::V6(a)) => {
                    ids.push(format!("{:x}:{:x}:", a.segments()[0], a.segments()[1]))
                }
                Err(_) => {}
            }
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

#[track_caller]
pub fn assert_clean(texts: &[String], ids: &[String], what: &str) {
    for t in texts {
        for id in ids {
            assert!(!t.contains(id.as_str()), "{what}: `{id}` survives in {t:?}");
        }
    }
}

/// Every string in a JSON value.
pub fn json_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|v| json_strings(v, out)),
        Value::Object(o) => o.iter().for_each(|(k, v)| {
            out.push(k.clone());
            json_strings(v, out)
        }),
        _ => {}
    }
}

/// A tool a test needs: `Some` when found; when not, a test that CI must run fails under
/// `CI` (it never passes as skipped there), and elsewhere says it skipped and why.
#[track_caller]
pub fn required<T>(found: Option<T>, what: &str, how: &str) -> Option<T> {
    if found.is_some() {
        return found;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{what} is missing, and CI is set: {how}"
    );
    eprintln!("SKIPPED: this test needs {what} ({how})");
    None
}

/// Chromium, when installed: `$CHROMIUM`, or `chromium` on the PATH.
pub fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("chromium"))
            .find(|p| p.is_file())
    })
}
