//! `wareport twin` (issue 24): a synthetic copy of a report that reads as the original does,
//! with nothing personal in it. Every check runs on every fixture and on every report of the
//! hostile corpus that reads at all, and on generated reports whose identifiers come in
//! every written form:
//! - `inspect --json` of the twin is the original's: generation, detection, entries (their
//!   names, uses and readers; sizes within the changes of text and dates), what was not
//!   understood and what was filled (the same messages, quoted values aside), what was
//!   placed, and the JSON-against-HTML cross-check;
//! - `show --json` has the original's shape: the same keys, the same null and non-null
//!   leaves, the same list lengths, the same enumerated values, versions, device ids, flags,
//!   ports and counts; every time moved by one offset; numbers with their calling code and
//!   length; addresses of their family in the documentation ranges; text of its length;
//! - no identifier of the original is in the twin's bytes, raw, inflated, HTML-escaped or
//!   JSON-escaped (mojibake too): no run of six digits of any number (however the digits are
//!   separated), no address or network, no name, About, group name, e-mail, session id or
//!   value not understood, no 32-byte run of the picture's data;
//! - the twin of the twin keeps the shape, and one seed gives one twin, byte for byte.
//!
//! The checks are shown to catch what they look for: a twin with an identifier planted in
//! each written form fails them.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Read;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use base64::Engine;
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};
use serde_json::{Value, json};

use crate::support::{
    Test, files_of, fixture, string_list, temp_file, with_file, without_file, zip_files,
    zip_fixture,
};

/// Every fixture: each folder and each ZIP under `fixtures/`, read from the folder so that a
/// fixture added later is checked too.
fn every_fixture() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixture(""))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "zip"))
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 11, "the fixtures: {names:?}");
    names
}

/// Runs the command line in-process (as `main` does): its output, or its error line.
fn run(args: &[&str]) -> Result<String, String> {
    let mut argv = vec!["wareport"];
    argv.extend(args);
    let config = wareport::cli::config_from(&argv).map_err(|e| e.to_string())?;
    wareport::app::execute(&config)
        .map(|out| out.output)
        .map_err(|e| wareport::app::error_line(&e))
}

fn json_of(args: &[&str]) -> Value {
    let out = run(args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
    serde_json::from_str(&out).unwrap()
}

/// Makes the twin of `input` with `seed` (and more options) into `dir`.
fn twin_of(input: &Path, seed: u64, extra: &[&str], dir: &Path) -> Result<PathBuf, String> {
    let out = dir.join(format!("twin-{seed}-{}.zip", extra.len()));
    let seed = seed.to_string();
    let mut args = vec!["twin", "--seed", &seed, "--force"];
    args.extend(extra);
    let (o, i) = (out.display().to_string(), input.display().to_string());
    args.extend(["-o", &o, &i]);
    run(&args).map(|_| out)
}

// ---- Reading a twin's bytes as a leak would show.

/// Every entry of a ZIP: name and bytes.
fn entries_of(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.push((f.name().unwrap().to_string(), data));
    }
    out
}

/// HTML character references decoded.
fn html_unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e < 12);
        let decoded = end.and_then(|e| {
            let body = &rest[1..e];
            let c = if let Some(h) = body.strip_prefix("#x").or(body.strip_prefix("#X")) {
                char::from_u32(u32::from_str_radix(h, 16).ok()?)
            } else if let Some(d) = body.strip_prefix('#') {
                char::from_u32(d.parse().ok()?)
            } else {
                match body {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    _ => None,
                }
            }?;
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// JSON `\uXXXX` escapes decoded (surrogate pairs joined), and the text again with gen B's
/// mojibake undone.
fn json_unescape(text: &str) -> (String, String) {
    let units: Vec<u16> = {
        let mut out = Vec::new();
        let mut rest = text;
        while let Some(at) = rest.find("\\u") {
            out.extend(rest[..at].encode_utf16());
            match rest
                .get(at + 2..at + 6)
                .and_then(|h| u16::from_str_radix(h, 16).ok())
            {
                Some(u) => {
                    out.push(u);
                    rest = &rest[at + 6..];
                }
                None => {
                    out.extend("\\u".encode_utf16());
                    rest = &rest[at + 2..];
                }
            }
        }
        out.extend(rest.encode_utf16());
        out
    };
    let plain = String::from_utf16_lossy(&units);
    let bytes: Vec<u8> = plain
        .chars()
        .flat_map(|c| {
            if (c as u32) < 0x100 {
                vec![c as u8]
            } else {
                c.to_string().into_bytes()
            }
        })
        .collect();
    let repaired = String::from_utf8_lossy(&bytes).into_owned();
    (plain, repaired)
}

/// What a reader of the twin could see: entry names, and every entry as text (raw, HTML
/// decoded, JSON decoded, mojibake undone), and the raw ZIP.
fn views(zip: &[u8]) -> Vec<String> {
    let mut out = vec![String::from_utf8_lossy(zip).into_owned()];
    for (name, data) in entries_of(zip) {
        out.push(name);
        let text = String::from_utf8_lossy(&data).into_owned();
        let (json, repaired) = json_unescape(&text);
        out.push(html_unescape(&text));
        out.push(html_unescape(&repaired));
        out.extend([text, json, repaired]);
    }
    out
}

/// Digits a written number spreads out (`+1 (555) 555-0123`) joined into one run.
fn digit_skeleton(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let sep = |c: char| matches!(c, ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}');
        if sep(c) && out.ends_with(|p: char| p.is_ascii_digit()) {
            // Up to two separators between digits vanish.
            let mut j = i;
            while j < chars.len() && j < i + 2 && sep(chars[j]) {
                j += 1;
            }
            if chars.get(j).is_some_and(|n| n.is_ascii_digit()) {
                i = j;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// The network a leak shows: an IPv4 /16; an IPv6 /48 in the documentation prefix (whose
/// /32 identifies no one), else its /32.
fn network(ip: IpAddr) -> Vec<u16> {
    match ip {
        IpAddr::V4(a) => vec![4, a.octets()[0].into(), a.octets()[1].into()],
        IpAddr::V6(a) => {
            let s = a.segments();
            let n = if s[..2] == [0x2001, 0xdb8] { 3 } else { 2 };
            std::iter::once(6).chain(s[..n].iter().copied()).collect()
        }
    }
}

/// Every address written in a text, in any spelling (a port, brackets, a sentence's end
/// around it).
fn addresses_in(text: &str) -> Vec<IpAddr> {
    let mut out = Vec::new();
    for run in text.split(|c: char| !(c.is_ascii_hexdigit() || c == ':' || c == '.')) {
        let mut candidates = vec![run, run.trim_end_matches(['.', ':'])];
        if let Some((host, port)) = run.rsplit_once(':')
            && port.bytes().all(|b| b.is_ascii_digit())
        {
            candidates.push(host);
        }
        if let Some(ip) = candidates.iter().find_map(|c| c.parse::<IpAddr>().ok()) {
            out.push(ip);
        }
    }
    out
}

/// Every run of six digits of every number `show --json` gives.
fn phone_windows(show: &Value) -> BTreeSet<String> {
    let mut phones = string_list(&show["contacts"]);
    phones.extend(string_list(&show["blocked"]));
    phones.extend(string_list(&show["privacy"]["status"]["except"]));
    phones.extend(string_list(&show["privacy"]["status"]["only_share_with"]));
    phones.extend(show["account"]["phone_number"].as_str().map(String::from));
    let mut windows = BTreeSet::new();
    for p in phones {
        let d: String = p.chars().filter(char::is_ascii_digit).collect();
        for i in 0..d.len().saturating_sub(5) {
            windows.insert(d[i..i + 6].to_string());
        }
    }
    windows
}

/// The texts `show --json` gives that are identifiers: those looked for word by word too
/// (names and groups), and all, whole: names, About, groups, e-mail (and its local part),
/// session ids, values not understood, privacy values no table has.
fn texts_of(show: &Value) -> (Vec<String>, Vec<String>) {
    let mut worded = string_list(&show["groups"]);
    worded.extend(show["account"]["name"].as_str().map(String::from));
    let mut texts = worded.clone();
    for key in ["email", "about"] {
        texts.extend(show["account"][key].as_str().map(String::from));
    }
    if let Some((local, _)) = show["account"]["email"]
        .as_str()
        .and_then(|e| e.split_once('@'))
    {
        texts.push(local.to_string());
    }
    texts.extend(
        show["sync"]["current_session_id"]
            .as_str()
            .map(String::from),
    );
    for s in show["sync"]["sessions"].as_array().into_iter().flatten() {
        texts.extend(s["id"].as_str().map(String::from));
    }
    for u in show["unrecognised"].as_array().into_iter().flatten() {
        texts.extend(u["value"].as_str().map(String::from));
    }
    const VIS: [&str; 5] = [
        "everyone",
        "my_contacts",
        "nobody",
        "my_contacts_except",
        "only_share_with",
    ];
    for key in ["last_seen", "profile_photo", "about"] {
        if let Some(v) = show["privacy"][key].as_str()
            && !VIS.contains(&v)
        {
            texts.push(v.to_string());
        }
    }
    (worded, texts)
}

/// The identifiers of a report, as its `show --json` and its files give them.
#[derive(Debug, Default)]
struct Identifiers {
    /// Every run of six digits of every number.
    windows: BTreeSet<String>,
    addresses: BTreeSet<IpAddr>,
    /// Names, About, group names, e-mail, session ids, values not understood.
    texts: BTreeSet<String>,
    /// 32-byte runs of the picture's data.
    picture: HashSet<Vec<u8>>,
}

const PICTURE_RUN: usize = 32;

impl Identifiers {
    fn of(show: &Value, files: &[(String, Vec<u8>)], extra: &[String]) -> Identifiers {
        let mut ids = Identifiers {
            windows: phone_windows(show),
            ..Identifiers::default()
        };
        for d in show["devices"].as_array().into_iter().flatten() {
            for key in ["previous_ip", "current_ip"] {
                if let Some(ip) = d[key].as_str().and_then(|s| s.parse().ok()) {
                    ids.addresses.insert(ip);
                }
            }
        }
        let (worded, mut texts) = texts_of(show);
        texts.extend(extra.iter().cloned());
        for t in &texts {
            let t = t.trim();
            // Nothing of a person is in `-`, `: )` or a lone format character.
            if t.chars().filter(|c| c.is_alphanumeric()).count() >= 4 {
                ids.texts.insert(t.to_string());
            }
        }
        // A word of a name is the person's unless the report's own text has it (a group
        // called `Title` says nothing that `<title>` does not).
        let mut own_words: HashSet<String> = HashSet::new();
        for (_, data) in files {
            let mut text = String::from_utf8_lossy(data).into_owned();
            for t in texts.iter().filter(|t| !t.trim().is_empty()) {
                text = text.replace(t.trim(), " ");
            }
            own_words.extend(
                text.split(|c: char| !c.is_alphabetic())
                    .map(str::to_lowercase),
            );
        }
        for t in &worded {
            for w in t.split(|c: char| !c.is_alphabetic()) {
                if w.chars().count() >= 5 && !own_words.contains(&w.to_lowercase()) {
                    ids.texts.insert(w.to_string());
                }
            }
        }
        for picture in pictures(files) {
            for run in picture_data(&picture).windows(PICTURE_RUN) {
                ids.picture.insert(run.to_vec());
            }
        }
        ids
    }

    /// What of these identifiers the twin holds.
    fn leaks(&self, zip: &[u8]) -> Vec<String> {
        let mut found = BTreeSet::new();
        let networks: HashSet<Vec<u16>> = self.addresses.iter().map(|a| network(*a)).collect();
        for view in views(zip) {
            let skeleton = digit_skeleton(&view);
            for run in skeleton
                .split(|c: char| !c.is_ascii_digit())
                .filter(|r| r.len() >= 6)
            {
                for i in 0..=run.len() - 6 {
                    if self.windows.contains(&run[i..i + 6]) {
                        found.insert(format!("digits `{}` of a number", &run[i..i + 6]));
                    }
                }
            }
            for ip in addresses_in(&view) {
                if self.addresses.contains(&ip) {
                    found.insert(format!("address {ip}"));
                } else if networks.contains(&network(ip)) {
                    found.insert(format!("the network of an address, in {ip}"));
                }
            }
            for t in &self.texts {
                if view.contains(t.as_str()) {
                    found.insert(format!("text `{t}`"));
                }
            }
        }
        if !self.picture.is_empty() {
            let mut blobs: Vec<Vec<u8>> = entries_of(zip).into_iter().map(|(_, d)| d).collect();
            for view in views(zip) {
                blobs.extend(base64_runs(&view));
            }
            for blob in blobs {
                if blob.windows(PICTURE_RUN).any(|w| self.picture.contains(w)) {
                    found.insert("a run of the picture's bytes".to_string());
                }
            }
        }
        found.into_iter().collect()
    }
}

/// Every long run of base64 in a text, decoded.
fn base64_runs(text: &str) -> Vec<Vec<u8>> {
    let engine = base64::engine::general_purpose::STANDARD;
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '='))
        .filter(|r| r.len() >= 44)
        .filter_map(|r| {
            let r = &r[..r.len() - r.len() % 4];
            engine
                .decode(r)
                .or_else(|_| engine.decode(r.trim_end_matches('=')))
                .ok()
        })
        .collect()
}

/// The pictures of a report: base64 in its JSON and HTML, and picture files (but the
/// logos under `files/`, WhatsApp's).
fn pictures(files: &[(String, Vec<u8>)]) -> Vec<Vec<u8>> {
    let is_picture = |b: &[u8]| b.starts_with(&[0xff, 0xd8]) || b.starts_with(b"\x89PNG");
    let mut out = Vec::new();
    for (name, data) in files {
        if is_picture(data) && !name.contains("files/") {
            out.push(data.clone());
        }
        let text = String::from_utf8_lossy(data);
        out.extend(
            base64_runs(&text.replace("\\/", "/"))
                .into_iter()
                .filter(|b| is_picture(b) && b.len() > 64),
        );
    }
    out
}

/// A picture's data: a JPEG's from its first scan on (its headers are the format's, shared
/// by every JPEG), all of anything else.
fn picture_data(picture: &[u8]) -> &[u8] {
    picture
        .windows(2)
        .position(|w| w == [0xff, 0xda])
        .map_or(picture, |at| &picture[at..])
}

// ---- Equivalence.

/// A text by the kinds of its characters (a value a twin replaced by shape reads the same).
fn shape_of(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            c if c.is_ascii_digit() => '9',
            c if c.is_lowercase() => 'a',
            c if c.is_uppercase() => 'A',
            c if c.is_alphabetic() => 'x',
            c => c,
        })
        .collect()
}

/// A message of `inspect` by the shape of its quotes and of its file's name: values are
/// replaced by shape, and a name holding a person's name loses it.
fn masked(message: &str) -> String {
    let (file, rest) = message.split_once(": ").unwrap_or(("", message));
    let rest = rest
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                shape_of(part)
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("`");
    format!("{}: {rest}", shape_of(file))
}

/// The unknown key's or label's name a message quotes.
fn unknown_name(message: &str) -> Option<&str> {
    let parts: Vec<&str> = message.split('`').collect();
    parts.windows(2).find_map(|w| {
        (w[1].starts_with(": unknown key") || w[1].starts_with(": unknown label")).then_some(w[0])
    })
}

/// Words and the runs between them.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut word = None;
    for (i, c) in text.char_indices() {
        let w = c.is_alphanumeric();
        if word.is_some_and(|was| was != w) {
            out.push(&text[start..i]);
            start = i;
        }
        word = Some(w);
    }
    out.push(&text[start..]);
    out
}

/// An unknown key's or label's name is kept (it is the format), but for a word of an
/// identifier in it (a device line named after its owner), which keeps its shape.
fn same_name(a: &str, b: &str, identifier_words: &HashSet<String>) -> bool {
    let (x, y) = (tokens(a), tokens(b));
    x.len() == y.len()
        && x.iter()
            .zip(&y)
            .all(|(x, y)| x == y || (identifier_words.contains(*x) && shape_of(x) == shape_of(y)))
}

/// Two lists of messages say the same: by shape, and with the same unknown names.
fn same_messages(a: &Value, b: &Value, identifier_words: &HashSet<String>) -> bool {
    let sorted = |v: &Value| -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = v
            .as_array()
            .into_iter()
            .flatten()
            .map(|m| m.as_str().unwrap_or_default())
            .map(|m| (masked(m), m.to_string()))
            .collect();
        out.sort();
        out
    };
    let (x, y) = (sorted(a), sorted(b));
    x.len() == y.len()
        && x.iter().zip(&y).all(|((mx, x), (my, y))| {
            mx == my
                && match (unknown_name(x), unknown_name(y)) {
                    (Some(n), Some(m)) => same_name(n, m, identifier_words),
                    (None, None) => true,
                    _ => false,
                }
        })
}

/// Every word of the identifiers a report's `show --json` gives, and of `extra`.
fn identifier_words(show: &Value, extra: &[String]) -> HashSet<String> {
    let (_, mut texts) = texts_of(show);
    texts.extend(extra.iter().cloned());
    texts
        .iter()
        .flat_map(|t| {
            t.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// `inspect --json` of the twin is the original's.
fn same_inspection(a: &Value, b: &Value, identifier_words: &HashSet<String>) -> Result<(), String> {
    for key in ["generation", "detected_by", "understood", "placed"] {
        if a[key] != b[key] {
            return Err(format!("inspect `{key}`: {} ≠ {}", a[key], b[key]));
        }
    }
    // By name, its letters and digits as their kind: a name with a person's name in it
    // (a folder named after them) has that name replaced, in the same shape.
    let entries = |v: &Value| -> Vec<(String, String, String, u64)> {
        let mut out: Vec<_> = v["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let name = shape_of(e["name"].as_str().unwrap());
                (
                    name,
                    e["use"].as_str().unwrap().to_string(),
                    e["detail"].as_str().unwrap().to_string(),
                    e["size"].as_u64().unwrap(),
                )
            })
            .collect();
        out.sort();
        out
    };
    let (ea, eb) = (entries(a), entries(b));
    let kinds = |e: &[(String, String, String, u64)]| -> Vec<(String, String, String)> {
        e.iter()
            .map(|(n, u, d, _)| (n.clone(), u.clone(), d.clone()))
            .collect()
    };
    if kinds(&ea) != kinds(&eb) {
        return Err(format!(
            "inspect entries: {:?} ≠ {:?}",
            kinds(&ea),
            kinds(&eb)
        ));
    }
    let names = |v: &Value| -> Vec<String> {
        v["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap().to_string())
            .collect()
    };
    let renamed = names(a).iter().filter(|n| !names(b).contains(n)).count();
    if renamed > 1 {
        return Err(format!("inspect: {renamed} entries renamed"));
    }
    for (x, y) in ea.iter().zip(&eb) {
        let (x, y) = (x.3, y.3);
        // Dates written a character longer or shorter, an e-mail's domain.
        if x.abs_diff(y) > 64.max(x / 25) {
            return Err(format!("inspect entry size {x} → {y}"));
        }
    }
    for key in ["unknown", "notes"] {
        if !same_messages(&a[key], &b[key], identifier_words) {
            return Err(format!("inspect `{key}`: {} ≠ {}", a[key], b[key]));
        }
    }
    let fields = |v: &Value| -> Vec<Value> {
        v["cross_check"]["disagreements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["field"].clone())
            .collect()
    };
    if a["cross_check"]["compared"] != b["cross_check"]["compared"] || fields(a) != fields(b) {
        return Err(format!(
            "inspect cross-check: {} ≠ {}",
            a["cross_check"], b["cross_check"]
        ));
    }
    Ok(())
}

/// How a leaf of `show --json` may change in a twin.
#[derive(Debug, PartialEq)]
enum Leaf {
    Same,
    Phone,
    Address,
    Text,
    Time,
    /// A value in the report that is none of the documented words: by shape.
    Word,
    /// A label the parser did not know: kept, but for an identifier in it.
    Label,
}

fn leaf(path: &str) -> Leaf {
    let last = path
        .rsplit('.')
        .next()
        .unwrap_or(path)
        .trim_end_matches("[]");
    match last {
        "phone_number" | "contacts" | "blocked" | "except" | "only_share_with" => Leaf::Phone,
        "previous_ip" | "current_ip" => Leaf::Address,
        "name" | "email" | "about" if path.starts_with("account.") => Leaf::Text,
        "groups" | "current_session_id" | "value" => Leaf::Text,
        "id" if path.starts_with("sync.") => Leaf::Text,
        "label" if path.starts_with("unrecognised") => Leaf::Label,
        "last_seen" | "profile_photo" | "about" | "mode" if path.starts_with("privacy.") => {
            Leaf::Word
        }
        _ if last.ends_with("_at") || last.ends_with("since") => Leaf::Time,
        _ => Leaf::Same,
    }
}

/// `show --json` of the twin has the original's shape.
fn same_shape(a: &Value, b: &Value, keep_country: bool) -> Result<(), String> {
    let mut offset: Option<i64> = None;
    let mut problems = Vec::new();
    walk(a, b, "", &mut offset, keep_country, &mut problems);
    if a["warnings"].as_array().map(Vec::len) != b["warnings"].as_array().map(Vec::len) {
        problems.push("the number of warnings".into());
    }
    match problems.is_empty() {
        true => Ok(()),
        false => Err(problems.join("; ")),
    }
}

fn walk(
    a: &Value,
    b: &Value,
    path: &str,
    offset: &mut Option<i64>,
    keep_country: bool,
    problems: &mut Vec<String>,
) {
    if path == "warnings" || path == "source.detected_by" {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            if x.keys().ne(y.keys()) {
                problems.push(format!("{path}: keys differ"));
                return;
            }
            for (k, v) in x {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                walk(v, &y[k], &p, offset, keep_country, problems);
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                problems.push(format!("{path}: {} items, then {}", x.len(), y.len()));
                return;
            }
            for (v, w) in x.iter().zip(y) {
                walk(v, w, &format!("{path}[]"), offset, keep_country, problems);
            }
        }
        (Value::Null, Value::Null) => {}
        (Value::Null, _) | (_, Value::Null) => problems.push(format!("{path}: {a} then {b}")),
        (Value::String(x), Value::String(y)) => {
            let ok = match leaf(path) {
                Leaf::Same => x == y,
                Leaf::Phone => {
                    let d = |s: &str| s.chars().filter(char::is_ascii_digit).count();
                    let cc = |s: &str| s[..4.min(s.len())].to_string();
                    d(x) == d(y)
                        && x != y
                        && (!keep_country || x.len() < 4 || cc(x)[..2] == cc(y)[..2])
                }
                Leaf::Address => match (x.parse::<IpAddr>(), y.parse::<IpAddr>()) {
                    (Ok(IpAddr::V4(_)), Ok(IpAddr::V4(t))) => {
                        let o = t.octets();
                        [[192, 0, 2], [198, 51, 100], [203, 0, 113]].contains(&[o[0], o[1], o[2]])
                    }
                    (Ok(IpAddr::V6(_)), Ok(IpAddr::V6(t))) => t.segments()[..2] == [0x2001, 0xdb8],
                    _ => x.chars().count() == y.chars().count(),
                },
                Leaf::Text => {
                    let content = x.chars().any(char::is_alphanumeric);
                    let email = path == "account.email";
                    (if email {
                        y.ends_with("@example.com")
                    } else {
                        x.chars().count() == y.chars().count()
                    }) && (!content || x != y)
                }
                Leaf::Label => x.chars().count() == y.chars().count(),
                Leaf::Word => {
                    let known = [
                        "everyone",
                        "my_contacts",
                        "my_contacts_except",
                        "only_share_with",
                        "nobody",
                    ];
                    if known.contains(&x.as_str()) {
                        x == y
                    } else {
                        x.chars().count() == y.chars().count()
                    }
                }
                Leaf::Time => match (x.parse::<jiff::Timestamp>(), y.parse::<jiff::Timestamp>()) {
                    (Ok(s), Ok(t)) => {
                        let d = t.as_second() - s.as_second();
                        d != 0 && *offset.get_or_insert(d) == d
                    }
                    _ => x == y,
                },
            };
            if !ok {
                problems.push(format!("{path}: {x:?} then {y:?}"));
            }
        }
        _ if a == b => {}
        _ => problems.push(format!("{path}: {a} then {b}")),
    }
}

/// A ZIP's layout: each entry's name (by shape: a name holding a person's name loses it),
/// whether it is a folder, its compression method, in order.
fn layout(zip: &[u8]) -> Vec<(String, bool, zip::CompressionMethod)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(zip.to_vec())).unwrap();
    (0..z.len())
        .map(|i| {
            let f = z.by_index_raw(i).unwrap();
            (
                shape_of(&String::from_utf8_lossy(f.name_raw())),
                f.is_dir(),
                f.compression(),
            )
        })
        .collect()
}

/// The twin's ZIP is laid out as the original's.
fn same_layout(original: &[u8], twin: &[u8]) -> Result<(), String> {
    let (a, b) = (layout(original), layout(twin));
    if a != b {
        return Err(format!("the layout: {a:?} ≠ {b:?}"));
    }
    Ok(())
}

/// Every check of one twin against its original; `extra`: more texts that must be gone.
fn check(original: &Path, twin: &Path, extra: &[String], keep_country: bool) -> Result<(), String> {
    let (o, t) = (original.to_str().unwrap(), twin.to_str().unwrap());
    let show_o = json_of(&["show", "--json", o]);
    let show_t = json_of(&["show", "--json", t]);
    same_inspection(
        &json_of(&["inspect", "--json", o]),
        &json_of(&["inspect", "--json", t]),
        &identifier_words(&show_o, extra),
    )?;
    same_shape(&show_o, &show_t, keep_country)?;
    let files = if original.is_dir() {
        files_of(original)
    } else {
        same_layout(
            &std::fs::read(original).unwrap(),
            &std::fs::read(twin).unwrap(),
        )?;
        entries_of(&std::fs::read(original).unwrap())
    };
    let leaks = Identifiers::of(&show_o, &files, extra).leaks(&std::fs::read(twin).unwrap());
    if !leaks.is_empty() {
        return Err(format!("the twin holds {}", leaks.join(", ")));
    }
    Ok(())
}

/// Every check, the twin of the twin, and one seed's one twin.
fn check_all(original: &Path, seed: u64, extra: &[String]) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let twin = twin_of(original, seed, &[], dir.path())?;
    check(original, &twin, extra, true)?;
    let again = dir.path().join("again.zip");
    std::fs::copy(&twin, &again).unwrap();
    let same = twin_of(original, seed, &[], dir.path())?;
    if std::fs::read(&same).unwrap() != std::fs::read(&again).unwrap() {
        return Err("one seed gave two twins".into());
    }
    let second = twin_of(&again, seed.wrapping_add(1), &[], dir.path())?;
    let show_twin = json_of(&["show", "--json", again.to_str().unwrap()]);
    same_inspection(
        &json_of(&["inspect", "--json", again.to_str().unwrap()]),
        &json_of(&["inspect", "--json", second.to_str().unwrap()]),
        &identifier_words(&show_twin, &[]),
    )
    .map_err(|e| format!("the twin's twin: {e}"))?;
    same_shape(
        &show_twin,
        &json_of(&["show", "--json", second.to_str().unwrap()]),
        true,
    )
    .map_err(|e| format!("the twin's twin: {e}"))
}

#[test]
fn every_fixture_has_a_twin_that_reads_as_it_does() {
    let mut failed = Vec::new();
    for name in every_fixture() {
        for seed in [1, 0x005e_ed0f_7e57] {
            if let Err(e) = check_all(&fixture(&name), seed, &[]) {
                failed.push(format!("{name} (seed {seed}): {e}"));
            }
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}

#[test]
fn a_twin_without_calling_codes_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let original = fixture("gen-b-android");
    let twin = twin_of(&original, 3, &["--no-country"], dir.path()).unwrap();
    check(&original, &twin, &[], false).unwrap();
    let t = json_of(&["show", "--json", twin.to_str().unwrap()]);
    let codes: Vec<&str> = t["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p.as_str().unwrap()[..3])
        .collect();
    assert!(
        codes.iter().any(|c| !c.starts_with("+1")),
        "the calling codes moved: {codes:?}"
    );
}

// ---- The shipped fixtures, in detail.

#[test]
fn a_twin_keeps_the_archive_as_it_is_laid_out() {
    let original = std::fs::read(fixture("gen-b-android.zip")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let twin = twin_of(&fixture("gen-b-android.zip"), 9, &[], dir.path()).unwrap();
    let twin = std::fs::read(twin).unwrap();
    let names = |bytes: &[u8]| -> Vec<String> {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        (0..z.len())
            .map(|i| String::from_utf8_lossy(z.by_index_raw(i).unwrap().name_raw()).into_owned())
            .collect()
    };
    assert_eq!(names(&twin), names(&original), "the names, in order");
    same_layout(&original, &twin).unwrap();
    // Formatting is the report's: two-space JSON, no final newline, empty lists across lines.
    let by_name: BTreeMap<String, Vec<u8>> = entries_of(&twin).into_iter().collect();
    let settings =
        String::from_utf8(by_name["whatsapp_settings/account_settings.json"].clone()).unwrap();
    let fixture_settings =
        crate::support::fixture_text("gen-b-android", "whatsapp_settings/account_settings.json");
    assert_eq!(settings.lines().count(), fixture_settings.lines().count());
    assert!(!settings.ends_with('\n'));
    for (a, b) in settings.lines().zip(fixture_settings.lines()) {
        let indent = |s: &str| s.len() - s.trim_start().len();
        assert_eq!(indent(a), indent(b), "{a}");
    }
    // Mojibake stays mojibake.
    let groups = String::from_utf8(by_name["whatsapp_connections/groups.json"].clone()).unwrap();
    assert!(
        groups.contains("\\u00f0\\u009f"),
        "an emoji's mojibake: {groups}"
    );
    // The entries' times moved with the report's.
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(twin.clone())).unwrap();
    let time = z.by_index(0).unwrap().last_modified().unwrap();
    let mut o = zip::ZipArchive::new(std::io::Cursor::new(original.clone())).unwrap();
    assert_ne!(
        (time.year(), time.month(), time.day()),
        {
            let t = o.by_index(0).unwrap().last_modified().unwrap();
            (t.year(), t.month(), t.day())
        },
        "entry times move with the report's"
    );
    assert_eq!(z.comment(), wareport::twin::MARK.as_bytes());
}

#[test]
fn a_twin_replaces_every_kind_of_identifier_as_promised() {
    let dir = tempfile::tempdir().unwrap();
    let twin = twin_of(&fixture("gen-b-android"), 11, &[], dir.path()).unwrap();
    let t = json_of(&["show", "--json", twin.to_str().unwrap()]);
    // Phone numbers: in North America's fiction range, the calling code kept.
    for p in t["contacts"].as_array().unwrap() {
        let p = p.as_str().unwrap();
        if p.starts_with("+1") {
            assert_eq!(&p[5..10], "55501", "{p}");
        }
    }
    let blocked = t["blocked"].as_array().unwrap();
    let uk = blocked
        .iter()
        .find_map(|p| p.as_str().filter(|p| p.starts_with("+44")))
        .unwrap();
    assert_eq!(uk.len(), "+445555550109".len());
    // Addresses: documentation ranges, the masked one still masked, the port kept.
    let d2 = &t["devices"][1];
    assert!(d2["previous_ip"].as_str().unwrap().ends_with(".0"), "{d2}");
    assert_eq!(d2["current_port"], 40123);
    assert!(
        t["devices"][0]["previous_ip"]
            .as_str()
            .unwrap()
            .ends_with("::")
    );
    // Text of its scripts: Persian stays Arabic script, an emoji an emoji.
    let groups: Vec<&str> = t["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap())
        .collect();
    assert_eq!(groups[0], groups[1], "one name, one replacement");
    assert!(
        groups[7]
            .chars()
            .all(|c| c == ' ' || ('\u{600}'..='\u{6ff}').contains(&c)),
        "{}",
        groups[7]
    );
    assert!(
        groups[2]
            .chars()
            .last()
            .is_some_and(|c| c as u32 >= 0x1f000),
        "{}",
        groups[2]
    );
    assert_eq!(groups[8], "\u{200e}", "a lone format character is no one's");
    assert!(
        t["account"]["email"]
            .as_str()
            .unwrap()
            .ends_with("@example.com")
    );
    // The picture: the same length, a JPEG.
    assert_eq!(t["account"]["profile_picture"]["size_bytes"], 3000);
    let by_name: BTreeMap<String, Vec<u8>> = entries_of(&std::fs::read(&twin).unwrap())
        .into_iter()
        .collect();
    let user: Value =
        serde_json::from_slice(&by_name["whatsapp_account_information/user_information.json"])
            .unwrap();
    let picture = base64::engine::general_purpose::STANDARD
        .decode(user["wa_profile_info"]["profile_picture"].as_str().unwrap())
        .unwrap();
    assert!(picture.starts_with(&[0xff, 0xd8, 0xff]) && picture.ends_with(&[0xff, 0xd9]));
    assert_eq!(picture.len(), 3000);
    // The same picture in the page.
    let page =
        String::from_utf8(by_name["whatsapp_account_information/user_information.html"].clone())
            .unwrap();
    assert!(page.contains(user["wa_profile_info"]["profile_picture"].as_str().unwrap()));
}

#[test]
fn unknown_keys_labels_and_files_keep_their_names_and_lose_their_values() {
    let dir = tempfile::tempdir().unwrap();
    let original = fixture("gen-b-unknown-parts");
    let twin = twin_of(&original, 4, &[], dir.path()).unwrap();
    let by_name: BTreeMap<String, Vec<u8>> = entries_of(&std::fs::read(&twin).unwrap())
        .into_iter()
        .collect();
    let settings =
        String::from_utf8(by_name["whatsapp_settings/account_settings.json"].clone()).unwrap();
    assert!(
        settings.contains("\"wa_communities_count\": "),
        "the key stays"
    );
    assert!(
        !settings.contains("\"wa_communities_count\": 3"),
        "its value goes"
    );
    let page = String::from_utf8(by_name["whatsapp_connections/communities.html"].clone()).unwrap();
    assert!(page.contains(">Communities<"), "the label stays: {page}");
    let user =
        String::from_utf8(by_name["whatsapp_account_information/user_information.html"].clone())
            .unwrap();
    assert!(user.contains("Linked Accounts"));
    let out = run(&["inspect", twin.to_str().unwrap()]).unwrap();
    assert!(out.contains("unknown key"), "{out}");
}

// ---- The hostile corpus: every report of it that reads at all.

/// Reports built to break readers (`hostile.rs`, `archive.rs`, `parsing.rs`,
/// `real_reports.rs`, `leaks.rs` build them one by one), each as a ZIP: its cases of layout
/// and of content.
fn corpus() -> Vec<(&'static str, Vec<u8>)> {
    let mut all = layout_cases();
    all.extend(content_cases());
    all
}

/// Reports laid out otherwise: in a folder with litter, a ZIP inside, payments, a file
/// missing, JSON alone, pages alone, shuffled, a no-data file of more than a line.
fn layout_cases() -> Vec<(&'static str, Vec<u8>)> {
    let b = || files_of(&fixture("gen-b-android"));
    let nested = zip_files(&files_of(&fixture("gen-b2-iphone")), "", 0);
    let mut with_nested = b();
    with_nested.push(("whatsapp_connections/nested.zip".into(), nested));
    let mut litter = b();
    litter.push((
        "__MACOSX/whatsapp_connections/._groups.json".into(),
        b"\0\x05\x16\x07\0\x02\0\0Mac OS X        ATTR com.apple.quarantine 0083;5f3c;Safari;Alex"
            .to_vec(),
    ));
    litter.push((
        "whatsapp_connections/.DS_Store".into(),
        b"\0\0\0\x01Bud1\0\0\0\x10\0g\0r\0o\0u\0p\0s".to_vec(),
    ));
    let mut payments = b();
    payments.push((
        "whatsapp_payments/transactions.csv".into(),
        b"date,amount,to\n2022-07-01,12.50,+15555550101\n".to_vec(),
    ));
    vec![
        (
            "entries in a folder, litter beside",
            zip_files(&litter, "My Account Info/", 3),
        ),
        ("a ZIP inside the ZIP", zip_files(&with_nested, "", 0)),
        ("payments with content", zip_files(&payments, "", 0)),
        (
            "JSON only",
            zip_files(
                &b().into_iter()
                    .filter(|(n, _)| !n.ends_with(".html") || n == "index.html")
                    .collect::<Vec<_>>(),
                "",
                0,
            ),
        ),
        (
            "no contacts file",
            zip_files(
                &without_file(b(), "whatsapp_connections/contacts.json"),
                "",
                0,
            ),
        ),
        (
            "shuffled, a report of another generation",
            zip_fixture("gen-c-android", 5),
        ),
        (
            "pages only, of generation B2",
            zip_files(
                &files_of(&fixture("gen-b2-iphone"))
                    .into_iter()
                    .filter(|(n, _)| !n.ends_with(".json"))
                    .collect::<Vec<_>>(),
                "",
                4,
            ),
        ),
        (
            "gen A's page alone",
            zip_files(
                &without_file(files_of(&fixture("gen-a-iphone")), "portability.json"),
                "",
                0,
            ),
        ),
        (
            "gen C without its user information",
            zip_files(
                &without_file(
                    files_of(&fixture("gen-c-android")),
                    "whatsapp_account_information/user_information.json",
                ),
                "",
                0,
            ),
        ),
        (
            "a no-data file of two lines, in German",
            zip_files(
                &with_file(
                    files_of(&fixture("gen-b2-iphone")),
                    "whatsapp_payments/no-data.txt",
                    "Sie haben keine Daten in diesem Bereich\nzweite Zeile",
                ),
                "",
                0,
            ),
        ),
    ]
}

/// Reports whose content is hostile: deep nesting, control characters, impossible dates,
/// wrong types, identifiers written otherwise, a BOM, every field hostile.
fn content_cases() -> Vec<(&'static str, Vec<u8>)> {
    let b = || files_of(&fixture("gen-b-android"));
    let deep_list = format!(
        "{{\"wa_contacts\": [\"+15555550101\", {}{}]}}",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    let deep_page = format!(
        "<html><body><table><tr><td>About</td><td>{}x{}</td></tr></table></body></html>",
        "<div>".repeat(5_000),
        "</div>".repeat(5_000)
    );
    let names = crate::hostile::HOSTILE_NAMES;
    let (user, written) = user_texts();
    let groups = crate::support::fixture_text("gen-b-android", "whatsapp_connections/groups.json");
    // Gen B with one entry's text replaced, its entries shuffled by `shuffle`.
    let b_with =
        |entry: &str, text: &str, shuffle| zip_files(&with_file(b(), entry, text), "", shuffle);
    let user_json = "whatsapp_account_information/user_information.json";
    vec![
        (
            "contacts nested 50,000 deep",
            b_with("whatsapp_connections/contacts.json", &deep_list, 0),
        ),
        (
            "a page nested 5,000 deep",
            b_with(
                "whatsapp_account_information/user_information.html",
                &deep_page,
                1,
            ),
        ),
        (
            "control, ANSI and bidi in group names",
            b_with(
                "whatsapp_connections/groups.json",
                &json!({"wa_groups": names}).to_string(),
                2,
            ),
        ),
        (
            "gen A, groups only in the page, an impossible date",
            gen_a_case(),
        ),
        (
            "wrong types and unknown keys",
            b_with(user_json, &user.to_string(), 0),
        ),
        (
            "numbers and addresses written otherwise",
            b_with(user_json, &written, 0),
        ),
        (
            "a BOM before the JSON",
            b_with(
                "whatsapp_connections/groups.json",
                &format!("\u{feff}{groups}"),
                0,
            ),
        ),
        (
            "every field hostile",
            zip_files(
                &crate::leaks::hostile_files(&[
                    "a\u{202e}b".into(),
                    "\u{1b}[31mx".into(),
                    "t\u{0}n".into(),
                ]),
                "",
                0,
            ),
        ),
    ]
}

/// Gen A with an impossible date in its page, and its groups only there.
fn gen_a_case() -> Vec<u8> {
    let access = crate::support::fixture_text("gen-a-iphone", "access.html");
    let impossible = access.replacen("2022/05/11-13:39:02", "2022/02/30-13:39:02", 1);
    let mut portable: Value = serde_json::from_str(&crate::support::fixture_text(
        "gen-a-iphone",
        "portability.json",
    ))
    .unwrap();
    portable.as_object_mut().unwrap().remove("groups");
    let gen_a = with_file(
        files_of(&fixture("gen-a-iphone")),
        "access.html",
        &impossible,
    );
    zip_files(
        &with_file(gen_a, "portability.json", &portable.to_string()),
        "",
        0,
    )
}

/// Gen B's `user_information.json` with wrong types and unknown keys; and with its number
/// and address written otherwise.
fn user_texts() -> (Value, String) {
    let mut user: Value = serde_json::from_str(&crate::support::fixture_text(
        "gen-b-android",
        "whatsapp_account_information/user_information.json",
    ))
    .unwrap();
    user["wa_profile_info"]["report_generation_time"] = json!("soon");
    user["wa_profile_info"]["device_activity"][0]["status"] = json!(7);
    user["wa_profile_info"]["wa_extra"] = json!({"nested": ["x", 12, {"deep": "Alex"}]});
    let raw_user = crate::support::fixture_text(
        "gen-b-android",
        "whatsapp_account_information/user_information.json",
    );
    let written = raw_user
        .replace("\"15555550123\"", "\"+1 (555) 555-0123\"")
        .replace(
            "\"2001:db8:12::\"",
            "\"2001:0DB8:0012:0000:0000:0000:0000:0000\"",
        );
    (user, written)
}

#[test]
fn every_hostile_report_that_reads_has_a_twin_that_reads_as_it_does() {
    let dir = tempfile::tempdir().unwrap();
    let mut failed = Vec::new();
    let mut read = 0;
    for (i, (what, bytes)) in corpus().into_iter().enumerate() {
        let path = dir.path().join(format!("hostile-{i}.zip"));
        std::fs::write(&path, &bytes).unwrap();
        if run(&["show", "--json", path.to_str().unwrap()]).is_err() {
            continue;
        }
        read += 1;
        if let Err(e) = check_all(&path, i as u64, &["Alex".into()]) {
            failed.push(format!("{what}: {e}"));
        }
    }
    assert!(read >= 16, "the corpus reads: {read}");
    assert!(failed.is_empty(), "{failed:#?}");
}

#[test]
fn a_report_that_does_not_read_has_no_twin() {
    let (_dir, path) = temp_file("x.zip", b"not a zip at all");
    let out = Test::new().args(["twin", "-o", "t.zip"]).arg(&path).run();
    let line = out.error();
    assert!(
        line.contains("x.zip") && line.contains("not a ZIP"),
        "{line}"
    );
    let broken = zip_files(
        &with_file(
            files_of(&fixture("gen-b-android")),
            "whatsapp_connections/groups.json",
            "{\"wa_groups\": [1,",
        ),
        "",
        0,
    );
    let (dir, path) = temp_file("broken.zip", &broken);
    let out = Test::new()
        .current_dir(dir.path())
        .args(["twin", "-o", "t.zip"])
        .arg(&path)
        .run();
    let line = out.error();
    assert!(
        line.contains("entry `whatsapp_connections/groups.json`"),
        "{line}"
    );
    assert!(!dir.path().join("t.zip").exists(), "nothing is written");
}

// ---- The checks catch what they look for.

/// A ZIP with one entry's bytes changed by `change`.
fn planted(zip: &[u8], entry: &str, change: impl Fn(&str) -> String) -> Vec<u8> {
    let files: Vec<(String, Vec<u8>)> = entries_of(zip)
        .into_iter()
        .filter(|(n, _)| !n.ends_with('/'))
        .map(|(n, d)| {
            if n == entry {
                let t = change(&String::from_utf8(d).unwrap());
                (n, t.into_bytes())
            } else {
                (n, d)
            }
        })
        .collect();
    zip_files(&files, "", 0)
}

#[test]
fn the_leak_check_finds_an_identifier_planted_in_any_written_form() {
    let original = fixture("gen-b-android");
    let dir = tempfile::tempdir().unwrap();
    let twin = std::fs::read(twin_of(&original, 2, &[], dir.path()).unwrap()).unwrap();
    let show = json_of(&["show", "--json", original.to_str().unwrap()]);
    let ids = Identifiers::of(&show, &files_of(&original), &[]);
    assert_eq!(ids.leaks(&twin), Vec::<String>::new(), "the twin is clean");
    let picture = pictures(&files_of(&original)).remove(0);
    let run = base64::engine::general_purpose::STANDARD.encode(&picture[600..648]);
    let page = "whatsapp_account_information/user_information.html";
    let json = "whatsapp_connections/groups.json";
    let cases: Vec<(&str, &str, String)> = vec![
        (
            "a number, formatted",
            page,
            "<div>+1 (555) 555-0123</div>".into(),
        ),
        (
            "six digits of a number",
            page,
            "<div>id 550123</div>".into(),
        ),
        (
            "a number, digits as references",
            page,
            "<div>&#49;5555550&#49;23</div>".into(),
        ),
        (
            "a name, HTML-escaped",
            page,
            "<div>Alex M&#252;ller</div>".into(),
        ),
        (
            "a group, as mojibake",
            json,
            "\"M\\u00c3\\u00bcller Stammtisch\"".into(),
        ),
        (
            "a group, as \\u escapes",
            json,
            "\"\\u0046amily\\ud83d\\ude42\"".into(),
        ),
        (
            "an address, in full and upper case",
            page,
            "<div>2001:0DB8:0012:0000:0000:0000:0000:0001</div>".into(),
        ),
        (
            "an address's network",
            page,
            "<div>172.16.99.1</div>".into(),
        ),
        (
            "an e-mail, its @ escaped",
            page,
            "alex.example&#064;example.com".into(),
        ),
        (
            "a run of the picture",
            page,
            format!("<img src=\"data:image/jpeg;base64,{run}\">"),
        ),
    ];
    for (what, entry, plant) in cases {
        let bad = planted(&twin, entry, |t| {
            if entry.ends_with(".json") {
                t.replacen("[", &format!("[{plant},"), 1)
            } else {
                t.replacen("</body>", &format!("{plant}</body>"), 1)
            }
        });
        assert!(!ids.leaks(&bad).is_empty(), "{what} is not found");
    }
}

#[test]
fn the_shape_check_finds_a_changed_shape() {
    let show: Value = json_of(&["show", "--json", fixture("gen-b-android").to_str().unwrap()]);
    let mut changed = show.clone();
    changed["groups"].as_array_mut().unwrap().pop();
    assert!(same_shape(&show, &changed, true).is_err(), "a list shorter");
    let mut changed = show.clone();
    changed["devices"][0]["app_version"] = json!("Android-9.9");
    assert!(
        same_shape(&show, &changed, true).is_err(),
        "a version changed"
    );
    let mut changed = show.clone();
    changed["privacy"]["last_seen"] = json!("nobody");
    assert!(
        same_shape(&show, &changed, true).is_err(),
        "a setting changed"
    );
    let mut changed = show.clone();
    changed["report"]["generated_at"] = json!("2030-01-01T00:00:00Z");
    assert!(
        same_shape(&show, &changed, true).is_err(),
        "one time moved alone"
    );
    let mut changed = show.clone();
    changed["account"]["email"] = Value::Null;
    assert!(same_shape(&show, &changed, true).is_err(), "a value gone");
}

#[test]
fn the_inspection_check_finds_an_unknown_name_changed() {
    let path = fixture("gen-b-unknown-parts");
    let inspect = json_of(&["inspect", "--json", path.to_str().unwrap()]);
    let show = json_of(&["show", "--json", path.to_str().unwrap()]);
    let words = identifier_words(&show, &["Alex".into()]);
    assert!(same_inspection(&inspect, &inspect, &words).is_ok());
    let with_unknown = |from: &str, to: &str| -> Value {
        let mut changed = inspect.clone();
        let unknown = changed["unknown"].as_array_mut().unwrap();
        let at = unknown
            .iter()
            .position(|m| m.as_str().unwrap().contains(from))
            .unwrap_or_else(|| panic!("no message quotes {from}"));
        unknown[at] = json!(unknown[at].as_str().unwrap().replace(from, to));
        changed
    };
    // Kept, letter for letter: an unknown key and an unknown label are the format.
    let key = with_unknown("wa_communities_count", "wa_qwertyuiopa_count");
    assert!(
        same_inspection(&inspect, &key, &words).is_err(),
        "a key renamed"
    );
    let label = with_unknown("`Linked Accounts`", "`Linked Qwertyxx`");
    assert!(
        same_inspection(&inspect, &label, &words).is_err(),
        "a label renamed"
    );
    // An identifier's word in a label changes, in its shape.
    let mut owned = inspect.clone();
    owned["unknown"]
        .as_array_mut()
        .unwrap()
        .push(json!("a.html: `Alex iPad`: unknown label; kept as given"));
    let mut renamed = inspect.clone();
    renamed["unknown"]
        .as_array_mut()
        .unwrap()
        .push(json!("a.html: `Qwer iPad`: unknown label; kept as given"));
    assert!(same_inspection(&owned, &renamed, &words).is_ok());
}

// ---- Generated reports: identifiers in every written form.

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(12)
}

#[test]
fn generated_reports_with_identifiers_in_every_form_have_clean_twins() {
    let mut runner = TestRunner::new(RunnerConfig {
        cases: cases(),
        ..RunnerConfig::default()
    });
    runner
        .run(&(crate::leaks::planted(), any::<u64>()), |(p, seed)| {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("planted.zip");
            std::fs::write(&path, zip_files(&p.files, "", 0)).unwrap();
            // Gone: everything personal; kept: the unknown label, key and folder (names).
            let gone: Vec<String> = p
                .named
                .iter()
                .filter(|(role, _)| !["label", "key", "folder"].contains(role))
                .map(|(_, w)| w.clone())
                .collect();
            let result = check_all(&path, seed, &gone);
            prop_assert!(result.is_ok(), "{:?}", result);
            let twin = twin_of(&path, seed, &[], dir.path()).unwrap();
            let names: String = entries_of(&std::fs::read(twin).unwrap())
                .into_iter()
                .map(|(n, d)| format!("{n}\n{}\n", String::from_utf8_lossy(&d)))
                .collect();
            for (role, word) in &p.named {
                if ["label", "key", "folder"].contains(role) {
                    prop_assert!(
                        names.contains(word.as_str()),
                        "the {} `{}` is kept",
                        role,
                        word
                    );
                }
            }
            Ok(())
        })
        .unwrap();
}

/// Bytes cut out of an entry's text and others put in their place, at a share of its length.
fn mangled(text: &str, at: f64, cut: usize, put: &str) -> String {
    let mut start = ((text.len() as f64) * at) as usize;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + cut).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    format!("{}{put}{}", &text[..start], &text[end..])
}

#[test]
fn a_mangled_report_gives_a_twin_or_one_error_never_a_panic() {
    let entries = [
        "whatsapp_account_information/user_information.json",
        "whatsapp_account_information/user_information.html",
        "whatsapp_settings/account_settings.json",
        "whatsapp_settings/account_settings.html",
        "whatsapp_connections/groups.json",
        "whatsapp_connections/contacts.html",
    ];
    let put = prop::sample::select(vec![
        "",
        "\"",
        "}",
        "]",
        "<",
        ">",
        "&#",
        "&amp;",
        "\\u00",
        "</td>",
        "<td>",
        "2022/02/30-13:39:02",
        "Aug 99, 2022, 7:11 PM",
        "+",
        "::",
        ":99999",
        "\u{202e}",
        "\u{0}",
        "é",
        "🥳",
    ]);
    let mut runner = TestRunner::new(RunnerConfig {
        cases: cases() * 4,
        ..RunnerConfig::default()
    });
    runner
        .run(
            &(0..entries.len(), 0.0..1.0f64, 0usize..40, put, any::<u64>()),
            |(entry, at, cut, put, seed)| {
                let files = files_of(&fixture("gen-b-android"));
                let text = crate::support::fixture_text("gen-b-android", entries[entry]);
                let bytes = zip_files(
                    &with_file(files, entries[entry], &mangled(&text, at, cut, put)),
                    "",
                    0,
                );
                let options = wareport::twin::Options {
                    seed,
                    keep_country: true,
                };
                let limits = wareport::archive::Limits::DEFAULT;
                if let Err(e) = wareport::twin::twin_zip("mangled.zip", bytes, limits, &options) {
                    let line = wareport::app::error_line(&e);
                    prop_assert!(!line.contains('\n'), "one line: {}", line);
                }
                Ok(())
            },
        )
        .unwrap();
}

// ---- The command line.

#[test]
fn the_twin_goes_to_a_pipe_and_never_to_a_terminal() {
    let bin = env!("CARGO_BIN_EXE_wareport");
    let out = std::process::Command::new(bin)
        .args(["twin", "--seed", "5"])
        .arg(fixture("gen-b-android.zip"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.starts_with(b"PK"));
    let dir = tempfile::tempdir().unwrap();
    let file = twin_of(&fixture("gen-b-android.zip"), 5, &[], dir.path()).unwrap();
    assert_eq!(
        out.stdout,
        std::fs::read(file).unwrap(),
        "stdout and -o hold one twin"
    );
    let said = crate::overwrite::on_a_terminal(
        dir.path(),
        &format!("twin {}", fixture("gen-b-android.zip").display()),
    );
    if !said.is_empty() {
        assert!(
            said.starts_with("wareport: error: a twin is a ZIP archive"),
            "{said}"
        );
        assert!(!said.contains("PK"), "no archive poured into the terminal");
    }
}

#[test]
fn the_twin_of_a_folder_or_stdin_is_the_twin_of_its_zip() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.zip");
    let folder = Test::new()
        .args(["twin", "--seed", "8", "-o"])
        .arg(&out)
        .arg(fixture("gen-b-android"))
        .run();
    folder.success();
    assert!(
        folder.stderr.starts_with("wareport: wrote "),
        "{}",
        folder.stderr
    );
    check(&fixture("gen-b-android"), &out, &[], true).unwrap();
    let zip = std::fs::read(fixture("gen-b-android.zip")).unwrap();
    let piped = dir.path().join("piped.zip");
    Test::new()
        .args(["twin", "--seed", "8", "-o"])
        .arg(&piped)
        .arg("-")
        .stdin(zip)
        .run()
        .success();
    let file = twin_of(&fixture("gen-b-android.zip"), 8, &[], dir.path()).unwrap();
    assert_eq!(std::fs::read(piped).unwrap(), std::fs::read(file).unwrap());
}

#[test]
fn a_twin_overwrites_only_its_own_earlier_twin() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.zip");
    std::fs::copy(fixture("gen-b-android.zip"), &report).unwrap();
    let notes = dir.path().join("notes.zip");
    std::fs::write(&notes, b"mine").unwrap();
    let t = |args: &[&str]| Test::new().current_dir(dir.path()).args(args).run();
    let line = t(&["twin", "-o", "notes.zip", "report.zip"])
        .error()
        .to_string();
    assert!(line.contains("--force"), "{line}");
    assert_eq!(std::fs::read(&notes).unwrap(), b"mine");
    let line = t(&["twin", "-o", "report.zip", "--force", "report.zip"])
        .error()
        .to_string();
    assert!(line.contains("this command reads"), "{line}");
    let first = t(&["twin", "-o", "twin.zip", "report.zip"]);
    first.success();
    assert!(
        first.stderr.starts_with("wareport: wrote twin.zip"),
        "{}",
        first.stderr
    );
    let again = t(&["twin", "-q", "-o", "twin.zip", "report.zip"]);
    again.success();
    assert_eq!(again.stderr, "", "-q silences the line naming the file");
    t(&["twin", "-o", "notes.zip", "--force", "report.zip"]).success();
    assert!(std::fs::read(&notes).unwrap().starts_with(b"PK"));
    assert_eq!(
        std::fs::read(&report).unwrap(),
        std::fs::read(fixture("gen-b-android.zip")).unwrap()
    );
}

#[test]
fn inspect_suggests_a_twin_when_anything_is_not_understood() {
    let out = Test::new()
        .in_repo()
        .args(["inspect", "--width", "60", "fixtures/gen-b-unknown-parts"])
        .run();
    let lines: Vec<&str> = out.stdout.trim_end().lines().collect();
    assert_eq!(
        lines[lines.len() - 1],
        "  wareport twin -o twin.zip fixtures/gen-b-unknown-parts",
        "the command, whole, on the last line"
    );
    assert!(
        lines[lines.len() - 3..].join(" ").contains("attach a twin"),
        "{lines:?}"
    );
    let out = Test::new()
        .in_repo()
        .args(["inspect", "fixtures/gen-b-android"])
        .run();
    assert!(!out.stdout.contains("wareport twin"));
    let out = Test::new()
        .in_repo()
        .args(["inspect", "--json", "fixtures/gen-b-unknown-parts"])
        .run();
    assert!(
        !out.stdout.contains("wareport twin"),
        "JSON is the document alone"
    );
    let command = wareport::twin::suggestion("My Account Info.zip");
    assert_eq!(command, "wareport twin -o twin.zip 'My Account Info.zip'");
    assert_eq!(
        wareport::twin::suggestion("it's.zip"),
        r"wareport twin -o twin.zip 'it'\''s.zip'"
    );
    let argv = ["wareport", "twin", "-o", "twin.zip", "My Account Info.zip"];
    assert!(wareport::cli::config_from(argv).is_ok());
}

/// Identifiers written where the first twin did not look (a review found each leaking): a
/// name with a named entity, a number in CDATA, a processing instruction and a style sheet,
/// the picture unpadded and under `data-src`, a page no generation has with a title and
/// attributes naming someone, and the litter of unzip tools holding names in UTF-8, UTF-16
/// and Latin-1. Each twin holds none of them; with `--no-country` a national number in a
/// comment is replaced too, without a panic.
#[test]
fn identifiers_in_entities_cdata_attributes_unknown_pages_and_litter_are_replaced() {
    let user = "whatsapp_account_information/user_information.html";
    let page = crate::support::fixture_text("gen-b-android", user);
    let b64 = base64::engine::general_purpose::STANDARD;
    let photo = page
        .split("base64,")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let mut bytes = b64.decode(photo).unwrap();
    bytes.pop();
    let unpadded = base64::engine::general_purpose::STANDARD_NO_PAD.encode(&bytes);
    let page = page
        .replacen("Alex Müller", "Alex M&uuml;ller", 1)
        .replacen(
            "<body class=\"_5vb_ _2yq _a7o5\">",
            &format!(
                "<body class=\"_5vb_ _2yq _a7o5\"><!-- call (555) 555-0123 --><![CDATA[ +1 555 555 0123 ]]>\
                 <?note 15555550123 ?><style>/* 15555550123 */</style><p>IP:172.16.5.7 +1\u{a0}555\u{2011}555\u{2011}0123</p><p>WhatsApp <b>1555</b><b>5550123</b></p>\
                 <img data-src=\"data:image/jpeg;base64,{unpadded}\"><img src=\"data:image/jpeg;base64,{unpadded}\">"
            ),
            1,
        );
    let community = "<html><head><title>Communities of Bob Stonebridge</title></head><body>\
        <a href=\"https://wa.me/4915112345678\" title=\"Bob Stonebridge\">Bob Stonebridge</a></body></html>";
    let mut files = with_file(files_of(&fixture("gen-b-android")), user, &page);
    files = with_file(files, "whatsapp_connections/communities.html", community);
    let utf16: Vec<u8> = "Ivan Иванович Петров"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let mut junk = b"\x00\x05\x16\x07Mac OS X        \x00\x02".to_vec();
    junk.extend("Иванович Петров".as_bytes());
    junk.extend(b"\x00\xff\xff\xff\x00");
    junk.extend(&utf16);
    junk.extend(b"\x00Jos\xe9 Garc\xeda\x00");
    files.push((
        "__MACOSX/whatsapp_connections/._groups.json".into(),
        junk.clone(),
    ));
    files.push(("whatsapp_connections/blob.bin".into(), junk));
    files.push((
        "whatsapp_connections/notes.txt".into(),
        b"call +1 555-555-0123 today".to_vec(),
    ));
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("report.zip");
    std::fs::write(&zip, zip_files(&files, "", 0)).unwrap();
    let extra: Vec<String> = ["Stonebridge", "4915112345678", "Иванович", "Петров"]
        .map(String::from)
        .to_vec();
    for (seed, args) in [(1, &[][..]), (2, &["--no-country"][..])] {
        let twin = twin_of(&zip, seed, args, dir.path()).unwrap();
        check(&zip, &twin, &extra, args.is_empty()).unwrap();
        let inflated: Vec<u8> = entries_of(&std::fs::read(&twin).unwrap())
            .into_iter()
            .flat_map(|(_, d)| d)
            .collect();
        for needle in [
            &utf16[8..24],
            b"Jos\xe9 Garc\xeda",
            "Петров".as_bytes(),
            b"5550123",
        ] {
            assert!(
                !inflated.windows(needle.len()).any(|w| w == needle),
                "{args:?}: {:?} survives",
                String::from_utf8_lossy(needle)
            );
        }
        let text = String::from_utf8_lossy(&inflated);
        assert!(!text.contains("M&uuml;ller") && !text.contains("Stonebridge"));
        // The account's number in a file no generation has is the same twin as everywhere.
        let phone = json_of(&["show", "--json", twin.to_str().unwrap()])["account"]["phone_number"]
            .as_str()
            .unwrap()
            .to_string();
        let notes = entries_of(&std::fs::read(&twin).unwrap())
            .into_iter()
            .find(|(n, _)| n.ends_with("notes.txt"))
            .unwrap()
            .1;
        let digits: String = String::from_utf8(notes)
            .unwrap()
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        assert_eq!(format!("+{digits}"), phone, "{args:?}");
    }
}
