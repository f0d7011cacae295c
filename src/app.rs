//! The glue: open, parse, build the command's view, render it in the chosen form, write.
//! The only place that touches stdout.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use crate::archive::Archive;
use crate::cli::{Config, Task};
use crate::model::{Report, WarningKind};
use crate::output::Destination;
use crate::redact::Redactor;
use crate::render;
use crate::text::EntryName;
use crate::view;

use crate::format::Form;

/// What a command produced: its output, its exit status, and the notes for stderr.
#[derive(Debug)]
pub struct Outcome {
    pub output: String,
    pub code: u8,
    /// One line each, already escaped for a terminal.
    pub notes: Vec<String>,
}

pub use crate::errors::line as error_line;

/// Where a run's output lists a report's warnings, for the stderr note.
enum Listed<'a> {
    /// In the output, under this heading or key.
    In(&'static str),
    /// Not in the output: `wareport show PATH warnings` lists them (the path is not named
    /// in a redacted run).
    Elsewhere(&'a Path),
}

/// Runs one command: writes its output to stdout and its notes to stderr. Errors are the
/// caller's to print (with [`error_line`]).
pub fn run(config: Config) -> anyhow::Result<ExitCode> {
    let outcome = execute(&config)?;
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(outcome.output.as_bytes())
        .and_then(|()| stdout.flush())
        .context("writing to stdout")?;
    for note in &outcome.notes {
        eprintln!("{note}");
    }
    Ok(ExitCode::from(outcome.code))
}

/// A key for `--redact` when none is given: 128 random bits as 32 hex digits, which the
/// person can pass back with `--redact-key` to get the same pseudonyms.
fn random_key() -> anyhow::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| anyhow::anyhow!("no random key for --redact: {e}; pass --redact-key"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Standard input holds one report: `-` may be given once.
fn stdin_once<'a, P: AsRef<Path> + 'a>(
    paths: impl IntoIterator<Item = &'a P>,
) -> anyhow::Result<()> {
    let dashes = paths
        .into_iter()
        .filter(|p| p.as_ref().as_os_str() == "-")
        .count();
    anyhow::ensure!(
        dashes <= 1,
        "`-` (standard input) is given {dashes} times, but standard input holds one report; give the others as files"
    );
    Ok(())
}

/// One run: its configuration, its one redactor (both sides of a diff get the same
/// pseudonyms), and the notes gathered for stderr.
struct Run<'a> {
    config: &'a Config,
    redactor: Option<&'a Redactor>,
    notes: Vec<String>,
}

impl Run<'_> {
    /// Opens and parses a report, redacted when the run asks for it. `count_contacts` for
    /// the commands that need only their number.
    fn load(&self, path: &Path, count_contacts: bool) -> anyhow::Result<Report> {
        let mut archive = Archive::open(path, self.config.limits)?;
        crate::api::read(&mut archive, self.redactor, count_contacts)
    }

    /// Reads the reports (standard input at most once) and puts them in order of generation
    /// time, each with its changes since the one before. Redacted, each goes by its position
    /// ([`crate::api::report_name`]). Also gives each step's path, in the same order.
    fn steps(
        &self,
        paths: &[PathBuf],
        mixed: bool,
        sections: &[crate::model::Section],
    ) -> anyhow::Result<(Vec<crate::timeline::Step>, Vec<PathBuf>)> {
        stdin_once(paths)?;
        let mut loaded = Vec::with_capacity(paths.len());
        for path in paths {
            let name = EntryName::new(path.display().to_string());
            loaded.push((name, self.load(path, false)?));
        }
        let mut steps = crate::timeline::timeline(loaded, mixed, sections)?;
        let order: Vec<PathBuf> = steps
            .iter()
            .map(|s| PathBuf::from(s.name.exact()))
            .collect();
        for (i, step) in steps.iter_mut().enumerate() {
            step.name = crate::api::report_name(step.name.exact(), i + 1, self.redactor.is_some());
        }
        Ok((steps, order))
    }

    /// One line on stderr when a report carries warnings, so that a script reading only the
    /// JSON still hears of them.
    fn notice(&mut self, report: &Report, name: Option<&EntryName>, listed: Listed<'_>) {
        let n = report.warnings.len();
        if n == 0 {
            return;
        }
        let of = name.map_or(String::new(), |n| format!(" in {n}"));
        let any = |kind| report.warnings.iter().any(|w| w.kind == kind);
        let what = if report.warnings.iter().any(|w| w.is_problem()) {
            "parts of the report were not understood"
        } else if any(WarningKind::Missing) {
            "parts of the report are missing"
        } else {
            "gaps in the report were filled another way"
        };
        let place = match listed {
            Listed::In(place) => format!("listed {place}"),
            Listed::Elsewhere(_) if self.redactor.is_some() => {
                "`wareport show PATH warnings` lists them".to_string()
            }
            Listed::Elsewhere(path) => format!(
                "`wareport show {} warnings` lists them",
                crate::term::shell_word(&path.display().to_string())
            ),
        };
        self.notes.push(format!(
            "wareport: {}{of}: {what} ({place})",
            crate::text::count(n, "warning", "warnings")
        ));
    }

    /// The report as a command to run next names it: shell-quoted, or `PATH` when a
    /// redacted run must not name it or it was standard input.
    fn named(&self, path: &Path) -> String {
        if self.redactor.is_some() || path == Path::new("-") {
            "PATH".into()
        } else {
            crate::term::shell_word(&path.display().to_string())
        }
    }

    fn style(&self) -> &crate::render::Style {
        &self.config.style
    }
}

/// The redactor a run asks for: its key, or a random one, announced with how to keep it.
fn redactor_for(config: &Config, notes: &mut Vec<String>) -> anyhow::Result<Option<Redactor>> {
    let redaction = &config.redaction;
    if !redaction.enabled {
        return Ok(None);
    }
    let key = match &redaction.key {
        Some(key) => key.clone(),
        None => {
            let key = random_key()?;
            notes.push(format!(
                "wareport: --redact drew a random key for this run, so its pseudonyms match no other run's; to keep them, pass --redact-key {key} (or set WAREPORT_REDACT_KEY={key}), and share that key with no one"
            ));
            key
        }
    };
    Ok(Some(Redactor::new(key.as_bytes(), redaction.policy)?))
}

/// Runs one command and returns what it would print, without printing.
pub fn execute(config: &Config) -> anyhow::Result<Outcome> {
    let mut notes = Vec::new();
    let redactor = redactor_for(config, &mut notes)?;
    let mut run = Run {
        config,
        redactor: redactor.as_ref(),
        notes,
    };
    let (output, code) = match &config.command {
        Task::Print(text) => (text.clone(), 0),
        Task::Manual => (crate::manual::manual(), 0),
        Task::Schema(doc) => (view::to_json(&crate::schema::schema(*doc)), 0),
        Task::Summary { path, form } => summary(&mut run, path, *form)?,
        Task::Show {
            path,
            sections,
            form,
        } => show(&mut run, path, sections, *form)?,
        Task::Audit {
            path,
            fail_on,
            thresholds,
            form,
        } => audit(&mut run, path, *fail_on, *thresholds, *form)?,
        Task::Inspect { path, form } => inspect(&run, path, *form)?,
        Task::Diff {
            old,
            new,
            sections,
            form,
        } => diff(&mut run, old, new, sections, *form)?,
        Task::Timeline {
            reports,
            mixed,
            sections,
            form,
        } => timeline(&mut run, reports, *mixed, sections, *form)?,
        Task::Report {
            paths,
            output,
            mixed,
        } => report(&mut run, paths, output, *mixed)?,
        Task::Twin(twin) => {
            let wrote = crate::twin::shell::run(twin, config.limits)?;
            run.notes.extend(wrote);
            (String::new(), 0)
        }
        Task::Export(options) => {
            stdin_once(&options.paths)?;
            let (code, tally) = crate::export::run(options, config.limits, run.redactor)?;
            run.notes.push(tally);
            (String::new(), code)
        }
    };
    if config.quiet {
        run.notes.clear();
    }
    Ok(Outcome {
        output,
        code,
        notes: [config.notes.clone(), run.notes].concat(),
    })
}

/// What a command printed, and its exit status.
type Printed = (String, u8);

/// A view as its JSON, or as `text` lays it out for people.
fn printed<V: serde::Serialize>(form: Form, v: &V, text: impl FnOnce(&V) -> String) -> String {
    match form {
        Form::Json => view::to_json(v),
        Form::Text => text(v),
    }
}

fn summary(run: &mut Run<'_>, path: &Path, form: Form) -> anyhow::Result<Printed> {
    let report = run.load(path, true)?;
    let v = view::Summary::new(&report);
    let (output, listed) = match form {
        Form::Json => (view::to_json(&v), Listed::In("in the JSON's `warnings`")),
        Form::Text => (
            render::summary::summary(&v, run.style(), &run.named(path)),
            Listed::Elsewhere(path),
        ),
    };
    run.notice(&report, None, listed);
    Ok((output, 0))
}

fn show(
    run: &mut Run<'_>,
    path: &Path,
    sections: &[crate::view::ShowSection],
    form: Form,
) -> anyhow::Result<Printed> {
    let report = run.load(path, false)?;
    let v = view::Show::new(&report, sections);
    let (output, listed) = match form {
        Form::Json => (view::to_json(&v), Listed::In("in the JSON's `warnings`")),
        Form::Text if v.show_warnings => (
            render::table::show(&v, run.style()),
            Listed::In("under Warnings"),
        ),
        Form::Text => (
            render::table::show(&v, run.style()),
            Listed::Elsewhere(path),
        ),
    };
    run.notice(&report, None, listed);
    Ok((output, 0))
}

fn audit(
    run: &mut Run<'_>,
    path: &Path,
    fail_on: Option<crate::audit::Severity>,
    thresholds: crate::audit::Thresholds,
    form: Form,
) -> anyhow::Result<Printed> {
    let report = run.load(path, true)?;
    let findings = crate::audit::audit(&report, thresholds);
    let v = view::AuditView::new(&findings);
    let output = printed(form, &v, |v| render::audit::text(v, run.style()));
    run.notice(&report, None, Listed::Elsewhere(path));
    let failed = fail_on.is_some_and(|t| findings.iter().any(|f| f.severity >= t));
    Ok((output, u8::from(failed)))
}

fn inspect(run: &Run<'_>, path: &Path, form: Form) -> anyhow::Result<Printed> {
    anyhow::ensure!(
        run.redactor.is_none(),
        "inspect does not redact: it quotes the values it could not read; use --redact with show, summary, diff, timeline or audit"
    );
    let inspection = crate::api::inspection(&mut Archive::open(path, run.config.limits)?)?;
    let v = view::InspectView::new(&inspection);
    let mut output = printed(form, &v, |v| render::inspect::text(v, run.style()));
    // Its last lines, when anything was not understood: how to send the shape of it.
    if form == Form::Text && !inspection.understood() {
        let command = crate::twin::suggestion(&path.display().to_string());
        output.push_str(&render::inspect::twin_suggestion(&command, run.style()));
    }
    Ok((output, u8::from(!inspection.understood())))
}

fn diff(
    run: &mut Run<'_>,
    old: &Path,
    new: &Path,
    sections: &[crate::model::Section],
    form: Form,
) -> anyhow::Result<Printed> {
    stdin_once(&[old, new])?;
    let (a, b) = (run.load(old, false)?, run.load(new, false)?);
    let mut changes = crate::diff::diff(&a, &b);
    changes.retain(|s| sections.contains(&s));
    let name = |path: &Path, position| {
        crate::api::report_name(
            &path.display().to_string(),
            position,
            run.redactor.is_some(),
        )
    };
    let (old_name, new_name) = (name(old, 1), name(new, 2));
    let v = view::DiffView::new(
        &changes,
        view::Side::new(&old_name, &a),
        view::Side::new(&new_name, &b),
    );
    let output = printed(form, &v, |v| render::diff::text(v, run.style()));
    run.notice(&a, Some(&old_name), Listed::Elsewhere(old));
    run.notice(&b, Some(&new_name), Listed::Elsewhere(new));
    Ok((output, u8::from(!changes.changes.is_empty())))
}

fn timeline(
    run: &mut Run<'_>,
    reports: &[PathBuf],
    mixed: bool,
    sections: &[crate::model::Section],
    form: Form,
) -> anyhow::Result<Printed> {
    let (steps, order) = run.steps(reports, mixed, sections)?;
    let v = view::TimelineView::new(&steps);
    let output = printed(form, &v, |v| render::diff::timeline(v, run.style()));
    for (step, path) in steps.iter().zip(&order) {
        run.notice(&step.report, Some(&step.name), Listed::Elsewhere(path));
    }
    Ok((output, 0))
}

/// `report`: where the page goes is settled (and refused) before any report is read.
fn report(
    run: &mut Run<'_>,
    paths: &[PathBuf],
    output: &Destination,
    mixed: bool,
) -> anyhow::Result<Printed> {
    let inputs = crate::output::Inputs::new(paths.iter().map(PathBuf::as_path));
    let file = match output {
        Destination::Stdout => None,
        Destination::File { path, force } => Some((path.clone(), *force)),
        Destination::Beside => Some((crate::output::beside(&paths[0], "html"), false)),
    };
    if let Some((path, force)) = &file {
        crate::output::file(path, &inputs, *force, "an HTML page", |p| {
            crate::page::is_own(&crate::output::head(p, 4096))
        })?;
    }
    let all: Vec<_> = crate::model::Section::compared().collect();
    let (steps, _) = run.steps(paths, mixed, &all)?;
    let page = crate::page::page(&steps, &run.style().clock, run.redactor.is_some());
    let printed = match file {
        Some((path, _)) => {
            let wrote = crate::output::write(&path, page.as_bytes())?;
            run.notes.push(wrote);
            String::new()
        }
        None => page,
    };
    let several = steps.len() > 1;
    for step in &steps {
        let name = several.then_some(&step.name);
        run.notice(&step.report, name, Listed::In("in the page's last section"));
    }
    Ok((printed, 0))
}
