//! A read report as the rows of the export's tables: the tables themselves ([`schema`]),
//! and a report's rows in them ([`rows`]). What the command line's `export` writes to SQLite,
//! CSV and NDJSON, and what the browser's `extract` hands a data-donation flow.

pub mod rows;
pub mod schema;

use crate::audit::Finding;
use crate::model::Report;

/// A report read, redacted when asked, and audited.
pub struct Loaded {
    /// The content hash (or its pseudonym).
    pub key: String,
    /// The path as found (or its pseudonym).
    pub path: String,
    pub report: Report,
    pub findings: Vec<Finding>,
}

/// An input that could not be read.
pub struct Failure {
    /// As written to the output (a pseudonym with `--redact`).
    pub path: String,
    pub key: Option<String>,
    /// As written to the output (only its kind with `--redact`).
    pub error: String,
    /// The whole message, for stderr.
    pub shown: String,
}
