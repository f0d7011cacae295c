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
use crate::render::Style;
use crate::tables::Loaded;
use crate::tables::rows::Cell;
use crate::tables::schema::Table;
use crate::text::EntryName;
use crate::timeline::Step;
use crate::view;

/// One report as the caller holds it.
pub struct Input {
    /// The file or folder name, as messages and the page name it.
    pub name: String,
    pub source: Source,
}

pub enum Source {
    /// The bytes of a ZIP.
    Zip(Bytes),
    /// A folder's files: the report's own read, the rest only listed ([`locate`]).
    Folder(MemoryTree),
}

/// What an operation is asked to do beyond its input (JSON, as the JavaScript API passes
/// it: `{redact: {key}, timeZone, mixed}`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Options {
    /// Pseudonyms for every identifier, keyed so that the same key gives the same ones.
    pub redact: Option<Redaction>,
    /// An IANA zone name (`Europe/Amsterdam`) for times on the page; UTC when absent or
    /// unknown. JSON is always UTC.
    pub time_zone: Option<String>,
    /// Several reports of different phone numbers on one page or timeline.
    #[serde(default)]
    pub mixed: bool,
    /// `extract`: only counts, settings, terms and findings (the only form it has today,
    /// so `false` is refused rather than silently ignored).
    pub counts_only: Option<bool>,
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
    let mut archive = open(input)?;
    let options = crate::parse::Options {
        count_contacts,
        ..Default::default()
    };
    let report = crate::parse::parse(&mut archive, options)?.report;
    Ok(match redactor {
        Some(r) => r.report(&report),
        None => report,
    })
}

/// `summary --json`.
pub fn summary(input: Input, options: &Options) -> Result<String> {
    let redactor = options.redactor()?;
    let report = load(input, redactor.as_ref(), true)?;
    Ok(view::to_json(&view::Summary::new(&report)))
}

/// `show --json`.
pub fn show(input: Input, options: &Options) -> Result<String> {
    let redactor = options.redactor()?;
    let report = load(input, redactor.as_ref(), false)?;
    Ok(view::to_json(&view::Show::new(&report, &[])))
}

/// `audit --json`.
pub fn audit_json(input: Input, options: &Options) -> Result<String> {
    let redactor = options.redactor()?;
    let report = load(input, redactor.as_ref(), true)?;
    let findings = audit(&report, Thresholds::default());
    Ok(view::to_json(&view::AuditView::new(&findings)))
}

/// `inspect --json` (it quotes what it could not read, so it does not redact).
pub fn inspect(input: Input) -> Result<String> {
    let mut archive = open(input)?;
    let options = crate::parse::Options {
        cross_check: true,
        ..Default::default()
    };
    let parsed = crate::parse::parse(&mut archive, options)?;
    let inspection = crate::inspect::inspect(&parsed);
    Ok(view::to_json(&view::InspectView::new(&inspection)))
}

/// The reports in order of generation time, each named by its file, or by its position
/// when redacted, as the command line names them.
fn steps(inputs: Vec<Input>, options: &Options) -> Result<(Vec<Step>, bool)> {
    let redactor = options.redactor()?;
    let mut loaded = Vec::with_capacity(inputs.len());
    for input in inputs {
        let name = EntryName::new(input.name.clone());
        loaded.push((name, load(input, redactor.as_ref(), false)?));
    }
    let mut steps = crate::timeline::timeline(loaded, options.mixed, &crate::diff::SECTIONS)
        .map_err(anyhow::Error::from)?;
    if redactor.is_some() {
        for (i, step) in steps.iter_mut().enumerate() {
            step.name = EntryName::new(format!("report {}", i + 1));
        }
    }
    Ok((steps, redactor.is_some()))
}

/// `report`: the page for one report, or for several of one account over time.
pub fn report(inputs: Vec<Input>, options: &Options) -> Result<String> {
    let (steps, redacted) = steps(inputs, options)?;
    let style = Style::new(false, options.zone(), None);
    Ok(crate::page::page(&steps, &style, redacted))
}

/// `timeline --json`.
pub fn timeline(inputs: Vec<Input>, options: &Options) -> Result<String> {
    let (steps, _) = steps(inputs, options)?;
    Ok(view::to_json(&view::TimelineView::new(&steps)))
}

/// `diff --json`.
pub fn diff(old: Input, new: Input, options: &Options) -> Result<String> {
    let redactor = options.redactor()?;
    let (old_name, new_name) = match redactor {
        Some(_) => (
            EntryName::new("report 1".to_string()),
            EntryName::new("report 2".to_string()),
        ),
        None => (
            EntryName::new(old.name.clone()),
            EntryName::new(new.name.clone()),
        ),
    };
    let a = load(old, redactor.as_ref(), false)?;
    let b = load(new, redactor.as_ref(), false)?;
    let changes = crate::diff::diff(&a, &b);
    Ok(view::to_json(&view::DiffView::new(
        &changes,
        view::Side::new(&old_name, &a),
        view::Side::new(&new_name, &b),
    )))
}

/// Where the report sits in a folder's listing (paths and sizes): its folder, `""` or
/// `/`-terminated, which is all the caller then reads; or why there is none, in the
/// command line's words.
pub fn locate(name: &str, listing: &[(String, u64)]) -> Result<String> {
    let mut tree = MemoryTree::default();
    for (path, size) in listing {
        tree.list(path, *size);
    }
    crate::archive::tree::find_report(&tree, name).map_err(|e| anyhow::Error::from(e).into())
}

/// `extract`: the tables of `export --counts-only` for one report, as a data-donation flow
/// shows them for consent (the Eyra/D3I Port consent form: `{id, title, description,
/// data_frame}`, `data_frame` a JSON text in pandas' column orientation), with the failures
/// by kind. Nothing in it names the donor: no phone number, no file name, and the report's
/// key is a keyed pseudonym of its content (with the caller's key, or a fresh random one
/// the caller passes as `random`).
pub fn extract(input: Input, options: &Options, random: &[u8]) -> String {
    let tables = match extract_tables(input, options, random) {
        Ok(tables) => tables,
        Err(failed) => {
            return serde_json::json!({
                "tables": [],
                "errors": { failed.kind: 1 },
            })
            .to_string();
        }
    };
    serde_json::json!({ "tables": tables, "errors": {} }).to_string()
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
