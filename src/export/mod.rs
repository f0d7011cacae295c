//! `wareport export`: many reports at once into one SQLite database, one NDJSON file (or a
//! folder of NDJSON files, one per table) or a folder of CSV files.
//!
//! The inputs ([`discover`]) are read in parallel, one worker per core, each opening,
//! hashing, parsing, redacting and auditing a report on its own; one writer (the calling
//! thread) writes them to the output in input order, so the same inputs give the same
//! output. A worker starts input `i` only when the writer has written everything before
//! `i - window`, so at most `window` reports wait in memory whatever the number of
//! reports: memory is bounded by a small multiple of the largest report.
//!
//! Every report is keyed by a SHA-256 of its entries ([`Archive::digest`]), so a ZIP and
//! the folder it was extracted to are one report; a key seen twice in a run is written
//! once, and the database replaces a report it already holds. An input that cannot be read is a failure, written to `failures` (and stderr),
//! and the batch goes on.
//!
//! `-o` is the only thing written: the database (SQLite's own journal beside it while a
//! transaction is open, and its nameless sort files in the same folder while it builds
//! indexes), the NDJSON file, or the folder with its manifest
//! ([`MANIFEST`]). A file or folder that is not wareport's own output is overwritten only
//! with `--force`.

pub mod discover;

mod csv;
mod folder;
mod ndjson;
mod sqlite;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError, mpsc};

use anyhow::Context;

use crate::archive::{Archive, Limits};
use crate::audit::Thresholds;
use crate::detect::DetectError;
use crate::redact::Redactor;
use crate::text::{EntryName, count};

use crate::tables::rows::{self, Cell};
use crate::tables::schema::Table;
use crate::tables::{Failure, Loaded};
use discover::{Globs, Job};

/// The manifest that marks a folder as wareport's own output.
pub const MANIFEST: &str = "wareport-export.json";

/// What `export` writes: its forms, and only its.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Form {
    /// One SQLite database.
    #[default]
    Sqlite,
    /// One file (or standard output) with a line per report.
    Ndjson,
    /// A folder with a file per table, a line per row (`--split`).
    NdjsonTables,
    /// A folder with a CSV file per table.
    Csv,
}

/// `wareport export`'s options, free of clap.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// ZIPs, report folders, `-`, or folders to search.
    pub paths: Vec<PathBuf>,
    /// `-o`: the database, the NDJSON file, or the folder.
    pub output: PathBuf,
    pub form: Form,
    /// `--glob`: narrows what a search of a folder counts.
    pub globs: Vec<String>,
    /// Only counts, settings, terms and findings.
    pub counts_only: bool,
    /// Overwrite an output that is not wareport's own.
    pub force: bool,
    /// No progress bar and no closing tally.
    pub quiet: bool,
}

/// What kind of rows an output holds: two runs add to one database only when they agree,
/// so a database never mixes plain and redacted rows, or pseudonyms of two keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Kind {
    pub counts_only: bool,
    /// `None`: not redacted; else the redactor's fingerprint.
    pub redaction: Option<String>,
}

impl Kind {
    fn redaction_word(&self) -> String {
        match &self.redaction {
            None => "none".into(),
            Some(fp) => format!("keyed:{fp}"),
        }
    }
}

/// A report as rows of every table, made on a worker; the writer gives it its number as it
/// takes its cells ([`Prepared::cells`]). Its text is kept in one buffer, so a report of a
/// few hundred rows is a handful of allocations, not one per cell: the writer frees what a
/// worker allocated, and an allocation freed on another thread is the dearest kind.
pub struct Prepared {
    pub key: String,
    pub path: String,
    /// The text of every text and JSON cell, one after the other.
    text: String,
    /// Per table, in [`Table::ALL`] order, the cells of its rows one after the other.
    tables: Vec<Vec<Slot>>,
}

/// A cell of a [`Prepared`] report: a text is a range of its buffer.
#[derive(Clone)]
enum Slot {
    /// NULL, a number or a flag: a cell that owns nothing.
    Plain(Cell<'static>),
    Text(std::ops::Range<usize>),
    Json(std::ops::Range<usize>),
}

impl Prepared {
    fn of(l: &Loaded, counts_only: bool) -> anyhow::Result<Prepared> {
        let mut tables: Vec<Vec<Slot>> = vec![Vec::new(); Table::ALL.len()];
        let mut text = String::new();
        rows::rows(l, counts_only, &mut |t, row| {
            let mut keep = |s: &str| {
                text.push_str(s);
                text.len() - s.len()..text.len()
            };
            tables[t as usize].extend(row.iter().map(|c| match c {
                Cell::Text(s) => Slot::Text(keep(s)),
                Cell::Json(s) => Slot::Json(keep(s)),
                Cell::Null => Slot::Plain(Cell::Null),
                Cell::Int(n) => Slot::Plain(Cell::Int(*n)),
                Cell::Bool(b) => Slot::Plain(Cell::Bool(*b)),
            }));
            Ok(())
        })?;
        Ok(Prepared {
            key: l.key.clone(),
            path: l.path.clone(),
            text,
            tables,
        })
    }

    /// The cells of a table's rows, one after the other, each row's first the report's
    /// number `id` (`reports.id`, `report_id`), which only the writer knows.
    pub fn cells(&self, t: Table, id: i64) -> Vec<Cell<'_>> {
        let width = t.def().columns.len();
        self.tables[t as usize]
            .iter()
            .enumerate()
            .map(|(i, slot)| match slot {
                _ if i % width == 0 => Cell::Int(id),
                Slot::Plain(cell) => cell.clone(),
                Slot::Text(range) => Cell::Text(Cow::Borrowed(&self.text[range.clone()])),
                Slot::Json(range) => Cell::Json(Cow::Borrowed(&self.text[range.clone()])),
            })
            .collect()
    }
}

/// What a worker hands the writer.
enum Done<T> {
    /// A report, keyed by its content, made into what the sink takes.
    Report {
        key: String,
        item: Box<T>,
    },
    Failed(Failure),
    /// A ZIP found by a search that holds something else than a report.
    NotAReport,
}

/// Where reports go. A worker makes each report into the sink's [`Sink::Item`] (rows, or
/// an NDJSON line), so the writer only writes.
trait Sink {
    type Item: Send;
    /// On a worker: the report as this sink takes it.
    fn item(loaded: &Loaded, counts_only: bool) -> anyhow::Result<Self::Item>;
    /// Writes a report; `false` when the output already held it (a database's earlier run)
    /// and it was replaced.
    fn report(&mut self, item: Self::Item) -> anyhow::Result<bool>;
    fn failure(&mut self, failure: &Failure) -> anyhow::Result<()>;
    fn finish(&mut self) -> anyhow::Result<()>;
}

/// What every worker shares.
struct Ctx<'a> {
    options: &'a Options,
    limits: Limits,
    redactor: Option<&'a Redactor>,
}

/// Runs `export`. `Ok` carries the exit status (0 when every input was read, 1 when some
/// failed) and the closing tally for stderr, escaped for a terminal; an error (exit 2) when
/// none could be read or the output cannot be written.
pub fn run(
    options: &Options,
    limits: Limits,
    redactor: Option<&Redactor>,
) -> anyhow::Result<(u8, String)> {
    anyhow::ensure!(
        options.output != Path::new("-") || options.form == Form::Ndjson,
        "-o -: only --format ndjson (one line per report) goes to standard output; give a file or folder name for {}",
        if options.form == Form::Sqlite {
            "the database"
        } else {
            "the folder of tables"
        }
    );
    let globs = Globs::new(&options.globs)?;
    let jobs = discover::discover(&options.paths, &globs);
    anyhow::ensure!(
        !jobs.is_empty(),
        "found no report in {}: a search counts ZIP files and report folders{}",
        options
            .paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        if options.globs.is_empty() {
            ""
        } else {
            " matching --glob"
        }
    );
    // Every input found, as files: the output goes over none of them, --force or not.
    crate::output::Inputs::new(jobs.iter().filter_map(|j| match j {
        Job::Open { path, .. } => Some(path.as_path()),
        Job::Unreadable { .. } => None,
    }))
    .refuse(&options.output)?;
    let kind = Kind {
        counts_only: options.counts_only,
        redaction: redactor.map(Redactor::fingerprint),
    };
    let ctx = Ctx {
        options,
        limits,
        redactor,
    };
    let out = &options.output;
    let force = options.force;
    match options.form {
        Form::Sqlite => {
            let conn = sqlite::open(out, force, &kind)?;
            let mut sink = sqlite::Writer::new(&conn, jobs.len(), out)?;
            drive(&jobs, &ctx, &mut sink)
        }
        Form::NdjsonTables => drive(&jobs, &ctx, &mut ndjson::split(out, force, &kind)?),
        Form::Ndjson => drive(&jobs, &ctx, &mut ndjson::Lines::create(out, force)?),
        Form::Csv => drive(&jobs, &ctx, &mut csv::create(out, force, &kind)?),
    }
}

/// What a batch came to.
#[derive(Default)]
struct Tally {
    read: usize,
    /// Of those read, the reports the output held already (a database grows).
    replaced: usize,
    failed: usize,
    duplicates: usize,
    not_reports: usize,
}

impl Tally {
    /// The exit status and the closing line; an error when nothing could be read.
    fn close(&self, out: &Path) -> anyhow::Result<(u8, String)> {
        let to = if out == Path::new("-") {
            "standard output".to_string()
        } else {
            EntryName::new(out.display().to_string()).to_string()
        };
        let mut said = format!(
            "wareport: {} exported to {to}",
            count(self.read, "report", "reports")
        );
        if self.replaced > 0 {
            let new = self.read - self.replaced;
            said += &format!(" ({new} new; {} already there, rewritten)", self.replaced);
        }
        if self.failed > 0 {
            said += &format!("; {} not read", count(self.failed, "input", "inputs"));
        }
        if self.duplicates > 0 {
            said += &format!(
                "; {} a report already read",
                count(self.duplicates, "input repeated", "inputs repeated")
            );
        }
        if self.not_reports > 0 {
            said += &format!(
                "; {} no report",
                count(
                    self.not_reports,
                    "ZIP file found held",
                    "ZIP files found held"
                )
            );
        }
        match (self.read, self.failed) {
            (0, 0) => anyhow::bail!("found no report among the ZIP files searched"),
            (0, 1) => anyhow::bail!("the one input could not be read (listed in `failures`)"),
            (0, n) => anyhow::bail!("none of the {n} inputs could be read (listed in `failures`)"),
            (_, 0) => Ok((0, said)),
            _ => Ok((1, said)),
        }
    }
}

/// How far the writer is, and how many workers wait for it to go further.
#[derive(Default)]
struct Progressed {
    written: usize,
    waiting: usize,
}

/// What keeps the workers within `window` inputs of the writer.
struct Turns {
    window: usize,
    /// The next input a worker takes.
    next: AtomicUsize,
    written: Mutex<Progressed>,
    wake: Condvar,
    /// The writer failed: workers stop.
    stop: AtomicBool,
}

impl Turns {
    /// Waits until the writer is within `window` of input `i`; false when the run stops.
    fn wait_for(&self, i: usize) -> bool {
        let mut at = self.written.lock().unwrap_or_else(PoisonError::into_inner);
        while i >= at.written + self.window && !self.stop.load(Ordering::Relaxed) {
            at.waiting += 1;
            at = self.wake.wait(at).unwrap_or_else(PoisonError::into_inner);
            at.waiting -= 1;
        }
        drop(at);
        !self.stop.load(Ordering::Relaxed)
    }

    /// The writer has written everything before input `n`.
    fn written(&self, n: usize) {
        let mut at = self.written.lock().unwrap_or_else(PoisonError::into_inner);
        at.written = n;
        // Waking costs a system call: only when a worker waits.
        if at.waiting > 0 {
            drop(at);
            self.wake.notify_all();
        }
    }

    fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
        self.wake.notify_all();
    }
}

/// Reads every input in parallel and writes them in order; see the module's description.
fn drive<S: Sink>(jobs: &[Job], ctx: &Ctx<'_>, sink: &mut S) -> anyhow::Result<(u8, String)> {
    let out = &ctx.options.output;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len())
        .max(1);
    // Reports are written in input order, so one slow report holds up the writer while
    // the others finish: a window of a few reports per worker keeps every core busy (on
    // 2 cores, 16 rather than 4 took 10,000 reports into SQLite in 0.88x the time), and
    // what waits in it is rows, a few dozen KiB a report.
    let turns = Turns {
        window: 8 * threads,
        next: AtomicUsize::new(0),
        written: Mutex::new(Progressed::default()),
        wake: Condvar::new(),
        stop: AtomicBool::new(false),
    };
    let (tx, rx) = mpsc::sync_channel::<(usize, Done<S::Item>)>(turns.window);
    let progress = Progress::new(jobs.len(), ctx.options.quiet);
    let mut tally = Tally::default();
    let result = std::thread::scope(|s| {
        for _ in 0..threads {
            let tx = tx.clone();
            let turns = &turns;
            s.spawn(move || worker::<S>(jobs, ctx, turns, tx));
        }
        drop(tx);
        let result = write_in_order(rx, sink, &turns, &progress, &mut tally);
        if result.is_err() {
            turns.stop();
        }
        result
    });
    progress.clear();
    result
        .and_then(|()| sink.finish())
        .with_context(|| format!("writing {}", out.display()))?;
    tally.close(out)
}

/// A worker: takes the next input while the writer is near enough, until none is left.
fn worker<S: Sink>(
    jobs: &[Job],
    ctx: &Ctx<'_>,
    turns: &Turns,
    tx: mpsc::SyncSender<(usize, Done<S::Item>)>,
) {
    loop {
        let i = turns.next.fetch_add(1, Ordering::Relaxed);
        if i >= jobs.len() || !turns.wait_for(i) {
            break;
        }
        let done =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work::<S>(&jobs[i], ctx)))
                .unwrap_or_else(|_| {
                    Done::Failed(failure(
                        ctx,
                        jobs[i].path(),
                        None,
                        &anyhow::anyhow!(
                            "{}: wareport failed on this input (a bug: please report it)",
                            jobs[i].path().display()
                        ),
                    ))
                });
        if tx.send((i, done)).is_err() {
            break;
        }
    }
}

/// The writer: takes what the workers hand over and writes it in input order, a report
/// whose key was already written counted as a duplicate.
fn write_in_order<S: Sink>(
    rx: mpsc::Receiver<(usize, Done<S::Item>)>,
    sink: &mut S,
    turns: &Turns,
    progress: &Progress,
    tally: &mut Tally,
) -> anyhow::Result<()> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut pending: BTreeMap<usize, Done<S::Item>> = BTreeMap::new();
    let mut expect = 0usize;
    for (i, done) in &rx {
        pending.insert(i, done);
        while let Some(done) = pending.remove(&expect) {
            match done {
                Done::Report { key, item } => {
                    if seen.insert(key) {
                        if !sink.report(*item)? {
                            tally.replaced += 1;
                        }
                        tally.read += 1;
                    } else {
                        tally.duplicates += 1;
                    }
                }
                Done::Failed(f) => {
                    progress.println(&format!(
                        "wareport: not read: {}",
                        crate::term::escape(&f.shown)
                    ));
                    sink.failure(&f)?;
                    tally.failed += 1;
                }
                Done::NotAReport => tally.not_reports += 1,
            }
            expect += 1;
            turns.written(expect);
            progress.step(tally.failed);
        }
    }
    Ok(())
}

/// One input, on a worker: open and hash, parse, redact, audit, and make it what the sink
/// takes.
fn work<S: Sink>(job: &Job, ctx: &Ctx<'_>) -> Done<S::Item> {
    let (path, origin) = match job {
        Job::Unreadable { path, error } => {
            return Done::Failed(failure(ctx, path, None, &anyhow::anyhow!("{error}")));
        }
        Job::Open { path, origin } => (path, *origin),
    };
    let mut archive = match Archive::open(path, ctx.limits) {
        Ok(archive) => archive,
        Err(e) => return Done::Failed(failure(ctx, path, None, &e.into())),
    };
    archive.track_digests();
    let options = crate::parse::Options {
        count_contacts: ctx.options.counts_only,
        ..Default::default()
    };
    let (report, root) = match crate::parse::parse(&mut archive, options) {
        Ok(parsed) => (parsed.report, parsed.root),
        Err(e) => {
            let not_a_report = e
                .downcast_ref::<DetectError>()
                .is_some_and(|d| matches!(d, DetectError::NotAReport { .. }));
            if origin == discover::Origin::FoundZip && not_a_report {
                return Done::NotAReport;
            }
            return Done::Failed(failure(ctx, path, None, &e));
        }
    };
    // The report's entries, not its container: a ZIP and its extracted folder are one
    // report.
    let key = match archive.digest(&root) {
        Ok(hex) => match ctx.redactor {
            Some(r) => r.report_key(&hex),
            None => hex,
        },
        Err(e) => return Done::Failed(failure(ctx, path, None, &e.into())),
    };
    drop(archive);
    let report = match ctx.redactor {
        Some(r) => r.report(&report),
        None => report,
    };
    let findings = crate::audit::audit(&report, Thresholds::default());
    let loaded = Loaded {
        key,
        path: output_path(ctx, path),
        report,
        findings,
    };
    match S::item(&loaded, ctx.options.counts_only) {
        Ok(item) => Done::Report {
            key: loaded.key,
            item: Box::new(item),
        },
        Err(e) => Done::Failed(failure(ctx, path, Some(loaded.key), &e)),
    }
}

/// The path as the output names it.
fn output_path(ctx: &Ctx<'_>, path: &Path) -> String {
    let shown = EntryName::new(path.display().to_string());
    match ctx.redactor {
        Some(r) => r.entry(&shown).exact().to_string(),
        None => shown.exact().to_string(),
    }
}

fn failure(ctx: &Ctx<'_>, path: &Path, key: Option<String>, e: &anyhow::Error) -> Failure {
    let shown = format!("{e:#}");
    Failure {
        path: output_path(ctx, path),
        key,
        error: match ctx.redactor {
            Some(r) => redacted_error(e, r),
            None => shown.clone(),
        },
        shown,
    }
}

/// An error with `--redact`: the kind of error, and only documented entry names, since a
/// message may quote file names and values of the report.
fn redacted_error(e: &anyhow::Error, r: &Redactor) -> String {
    crate::errors::describe(e, &|name| {
        r.entry(&EntryName::new(name)).exact().to_string()
    })
    .1
}

/// The progress bar on stderr, when it is a terminal.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(len: usize, quiet: bool) -> Progress {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(len as u64),
            indicatif::ProgressDrawTarget::stderr(),
        );
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bar:30} {pos}/{len} reports, {msg}, {rate} (ETA {eta})",
        ) {
            bar.set_style(style.with_key(
                "rate",
                |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0} reports/s", state.per_sec());
                },
            ));
        }
        bar.set_message("0 failed");
        Progress(Some(bar))
    }

    fn step(&self, failed: usize) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
            if failed > 0 {
                bar.set_message(format!("{failed} failed"));
            }
        }
    }

    fn println(&self, line: &str) {
        match &self.0 {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    fn clear(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
