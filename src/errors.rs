//! What went wrong, in words that quote nothing of the input: an error's kind, a stable id
//! for counting (the browser's `extract` gives a donation flow its failures by kind), and a
//! description with no file name or value in it, for redacted exports.

use crate::archive::ArchiveError;
use crate::detect::DetectError;
use crate::parse::ParseError;

/// The line an error is printed as, on the command line and on the browser's page: one
/// line, everything it quotes from a report or the file system escaped for the terminal.
/// Our messages hold no line breaks, so one inside (a file name's) is shown as its escape,
/// never as a space that would name another file.
pub fn line(err: &anyhow::Error) -> String {
    let text = format!("{err:#}");
    format!("wareport: error: {}", crate::term::escape(text.trim_end()))
}

/// An error's kind and its description; `entry` names an entry of the report in the
/// description (the redactor's pseudonym for one that is not documented).
pub fn describe(e: &anyhow::Error, entry: &dyn Fn(&str) -> String) -> (&'static str, String) {
    let (kind, words): (&str, &str) = if let Some(a) = e.downcast_ref::<ArchiveError>() {
        match a {
            ArchiveError::Io { .. } => ("unreadable", "cannot be read"),
            ArchiveError::Missing { .. } => ("missing", "no such file or folder"),
            ArchiveError::Empty { .. } | ArchiveError::EmptyStdin => ("empty", "empty"),
            ArchiveError::NotZip { .. } => ("not_zip", "not a ZIP archive"),
            ArchiveError::NotAReportFolder { .. } => {
                ("not_a_report", "not a WhatsApp report folder")
            }
            ArchiveError::ZipInFolder { .. } | ArchiveError::ZipsInFolder { .. } => (
                "zip_in_folder",
                "not a report folder, but a folder holding ZIP files",
            ),
            ArchiveError::ChatExport { .. } => {
                ("chat_export", "a WhatsApp chat export, not the report")
            }
            ArchiveError::SeveralReports { .. } => {
                ("several_reports", "holds more than one report")
            }
            ArchiveError::TooManyEntries { limit, .. } => {
                return ("too_many_entries", format!("has more than {limit} entries"));
            }
            ArchiveError::UnsafeName { .. } => ("unsafe", "an entry has an unsafe name"),
            ArchiveError::Symlink { .. } => ("unsafe", "an entry is a symbolic link"),
            ArchiveError::Encrypted { .. } => ("encrypted", "an entry is encrypted"),
            ArchiveError::DuplicateName { .. } => ("unsafe", "an entry appears more than once"),
            ArchiveError::EntryTooLarge {
                entry: n, limit, ..
            } => {
                let words = format!("entry `{}` is larger than the {limit}-byte limit", entry(n));
                return ("too_large", words);
            }
            ArchiveError::TotalTooLarge { limit, .. } => {
                let words = format!("the entries read take the total past the {limit}-byte limit");
                return ("too_large", words);
            }
            ArchiveError::InputTooLarge { limit, .. } => {
                let words = format!("the input is larger than the {limit}-byte limit");
                return ("too_large", words);
            }
            ArchiveError::BadEntry { entry: n, .. } => {
                return ("damaged", format!("entry `{}` cannot be read", entry(n)));
            }
        }
    } else if let Some(d) = e.downcast_ref::<DetectError>() {
        match d {
            DetectError::NotAReport { .. } => ("not_a_report", "not a WhatsApp account report"),
            DetectError::SeveralReports { .. } => ("several_reports", "holds more than one report"),
            DetectError::ChatExport { .. } => {
                ("chat_export", "a WhatsApp chat export, not the report")
            }
            DetectError::Mixed { .. } => ("mixed", "mixes generation A and generation B files"),
        }
    } else if let Some(p) = e.downcast_ref::<ParseError>() {
        let words = format!(
            "entry `{}` is not what the report should hold",
            entry(&p.entry)
        );
        return ("malformed", words);
    } else {
        ("other", "could not be read (the details are left out)")
    };
    (kind, words.to_string())
}

/// An error's kind alone.
pub fn kind(e: &anyhow::Error) -> &'static str {
    describe(e, &|_| String::new()).0
}
