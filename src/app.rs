//! The glue: open, parse, render, write. The only place that touches stdout.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use crate::archive::Archive;
use crate::cli::{Config, Task};
use crate::model::Report;
use crate::redact::Redactor;
use crate::render;

/// One line on stderr when the output carries warnings, so that a script reading only the
/// JSON still hears of them.
fn notice(report: &Report) {
    let n = report.warnings.len();
    if n == 0 {
        return;
    }
    let plural = if n == 1 { "" } else { "s" };
    let any = |kind| report.warnings.iter().any(|w| w.kind == kind);
    if report.warnings.iter().any(|w| w.is_problem()) {
        eprintln!(
            "wareport: {n} warning{plural}: parts of the report were not understood (listed in the output)"
        );
    } else if any(crate::model::WarningKind::Missing) {
        eprintln!(
            "wareport: {n} warning{plural}: parts of the report are missing (listed in the output)"
        );
    } else {
        eprintln!(
            "wareport: {n} note{plural} on gaps in the report and how they were filled (listed in the output)"
        );
    }
}

/// Opens and parses a report, redacted when the run asks for it. `count_contacts` for the
/// commands that need only their number.
pub fn load(
    path: &std::path::Path,
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

/// Runs one command. Errors are the caller's to print.
pub fn run(config: Config) -> anyhow::Result<ExitCode> {
    let mut code = ExitCode::SUCCESS;
    // One redactor for the whole run: both sides of a diff get the same pseudonyms.
    let redaction = &config.redaction;
    let redactor = if redaction.enabled {
        Some(Redactor::new(
            redaction.key.as_deref(),
            redaction.keep_country,
        )?)
    } else {
        None
    };
    let redactor = redactor.as_ref();
    // `count_contacts` for the commands that need only the number of contacts.
    let report_at = |path: &std::path::Path, count_contacts: bool| {
        load(path, &config, redactor, count_contacts)
    };
    let (output, report) = match &config.command {
        Task::Diff {
            old,
            new,
            json,
            sections,
        } => {
            let (a, b) = (report_at(old, false)?, report_at(new, false)?);
            let mut changes = crate::diff::diff(&a, &b);
            changes.retain(|s| sections.contains(&s));
            let text = if *json {
                render::diff::json(&changes, &a, &b)
            } else {
                render::diff::text(&changes, &a, &b, &config.style)
            };
            write(&text)?;
            notice(&a);
            notice(&b);
            return Ok(if changes.changes.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            });
        }
        Task::Timeline {
            reports,
            json,
            mixed,
            sections,
        } => {
            let text = timeline(reports, *json, *mixed, sections, &config, redactor)?;
            write(&text)?;
            return Ok(ExitCode::SUCCESS);
        }
        Task::Audit {
            path,
            json,
            fail_on,
            thresholds,
        } => {
            let report = report_at(path, true)?;
            let findings = crate::audit::audit(&report, *thresholds);
            if let Some(threshold) = fail_on
                && findings.iter().any(|f| f.severity >= *threshold)
            {
                code = ExitCode::from(1);
            }
            let text = if *json {
                render::audit::json(&findings)
            } else {
                render::audit::text(&findings, &config.style)
            };
            (text, report)
        }
        Task::Inspect { path, json } => {
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
            if !inspection.understood() {
                code = ExitCode::from(1);
            }
            let text = if *json {
                render::inspect::json(&inspection)
            } else {
                render::inspect::text(&inspection, &config.style)
            };
            write(&text)?;
            return Ok(code);
        }
        Task::Summary { path, json } => {
            let report = report_at(path, true)?;
            let text = if *json {
                render::json::summary(&report)
            } else {
                render::summary::summary(&report, &config.style)
            };
            (text, report)
        }
        Task::Show {
            path,
            json,
            sections,
        } => {
            let report = report_at(path, false)?;
            let text = if *json {
                render::json::show(&report, sections)
            } else {
                render::table::show(&report, sections, &config.style)
            };
            (text, report)
        }
    };
    write(&output)?;
    notice(&report);
    Ok(code)
}

/// Loads every report, orders them by generation time (reports without one last, in
/// argument order), checks they are of one account, and renders the steps.
fn timeline(
    paths: &[std::path::PathBuf],
    json: bool,
    mixed: bool,
    sections: &[crate::diff::Section],
    config: &Config,
    redactor: Option<&Redactor>,
) -> anyhow::Result<String> {
    let mut loaded = Vec::with_capacity(paths.len());
    for path in paths {
        loaded.push((
            path.display().to_string(),
            load(path, config, redactor, false)?,
        ));
    }
    loaded.sort_by_key(|(_, r)| (r.generated_at.is_none(), r.generated_at));
    if redactor.is_some() {
        // File names often carry a person's name.
        for (i, (name, _)) in loaded.iter_mut().enumerate() {
            *name = format!("report {}", i + 1);
        }
    }
    if !mixed {
        let numbered = loaded
            .iter()
            .filter_map(|(n, r)| Some((n, r.account.phone_number.as_deref()?)));
        let mut first: Option<(&String, &str)> = None;
        for (name, number) in numbered {
            match first {
                None => first = Some((name, number)),
                Some((first_name, first_number)) if first_number != number => anyhow::bail!(
                    "{name} is a report of {number}, but {first_name} is of {first_number}; pass --mixed to line up different accounts"
                ),
                Some(_) => {}
            }
        }
    }
    let mut steps = Vec::with_capacity(loaded.len());
    for (i, (name, report)) in loaded.iter().enumerate() {
        let since_previous = (i > 0).then(|| {
            let mut d = crate::diff::diff(&loaded[i - 1].1, report);
            d.retain(|s| sections.contains(&s));
            d
        });
        steps.push(render::diff::Step {
            name,
            report,
            since_previous,
        });
    }
    for (_, report) in &loaded {
        notice(report);
    }
    Ok(if json {
        render::diff::timeline_json(&steps)
    } else {
        render::diff::timeline_text(&steps, &config.style)
    })
}

fn write(output: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
        .context("writing to stdout")
}
