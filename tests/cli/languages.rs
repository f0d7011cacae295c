//! Any language (issue 14): every fixture, its labels and month names rewritten into
//! pseudo-languages (other words of other lengths, non-Latin scripts, right to left), reads
//! as the original does, and says which fields it read by structure. The pseudo-languages
//! are random (a property test: 100 cases per fixture in `cargo test`, and
//! `PROPTEST_CASES=1000 cargo test --release --test cli any_language` is the long run) and two fixed ones checked in (`pseudo/latin.json`, `pseudo/arabic.json`).
//!
//! The reports are built and read in-process through the library (`Archive::from_zip_bytes`,
//! `parse::parse`, `view::Show`), for speed; the binary is run for the gen C fixture in a
//! hypothetical language and for `inspect`.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};
use wareport::archive::{Archive, Limits};
use wareport::model::{LeafMut, Report, WarningKind};
use wareport::parse::normalize::repair_mojibake;
use wareport::parse::{self, Options, Parsed};
use wareport::text::Part;
use wareport::view::{Show, ShowSection};

use crate::support::{Test, files_of, fixture, temp_file};

/// Every fixture folder, of every generation.
const ALL_FIXTURES: [&str; 10] = [
    "gen-a-iphone",
    "gen-b-android",
    "gen-b-android-prev",
    "gen-b-id-android",
    "gen-b-id-android-html-only",
    "gen-b-iphone-jul22",
    "gen-b-unknown-parts",
    "gen-b2-iphone",
    "gen-c-android",
    "gen-c-unknown-language",
];

/// The month names the fixtures' dates use, by number: English, Indonesian, and the
/// hypothetical language of `gen-c-unknown-language`.
const MONTHS: [&[&str]; 12] = [
    &["Jan"],
    &["Feb", "fev"],
    &["Mar"],
    &["Apr", "abr"],
    &["May", "Mei"],
    &["Jun"],
    &["Jul"],
    &["Aug", "Agu"],
    &["Sep"],
    &["Oct", "Okt"],
    &["Nov"],
    &["Dec", "Des", "dez"],
];

fn month_number(word: &str) -> Option<usize> {
    MONTHS.iter().position(|names| names.contains(&word))
}

/// Letters of the scripts pseudo-languages are written in (every one alphabetic, as month
/// names are words of letters). Arabic and Hebrew are written right to left; CJK words are
/// not separated by spaces.
const SCRIPTS: [(&str, bool); 9] = [
    ("abcdefghijklmnopqrstuvwxyzäöüßéèêçñåøþð", true),
    ("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", true),
    ("αβγδεζηθικλμνξοπρστυφχψωάέή", true),
    ("ابتثجحخدذرزسشصضطظعغفقكلمنهوي", true),
    ("אבגדהוזחטיכלמנסעפצקרשת", true),
    ("कखगघचछजझटठडढणतथदधनपफबभमयरलवशसह", true),
    ("年月日時分秒報告生成電話番号設定端末", false),
    ("กขคฆงจฉชซญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ", true),
    ("abcdefghijklmnopqrstuvwxyzабвгдежзиклмнопрст", true),
];

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
}

/// A pseudo-language: a label for every label, a name for every month.
struct Language {
    /// By the folded source label.
    labels: HashMap<String, String>,
    months: [String; 12],
    /// Letters, whether words are separated by spaces, and the generator, for labels the
    /// table lacks.
    letters: Vec<char>,
    spaced: bool,
    rng: Rng,
    /// Every label given out, folded: each is new.
    used: BTreeSet<String>,
}

fn fold(label: &str) -> String {
    label.to_lowercase()
}

impl Language {
    /// A random language in one of [`SCRIPTS`].
    fn random(seed: u64, script: usize) -> Language {
        let (letters, spaced) = SCRIPTS[script % SCRIPTS.len()];
        let mut lang = Language {
            labels: HashMap::new(),
            months: Default::default(),
            letters: letters.chars().collect(),
            spaced,
            rng: Rng(seed | 1),
            used: BTreeSet::new(),
        };
        let mut months: Vec<String> = Vec::new();
        while months.len() < 12 {
            let word = lang.word(1, 9);
            let taken = months.iter().any(|m| fold(m) == fold(&word));
            if !taken && usable_month(&word) {
                months.push(word);
            }
        }
        lang.months = months.try_into().unwrap();
        lang
    }

    /// A language checked in as data.
    fn fixed(name: &str) -> Language {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/cli/pseudo")
            .join(format!("{name}.json"));
        let data: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let months: Vec<String> = serde_json::from_value(data["months"].clone()).unwrap();
        let labels: HashMap<String, String> =
            serde_json::from_value(data["labels"].clone()).unwrap();
        for m in &months {
            assert!(usable_month(m), "{name}: month {m}");
        }
        let letters: Vec<char> = labels
            .values()
            .flat_map(|l| l.chars())
            .filter(|c| c.is_alphabetic())
            .collect();
        let used = labels.values().map(|l| fold(l)).collect();
        for l in labels.values() {
            assert!(usable_label(l), "{name}: label {l}");
        }
        Language {
            labels,
            months: months.try_into().unwrap(),
            letters,
            spaced: true,
            rng: Rng(0x5eed),
            used,
        }
    }

    fn word(&mut self, lo: usize, hi: usize) -> String {
        let n = self.rng.range(lo, hi);
        (0..n)
            .map(|_| self.letters[self.rng.below(self.letters.len())])
            .collect()
    }

    /// The pseudo-language's label for a label of the original.
    fn label(&mut self, source: &str) -> String {
        if let Some(label) = self.labels.get(&fold(source)) {
            return label.clone();
        }
        loop {
            let words = self.rng.range(1, 5);
            let label = (0..words)
                .map(|_| self.word(1, 10))
                .collect::<Vec<_>>()
                .join(if self.spaced { " " } else { "" });
            if usable_label(&label) && self.used.insert(fold(&label)) {
                self.labels.insert(fold(source), label.clone());
                return label;
            }
        }
    }
}

/// A label no table knows (a known one would be read as its field, by design).
fn usable_label(label: &str) -> bool {
    !label.trim().is_empty()
        && !label.contains([':', '<', '>', '&'])
        && wareport::parse::labels::row(label).is_none()
        && wareport::parse::labels::nested(label).is_none()
}

/// A month name no table knows, not AM or PM.
fn usable_month(word: &str) -> bool {
    !word.is_empty()
        && word.chars().all(char::is_alphabetic)
        && !wareport::parse::labels::is_month(word)
        && !["am", "pm"].contains(&fold(word).as_str())
}

/// A fixture, rewritten.
struct Pseudo {
    files: Vec<(String, Vec<u8>)>,
    /// Every label written: (file, label).
    written: BTreeSet<(String, String)>,
    /// Pseudo label → original label.
    back: HashMap<String, String>,
}

/// Rewrites what lies between each `open` and the next `<`, when `close` follows it and
/// `f` gives a replacement.
fn rewrite(
    text: &str,
    open: &str,
    close: &str,
    f: &mut dyn FnMut(&str) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(open) {
        let start = at + open.len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find('<').unwrap_or(rest.len());
        let inner = &rest[..end];
        if !inner.is_empty()
            && rest[end..].starts_with(close)
            && let Some(new) = f(inner)
        {
            out.push_str(&new);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

/// A date as the fixtures write them (`Aug 10, 2022, 7:11 PM`, `21 Jul 2022 22.07`) with its
/// month name replaced by `month(number)`.
fn rewrite_date(text: &str, month: impl Fn(usize) -> String) -> Option<String> {
    if text.len() > 32 || !text.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    let tokens: Vec<&str> = text.split(' ').collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let at = match tokens.as_slice() {
        [m, d, y, t, ampm]
            if d.strip_suffix(',').is_some_and(digits)
                && y.strip_suffix(',').is_some_and(digits)
                && t.contains(':')
                && ["AM", "PM"].contains(ampm) =>
        {
            (0, month_number(m)?)
        }
        [d, m, y, t] if digits(d) && digits(y) && t.contains('.') => (1, month_number(m)?),
        _ => return None,
    };
    let mut tokens: Vec<String> = tokens.iter().map(|t| t.to_string()).collect();
    tokens[at.0] = month(at.1);
    Some(tokens.join(" "))
}

/// Where a label (`SLOT`, its index, `END`) or a month name (`MONTH`, its number, `END`)
/// goes in a [`Template`]: characters of Unicode's private use area, in no report.
const SLOT: char = '\u{e000}';
const MONTH: char = '\u{e001}';
const END: char = '\u{e002}';

/// A piece of a file of a [`Template`].
enum Piece {
    Text(String),
    Label(String),
    Month(usize),
}

/// One file of a [`Template`].
enum TemplateFile {
    /// Kept as it is.
    Kept(Vec<u8>),
    /// Its pieces, and whether it is JSON (whose labels are written as mojibake).
    Pieces(Vec<Piece>, bool),
}

/// A fixture with the places of its labels and month names found once, so that each
/// pseudo-language only fills them in.
struct Template {
    files: Vec<(String, TemplateFile)>,
}

impl Template {
    fn new(files: &[(String, Vec<u8>)]) -> Template {
        let mut out = Vec::new();
        for (name, bytes) in files {
            let base = name.rsplit('/').next().unwrap_or(name);
            let page = name.ends_with(".html")
                && !["index.html", "contacts.html", "groups.html"].contains(&base);
            let labels_json = base == "user_information.json"
                && std::str::from_utf8(bytes).is_ok_and(|t| t.contains("\"label_values\""));
            if !page && !labels_json {
                out.push((name.clone(), TemplateFile::Kept(bytes.clone())));
                continue;
            }
            let mut sources: Vec<String> = Vec::new();
            let mut slot = |source: &str| {
                sources.push(source.trim().to_string());
                format!("{SLOT}{}{END}", sources.len() - 1)
            };
            let text = if labels_json {
                let mut value: Value = serde_json::from_slice(bytes).unwrap();
                fn walk(v: &mut Value, f: &mut dyn FnMut(&str) -> String) {
                    match v {
                        Value::Object(map) => {
                            if let Some(Value::String(label)) = map.get_mut("label") {
                                *label = f(&repair_mojibake(label));
                            }
                            map.values_mut().for_each(|v| walk(v, f));
                        }
                        Value::Array(items) => items.iter_mut().for_each(|v| walk(v, f)),
                        _ => {}
                    }
                }
                walk(&mut value, &mut slot);
                String::from_utf8(serde_json::to_vec_pretty(&value).unwrap()).unwrap()
            } else {
                let mut text = String::from_utf8(bytes.clone()).unwrap();
                let mut f = |inner: &str| Some(slot(inner));
                text = rewrite(
                    &text,
                    "<td class=\"_2pin _a6_q\"><div class=\"_a6-q\">",
                    "</div>",
                    &mut f,
                );
                text = rewrite(&text, "<div><span>", "</span><span>: </span>", &mut f);
                text = rewrite(&text, "<div>", "<span>:</span>", &mut f);
                text = rewrite(&text, "<td class=\"key\">", "</td>", &mut f);
                if base == "access.html" {
                    text = rewrite(&text, "<span>", "</span>", &mut |inner: &str| {
                        let (label, value) = inner.split_once(": ")?;
                        (!label.is_empty() && !label.contains(':'))
                            .then(|| format!("{}: {value}", slot(label)))
                    });
                }
                rewrite(&text, ">", "<", &mut |inner: &str| {
                    rewrite_date(inner, |m| format!("{MONTH}{m}{END}"))
                })
            };
            let mut pieces = Vec::new();
            let mut rest = text.as_str();
            while let Some(at) = rest.find([SLOT, MONTH]) {
                pieces.push(Piece::Text(rest[..at].to_string()));
                let kind = rest[at..].chars().next();
                let start = at + SLOT.len_utf8();
                let end = start + rest[start..].find(END).unwrap();
                let n: usize = rest[start..end].parse().unwrap();
                pieces.push(if kind == Some(SLOT) {
                    Piece::Label(sources[n].clone())
                } else {
                    Piece::Month(n)
                });
                rest = &rest[end + END.len_utf8()..];
            }
            pieces.push(Piece::Text(rest.to_string()));
            out.push((name.clone(), TemplateFile::Pieces(pieces, labels_json)));
        }
        Template { files: out }
    }

    /// The fixture in a pseudo-language.
    fn render(&self, lang: &mut Language) -> Pseudo {
        let mut written = BTreeSet::new();
        let mut back = HashMap::new();
        let mut files = Vec::new();
        for (name, file) in &self.files {
            let (pieces, json) = match file {
                TemplateFile::Kept(bytes) => {
                    files.push((name.clone(), bytes.clone()));
                    continue;
                }
                TemplateFile::Pieces(pieces, json) => (pieces, json),
            };
            let mut text = String::new();
            for piece in pieces {
                match piece {
                    Piece::Text(t) => text.push_str(t),
                    Piece::Month(m) => text.push_str(&lang.months[*m]),
                    Piece::Label(source) => {
                        let label = lang.label(source);
                        if *json {
                            // Written as the real files are: each UTF-8 byte a character.
                            text.extend(label.bytes().map(char::from));
                        } else {
                            text.push_str(&label);
                        }
                        written.insert((name.clone(), label.clone()));
                        back.insert(label, source.clone());
                    }
                }
            }
            files.push((name.clone(), text.into_bytes()));
        }
        Pseudo {
            files,
            written,
            back,
        }
    }
}

fn pseudo_localise(files: &[(String, Vec<u8>)], lang: &mut Language) -> Pseudo {
    Template::new(files).render(lang)
}

/// Zips files without compression, for speed.
fn zip_stored(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in files {
        w.start_file(name.as_str(), options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn parse_files(files: &[(String, Vec<u8>)]) -> Parsed {
    let mut archive =
        Archive::from_zip_bytes("pseudo.zip", zip_stored(files), Limits::default()).unwrap();
    parse::parse(&mut archive, Options::default()).unwrap()
}

/// The `show --json` document without its warnings and unrecognised values.
fn records(report: &Report) -> Value {
    let mut v = serde_json::to_value(Show::new(report, ShowSection::all())).unwrap();
    let obj = v.as_object_mut().unwrap();
    obj.remove("warnings");
    obj.remove("unrecognised");
    v
}

/// The report with every time removed, and how many there were.
fn without_times(report: &Report) -> (Report, usize) {
    let mut report = report.clone();
    let mut n = 0;
    report.walk_mut(&mut |_, leaf| {
        if let LeafMut::Time(t) = leaf
            && t.take().is_some()
        {
            n += 1;
        }
    });
    for s in report.sync.sessions.iter_mut().flatten() {
        n += usize::from(s.account_registered_at.take().is_some());
    }
    (report, n)
}

/// What the original fixture reads as.
struct Original {
    name: &'static str,
    template: Template,
    report: Report,
    /// Its records (times removed when `html_only`), and how many times there were.
    records: Value,
    times: usize,
    /// Its warnings, as [`warning_key`] gives them.
    warnings: Vec<String>,
    /// Whether the report has no JSON at all: nothing teaches month names.
    html_only: bool,
}

impl Original {
    fn new(name: &'static str) -> Original {
        let files = files_of(&fixture(name));
        let report = parse_files(&files).report;
        let html_only = !files.iter().any(|(n, _)| n.ends_with(".json"));
        let (records, times) = if html_only {
            let (without, times) = without_times(&report);
            (records(&without), times)
        } else {
            (records(&report), 0)
        };
        // Less what it read by structure itself (`gen-c-unknown-language`): the
        // pseudo-language's own notes replace those.
        let warnings = report
            .warnings
            .iter()
            .filter(|w| !by_structure(w))
            .map(|w| warning_key(w, &HashMap::new()))
            .collect();
        Original {
            name,
            template: Template::new(&files),
            report,
            records,
            times,
            warnings,
            html_only,
        }
    }
}

/// `(kind, file, message)`, every label the message quotes put back.
fn warning_key(w: &wareport::model::Warning, back: &HashMap<String, String>) -> String {
    let mut message = String::new();
    for part in &w.message.0 {
        match part {
            Part::Quote(q) => {
                let quoted = q.exact();
                message.push_str(back.get(quoted.as_ref()).map_or(&quoted, |s| s.as_str()));
            }
            Part::Lit(text) => message.push_str(text),
            Part::Num(n) => message.push_str(&n.to_string()),
        }
    }
    format!("{}|{}|{message}", w.kind.as_str(), w.file.exact())
}

/// Whether a warning's message starts with these words.
fn starts(w: &wareport::model::Warning, text: &str) -> bool {
    matches!(w.message.0.first(), Some(Part::Lit(first)) if first.starts_with(text))
}

/// Whether a warning says how a value was read by structure, or a month name learned.
fn by_structure(w: &wareport::model::Warning) -> bool {
    w.kind == WarningKind::Fallback
        && (starts(w, "unknown label; read by position as `")
            || starts(w, "a month name in no label table; read as `"))
}

/// Reads one fixture in one pseudo-language and checks it against the original.
fn check(original: &Original, lang: &mut Language) {
    let name = original.name;
    let pseudo = original.template.render(lang);
    assert!(!pseudo.written.is_empty(), "{name}: nothing rewritten");
    let parsed = parse_files(&pseudo.files);
    let report = &parsed.report;

    // The same records: dates included, unless no JSON can teach the month names.
    let mut kept_dates = 0;
    if original.html_only {
        let (b, _) = without_times(report);
        assert_eq!(
            records(&b),
            original.records,
            "{name}: records besides times"
        );
        kept_dates = report
            .warnings
            .iter()
            .filter(|w| w.kind == WarningKind::Unknown && starts(w, "unrecognised date `"))
            .count();
        assert_eq!(
            kept_dates, original.times,
            "{name}: every date kept as text and named"
        );
    } else {
        assert_eq!(records(report), original.records, "{name}");
    }

    // The same values under unknown labels (besides the dates kept as text).
    let unrecognised = |r: &Report, back: &HashMap<String, String>| {
        let mut out: Vec<(String, String, String)> = r
            .unrecognised
            .iter()
            .map(|u| {
                let label = back
                    .get(u.label.exact())
                    .map_or(u.label.exact().to_string(), |s| s.clone());
                (
                    u.file.exact().to_string(),
                    label,
                    u.value.exact().to_string(),
                )
            })
            .collect();
        out.sort();
        out
    };
    let got = unrecognised(report, &pseudo.back);
    assert_eq!(
        got.len(),
        original.report.unrecognised.len() + kept_dates,
        "{name}: {got:?}"
    );
    let want = unrecognised(&original.report, &HashMap::new());
    for u in &want {
        assert!(got.contains(u), "{name}: {u:?} not kept: {got:?}");
    }

    // Every warning of the original, and nothing else but how fields were read by structure
    // and month names learned (or, without JSON, dates kept as text).
    let mut expected = original.warnings.clone();
    for w in &report.warnings {
        let kept_date = original.html_only
            && w.kind == WarningKind::Unknown
            && starts(w, "unrecognised date `");
        if by_structure(w) || kept_date {
            continue;
        }
        let key = warning_key(w, &pseudo.back);
        let at = expected.iter().position(|k| *k == key);
        assert!(at.is_some(), "{name}: new warning {}", w.exact());
        expected.swap_remove(at.unwrap_or_default());
    }
    assert!(expected.is_empty(), "{name}: warnings lost: {expected:?}");

    // Every label rewritten in a file that was read is named as placed by structure, unless
    // the original did not know it either.
    let read: BTreeSet<&str> = report.source.files.iter().map(|f| f.exact()).collect();
    let placed: BTreeSet<(&str, &str)> = parsed
        .placed
        .iter()
        .map(|p| (p.file.exact(), p.label.exact()))
        .collect();
    for (file, label) in &pseudo.written {
        if !read.contains(file.as_str()) || placed.contains(&(file.as_str(), label.as_str())) {
            continue;
        }
        let source = pseudo.back.get(label).map_or("", String::as_str);
        assert!(
            original
                .report
                .unrecognised
                .iter()
                .any(|u| u.file.exact() == file && u.label.exact() == source),
            "{name}: `{label}` (`{source}`) in {file} is not named as placed"
        );
    }
}

/// The property: every fixture reads the same in any random pseudo-language.
fn property(name: &'static str) {
    let original = Original::new(name);
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&(any::<u64>(), 0..SCRIPTS.len()), |(seed, script)| {
            check(&original, &mut Language::random(seed, script));
            Ok(())
        })
        .unwrap();
}

macro_rules! every_fixture {
    ($($test:ident: $name:literal,)*) => {
        $(
            #[test]
            fn $test() {
                property($name);
            }
        )*
        #[test]
        fn the_property_covers_every_fixture() {
            let mut tested = vec![$($name),*];
            tested.sort_unstable();
            let mut all: Vec<String> = std::fs::read_dir(fixture(""))
                .unwrap()
                .map(|e| e.unwrap())
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            all.sort();
            assert_eq!(tested, all);
            assert_eq!(tested, {
                let mut a = ALL_FIXTURES.to_vec();
                a.sort_unstable();
                a
            });
        }
    };
}

every_fixture! {
    any_language_gen_a_iphone: "gen-a-iphone",
    any_language_gen_b_android: "gen-b-android",
    any_language_gen_b_android_prev: "gen-b-android-prev",
    any_language_gen_b_id_android: "gen-b-id-android",
    any_language_gen_b_id_android_html_only: "gen-b-id-android-html-only",
    any_language_gen_b_iphone_jul22: "gen-b-iphone-jul22",
    any_language_gen_b_unknown_parts: "gen-b-unknown-parts",
    any_language_gen_b2_iphone: "gen-b2-iphone",
    any_language_gen_c_android: "gen-c-android",
    any_language_gen_c_unknown_language: "gen-c-unknown-language",
}

#[test]
fn the_fixed_pseudo_languages_read_every_fixture() {
    for name in ALL_FIXTURES {
        let original = Original::new(name);
        for lang in ["latin", "arabic"] {
            check(&original, &mut Language::fixed(lang));
        }
    }
}

#[test]
fn the_fixed_pseudo_languages_name_every_label_of_the_fixtures() {
    // Their tables list every label the fixtures use: none is generated, so they stay fixed.
    for lang in ["latin", "arabic"] {
        let mut language = Language::fixed(lang);
        let listed: BTreeSet<String> = language.labels.keys().cloned().collect();
        for name in ALL_FIXTURES {
            pseudo_localise(&files_of(&fixture(name)), &mut language);
        }
        let missing: Vec<&String> = language
            .labels
            .keys()
            .filter(|l| !listed.contains(*l))
            .collect();
        assert!(
            missing.is_empty(),
            "add these labels to tests/cli/pseudo/{lang}.json: {missing:?}"
        );
    }
}

/// A fixture in a fixed pseudo-language, zipped in a temporary folder.
fn pseudo_zip(name: &str, lang: &str) -> (tempfile::TempDir, std::path::PathBuf, Pseudo) {
    let pseudo = pseudo_localise(&files_of(&fixture(name)), &mut Language::fixed(lang));
    let (dir, path) = temp_file("pseudo.zip", &zip_stored(&pseudo.files));
    (dir, path, pseudo)
}

#[test]
fn inspect_explains_how_each_field_was_placed() {
    let (_dir, path, pseudo) = pseudo_zip("gen-b-android", "arabic");
    let out = Test::new().args(["inspect", "--json"]).arg(&path).run();
    out.success();
    let v = out.json();
    assert_eq!(v["understood"], true, "{v:#}");
    assert_eq!(v["cross_check"]["disagreements"], json!([]));
    let placed = v["placed"].as_array().unwrap();
    // Every label of every page, named with the field it was read as and why.
    for (file, label) in &pseudo.written {
        assert!(
            placed.iter().any(|p| p["file"] == file.as_str()
                && p["label"].as_str().unwrap().ends_with(label.as_str())),
            "{file}: {label}"
        );
    }
    let phone = placed
        .iter()
        .find(|p| p["field"] == "Phone number")
        .unwrap();
    assert_eq!(
        phone["evidence"],
        "row 3 of 15 in the documented order; its value an E.164 number, the same as the JSON's"
    );
    assert!(placed.iter().any(|p| {
        p["field"] == "Last Active Time"
            && p["label"]
                .as_str()
                .unwrap()
                .starts_with("Device Activity › ")
            && p["evidence"] == "line 3 of 6 in the documented order; its value a date"
    }));
    // The notes keep the month names learned; placements are not repeated there.
    let notes: Vec<&str> = v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("a month name in no label table; read as `Aug`")),
        "{notes:?}"
    );
    assert!(
        !notes.iter().any(|n| n.contains("read by position")),
        "{notes:?}"
    );

    let text = Test::new()
        .args(["inspect", "--utc", "--width", "200"])
        .arg(&path)
        .run();
    text.success();
    assert!(
        text.stdout.contains("Read by structure ("),
        "{}",
        text.stdout
    );
    let phone = pseudo
        .written
        .iter()
        .find(|(f, _)| f.ends_with("user_information.html"))
        .map(|_| "` → `Phone number`: row 3 of 15 in the documented order; its value an E.164 number, the same as the JSON's")
        .unwrap();
    assert!(text.stdout.contains(phone), "{}", text.stdout);
    assert!(text.stdout.contains("The report was fully understood."));
}

#[test]
fn a_gen_c_report_in_a_language_no_table_has_reads_by_structure() {
    let path = fixture("gen-c-unknown-language");
    let out = Test::new().args(["show", "--json"]).arg(&path).run();
    out.success();
    let v = out.json();
    assert_eq!(v["account"]["phone_number"], "+15555550170");
    assert_eq!(v["account"]["about"], "Available");
    assert_eq!(v["account"]["about_set_at"], "2025-11-17T17:20:00Z");
    assert_eq!(v["account"]["profile_picture"]["present"], true);
    assert_eq!(v["account"]["profile_picture"]["size_bytes"], 3000);
    assert_eq!(v["report"]["generated_at"], "2026-02-28T23:06:40Z");
    let devices = v["devices"].as_array().unwrap();
    assert_eq!(devices.len(), 2);
    assert_eq!(devices[0]["id"], 0);
    assert_eq!(devices[0]["status"], "OFFLINE");
    assert_eq!(devices[0]["last_active_at"], "2026-02-28T23:06:40Z");
    assert_eq!(devices[0]["previous_ip"], "2001:db8:34::");
    assert_eq!(devices[1]["id"], 34);
    assert_eq!(devices[1]["online_since"], "2026-02-28T08:56:40Z");
    assert_eq!(devices[1]["previous_ip"], "172.16.0.0");
    assert_eq!(devices[1]["current_ip"], "172.16.9.20");
    assert_eq!(devices[1]["current_port"], 51234);
    // Complete: nothing unknown or invalid, only how it was read.
    let warnings: Vec<String> = serde_json::from_value(v["warnings"].clone()).unwrap();
    let json = "whatsapp_account_information/user_information.json: ";
    for (label, field) in [
        ("Número de telefone", "Phone number"),
        ("Recado", "About"),
        ("Foto do perfil", "Profile Picture"),
        ("Atividade do aparelho", "Device Activity"),
        ("Device Activity › Aparelho", "Device"),
        (
            "Device Activity › Horário da última atividade",
            "Last Active Time",
        ),
        ("Device Activity › Online desde", "Online Since"),
        (
            "Device Activity › IP da conexão anterior",
            "Previous connection IP",
        ),
        (
            "Device Activity › IP da conexão atual",
            "Current connection IP",
        ),
    ] {
        let start = format!("{json}`{label}`: unknown label; read by position as `{field}`: ");
        assert!(
            warnings.iter().any(|w| w.starts_with(&start)),
            "{start}\n{warnings:#?}"
        );
    }
    assert!(warnings.contains(&format!(
        "{json}`Número de telefone`: unknown label; read by position as `Phone number`: entry 3 of 9 in the documented order; its value an E.164 number"
    )));
    assert!(
        warnings
            .iter()
            .all(|w| w.contains(": unknown label; read by position as `")
                || w.contains(": a month name in no label table; read as `")),
        "{warnings:#?}"
    );
    assert_eq!(v["unrecognised"], json!([]));

    let out = Test::new().args(["inspect", "--json"]).arg(&path).run();
    out.success();
    let v = out.json();
    assert_eq!(v["unknown"], json!([]));
    assert_eq!(v["cross_check"]["disagreements"], json!([]));
    assert!(v["cross_check"]["compared"].as_u64().unwrap() >= 40);
}

#[test]
fn a_date_whose_month_no_json_teaches_is_kept_as_text_and_named() {
    // The HTML-only report in a pseudo-language: nothing can teach the month names.
    let (_dir, path, _) = pseudo_zip("gen-b-id-android-html-only", "latin");
    let out = Test::new().args(["show", "--json"]).arg(&path).run();
    out.success();
    let v = out.json();
    assert_eq!(v["report"]["generated_at"], Value::Null);
    let warnings: Vec<String> = serde_json::from_value(v["warnings"].clone()).unwrap();
    let date = warnings
        .iter()
        .find(|w| w.starts_with("whatsapp_account_information/user_information.html: `Report Generation Time`: unrecognised date `21 "))
        .unwrap();
    assert!(
        date.ends_with(
            "is in no label table, and no JSON time of the same field teaches it; kept as text"
        ),
        "{date}"
    );
    let kept = v["unrecognised"].as_array().unwrap();
    assert!(
        kept.iter()
            .any(|u| u["value"].as_str().unwrap().starts_with("21 ")
                && u["value"].as_str().unwrap().ends_with(" 2022 21.07")),
        "{kept:?}"
    );
    // Everything else reads as the original does.
    assert_eq!(v["account"]["phone_number"], "+6285555550160");
    assert_eq!(v["devices"].as_array().unwrap().len(), 2);
}

#[test]
fn pseudo_languages_are_well_formed() {
    for script in 0..SCRIPTS.len() {
        let mut lang = Language::random(7 + script as u64, script);
        let l = lang.label("Phone number");
        assert!(usable_label(&l) && l == lang.label("phone number"));
        assert_ne!(l, lang.label("Name"));
        assert_eq!(
            lang.months
                .iter()
                .map(|m| fold(m))
                .collect::<BTreeSet<_>>()
                .len(),
            12
        );
    }
    let month = |m: usize| format!("<{m}>");
    assert_eq!(
        rewrite_date("Aug 10, 2022, 7:11 PM", month),
        Some("<7> 10, 2022, 7:11 PM".into())
    );
    assert_eq!(
        rewrite_date("21 Jul 2022 22.07", month),
        Some("21 <6> 2022 22.07".into())
    );
    assert_eq!(rewrite_date("Hey there! I am using WhatsApp.", month), None);
}
