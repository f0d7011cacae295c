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
    if let Some(a) = e.downcast_ref::<ArchiveError>() {
        let (kind, words): (&str, String) = match a {
            ArchiveError::Io { .. } => ("unreadable", "cannot be read".into()),
            ArchiveError::Missing { .. } => ("missing", "no such file or folder".into()),
            ArchiveError::Empty { .. } | ArchiveError::EmptyStdin => ("empty", "empty".into()),
            ArchiveError::NotZip { .. } => ("not_zip", "not a ZIP archive".into()),
            ArchiveError::NotAReportFolder { .. } => {
                ("not_a_report", "not a WhatsApp report folder".into())
            }
            ArchiveError::ZipInFolder { .. } | ArchiveError::ZipsInFolder { .. } => (
                "zip_in_folder",
                "not a report folder, but a folder holding ZIP files".into(),
            ),
            ArchiveError::ChatExport { .. } => (
                "chat_export",
                "a WhatsApp chat export, not the report".into(),
            ),
            ArchiveError::SeveralReports { .. } => {
                ("several_reports", "holds more than one report".into())
            }
            ArchiveError::TooManyEntries { limit, .. } => {
                ("too_many_entries", format!("has more than {limit} entries"))
            }
            ArchiveError::UnsafeName { .. } => ("unsafe", "an entry has an unsafe name".into()),
            ArchiveError::Symlink { .. } => ("unsafe", "an entry is a symbolic link".into()),
            ArchiveError::Encrypted { .. } => ("encrypted", "an entry is encrypted".into()),
            ArchiveError::DuplicateName { .. } => {
                ("unsafe", "an entry appears more than once".into())
            }
            ArchiveError::EntryTooLarge {
                entry: n, limit, ..
            } => (
                "too_large",
                format!("entry `{}` is larger than the {limit}-byte limit", entry(n)),
            ),
            ArchiveError::TotalTooLarge { limit, .. } => (
                "too_large",
                format!("the entries read take the total past the {limit}-byte limit"),
            ),
            ArchiveError::InputTooLarge { limit, .. } => (
                "too_large",
                format!("the input is larger than the {limit}-byte limit"),
            ),
            ArchiveError::BadEntry { entry: n, .. } => {
                ("damaged", format!("entry `{}` cannot be read", entry(n)))
            }
        };
        return (kind, words);
    }
    if let Some(d) = e.downcast_ref::<DetectError>() {
        return match d {
            DetectError::NotAReport { .. } => {
                ("not_a_report", "not a WhatsApp account report".into())
            }
            DetectError::SeveralReports { .. } => {
                ("several_reports", "holds more than one report".into())
            }
            DetectError::ChatExport { .. } => (
                "chat_export",
                "a WhatsApp chat export, not the report".into(),
            ),
            DetectError::Mixed { .. } => {
                ("mixed", "mixes generation A and generation B files".into())
            }
        };
    }
    if let Some(p) = e.downcast_ref::<ParseError>() {
        return (
            "malformed",
            format!(
                "entry `{}` is not what the report should hold",
                entry(&p.entry)
            ),
        );
    }
    (
        "other",
        "could not be read (the details are left out)".into(),
    )
}

/// An error's kind alone.
pub fn kind(e: &anyhow::Error) -> &'static str {
    describe(e, &|_| String::new()).0
}
