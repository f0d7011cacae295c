//! The command line: clap derive types, and their conversion to a plain [`Config`]. Nothing
//! outside this file sees clap.
//!
//! Each command takes only the options it honours (a command that does not redact has no
//! `--redact`), grouped as flattened argument sets: reading limits, output form, human
//! style, redaction, quiet. Numbers are range-checked by clap.

use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use jiff::tz::TimeZone;

use crate::archive::Limits;
use crate::audit::{Severity, Thresholds};
use crate::format::Form;
use crate::model::Section;
use crate::output::Destination;
use crate::render::Style;
use crate::view::ShowSection;

const AFTER_HELP: &str = "\
PATH is the report as WhatsApp delivers it: the ZIP under any file name, a folder holding the
extracted report (or holding it up to three folders down), or - for a ZIP on stdin. wareport
never opens a network connection and writes no file unless you name one with -o.

Exit status: 0 success, 1 differences found (diff), something not understood (inspect) or a
finding at the --fail-on severity (audit), 2 error.

Examples:
  wareport summary 'My Account Info.zip'
  wareport show --json report.zip | jq .privacy
  wareport show report.zip devices privacy
  wareport inspect report.zip
  wareport diff july.zip august.zip
  wareport audit report.zip
  wareport summary --redact report.zip
  wareport report -o report.html report.zip
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
}

/// Caps on what one report may make the tool read.
#[derive(Args, Debug)]
#[command(next_help_heading = "Safety limits")]
struct Reading {
    /// Most entries a report may hold.
    #[arg(long, value_name = "N", default_value_t = Limits::DEFAULT.max_entries as u32,
          value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    max_entries: u32,
    /// Most bytes one entry may decompress to (suffixes K, M, G: binary units).
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "64M")]
    max_entry_size: u64,
    /// Most bytes all entries read may decompress to.
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "256M")]
    max_total_size: u64,
    /// Largest ZIP file accepted.
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "512M")]
    max_input_size: u64,
}

impl Reading {
    fn limits(&self) -> Limits {
        Limits {
            max_entries: self.max_entries as usize,
            max_entry_bytes: self.max_entry_size,
            max_total_bytes: self.max_total_size,
            max_input_bytes: self.max_input_size,
        }
    }
}

/// How human output looks.
#[derive(Args, Debug, Clone, Copy)]
#[command(next_help_heading = "Display")]
struct Display {
    /// When to colour human output; NO_COLOR is honoured.
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    color: Color,
    /// Show times in UTC instead of the local time zone (TZ) (JSON is always UTC).
    #[arg(long)]
    utc: bool,
    /// Fit human output to this many columns (default: the terminal's width, or $COLUMNS;
    /// no wrapping when the output is not a terminal).
    #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(20..=10_000))]
    width: Option<u16>,
    /// No note on stderr about the report's warnings.
    #[arg(short, long)]
    quiet: bool,
}

/// How the HTML page is written: no colour or width, as a browser lays the page out.
#[derive(Args, Debug)]
#[command(next_help_heading = "Display")]
struct PageDisplay {
    /// Show times in UTC instead of the local time zone (TZ).
    #[arg(long)]
    utc: bool,
    /// No note on stderr about the report's warnings.
    #[arg(short, long)]
    quiet: bool,
}

/// `--redact` and its options.
#[derive(Args, Debug)]
#[command(next_help_heading = "Redaction")]
struct RedactArgs {
    /// Replace every identifier (phone numbers, IP addresses, names, email, about, group
    /// names, session ids, unknown labels and values, file names) with keyed pseudonyms, so
    /// the output can be shared. Nothing of a number or an address is kept unless
    /// --keep-country or --keep-network says so.
    #[arg(long)]
    redact: bool,
    /// Key for --redact: the same key gives the same pseudonyms in every report (default: a
    /// random key per run).
    #[arg(
        long,
        value_name = "KEY",
        env = "WAREPORT_REDACT_KEY",
        hide_env_values = true
    )]
    redact_key: Option<String>,
    /// With --redact, keep the country calling code of phone numbers (`tel:+44:…`).
    #[arg(long, requires = "redact")]
    keep_country: bool,
    /// With --redact, keep the network of IP addresses: IPv4 /16, IPv6 /32
    /// (`172.16.0.0/16~…`). The network names the provider and region, which can identify.
    #[arg(long, requires = "redact")]
    keep_network: bool,
}

impl RedactArgs {
    fn redaction(self) -> Redaction {
        Redaction {
            enabled: self.redact,
            key: self.redact_key,
            policy: crate::redact::Policy {
                keep_country: self.keep_country,
                keep_network: self.keep_network,
            },
        }
    }
}

/// How a command prints its result.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum FormatArg {
    /// Tables and prose for people.
    Text,
    /// The versioned JSON document (the README's JSON contract; `wareport schema` describes it).
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
    fn form(&self) -> Form {
        if self.json || self.format == FormatArg::Json {
            Form::Json
        } else {
            Form::Text
        }
    }
}

/// What every command that reads reports and prints a result takes besides its output
/// form: the display, redaction and the reading limits. Flattened after the command's own
/// options, as it sets the help's headings for the options that follow it.
#[derive(Args, Debug)]
struct Common {
    #[command(flatten)]
    display: Display,
    #[command(flatten)]
    redact: RedactArgs,
    #[command(flatten)]
    reading: Reading,
}

impl Common {
    /// The command's configuration, with its task (which holds its output form).
    fn config(self, task: Task) -> Config {
        config(
            task,
            self.display,
            self.redact.redaction(),
            self.reading.limits(),
        )
    }
}

/// A command's [`Config`]: its task with the display, redaction and limits it runs under,
/// the style worked out from the display.
fn config(command: Task, display: Display, redaction: Redaction, limits: Limits) -> Config {
    // JSON and the export forms are in UTC: the local zone is neither read nor warned of.
    let display = Display {
        utc: display.utc || !command.for_people(),
        ..display
    };
    let mut notes = Vec::new();
    let style = style(&display, &mut notes);
    Config {
        command,
        limits,
        style,
        redaction,
        quiet: display.quiet,
        notes,
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
    /// agrees, 1 when anything is unknown or disagrees, 2 on error. It quotes what it could
    /// not read, so it does not redact.
    ///
    /// Example: wareport inspect 'My Account Info.zip'
    Inspect(InspectArgs),
    /// What changed between two reports: every field, contacts, groups and blocked numbers
    /// as multisets, devices by id; privacy-relevant changes first. Works across
    /// generations, comparing only what both carry. Exit 0 when nothing changed, 1 when
    /// something did, 2 on error (like diff(1)).
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
    /// One self-contained HTML page to open in any browser, offline: who the account is,
    /// how much of other people's data the report holds, each privacy setting on a scale,
    /// the audit findings, devices and terms on time axes, and what could not be read.
    /// Several reports of one account add counts, settings and changes over time. The page
    /// loads nothing and runs no script; with --redact it holds no identifier.
    ///
    /// Example: wareport report -o report.html 'My Account Info.zip'
    Report(ReportArgs),
    /// A synthetic copy of the report, to attach to a bug report or add to a test suite:
    /// the same generation, entries, markup, labels, language, keys, nulls and list lengths,
    /// with every phone number, address, name, About, group name, e-mail, time and the
    /// profile picture replaced (calling codes, app versions, device ids and counts kept).
    /// Writes a ZIP to -o FILE, or to standard output when that is not a terminal.
    ///
    /// Example: wareport twin -o twin.zip 'My Account Info.zip'
    Twin(TwinArgs),
    /// Print a shell completion script: bash, zsh, fish, powershell or elvish.
    ///
    /// Example: wareport completions bash > ~/.local/share/bash-completion/completions/wareport
    Completions(CompletionsArgs),
    /// Print the manual page (roff), for `man`.
    ///
    /// Example: wareport man > ~/.local/share/man/man1/wareport.1
    Man,
    /// Print the JSON Schema of a command's --json output, or of export's tables.
    ///
    /// Example: wareport schema show > show.schema.json
    Schema(SchemaArgs),
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
    /// No progress bar and no closing tally on stderr (inputs that fail are still named).
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    redact: RedactArgs,
    #[command(flatten)]
    reading: Reading,
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
    fail_on: Option<Severity>,
    /// `many_contacts` from this many contacts on.
    #[arg(long, value_name = "N", default_value_t = Thresholds::DEFAULT.contacts as u32,
          value_parser = clap::value_parser!(u32).range(1..=100_000_000))]
    many_contacts: u32,
    /// `many_groups` from this many groups on.
    #[arg(long, value_name = "N", default_value_t = Thresholds::DEFAULT.groups as u32,
          value_parser = clap::value_parser!(u32).range(1..=100_000_000))]
    many_groups: u32,
    /// `stale_linked_device` for a linked device idle this many days before the report.
    #[arg(long, value_name = "DAYS", default_value_t = Thresholds::DEFAULT.stale_days,
          value_parser = clap::value_parser!(i64).range(1..=36_500))]
    stale_days: i64,
    #[command(flatten)]
    common: Common,
    /// The report: a ZIP, an extracted folder, or - for stdin.
    #[arg(value_name = "PATH")]
    path: PathBuf,
}

/// `--fail-on`'s severities.
impl ValueEnum for Severity {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            Severity::Info,
            Severity::Low,
            Severity::Medium,
            Severity::High,
        ]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.as_str()))
    }
}

#[derive(Args, Debug)]
struct Filter {
    /// Only these sections (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "SECTION")]
    only: Vec<Section>,
    /// Leave out these sections (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "SECTION")]
    ignore: Vec<Section>,
}

#[derive(Args, Debug)]
struct DiffArgs {
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    filter: Filter,
    #[command(flatten)]
    common: Common,
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
    #[command(flatten)]
    common: Common,
    /// The reports, in any order.
    #[arg(value_name = "REPORT", required = true)]
    reports: Vec<PathBuf>,
}

/// The sections two reports are compared in, as `--only` and `--ignore` name them.
impl ValueEnum for Section {
    fn value_variants<'a>() -> &'a [Self] {
        static ALL: std::sync::LazyLock<Vec<Section>> =
            std::sync::LazyLock::new(|| Section::compared().collect());
        &ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.as_str()).help(self.doc()))
    }
}

/// `schema`'s documents, by command.
impl ValueEnum for crate::schema::Document {
    fn value_variants<'a>() -> &'a [Self] {
        &Self::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.as_str()))
    }
}

/// `show`'s sections, as its arguments name them.
impl ValueEnum for ShowSection {
    fn value_variants<'a>() -> &'a [Self] {
        ShowSection::all()
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let help = match self {
            ShowSection::Records(s) => s.doc(),
            ShowSection::Warnings => "what could not be read, and what was read another way",
        };
        Some(clap::builder::PossibleValue::new(self.as_str()).help(help))
    }
}

impl Filter {
    /// The sections to keep.
    fn sections(&self) -> Vec<Section> {
        Section::compared()
            .filter(|s| self.only.is_empty() || self.only.contains(s))
            .filter(|s| !self.ignore.contains(s))
            .collect()
    }
}

#[derive(Args, Debug)]
struct InspectArgs {
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    display: Display,
    #[command(flatten)]
    reading: Reading,
    /// The report: a ZIP, an extracted folder, or - for stdin.
    #[arg(value_name = "PATH")]
    path: PathBuf,
}

#[derive(Args, Debug)]
struct SummaryArgs {
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    common: Common,
    /// The report: a ZIP, an extracted folder, or - for stdin.
    #[arg(value_name = "PATH")]
    path: PathBuf,
}

#[derive(Args, Debug)]
struct ShowArgs {
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    common: Common,
    /// The report: a ZIP, an extracted folder, or - for stdin.
    #[arg(value_name = "PATH")]
    path: PathBuf,
    /// Only these sections (default: all).
    #[arg(value_enum, value_name = "SECTION")]
    sections: Vec<ShowSection>,
}

#[derive(Args, Debug)]
struct ReportArgs {
    /// Write the page to this file (the only file wareport writes). Without -o the page goes
    /// to standard output, or, when that is a terminal, to a new file beside the first
    /// report (`My Account Info.html`), never over anything.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Overwrite FILE even when it is not a page wareport wrote (an input of this command is
    /// never overwritten).
    #[arg(long, requires = "output")]
    force: bool,
    /// Allow reports of different phone numbers.
    #[arg(long)]
    mixed: bool,
    #[command(flatten)]
    display: PageDisplay,
    #[command(flatten)]
    redact: RedactArgs,
    #[command(flatten)]
    reading: Reading,
    /// The report, or several reports of one account in any order: ZIPs, extracted
    /// folders, or - for stdin.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
}

#[derive(Args, Debug)]
struct TwinArgs {
    /// Write the twin to this file (the only file wareport writes); without -o it goes to
    /// standard output, which must not be a terminal.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Overwrite FILE even when it is not a twin wareport wrote (an input is never
    /// overwritten).
    #[arg(long, requires = "output")]
    force: bool,
    /// The same seed gives the same twin, byte for byte (default: a random seed). Keep it
    /// to yourself: with it and the twin, the originals are easier to guess.
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Replace phone numbers' country calling codes too.
    #[arg(long)]
    no_country: bool,
    /// No line on stderr naming the file written.
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    reading: Reading,
    /// The report: a ZIP, an extracted folder, or - for stdin.
    #[arg(value_name = "PATH")]
    path: PathBuf,
}

#[derive(Args, Debug)]
struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
struct SchemaArgs {
    /// The command whose --json output to describe (`export`: its tables and columns).
    #[arg(value_enum, value_name = "COMMAND")]
    command: crate::schema::Document,
}

/// What to do, free of clap.
#[derive(Debug)]
pub struct Config {
    /// The command, with its output form: only the forms it has can be written.
    pub command: Task,
    pub limits: Limits,
    pub style: Style,
    pub redaction: Redaction,
    /// No note on stderr about the report's warnings.
    pub quiet: bool,
    /// Things to say on stderr before running (an unknown time zone).
    pub notes: Vec<String>,
}

#[derive(Debug)]
pub enum Task {
    Summary {
        path: PathBuf,
        form: Form,
    },
    Show {
        path: PathBuf,
        sections: Vec<ShowSection>,
        form: Form,
    },
    Inspect {
        path: PathBuf,
        form: Form,
    },
    Diff {
        old: PathBuf,
        new: PathBuf,
        sections: Vec<Section>,
        form: Form,
    },
    Timeline {
        reports: Vec<PathBuf>,
        mixed: bool,
        sections: Vec<Section>,
        form: Form,
    },
    Audit {
        path: PathBuf,
        fail_on: Option<Severity>,
        thresholds: crate::audit::Thresholds,
        form: Form,
    },
    Report {
        paths: Vec<PathBuf>,
        output: Destination,
        mixed: bool,
    },
    /// A synthetic copy of a report.
    Twin(crate::twin::shell::Run),
    /// Text made from the command line's own definition (completions).
    Print(String),
    /// The manual page, made from the command line's definition and `manual.md`.
    Manual,
    /// The JSON Schema of a command's output.
    Schema(crate::schema::Document),
    Export(crate::export::Options),
}

impl Task {
    /// Whether the command prints for people, in the local zone; JSON, exports and the
    /// commands that print no result are in UTC.
    fn for_people(&self) -> bool {
        match self {
            Task::Summary { form, .. }
            | Task::Show { form, .. }
            | Task::Inspect { form, .. }
            | Task::Diff { form, .. }
            | Task::Timeline { form, .. }
            | Task::Audit { form, .. } => *form == Form::Text,
            Task::Report { .. } => true,
            Task::Print(_) | Task::Manual | Task::Schema(_) | Task::Export(_) | Task::Twin(_) => {
                false
            }
        }
    }
}

/// `--redact` and its options.
#[derive(Debug, Default)]
pub struct Redaction {
    pub enabled: bool,
    pub key: Option<String>,
    pub policy: crate::redact::Policy,
}

/// What to do with the command line: run, or print help or a usage error and exit.
pub enum Parsed {
    Run(Config),
    /// Help or version, for stdout; exit 0.
    Help(String),
    /// A usage error: one line, for stderr; exit 2.
    Usage(String),
}

/// Parses `std::env::args`.
pub fn parse() -> Parsed {
    parse_from(std::env::args_os())
}

/// Parses an argument list (the first is the program name), for running commands in-process.
pub fn config_from<I, T>(args: I) -> Result<Config, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    Cli::try_parse_from(args).and_then(|cli| cli.command.config())
}

/// Parses an argument list as [`parse`] does, for tests.
pub fn parse_from<I, T>(args: I) -> Parsed
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let mut args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    let command = Cli::command();
    let is_command = |a: &str| command.get_subcommands().any(|c| c.get_name() == a);
    // `wareport PATH` is `wareport summary PATH`: what a report dropped on the program, or
    // typed after its name, most likely wants. Only a path goes there: an existing one, `-`,
    // or one written as a path; a mistyped command still gets clap's suggestion.
    if let Some(first) = args.get(1).and_then(|a| a.to_str())
        && !is_command(first)
        && (first == "-"
            || (!first.starts_with('-')
                && (first.contains(['/', '\\', '.']) || Path::new(first).exists())))
    {
        args.insert(1, "summary".into());
    }
    // The subcommand given, to name its help in a usage error.
    let sub = args.iter().skip(1).find_map(|a| {
        let a = a.to_str()?;
        is_command(a).then(|| a.to_string())
    });
    from_clap(Cli::try_parse_from(args), sub)
}

fn from_clap(result: Result<Cli, clap::Error>, sub: Option<String>) -> Parsed {
    use clap::error::ErrorKind;
    match result {
        Ok(cli) => match cli.command.config() {
            Ok(config) => Parsed::Run(config),
            Err(e) => Parsed::Usage(usage_line(&e, sub.as_deref())),
        },
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            Parsed::Help(e.render().to_string())
        }
        Err(e) if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let names: Vec<String> = Cli::command()
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            Parsed::Usage(format!(
                "wareport: error: no command given; one of {}; see `wareport --help`",
                names.join(", ")
            ))
        }
        Err(e) => Parsed::Usage(usage_line(&e, sub.as_deref())),
    }
}

/// A clap error as the one line every error is: `wareport: error: ...`, with clap's tip
/// kept and the command's help named.
fn usage_line(e: &clap::Error, sub: Option<&str>) -> String {
    let rendered = e.render().to_string();
    let mut parts: Vec<String> = Vec::new();
    // The indented lines right under the error (the missing arguments) belong to it.
    let mut under_error = false;
    for raw in rendered.lines() {
        let line = raw.trim();
        if let Some(first) = line.strip_prefix("error: ") {
            parts.push(first.trim_end_matches(':').to_string());
            under_error = true;
            continue;
        }
        if under_error && raw.starts_with(char::is_whitespace) && !line.is_empty() {
            let error = parts.last_mut().expect("the error line");
            let sep = if error.ends_with(')') || error.contains(": ") {
                ", "
            } else {
                ": "
            };
            error.push_str(sep);
            error.push_str(line);
            continue;
        }
        under_error = false;
        if let Some(tip) = line.strip_prefix("tip: ")
            && !tip.starts_with("to pass ")
        {
            parts.push(tip.to_string());
        }
    }
    if parts.is_empty() {
        parts.push(
            rendered
                .lines()
                .next()
                .unwrap_or("bad arguments")
                .to_string(),
        );
    }
    let help = match sub {
        Some(sub) => format!("; see `wareport {sub} --help`"),
        None => "; see `wareport --help`".to_string(),
    };
    format!(
        "wareport: error: {}{help}",
        crate::term::escape(&parts.join("; "))
    )
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
    if n == 0 {
        return Err("a size must be more than 0".into());
    }
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

/// The style of human output, and what to warn about on the way.
fn style(d: &Display, notes: &mut Vec<String>) -> Style {
    let color = match d.color {
        Color::Auto => crate::terminal::auto_color(),
        Color::Always => true,
        Color::Never => false,
    };
    let tz = if d.utc {
        TimeZone::UTC
    } else {
        match std::env::var("TZ") {
            Ok(name) if !name.trim().is_empty() => {
                let name = name.trim().trim_start_matches(':');
                match TimeZone::get(name).or_else(|_| TimeZone::posix(name)) {
                    Ok(tz) => tz,
                    Err(_) => {
                        notes.push(format!(
                            "wareport: warning: TZ={} is not a time zone this tool knows; showing times in UTC",
                            crate::term::escape(name)
                        ));
                        TimeZone::UTC
                    }
                }
            }
            _ => TimeZone::try_system().unwrap_or(TimeZone::UTC),
        }
    };
    Style::new(color, tz, d.width.or_else(crate::terminal::terminal_width))
}

impl Command {
    /// The task with the display, redaction and limits it runs under, as a [`Config`]; a
    /// usage error for a pair of options that cannot go together.
    fn config(self) -> Result<Config, clap::Error> {
        let plain = Display {
            color: Color::Never,
            utc: true,
            width: None,
            quiet: true,
        };
        // A command that reads no report and prints no result.
        let printed = |task| config(task, plain, Redaction::default(), Limits::DEFAULT);
        Ok(match self {
            Command::Summary(a) => a.common.config(Task::Summary {
                path: a.path,
                form: a.output.form(),
            }),
            Command::Show(a) => a.common.config(Task::Show {
                path: a.path,
                sections: a.sections,
                form: a.output.form(),
            }),
            Command::Inspect(a) => config(
                Task::Inspect {
                    path: a.path,
                    form: a.output.form(),
                },
                a.display,
                // Inspect quotes what it could not read: it has no --redact.
                Redaction::default(),
                a.reading.limits(),
            ),
            Command::Diff(a) => a.common.config(Task::Diff {
                sections: a.filter.sections(),
                old: a.old,
                new: a.new,
                form: a.output.form(),
            }),
            Command::Timeline(a) => a.common.config(Task::Timeline {
                sections: a.filter.sections(),
                reports: a.reports,
                mixed: a.mixed,
                form: a.output.form(),
            }),
            Command::Audit(a) => a.common.config(Task::Audit {
                path: a.path,
                fail_on: a.fail_on,
                thresholds: Thresholds {
                    contacts: a.many_contacts as usize,
                    groups: a.many_groups as usize,
                    stale_days: a.stale_days,
                },
                form: a.output.form(),
            }),
            Command::Report(a) => config(
                Task::Report {
                    paths: a.paths,
                    output: Destination::of(a.output, a.force),
                    mixed: a.mixed,
                },
                Display {
                    utc: a.display.utc,
                    quiet: a.display.quiet,
                    ..plain
                },
                a.redact.redaction(),
                a.reading.limits(),
            ),
            Command::Twin(a) => a.config(plain),
            Command::Completions(a) => {
                let mut out = Vec::new();
                clap_complete::generate(a.shell, &mut Cli::command(), "wareport", &mut out);
                printed(Task::Print(String::from_utf8_lossy(&out).into_owned()))
            }
            Command::Man => printed(Task::Manual),
            Command::Schema(a) => printed(Task::Schema(a.command)),
            Command::Export(a) => a.config(plain)?,
        })
    }
}

impl TwinArgs {
    /// The twin's run: `-o FILE`, or standard output (which the run refuses when it is a
    /// terminal); no display but the line naming the file written, which `-q` silences.
    fn config(self, plain: Display) -> Config {
        let run = crate::twin::shell::Run {
            target: Destination::of(self.output, self.force),
            path: self.path,
            seed: self.seed,
            keep_country: !self.no_country,
        };
        let display = Display {
            quiet: self.quiet,
            ..plain
        };
        config(
            Task::Twin(run),
            display,
            Redaction::default(),
            self.reading.limits(),
        )
    }
}

impl ExportArgs {
    /// The export's form (a usage error for `--split` with another form than NDJSON) and
    /// settings: no display but its progress bar and tally, which `-q` silences.
    fn config(self, plain: Display) -> Result<Config, clap::Error> {
        use crate::export::Form as E;
        let form = match (self.format, self.split) {
            (ExportFormatArg::Sqlite, false) => E::Sqlite,
            (ExportFormatArg::Ndjson, false) => E::Ndjson,
            (ExportFormatArg::Ndjson, true) => E::NdjsonTables,
            (ExportFormatArg::Csv, false) => E::Csv,
            (_, true) => {
                return Err(Cli::command().error(
                    clap::error::ErrorKind::ArgumentConflict,
                    "--split goes with --format ndjson",
                ));
            }
        };
        let display = Display {
            quiet: self.quiet,
            ..plain
        };
        let (redaction, limits) = (self.redact.redaction(), self.reading.limits());
        let options = crate::export::Options {
            paths: self.paths,
            output: self.output,
            form,
            globs: self.glob,
            counts_only: self.counts_only,
            force: self.force,
            quiet: self.quiet,
        };
        Ok(config(Task::Export(options), display, redaction, limits))
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
        assert!(parse_size("0").is_err());
        assert!(parse_size("99999999999G").is_err());
    }

    /// The sizes' defaults are written for `--help` ("64M"); they must be the library's.
    #[test]
    fn defaults_are_the_library_defaults() {
        let Parsed::Run(config) = parse_from(["wareport", "audit", "x"]) else {
            panic!("not a run");
        };
        assert_eq!(config.limits, Limits::DEFAULT);
        let Task::Audit { thresholds, .. } = config.command else {
            panic!("not audit");
        };
        assert_eq!(thresholds, crate::audit::Thresholds::DEFAULT);
    }

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn usage_errors_are_one_line() {
        let Parsed::Usage(line) = parse_from(["wareport", "summary", "--jsno", "x"]) else {
            panic!("not a usage error");
        };
        assert_eq!(
            line,
            "wareport: error: unexpected argument '--jsno' found; a similar argument exists: '--json'; see `wareport summary --help`"
        );
        let Parsed::Usage(line) =
            parse_from(["wareport", "audit", "--stale-days", "200000000000000", "x"])
        else {
            panic!("not a usage error");
        };
        assert!(
            line.starts_with(
                "wareport: error: invalid value '200000000000000' for '--stale-days <DAYS>'"
            ),
            "{line}"
        );
        assert_eq!(line.lines().count(), 1);
    }

    #[test]
    fn inspect_takes_no_redaction_options() {
        let help = Cli::command()
            .find_subcommand_mut("inspect")
            .unwrap()
            .render_long_help()
            .to_string();
        assert!(!help.contains("--redact"), "{help}");
        let Parsed::Usage(line) = parse_from(["wareport", "inspect", "--redact", "x"]) else {
            panic!("not a usage error");
        };
        assert!(line.contains("unexpected argument '--redact'"), "{line}");
    }
}
