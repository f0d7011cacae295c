//! The glue: open, parse, render, write. The only place that touches stdout.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use crate::archive::Archive;
use crate::cli::{Config, Task};
use crate::model::Report;
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

/// Opens and parses a report.
pub fn load(path: &std::path::Path, config: &Config) -> anyhow::Result<Report> {
    let mut archive = Archive::open(path, config.limits)?;
    crate::parse::parse(&mut archive)
}

/// Runs one command. Errors are the caller's to print.
pub fn run(config: Config) -> anyhow::Result<ExitCode> {
    let mut code = ExitCode::SUCCESS;
    let (output, report) = match &config.command {
        Task::Inspect { path, json } => {
            let mut archive = Archive::open(path, config.limits)?;
            let options = crate::parse::Options { cross_check: true };
            let parsed = crate::parse::parse_with(&mut archive, options)?;
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
            let report = load(path, &config)?;
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
            let report = load(path, &config)?;
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

fn write(output: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
        .context("writing to stdout")
}
