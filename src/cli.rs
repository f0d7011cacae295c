//! The command line: clap derive types, and their conversion to a plain [`Config`]. Nothing
//! outside this file sees clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::tz::TimeZone;

use crate::archive::Limits;
use crate::model::Section;
use crate::render::Style;
use crate::term::ColorChoice;
use crate::view::ShowSection;

const AFTER_HELP: &str = "\
PATH is the report as WhatsApp delivers it: the ZIP under any file name, a folder holding the
extracted report (also one folder down), or - for a ZIP on stdin. wareport never opens a
network connection and writes no file, except the one export is told to with -o.

Exit status: 0 success, 1 differences found (diff), something not understood (inspect) or a
finding at the --fail-on severity (audit), 2 error.

Examples:
  wareport summary 'My Account Info.zip'
  wareport show --json report.zip | jq .privacy
  wareport show report.zip devices privacy
  wareport inspect report.zip
  wareport diff july.zip august.zip
  wareport audit report.zip
  wareport --redact summary report.zip
  wareport export --format sqlite -o reports.db reports/";

#[derive(Parser, Debug)]
#[command(
    name = "wareport",
    version,
    about = "Read the WhatsApp \"Request account info\" report: summarise it, show every record, print JSON.",
    after_help = AFTER_HELP
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    global: Global,
}

#[derive(Args, Debug)]
struct Global {
    /// When to colour human output; NO_COLOR is honoured.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    color: Color,
    /// Show times in UTC instead of the local time zone (JSON is always UTC).
    #[arg(long, global = true)]
    utc: bool,
    /// Wrap tables to this many columns (default: $COLUMNS on a terminal, else no wrapping).
    #[arg(long, global = true, value_name = "COLUMNS")]
    width: Option<u16>,
    /// Most entries a report may hold.
    #[arg(long, global = true, value_name = "N", default_value_t = Limits::default().max_entries)]
    max_entries: usize,
    /// Most bytes one entry may decompress to (suffixes K, M, G: binary units).
    #[arg(long, global = true, value_name = "SIZE", value_parser = parse_size, default_value = "64M")]
    max_entry_size: u64,
    /// Most bytes all entries read may decompress to.
    #[arg(long, global = true, value_name = "SIZE", value_parser = parse_size, default_value = "256M")]
    max_total_size: u64,
    /// Largest ZIP file accepted.
    #[arg(long, global = true, value_name = "SIZE", value_parser = parse_size, default_value = "512M")]
    max_input_size: u64,
    /// Replace every identifier (phone numbers, IP addresses, names, email, about, group
    /// names, session ids, unknown labels and values, file names) with keyed pseudonyms, so
    /// the output can be shared. Nothing of a number or an address is kept unless
    /// --keep-country or --keep-network says so.
    #[arg(long, global = true)]
    redact: bool,
    /// Key for --redact: the same key gives the same pseudonyms in every report (default: a
    /// random key per run).
    #[arg(
        long,
        global = true,
        value_name = "KEY",
        env = "WAREPORT_REDACT_KEY",
        hide_env_values = true
    )]
    redact_key: Option<String>,
    /// With --redact, keep the country calling code of phone numbers (`tel:+44:…`).
    #[arg(long, global = true)]
    keep_country: bool,
    /// With --redact, keep the network of IP addresses: IPv4 /16, IPv6 /32
    /// (`172.16.0.0/16~…`). The network names the provider and region, which can identify.
    #[arg(long, global = true)]
    keep_network: bool,
}

/// How a command prints its result.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum FormatArg {
    /// Tables and prose for people.
    Text,
    /// The versioned JSON document (CONTRACT.md).
    Json,
}

#[derive(Args, Debug)]
struct Output {
    /// Output form.
    #[arg(long, value_enum, default_value_t = FormatArg::Text, value_name = "FORM")]
    format: FormatArg,
    /// Same as --format json.
    #[arg(long, conflicts_with = "format")]
    json: bool,
}

impl Output {
    fn format(&self) -> crate::app::Format {
        if self.json || self.format == FormatArg::Json {
            crate::app::Format::Json
        } else {
            crate::app::Format::Text
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// One-screen privacy summary: who the account is, how much of other people's data the
    /// report holds, linked devices with their IPs, each privacy setting, and the terms
    /// (including the 2016 Facebook data-sharing opt-out).
    ///
    /// Example: wareport summary 'My Account Info.zip'
    Summary(SummaryArgs),
    /// Every record of the report, one table per section, or the full JSON document.
    ///
    /// Example: wareport show report.zip devices privacy
    Show(ShowArgs),
    /// How well the report was understood: the generation and why, every entry with its size
    /// and the parser that read it, every unknown key, label or file, and a field-by-field
    /// cross-check of the JSON against the HTML. Exit 0 when everything was understood and
    /// agrees, 1 when anything is unknown or disagrees, 2 on error.
    ///
    /// Example: wareport inspect 'My Account Info.zip'
    Inspect(InspectArgs),
    /// What changed between two reports: contacts, groups and blocked numbers as multisets,
    /// devices by id, and every privacy, terms, account and registration field; privacy-
    /// relevant changes first. Works across generations, comparing only what both carry.
    /// Exit 0 when nothing changed, 1 when something did, 2 on error (like diff(1)).
    ///
    /// Example: wareport diff last-month.zip this-month.zip
    Diff(DiffArgs),
    /// Many reports of one account in order of generation time, each with its counts and
    /// settings and the changes since the one before.
    ///
    /// Example: wareport timeline reports/*.zip
    Timeline(TimelineArgs),
    /// Privacy findings a person can act on: public settings, read receipts, the 2016
    /// Facebook data-sharing opt-out, linked and stale devices, IP addresses, email, and how
    /// much of other people's data the report holds. Each finding has a stable id, a
    /// severity, an explanation with the setting's path in WhatsApp, and its evidence.
    /// Exit 0 unless --fail-on is given and a finding reaches that severity (then 1).
    ///
    /// Example: wareport audit --fail-on medium 'My Account Info.zip'
    Audit(AuditArgs),
    /// Many reports into one SQLite database, NDJSON or CSV, for querying: folders are
    /// searched recursively for ZIP files and report folders, and read in parallel. Each
    /// report is keyed by a SHA-256 of its content, so a database grows by new reports and
    /// never holds one twice; NDJSON and CSV are rewritten. An input that cannot be read is
    /// listed in `failures` and on stderr, and the batch goes on. -o is the only file written.
    /// Exit 0 when every input was read, 1 when some failed, 2 when none could be or the
    /// output cannot be written.
    ///
    /// Example: wareport export --format sqlite -o reports.db reports/
    Export(ExportArgs),
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum ExportFormatArg {
    /// One SQLite database (tables, indexes and a `summary` view).
    Sqlite,
    /// One line per report: the `show --json` document with `key` and `path`.
    Ndjson,
    /// A folder with one CSV file per table.
    Csv,
}

#[derive(Args, Debug)]
struct ExportArgs {
    /// Output form.
    #[arg(long, value_enum, value_name = "FORM")]
    format: ExportFormatArg,
    /// Where to write: the database, the NDJSON file, or the folder (CSV, --split). The only
    /// thing written; refused when it is not wareport's own output, unless --force.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    output: PathBuf,
    /// With --format ndjson: a folder with one file per table, one line per row.
    #[arg(long)]
    split: bool,
    /// In folders searched, count only ZIP files and report folders matching PATTERN: its
    /// name, or with a `/` its path below the folder given (`*`, `?`, `[..]`, `**`).
    /// Repeatable; paths named on the command line always count.
    #[arg(long, value_name = "PATTERN")]
    glob: Vec<String>,
    /// Only each report's counts, settings, terms and findings: no contacts, groups,
    /// blocked numbers, status lists, devices, sync sessions or warnings, and nothing of
    /// other people's numbers.
    #[arg(long)]
    counts_only: bool,
    /// Overwrite OUT even when it is not wareport's own output (or, for a database, holds
    /// another kind of export).
    #[arg(long)]
    force: bool,
    /// Reports (ZIP files, extracted folders, - for a ZIP on stdin) and folders to search.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
}

#[derive(Args, Debug)]
struct AuditArgs {
    #[command(flatten)]
    output: Output,
    /// Exit 1 when any finding is at this severity or above.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    fail_on: Option<SeverityArg>,
    /// `many_contacts` from this many contacts on.
    #[arg(long, value_name = "N", default_value_t = crate::audit::Thresholds::default().contacts)]
    many_contacts: usize,
    /// `many_groups` from this many groups on.
    #[arg(long, value_name = "N", default_value_t = crate::audit::Thresholds::default().groups)]
    many_groups: usize,
    /// `stale_linked_device` for a linked device idle this many days before the report.
    #[arg(long, value_name = "DAYS", default_value_t = crate::audit::Thresholds::default().stale_days)]
    stale_days: i64,
    /// The report: a ZIP, an extracted folder, or - for stdin.
    #[arg(value_name = "PATH")]
    path: PathBuf,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum SeverityArg {
    Info,
    Low,
    Medium,
    High,
}

#[derive(Args, Debug)]
struct Filter {
    /// Only these sections (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "SECTION")]
    only: Vec<DiffSection>,
    /// Leave out these sections (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "SECTION")]
    ignore: Vec<DiffSection>,
}

#[derive(Args, Debug)]
struct DiffArgs {
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    filter: Filter,
    /// The earlier report (or the first person's).
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The later report (or the second person's).
    #[arg(value_name = "NEW")]
    new: PathBuf,
}

#[derive(Args, Debug)]
struct TimelineArgs {
    #[command(flatten)]
    output: Output,
    /// Allow reports of different phone numbers.
    #[arg(long)]
    mixed: bool,
    #[command(flatten)]
    filter: Filter,
    /// The reports, in any order.
    #[arg(value_name = "REPORT", required = true)]
    reports: Vec<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum DiffSection {
    Account,
    Registration,
    Devices,
    Contacts,
    Groups,
    Blocked,
    Privacy,
    Terms,
    /// Web/Desktop session, sync sessions, payments.
    Other,
}

impl From<DiffSection> for Section {
    fn from(s: DiffSection) -> Self {
        match s {
            DiffSection::Account => Section::Account,
            DiffSection::Registration => Section::Registration,
            DiffSection::Devices => Section::Devices,
            DiffSection::Contacts => Section::Contacts,
            DiffSection::Groups => Section::Groups,
            DiffSection::Blocked => Section::Blocked,
            DiffSection::Privacy => Section::Privacy,
            DiffSection::Terms => Section::Terms,
            DiffSection::Other => Section::Other,
        }
    }
}

impl Filter {
    /// The sections to keep.
    fn sections(&self) -> Vec<Section> {
        crate::diff::SECTIONS
            .into_iter()
            .filter(|s| self.only.is_empty() || self.only.iter().any(|&o| Section::from(o) == *s))
            .filter(|s| !self.ignore.iter().any(|&i| Section::from(i) == *s))
            .collect()
    }
}

#[derive(Args, Debug)]
struct InspectArgs {
    #[command(flatten)]
    output: Output,
    /// The report: a ZIP, an extracted folder, or - for stdin.
    #[arg(value_name = "PATH")]
    path: PathBuf,
}

#[derive(Args, Debug)]
struct SummaryArgs {
    #[command(flatten)]
    output: Output,
    /// The report: a ZIP, an extracted folder, or - for stdin.
    #[arg(value_name = "PATH")]
    path: PathBuf,
}

#[derive(Args, Debug)]
struct ShowArgs {
    #[command(flatten)]
    output: Output,
    /// The report: a ZIP, an extracted folder, or - for stdin.
    #[arg(value_name = "PATH")]
    path: PathBuf,
    /// Only these sections (default: all).
    #[arg(value_enum, value_name = "SECTION")]
    sections: Vec<SectionArg>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum SectionArg {
    Report,
    Account,
    Registration,
    Devices,
    Contacts,
    Groups,
    Blocked,
    Privacy,
    Terms,
    /// Web/Desktop session, sync sessions, payments.
    Other,
    Warnings,
}

impl From<SectionArg> for ShowSection {
    fn from(s: SectionArg) -> ShowSection {
        match s {
            SectionArg::Report => ShowSection::Report,
            SectionArg::Account => ShowSection::Account,
            SectionArg::Registration => ShowSection::Registration,
            SectionArg::Devices => ShowSection::Devices,
            SectionArg::Contacts => ShowSection::Contacts,
            SectionArg::Groups => ShowSection::Groups,
            SectionArg::Blocked => ShowSection::Blocked,
            SectionArg::Privacy => ShowSection::Privacy,
            SectionArg::Terms => ShowSection::Terms,
            SectionArg::Other => ShowSection::Other,
            SectionArg::Warnings => ShowSection::Warnings,
        }
    }
}

/// What to do, free of clap.
#[derive(Debug)]
pub struct Config {
    pub command: Task,
    pub format: crate::app::Format,
    pub limits: Limits,
    pub style: Style,
    pub redaction: Redaction,
}

#[derive(Debug)]
pub enum Task {
    Summary {
        path: PathBuf,
    },
    Show {
        path: PathBuf,
        sections: Vec<ShowSection>,
    },
    Inspect {
        path: PathBuf,
    },
    Diff {
        old: PathBuf,
        new: PathBuf,
        sections: Vec<Section>,
    },
    Timeline {
        reports: Vec<PathBuf>,
        mixed: bool,
        sections: Vec<Section>,
    },
    Audit {
        path: PathBuf,
        fail_on: Option<crate::audit::Severity>,
        thresholds: crate::audit::Thresholds,
    },
    Export(crate::export::Options),
}

/// `--redact` and its options.
#[derive(Debug, Default)]
pub struct Redaction {
    pub enabled: bool,
    pub key: Option<String>,
    pub policy: crate::redact::Policy,
}

/// Parses `std::env::args`; clap prints usage errors and exits 2 itself.
pub fn parse() -> Config {
    Cli::parse().into_config()
}

/// `1024`, `64K`, `64M`, `1G` (binary units; a trailing `B` or `iB` is allowed).
fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim().to_ascii_uppercase();
    let t = t
        .strip_suffix("IB")
        .or_else(|| t.strip_suffix('B'))
        .unwrap_or(&t);
    let (digits, shift) = match t.chars().last() {
        Some('K') => (&t[..t.len() - 1], 10),
        Some('M') => (&t[..t.len() - 1], 20),
        Some('G') => (&t[..t.len() - 1], 30),
        _ => (t, 0),
    };
    let n: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a size like 1048576, 64K, 64M or 1G"))?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

impl Cli {
    pub fn into_config(self) -> Config {
        let g = self.global;
        let color = match g.color {
            Color::Auto => ColorChoice::Auto,
            Color::Always => ColorChoice::Always,
            Color::Never => ColorChoice::Never,
        };
        let width = g.width.or_else(|| {
            use std::io::IsTerminal;
            std::io::stdout()
                .is_terminal()
                .then(|| std::env::var("COLUMNS").ok()?.parse().ok())
                .flatten()
        });
        let style = Style {
            color: color.enabled(),
            tz: if g.utc {
                TimeZone::UTC
            } else {
                TimeZone::try_system().unwrap_or(TimeZone::UTC)
            },
            width,
        };
        let limits = Limits {
            max_entries: g.max_entries,
            max_entry_bytes: g.max_entry_size,
            max_total_bytes: g.max_total_size,
            max_input_bytes: g.max_input_size,
        };
        let (command, format) = match self.command {
            Command::Summary(a) => (Task::Summary { path: a.path }, a.output.format()),
            Command::Diff(a) => (
                Task::Diff {
                    sections: a.filter.sections(),
                    old: a.old,
                    new: a.new,
                },
                a.output.format(),
            ),
            Command::Timeline(a) => (
                Task::Timeline {
                    sections: a.filter.sections(),
                    reports: a.reports,
                    mixed: a.mixed,
                },
                a.output.format(),
            ),
            Command::Audit(a) => (
                Task::Audit {
                    path: a.path,
                    fail_on: a.fail_on.map(|s| match s {
                        SeverityArg::Info => crate::audit::Severity::Info,
                        SeverityArg::Low => crate::audit::Severity::Low,
                        SeverityArg::Medium => crate::audit::Severity::Medium,
                        SeverityArg::High => crate::audit::Severity::High,
                    }),
                    thresholds: crate::audit::Thresholds {
                        contacts: a.many_contacts,
                        groups: a.many_groups,
                        stale_days: a.stale_days,
                    },
                },
                a.output.format(),
            ),
            Command::Inspect(a) => (Task::Inspect { path: a.path }, a.output.format()),
            Command::Show(a) => (
                Task::Show {
                    path: a.path,
                    sections: a.sections.into_iter().map(ShowSection::from).collect(),
                },
                a.output.format(),
            ),
            Command::Export(a) => (
                Task::Export(crate::export::Options {
                    paths: a.paths,
                    output: a.output,
                    split: a.split,
                    globs: a.glob,
                    counts_only: a.counts_only,
                    force: a.force,
                }),
                match a.format {
                    ExportFormatArg::Sqlite => crate::app::Format::Sqlite,
                    ExportFormatArg::Ndjson => crate::app::Format::Ndjson,
                    ExportFormatArg::Csv => crate::app::Format::Csv,
                },
            ),
        };
        Config {
            command,
            format,
            limits,
            style,
            redaction: Redaction {
                enabled: g.redact,
                key: g.redact_key,
                policy: crate::redact::Policy {
                    keep_country: g.keep_country,
                    keep_network: g.keep_network,
                },
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1024"), Ok(1024));
        assert_eq!(parse_size("64K"), Ok(64 << 10));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert!(parse_size("lots").is_err());
    }

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
