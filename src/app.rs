//! The glue: open, parse, render, write. The only place that touches stdout.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use crate::archive::Archive;
use crate::cli::{Config, Task};
use crate::model::Report;
use crate::render;

/// Opens and parses a report.
pub fn load(path: &std::path::Path, config: &Config) -> anyhow::Result<Report> {
    let mut archive = Archive::open(path, config.limits)?;
    crate::parse::parse(&mut archive)
}

/// Runs one command. Errors are the caller's to print.
pub fn run(config: Config) -> anyhow::Result<ExitCode> {
    let (output, report) = match &config.command {
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
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
        .context("writing to stdout")?;
    if !report.warnings.is_empty() {
        eprintln!(
            "wareport: {} warning{}: parts of the report were not understood (listed in the output)",
            report.warnings.len(),
            if report.warnings.len() == 1 { "" } else { "s" }
        );
    }
    Ok(ExitCode::SUCCESS)
}
