//! How a command prints its result: the output form is its own axis over one view per
//! command. It sits below [`crate::cli`] (which picks it), [`crate::app`] (which renders
//! with it) and [`crate::export`] (which writes with it), so none of them depends on
//! another for it.

/// The output forms.
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
