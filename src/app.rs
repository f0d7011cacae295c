//! The glue: open, parse, build the command's view, render it in the chosen form, write.
//! The only place that touches stdout.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use crate::archive::Archive;
use crate::cli::{Config, Task};
use crate::model::{Report, WarningKind};
use crate::redact::Redactor;
use crate::render;
use crate::text::EntryName;
use crate::view;

/// How a command prints its result: the output form is its own axis over one view per
/// command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Tables and prose for people.
    Text,
    /// The view serialised: the JSON contract.
    Json,
    /// `export`: one SQLite database.
    Sqlite,
    /// `export`: one line per report (or, split, per row).
    Ndjson,
    /// `export`: one CSV file per table.
    Csv,
}

/// One line on stderr when a report carries warnings, so that a script reading only the
/// JSON still hears of them.
fn notice(report: &Report, name: Option<&EntryName>) {
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
    eprintln!("wareport: {n} warning{plural}{of}: {what} (listed in the output)");
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

/// Runs one command. Errors are the caller's to print.
pub fn run(config: Config) -> anyhow::Result<ExitCode> {
    // One redactor for the whole run: both sides of a diff get the same pseudonyms.
    let redaction = &config.redaction;
    let redactor = if redaction.enabled {
        Some(Redactor::new(redaction.key.as_deref(), redaction.policy)?)
    } else {
        None
    };
    let redactor = redactor.as_ref();
    let json = config.format == Format::Json;
    let style = &config.style;
    match &config.command {
        Task::Summary { path } => {
            let report = load(path, &config, redactor, true)?;
            let v = view::Summary::new(&report);
            write(&if json {
                view::to_json(&v)
            } else {
                render::summary::summary(&v, style)
            })?;
            notice(&report, None);
            Ok(ExitCode::SUCCESS)
        }
        Task::Show { path, sections } => {
            let report = load(path, &config, redactor, false)?;
            let v = view::Show::new(&report, sections);
            write(&if json {
                view::to_json(&v)
            } else {
                render::table::show(&v, style)
            })?;
            notice(&report, None);
            Ok(ExitCode::SUCCESS)
        }
        Task::Audit {
            path,
            fail_on,
            thresholds,
        } => {
            let report = load(path, &config, redactor, true)?;
            let findings = crate::audit::audit(&report, *thresholds);
            let v = view::AuditView::new(&findings);
            write(&if json {
                view::to_json(&v)
            } else {
                render::audit::text(&v, style)
            })?;
            notice(&report, None);
            let failed = fail_on.is_some_and(|t| findings.iter().any(|f| f.severity >= t));
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Task::Inspect { path } => {
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
            write(&if json {
                view::to_json(&view::InspectView::new(&inspection))
            } else {
                render::inspect::text(&inspection, style)
            })?;
            Ok(if inspection.understood() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Task::Diff { old, new, sections } => {
            let (a, b) = (
                load(old, &config, redactor, false)?,
                load(new, &config, redactor, false)?,
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
            write(&if json {
                view::to_json(&v)
            } else {
                render::diff::text(&v, style)
            })?;
            notice(&a, Some(&old_name));
            notice(&b, Some(&new_name));
            Ok(if changes.changes.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Task::Timeline {
            reports,
            mixed,
            sections,
        } => {
            let mut loaded = Vec::with_capacity(reports.len());
            for path in reports {
                loaded.push((
                    EntryName::new(path.display().to_string()),
                    load(path, &config, redactor, false)?,
                ));
            }
            let mut steps = crate::timeline::timeline(loaded, *mixed, sections)?;
            if redactor.is_some() {
                // File names often carry a person's name: reports go by their position.
                for (i, step) in steps.iter_mut().enumerate() {
                    step.name = EntryName::new(format!("report {}", i + 1));
                }
            }
            let v = view::TimelineView::new(&steps);
            write(&if json {
                view::to_json(&v)
            } else {
                render::diff::timeline(&v, style)
            })?;
            for step in &steps {
                notice(&step.report, Some(&step.name));
            }
            Ok(ExitCode::SUCCESS)
        }
        Task::Export(options) => {
            crate::export::run(options, config.format, config.limits, redactor)
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
