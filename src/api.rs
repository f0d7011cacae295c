//! The library as one call per operation, bytes in and text out: what the browser's module
//! runs for its page and for the JavaScript API (`README`, "In the browser"), in the same
//! words as the command line. No file system, no clock, no threads: a report arrives as
//! the bytes of a ZIP or as a folder's files held in memory, and times are shown in the zone
//! the caller names (the browser's own), or UTC.

use jiff::tz::TimeZone;
use serde::Deserialize;

use crate::archive::{Archive, Bytes, Limits, MemoryTree};
use crate::audit::{Thresholds, audit};
use crate::model::Report;
use crate::redact::{Policy, Redactor};
use crate::tables::Loaded;
use crate::tables::rows::Cell;
use crate::tables::schema::Table;
use crate::text::EntryName;
use crate::timeline::Step;
use crate::view;

/// One report as the caller holds it.
#[derive(Clone)]
pub struct Input {
    /// The file or folder name, as messages and the page name it.
    pub name: String,
    pub source: Source,
}

#[derive(Clone)]
pub enum Source {
    /// The bytes of a ZIP.
    Zip(Bytes),
    /// A folder's files: the report's own read, the rest only listed ([`locate`]).
    Folder(MemoryTree),
}

/// What an operation is asked to do beyond its input (JSON, as the JavaScript API passes
/// it: `{redact: {key}, timeZone, mixed}`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Options {
    /// Pseudonyms for every identifier, keyed so that the same key gives the same ones.
    pub redact: Option<Redaction>,
    /// An IANA zone name (`Europe/Amsterdam`) for times on the page; UTC when absent or
    /// unknown. JSON is always UTC.
    pub time_zone: Option<String>,
    /// Several reports of different phone numbers on one page or timeline.
    pub mixed: bool,
    /// `extract`: only counts, settings, terms and findings (the only form it has today,
    /// so `false` is refused rather than silently ignored).
    pub counts_only: Option<bool>,
    /// `twin`: the same seed gives the same twin, byte for byte; without one, the
    /// request's random bytes draw it.
    pub seed: Option<u64>,
    /// `twin`: replace phone numbers' country calling codes too (`--no-country`).
    pub no_country: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Redaction {
    pub key: String,
    #[serde(default)]
    pub keep_country: bool,
    #[serde(default)]
    pub keep_network: bool,
}

/// An operation that failed: the line the command line prints, and the error's kind.
#[derive(Debug, PartialEq, Eq)]
pub struct Failed {
    pub line: String,
    pub kind: &'static str,
}

impl From<anyhow::Error> for Failed {
    fn from(e: anyhow::Error) -> Failed {
        Failed {
            line: crate::errors::line(&e),
            kind: crate::errors::kind(&e),
        }
    }
}

type Result<T> = std::result::Result<T, Failed>;

impl Options {
    fn redactor(&self) -> anyhow::Result<Option<Redactor>> {
        self.redact
            .as_ref()
            .map(|r| {
                Redactor::new(
                    r.key.as_bytes(),
                    Policy {
                        keep_country: r.keep_country,
                        keep_network: r.keep_network,
                    },
                )
            })
            .transpose()
    }

    fn zone(&self) -> TimeZone {
        self.time_zone
            .as_deref()
            .and_then(|name| TimeZone::get(name).ok())
            .unwrap_or(TimeZone::UTC)
    }
}

fn open(input: Input) -> anyhow::Result<Archive> {
    Ok(match input.source {
        Source::Zip(bytes) => Archive::from_zip_bytes(&input.name, bytes, Limits::DEFAULT)?,
        Source::Folder(tree) => Archive::from_tree(&input.name, Box::new(tree), Limits::DEFAULT)?,
    })
}

fn load(input: Input, redactor: Option<&Redactor>, count_contacts: bool) -> anyhow::Result<Report> {
    read(&mut open(input)?, redactor, count_contacts)
}

/// Parses an opened report, redacted when a redactor is given; `count_contacts` for the
/// commands that need only their number. The command line reads its reports through this
/// too.
pub fn read(
    archive: &mut Archive,
    redactor: Option<&Redactor>,
    count_contacts: bool,
) -> anyhow::Result<Report> {
    let options = crate::parse::Options {
        count_contacts,
        ..Default::default()
    };
    let report = crate::parse::parse(archive, options)?.report;
    Ok(match redactor {
        Some(r) => r.report(&report),
        None => report,
    })
}

/// `summary --json`.
pub fn summary(input: Input, options: &Options) -> Result<String> {
    let report = load(input, options.redactor()?.as_ref(), true)?;
    Ok(view::to_json(&view::Summary::new(&report)))
}

/// `show --json`.
pub fn show(input: Input, options: &Options) -> Result<String> {
    let report = load(input, options.redactor()?.as_ref(), false)?;
    Ok(view::to_json(&view::Show::new(&report, &[])))
}

/// `audit --json`.
pub fn audit_json(input: Input, options: &Options) -> Result<String> {
    let report = load(input, options.redactor()?.as_ref(), true)?;
    let findings = audit(&report, Thresholds::default());
    Ok(view::to_json(&view::AuditView::new(&findings)))
}

/// `twin`: the report's synthetic copy, the bytes of a ZIP (`wareport twin`). `random`:
/// hex digits that draw the seed when the options give none.
pub fn twin(input: Input, options: &Options, random: &str) -> Result<Vec<u8>> {
    let seed = match options.seed {
        Some(seed) => seed,
        None => random
            .get(..16)
            .and_then(|hex| u64::from_str_radix(hex, 16).ok())
            .ok_or_else(|| usage("a twin needs a seed, or 16 random hex digits".into()))?,
    };
    let mut parsed = open(input.clone())?;
    let mut layout = open(input)?;
    let options = crate::twin::Options {
        seed,
        keep_country: !options.no_country,
    };
    Ok(crate::twin::twin(&mut parsed, &mut layout, &options)?)
}

/// `inspect --json` (it quotes what it could not read, so it does not redact).
pub fn inspect(input: Input) -> Result<String> {
    let inspection = inspection(&mut open(input)?)?;
    Ok(view::to_json(&view::InspectView::new(&inspection)))
}

/// How well an opened report was understood, its JSON cross-checked against its HTML. The
/// command line inspects through this too.
pub fn inspection(archive: &mut Archive) -> anyhow::Result<crate::inspect::Inspection> {
    let options = crate::parse::Options {
        cross_check: true,
        ..Default::default()
    };
    Ok(crate::inspect::inspect(&crate::parse::parse(
        archive, options,
    )?))
}

/// The name a report goes by in output, on the command line too: its file, or (redacted)
/// its position.
pub fn report_name(name: &str, position: usize, redacted: bool) -> EntryName {
    if redacted {
        EntryName::new(format!("report {position}"))
    } else {
        EntryName::new(name)
    }
}

/// The reports in order of generation time, each named as [`report_name`] names it.
fn steps(inputs: Vec<Input>, options: &Options) -> Result<(Vec<Step>, bool)> {
    let redactor = options.redactor()?;
    let mut loaded = Vec::with_capacity(inputs.len());
    for input in inputs {
        let name = EntryName::new(input.name.clone());
        loaded.push((name, load(input, redactor.as_ref(), false)?));
    }
    let mut steps = crate::timeline::timeline(
        loaded,
        options.mixed,
        &crate::model::Section::compared().collect::<Vec<_>>(),
    )
    .map_err(anyhow::Error::from)?;
    let redacted = redactor.is_some();
    for (i, step) in steps.iter_mut().enumerate() {
        step.name = report_name(step.name.exact(), i + 1, redacted);
    }
    Ok((steps, redacted))
}

/// `report`: the page for one report, or for several of one account over time.
pub fn report(inputs: Vec<Input>, options: &Options) -> Result<String> {
    let (steps, redacted) = steps(inputs, options)?;
    let clock = crate::format::Clock { tz: options.zone() };
    Ok(crate::page::page(&steps, &clock, redacted))
}

/// `timeline --json`.
pub fn timeline(inputs: Vec<Input>, options: &Options) -> Result<String> {
    let (steps, _) = steps(inputs, options)?;
    Ok(view::to_json(&view::TimelineView::new(&steps)))
}

/// `diff --json`.
pub fn diff(old: Input, new: Input, options: &Options) -> Result<String> {
    let redactor = options.redactor()?;
    let redacted = redactor.is_some();
    let (old_name, new_name) = (
        report_name(&old.name, 1, redacted),
        report_name(&new.name, 2, redacted),
    );
    let a = load(old, redactor.as_ref(), false)?;
    let b = load(new, redactor.as_ref(), false)?;
    let changes = crate::diff::diff(&a, &b);
    Ok(view::to_json(&view::DiffView::new(
        &changes,
        view::Side::new(&old_name, &a),
        view::Side::new(&new_name, &b),
    )))
}

/// `extract`: the tables of `export --counts-only` for one report, as a data-donation flow
/// shows them for consent (the Eyra/D3I Port consent form: `{id, title, description,
/// data_frame}`, `data_frame` a JSON text in pandas' column orientation), with the failures
/// by kind. Nothing in it names the donor: no phone number, no file name, and the report's
/// key is a keyed pseudonym of its content (with the caller's key, or a fresh random one
/// the caller passes as `random`).
pub fn extract(input: Input, options: &Options, random: &[u8]) -> String {
    match extract_tables(input, options, random) {
        Ok(tables) => serde_json::json!({ "tables": tables, "errors": {} }),
        Err(failed) => serde_json::json!({ "tables": [], "errors": { failed.kind: 1 } }),
    }
    .to_string()
}

fn extract_tables(
    input: Input,
    options: &Options,
    random: &[u8],
) -> Result<Vec<serde_json::Value>> {
    if options.counts_only == Some(false) {
        return Err(anyhow::anyhow!(
            "extract gives the counts-only tables alone; leave countsOnly out or set it to true"
        )
        .into());
    }
    let redactor = match options.redactor()? {
        Some(r) => r,
        None => Redactor::new(random, Policy::default())?,
    };
    let mut archive = open(input)?;
    archive.track_digests();
    let parsed = crate::parse::parse(&mut archive, crate::parse::Options::default())?;
    let digest = archive.digest(&parsed.root).map_err(anyhow::Error::from)?;
    let report = redactor.report(&parsed.report);
    let findings = audit(&report, Thresholds::default());
    let loaded = Loaded {
        key: redactor.report_key(&digest),
        path: String::new(),
        report,
        findings,
    };
    let mut frames: Vec<(Table, Vec<Vec<Cell<'_>>>)> = Vec::new();
    crate::tables::rows::rows(&loaded, true, &mut |table, cells| {
        let row: Vec<Cell<'_>> = cells.iter_mut().map(std::mem::take).collect::<Vec<_>>();
        match frames.iter_mut().find(|(t, _)| *t == table) {
            Some((_, rows)) => rows.push(row),
            None => frames.push((table, vec![row])),
        }
        Ok(())
    })?;
    Ok(frames
        .into_iter()
        .map(|(table, mut rows)| {
            let def = table.def();
            for row in &mut rows {
                // The report's number, which only a writer of many reports gives.
                row[0] = Cell::Int(1);
            }
            serde_json::json!({
                "id": format!("wareport_{}", def.name),
                "title": def.title,
                "description": def.doc,
                "data_frame": data_frame(def.columns.iter().map(|c| c.name), &rows),
            })
        })
        .collect())
}

/// Rows as pandas writes a frame in its default (`columns`) orientation:
/// `{"column": {"0": value, "1": value}}`, columns in the table's order.
fn data_frame<'c>(columns: impl Iterator<Item = &'c str>, rows: &[Vec<Cell<'_>>]) -> String {
    let mut out = String::from("{");
    for (c, name) in columns.enumerate() {
        if c > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(name).unwrap_or_default());
        out.push_str(":{");
        for (r, row) in rows.iter().enumerate() {
            if r > 0 {
                out.push(',');
            }
            let value = match row.get(c).unwrap_or(&Cell::Null) {
                Cell::Null => serde_json::Value::Null,
                Cell::Int(n) => (*n).into(),
                Cell::Bool(b) => (*b).into(),
                Cell::Text(t) | Cell::Json(t) => t.as_ref().into(),
            };
            out.push_str(&format!("\"{r}\":{value}"));
        }
        out.push('}');
    }
    out.push('}');
    out
}

/// The largest buffer the browser's module takes for one input: an input larger than the
/// command line's `--max-input-size` default is refused before a byte of it is read.
pub const MAX_INPUT: u64 = Limits::DEFAULT.max_input_bytes;

/// A buffer the caller filled: one per ZIP, one per file of a folder that was read, in the
/// order the request names them.
pub enum Staged {
    Bytes(Vec<u8>),
    /// Larger than [`MAX_INPUT`]: never read.
    TooLarge(u64),
}

/// One call from the browser's module: which operation, on which inputs, with which
/// options (JSON, as `wareport.js` writes it).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    op: Op,
    #[serde(default)]
    inputs: Vec<InputSpec>,
    #[serde(default)]
    options: Options,
    /// Random bytes (hex) for a key the caller did not give (`extract`).
    #[serde(default)]
    random: String,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "lowercase")]
enum Op {
    Summary,
    Show,
    Audit,
    Inspect,
    Report,
    Timeline,
    Diff,
    Extract,
    Locate,
    Twin,
}

/// An input as a request names it: a ZIP (one staged buffer), or a folder (its listing,
/// and the paths read, one staged buffer each).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InputSpec {
    name: String,
    #[serde(default)]
    listing: Option<Vec<(String, u64)>>,
    #[serde(default)]
    read: Vec<String>,
}

fn usage(text: String) -> Failed {
    Failed {
        line: format!("wareport: error: {}", crate::term::escape(&text)),
        kind: "usage",
    }
}

/// Runs one request on the staged buffers: the operation's JSON or HTML.
pub fn call(request: &[u8], staged: Vec<Staged>) -> Result<String> {
    String::from_utf8(answer(request, staged)?)
        .map_err(|_| usage("the answer is a ZIP, not text: ask for it with `answer`".into()))
}

/// Runs one request on the staged buffers: the operation's JSON or HTML as UTF-8, or for
/// `twin` the bytes of a ZIP.
pub fn answer(request: &[u8], staged: Vec<Staged>) -> Result<Vec<u8>> {
    let request: Request = serde_json::from_slice(request)
        .map_err(|e| usage(format!("a request the module does not understand: {e}")))?;
    let mut staged = staged.into_iter();
    let mut inputs = Vec::with_capacity(request.inputs.len());
    for spec in request.inputs {
        let source = match spec.listing {
            None => match staged.next() {
                Some(Staged::Bytes(bytes)) => Source::Zip(Bytes::from(bytes)),
                Some(Staged::TooLarge(_)) => {
                    return Err(
                        anyhow::Error::from(crate::archive::ArchiveError::InputTooLarge {
                            input: spec.name,
                            limit: MAX_INPUT,
                        })
                        .into(),
                    );
                }
                None => return Err(usage(format!("no bytes were given for {}", spec.name))),
            },
            Some(listing) => {
                let mut tree = MemoryTree::default();
                for (path, size) in &listing {
                    tree.list(path, *size);
                }
                // `locate`: where the report sits in the listing alone (paths and sizes):
                // its folder, `""` or `/`-terminated, which is all the caller then reads; or
                // why there is none, in the command line's words.
                if request.op == Op::Locate {
                    let root = crate::archive::tree::find_report(&tree, &spec.name)
                        .map_err(anyhow::Error::from)?;
                    return Ok(serde_json::json!({ "root": root }).to_string().into_bytes());
                }
                for path in &spec.read {
                    match staged.next() {
                        Some(Staged::Bytes(bytes)) => tree.fill(path, Bytes::from(bytes)),
                        Some(Staged::TooLarge(size)) => tree.refuse(path, size),
                        None => return Err(usage(format!("no bytes were given for {path}"))),
                    }
                }
                Source::Folder(tree)
            }
        };
        inputs.push(Input {
            name: spec.name,
            source,
        });
    }
    let options = &request.options;
    let one = |mut inputs: Vec<Input>| -> Result<Input> {
        match inputs.len() {
            1 => Ok(inputs.remove(0)),
            n => Err(usage(format!("{:?} takes one report, not {n}", request.op))),
        }
    };
    let text = match request.op {
        Op::Twin => return twin(one(inputs)?, options, &request.random),
        Op::Summary => summary(one(inputs)?, options),
        Op::Show => show(one(inputs)?, options),
        Op::Audit => audit_json(one(inputs)?, options),
        Op::Inspect => inspect(one(inputs)?),
        Op::Report => report(inputs, options),
        Op::Timeline => timeline(inputs, options),
        Op::Diff => match <[Input; 2]>::try_from(inputs) {
            Ok([old, new]) => diff(old, new, options),
            Err(inputs) => Err(usage(format!(
                "diff takes two reports, not {}",
                inputs.len()
            ))),
        },
        Op::Extract => Ok(extract(one(inputs)?, options, request.random.as_bytes())),
        Op::Locate => Err(usage("locate takes a folder's listing".into())),
    };
    text.map(String::into_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_is_pandas_column_oriented() {
        let rows = vec![
            vec![Cell::Int(1), Cell::Text("a\"b".into()), Cell::Null],
            vec![Cell::Int(2), Cell::Bool(true), Cell::Text("x".into())],
        ];
        let frame = data_frame(["n", "t", "x"].into_iter(), &rows);
        let v: serde_json::Value = serde_json::from_str(&frame).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "n": {"0": 1, "1": 2},
                "t": {"0": "a\"b", "1": true},
                "x": {"0": null, "1": "x"},
            })
        );
        assert!(
            frame.starts_with("{\"n\":"),
            "columns keep their order: {frame}"
        );
    }

    #[test]
    fn options_read_as_the_javascript_api_writes_them() {
        let o: Options = serde_json::from_str(
            r#"{"redact": {"key": "k", "keepCountry": true}, "timeZone": "Europe/Amsterdam"}"#,
        )
        .unwrap();
        assert!(o.redact.as_ref().unwrap().keep_country);
        assert_eq!(o.zone().iana_name(), Some("Europe/Amsterdam"));
        assert!(serde_json::from_str::<Options>(r#"{"redakt": {}}"#).is_err());
        let unknown: Options = serde_json::from_str(r#"{"timeZone": "Mars/Olympus"}"#).unwrap();
        assert_eq!(unknown.zone(), TimeZone::UTC);
    }

    fn fixture_zip() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/gen-b-android.zip"
        ))
        .unwrap()
    }

    #[test]
    fn a_request_names_its_inputs_and_takes_their_buffers_in_order() {
        let out = call(
            br#"{"op": "summary", "inputs": [{"name": "My Account Info.zip"}]}"#,
            vec![Staged::Bytes(fixture_zip())],
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["phone_number"], "+15555550123");
        assert_eq!(v["counts"]["contacts"], 6);
        let failed = call(
            br#"{"op": "summary", "inputs": [{"name": "huge.zip"}]}"#,
            vec![Staged::TooLarge(MAX_INPUT + 1)],
        )
        .unwrap_err();
        assert_eq!(failed.kind, "too_large");
        assert!(
            failed
                .line
                .starts_with("wareport: error: huge.zip: the input is larger")
        );
        let failed = call(br#"{"op": "sumary"}"#, vec![]).unwrap_err();
        assert_eq!(failed.kind, "usage");
        let failed = call(
            br#"{"op": "diff", "inputs": [{"name": "a.zip"}]}"#,
            vec![Staged::Bytes(fixture_zip())],
        )
        .unwrap_err();
        assert!(
            failed.line.contains("diff takes two reports, not 1"),
            "{}",
            failed.line
        );
    }

    #[test]
    fn a_folder_is_located_then_read_from_its_own_files() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/gen-b2-iphone");
        let mut listing = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(root)];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                    listing.push((format!("Downloads/My Account Info/{rel}"), p));
                }
            }
        }
        listing.push(("notes.txt".into(), std::path::PathBuf::from(root)));
        let sizes: Vec<(String, u64)> = listing.iter().map(|(n, _)| (n.clone(), 1)).collect();
        let request = serde_json::json!({
            "op": "locate",
            "inputs": [{"name": "Downloads", "listing": sizes}],
        });
        let located = call(request.to_string().as_bytes(), vec![]).unwrap();
        assert_eq!(located, r#"{"root":"Downloads/My Account Info/"}"#);
        let files: Vec<&(String, std::path::PathBuf)> = listing
            .iter()
            .filter(|(n, _)| n.starts_with("Downloads/"))
            .collect();
        let request = serde_json::json!({
            "op": "show",
            "inputs": [{
                "name": "Downloads",
                "listing": sizes,
                "read": files.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            }],
        });
        let staged = files
            .iter()
            .map(|(_, p)| Staged::Bytes(std::fs::read(p).unwrap()))
            .collect();
        let shown = call(request.to_string().as_bytes(), staged).unwrap();
        let v: serde_json::Value = serde_json::from_str(&shown).unwrap();
        assert_eq!(v["source"]["generation"], "B2");
        assert_eq!(v["groups"].as_array().unwrap().len(), 3);
    }

    #[test]
    fn a_twin_is_the_command_lines_twin_for_its_seed_and_needs_one() {
        let request = br#"{"op": "twin", "inputs": [{"name": "My Account Info.zip"}], "options": {"seed": 7}}"#;
        let zip = answer(request, vec![Staged::Bytes(fixture_zip())]).unwrap();
        let options = crate::twin::Options {
            seed: 7,
            keep_country: true,
        };
        let cli = crate::twin::twin_zip("x.zip", fixture_zip(), Limits::DEFAULT, &options);
        assert_eq!(zip, cli.unwrap());
        assert!(zip.starts_with(b"PK\x03\x04"));
        // Random hex digits draw the seed when the options give none.
        let drawn =
            br#"{"op": "twin", "inputs": [{"name": "a.zip"}], "random": "0000000000000007"}"#;
        assert_eq!(
            answer(drawn, vec![Staged::Bytes(fixture_zip())]).unwrap(),
            zip
        );
        let no_country = br#"{"op": "twin", "inputs": [{"name": "a.zip"}], "options": {"seed": 7, "noCountry": true}}"#;
        assert_ne!(
            answer(no_country, vec![Staged::Bytes(fixture_zip())]).unwrap(),
            zip
        );
        let unseeded = br#"{"op": "twin", "inputs": [{"name": "a.zip"}]}"#;
        let failed = answer(unseeded, vec![Staged::Bytes(fixture_zip())]).unwrap_err();
        assert_eq!(failed.kind, "usage");
        // A ZIP is not text: `call` says so rather than mangle it.
        let failed = call(request, vec![Staged::Bytes(fixture_zip())]).unwrap_err();
        assert!(failed.line.contains("a ZIP, not text"), "{failed:?}");
    }

    #[test]
    fn extract_names_no_one_and_keys_the_report_by_a_pseudonym() {
        let request = br#"{"op": "extract", "inputs": [{"name": "My Account Info.zip"}], "options": {"countsOnly": true}, "random": "00112233445566778899aabbccddeeff"}"#;
        let out = call(request, vec![Staged::Bytes(fixture_zip())]).unwrap();
        assert!(!out.contains("5555550"), "no phone number: {out}");
        assert!(!out.contains("My Account Info"), "no file name: {out}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let tables = v["tables"].as_array().unwrap();
        let ids: Vec<&str> = tables.iter().map(|t| t["id"].as_str().unwrap()).collect();
        assert_eq!(
            ids,
            [
                "wareport_reports",
                "wareport_privacy",
                "wareport_terms",
                "wareport_findings"
            ]
        );
        let reports: serde_json::Value =
            serde_json::from_str(tables[0]["data_frame"].as_str().unwrap()).unwrap();
        assert_eq!(reports["contact_count"]["0"], 6);
        assert!(reports["key"]["0"].as_str().unwrap().starts_with("report:"));
        assert_eq!(reports["phone_number"]["0"], serde_json::Value::Null);
        assert_eq!(v["errors"], serde_json::json!({}));
        let out = call(
            br#"{"op": "extract", "inputs": [{"name": "x.zip"}], "random": "ab"}"#,
            vec![Staged::Bytes(b"not a zip".to_vec())],
        )
        .unwrap();
        assert_eq!(out, r#"{"errors":{"not_zip":1},"tables":[]}"#);
    }

    #[test]
    fn garbage_fails_with_the_command_line_s_line_and_a_kind() {
        let input = Input {
            name: "notes.zip".into(),
            source: Source::Zip(Bytes::from(b"hello there".to_vec())),
        };
        let failed = summary(input, &Options::default()).unwrap_err();
        assert_eq!(failed.kind, "not_zip");
        assert!(
            failed
                .line
                .starts_with("wareport: error: notes.zip: not a ZIP archive: it is a text file"),
            "{}",
            failed.line
        );
    }
}
