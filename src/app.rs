//! The glue: open, parse, build the command's view, render it in the chosen form, write.
//! The only place that touches stdout.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use crate::archive::Archive;
use crate::cli::{Config, Destination, Task};
use crate::model::{Report, WarningKind};
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

/// One line on stderr when a report carries warnings, so that a script reading only the
/// JSON still hears of them.
/// Where a run's output lists a report's warnings, for the stderr note.
enum Listed<'a> {
    /// In the output, under this heading or key.
    In(&'static str),
    /// Not in the output: `wareport show PATH warnings` lists them (the path is not named
    /// in a redacted run).
    Elsewhere(&'a Path, bool),
}

fn notice(notes: &mut Vec<String>, report: &Report, name: Option<&EntryName>, listed: Listed<'_>) {
    let n = report.warnings.len();
    if n == 0 {
        return;
    }
    let plural = if n == 1 { "" } else { "s" };
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
        Listed::Elsewhere(_, true) => "`wareport show PATH warnings` lists them".to_string(),
        Listed::Elsewhere(path, false) => format!(
            "`wareport show {} warnings` lists them",
            crate::term::escape(&path.display().to_string())
        ),
    };
    notes.push(format!(
        "wareport: {n} warning{plural}{of}: {what} ({place})"
    ));
}

/// Opens and parses a report, redacted when the run asks for it. `count_contacts` for the
/// commands that need only their number.
pub fn load(
    path: &Path,
    config: &Config,
    redactor: Option<&Redactor>,
    count_contacts: bool,
) -> anyhow::Result<Report> {
    let mut archive = Archive::open(path, config.limits)?;
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

/// The name a report goes by in output: its path, or (redacted) its position.
fn report_name(path: &Path, position: usize, redacted: bool) -> EntryName {
    if redacted {
        EntryName::new(format!("report {position}"))
    } else {
        EntryName::new(path.display().to_string())
    }
}

/// Reads the reports (standard input at most once) and puts them in order of generation
/// time, each with its changes since the one before. Redacted, each goes by its position
/// ([`report_name`]). Also gives each step's path, in the same order.
fn load_steps(
    paths: &[PathBuf],
    mixed: bool,
    sections: &[crate::model::Section],
    config: &Config,
    redactor: Option<&Redactor>,
) -> anyhow::Result<(Vec<crate::timeline::Step>, Vec<PathBuf>)> {
    stdin_once(paths)?;
    let mut loaded = Vec::with_capacity(paths.len());
    for path in paths {
        loaded.push((
            EntryName::new(path.display().to_string()),
            load(path, config, redactor, false)?,
        ));
    }
    let mut steps = crate::timeline::timeline(loaded, mixed, sections)?;
    let order: Vec<PathBuf> = steps
        .iter()
        .map(|s| PathBuf::from(s.name.exact()))
        .collect();
    for (i, (step, path)) in steps.iter_mut().zip(&order).enumerate() {
        step.name = report_name(path, i + 1, redactor.is_some());
    }
    Ok((steps, order))
}

/// Runs one command: writes its output to stdout and its notes to stderr. Errors are the
/// caller's to print (with [`error_line`]).
pub fn run(config: Config) -> anyhow::Result<ExitCode> {
    let outcome = execute(&config)?;
    write(&outcome.output)?;
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
fn stdin_once<'a>(paths: impl IntoIterator<Item = &'a std::path::PathBuf>) -> anyhow::Result<()> {
    let dashes = paths.into_iter().filter(|p| p.as_os_str() == "-").count();
    anyhow::ensure!(
        dashes <= 1,
        "`-` (standard input) is given {dashes} times, but standard input holds one report; give the others as files"
    );
    Ok(())
}

/// Runs one command and returns what it would print, without printing.
pub fn execute(config: &Config) -> anyhow::Result<Outcome> {
    let mut outcome = execute_command(config)?;
    if config.quiet {
        outcome.notes.clear();
    }
    let mut notes = config.notes.clone();
    notes.append(&mut outcome.notes);
    outcome.notes = notes;
    Ok(outcome)
}

fn execute_command(config: &Config) -> anyhow::Result<Outcome> {
    let mut notes = Vec::new();
    // One redactor for the whole run: both sides of a diff get the same pseudonyms.
    let redaction = &config.redaction;
    let redactor = if redaction.enabled {
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
        Some(Redactor::new(key.as_bytes(), redaction.policy)?)
    } else {
        None
    };
    let redactor = redactor.as_ref();
    let style = &config.style;
    match &config.command {
        Task::Print(text) => Ok(Outcome {
            output: text.clone(),
            code: 0,
            notes,
        }),
        Task::Schema(doc) => Ok(Outcome {
            output: view::to_json(&view::schema(*doc)),
            code: 0,
            notes,
        }),
        Task::Summary { path, form } => {
            let json = *form == Form::Json;
            let report = load(path, config, redactor, true)?;
            let v = view::Summary::new(&report);
            let (output, listed) = if json {
                (view::to_json(&v), Listed::In("in the JSON's `warnings`"))
            } else {
                (
                    render::summary::summary(&v, style),
                    Listed::In("under Report notes"),
                )
            };
            notice(&mut notes, &report, None, listed);
            Ok(Outcome {
                output,
                code: 0,
                notes,
            })
        }
        Task::Show {
            path,
            sections,
            form,
        } => {
            let json = *form == Form::Json;
            let report = load(path, config, redactor, false)?;
            let v = view::Show::new(&report, sections);
            let (output, listed) = if json {
                (view::to_json(&v), Listed::In("in the JSON's `warnings`"))
            } else if v.show_warnings {
                (render::table::show(&v, style), Listed::In("under Warnings"))
            } else {
                (
                    render::table::show(&v, style),
                    Listed::Elsewhere(path, redactor.is_some()),
                )
            };
            notice(&mut notes, &report, None, listed);
            Ok(Outcome {
                output,
                code: 0,
                notes,
            })
        }
        Task::Audit {
            path,
            fail_on,
            thresholds,
            form,
        } => {
            let json = *form == Form::Json;
            let report = load(path, config, redactor, true)?;
            let findings = crate::audit::audit(&report, *thresholds);
            let v = view::AuditView::new(&findings);
            let output = if json {
                view::to_json(&v)
            } else {
                render::audit::text(&v, style)
            };
            notice(
                &mut notes,
                &report,
                None,
                Listed::Elsewhere(path, redactor.is_some()),
            );
            let failed = fail_on.is_some_and(|t| findings.iter().any(|f| f.severity >= t));
            Ok(Outcome {
                output,
                code: u8::from(failed),
                notes,
            })
        }
        Task::Inspect { path, form } => {
            let json = *form == Form::Json;
            anyhow::ensure!(
                redactor.is_none(),
                "inspect does not redact: it quotes the values it could not read; use --redact with show, summary, diff, timeline or audit"
            );
            let mut archive = Archive::open(path, config.limits)?;
            let options = crate::parse::Options {
                cross_check: true,
                ..Default::default()
            };
            let parsed = crate::parse::parse(&mut archive, options)?;
            let inspection = crate::inspect::inspect(&parsed);
            let v = view::InspectView::new(&inspection);
            let mut output = if json {
                view::to_json(&v)
            } else {
                render::inspect::text(&v, style)
            };
            if !json && !inspection.understood() {
                output.push_str(&crate::term::escape(&crate::twin::suggestion(
                    &path.display().to_string(),
                )));
                output.push('\n');
            }
            Ok(Outcome {
                output,
                code: u8::from(!inspection.understood()),
                notes,
            })
        }
        Task::Diff {
            old,
            new,
            sections,
            form,
        } => {
            let json = *form == Form::Json;
            stdin_once([old, new])?;
            let (a, b) = (
                load(old, config, redactor, false)?,
                load(new, config, redactor, false)?,
            );
            let mut changes = crate::diff::diff(&a, &b);
            changes.retain(|s| sections.contains(&s));
            let (old_name, new_name) = (
                report_name(old, 1, redactor.is_some()),
                report_name(new, 2, redactor.is_some()),
            );
            let v = view::DiffView::new(
                &changes,
                view::Side::new(&old_name, &a),
                view::Side::new(&new_name, &b),
            );
            let output = if json {
                view::to_json(&v)
            } else {
                render::diff::text(&v, style)
            };
            let redacted = redactor.is_some();
            notice(
                &mut notes,
                &a,
                Some(&old_name),
                Listed::Elsewhere(old, redacted),
            );
            notice(
                &mut notes,
                &b,
                Some(&new_name),
                Listed::Elsewhere(new, redacted),
            );
            Ok(Outcome {
                output,
                code: u8::from(!changes.changes.is_empty()),
                notes,
            })
        }
        Task::Timeline {
            reports,
            mixed,
            sections,
            form,
        } => {
            let json = *form == Form::Json;
            let (steps, order) = load_steps(reports, *mixed, sections, config, redactor)?;
            let v = view::TimelineView::new(&steps);
            let output = if json {
                view::to_json(&v)
            } else {
                render::diff::timeline(&v, style)
            };
            for (step, path) in steps.iter().zip(&order) {
                notice(
                    &mut notes,
                    &step.report,
                    Some(&step.name),
                    Listed::Elsewhere(path, redactor.is_some()),
                );
            }
            Ok(Outcome {
                output,
                code: 0,
                notes,
            })
        }
        Task::Report {
            paths,
            output,
            mixed,
        } => {
            let inputs = crate::output::Inputs::new(paths.iter().map(PathBuf::as_path));
            // Where the page goes is settled before any report is read.
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
            let (steps, _) = load_steps(
                paths,
                *mixed,
                &crate::model::Section::compared().collect::<Vec<_>>(),
                config,
                redactor,
            )?;
            let page = crate::page::page(&steps, &style.clock, redactor.is_some());
            let output = match file {
                Some((path, _)) => {
                    notes.push(crate::output::write(&path, page.as_bytes())?);
                    String::new()
                }
                None => page,
            };
            let several = steps.len() > 1;
            for step in &steps {
                notice(
                    &mut notes,
                    &step.report,
                    several.then_some(&step.name),
                    Listed::In("in the page's last section"),
                );
            }
            Ok(Outcome {
                output,
                code: 0,
                notes,
            })
        }
        Task::Twin(twin) => {
            notes.extend(crate::twin::shell::run(twin, config.limits)?);
            Ok(Outcome {
                output: String::new(),
                code: 0,
                notes,
            })
        }
        Task::Export(options) => {
            stdin_once(&options.paths)?;
            let (code, tally) = crate::export::run(options, config.limits, redactor)?;
            notes.push(tally);
            Ok(Outcome {
                output: String::new(),
                code,
                notes,
            })
        }
    }
}

fn write(output: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
        .context("writing to stdout")
}
