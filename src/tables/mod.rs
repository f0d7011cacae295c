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

#[cfg(test)]
mod tests {
    use super::rows::{Cell, rows};
    use super::schema::Table;
    use super::*;

    /// Every row a report gives has exactly its table's columns, the model's fields' among
    /// them, whatever is set: the rows and the schema cannot disagree by position.
    #[test]
    fn every_row_has_its_table_s_columns() {
        let loaded = Loaded {
            key: "k".into(),
            path: "p".into(),
            report: crate::model::tests_support::full(),
            findings: Vec::new(),
        };
        for counts_only in [false, true] {
            let mut seen = std::collections::BTreeSet::new();
            rows(
                &loaded,
                counts_only,
                &mut |table: Table, cells: &mut [Cell<'_>]| {
                    assert_eq!(cells.len(), table.def().columns.len(), "{}", table.name());
                    seen.insert(table.name());
                    Ok(())
                },
            )
            .unwrap();
            assert!(
                seen.contains("reports") && seen.contains("terms"),
                "{seen:?}"
            );
            assert_eq!(seen.contains("devices"), !counts_only, "{seen:?}");
        }
    }
}
