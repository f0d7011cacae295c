//! The SQLite database: the schema of [`crate::tables::schema`], a `wareport_meta` table that
//! marks the file as wareport's own and says what kind of rows it holds, prepared
//! statements inserting many rows each, and one transaction per chunk of reports.
//!
//! The tables declare their foreign keys (`ON DELETE CASCADE`) for whoever queries the
//! database; the writer itself runs with `PRAGMA foreign_keys = OFF`, inserting every
//! report before its rows and deleting a replaced report's rows itself: enforcing them
//! would cost a lookup per row and, for multi-row inserts, a statement journal, together
//! more than half the writer's time.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, OptionalExtension, Statement};

use super::{Kind, Prepared, Sink};
use crate::tables::rows::{self, Cell};
use crate::tables::schema::{self, Table};
use crate::tables::{Failure, Loaded};

/// Reports per transaction, at most; a transaction is also closed after [`CHUNK_TIME`].
/// Few transactions: in each, SQLite copies every page it changes that was there before to
/// the journal, and syncs it.
const CHUNK: usize = 5000;
const CHUNK_TIME: Duration = Duration::from_secs(30);

/// SQLite's page cache, in KiB when negative: 16 MiB.
const CACHE_SIZE: i64 = -16384;

/// The layout of the tables, in `wareport_meta`: a database of another layout is not added
/// to. 2: the list tables clustered by report, and `findings.change_in`. 3: reports keyed by
/// their entries, not their container; counts-only rows name no one. 4: times declared
/// `TIMESTAMP` and booleans `BOOLEAN`; contacts' calling codes.
const FORMAT_VERSION: &str = "4";

const META: &str = "CREATE TABLE IF NOT EXISTS wareport_meta (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
";

/// Whether `path` is a database wareport wrote, and if so what it holds.
fn meta_of(path: &Path) -> Option<HashMap<String, String>> {
    if !crate::output::head(path, 16).starts_with(b"SQLite format 3\0") {
        return None;
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    let mut st = conn.prepare("SELECT name, value FROM wareport_meta").ok()?;
    let rows = st
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .ok()?;
    let meta: HashMap<String, String> = rows.collect::<Result<_, _>>().ok()?;
    (meta.get("format")? == "wareport-export").then_some(meta)
}

/// Opens (or creates) the database at `out`, refusing a file that is not wareport's own
/// unless `force`, and a database of another kind (plain against redacted, another key,
/// counts only against full) unless `force`, which replaces it.
pub(super) fn open(out: &Path, force: bool, kind: &Kind) -> anyhow::Result<Connection> {
    let mut meta = None;
    super::folder::prepare_file(out, force, "sqlite", |p| {
        meta = meta_of(p);
        meta.is_some()
    })?;
    if let Some(meta) = meta {
        let get = |name: &str| meta.get(name).map(String::as_str);
        let mut differs = Vec::new();
        if get("format_version") != Some(FORMAT_VERSION) {
            differs.push(
                "was written by another version of wareport, whose tables are laid out otherwise",
            );
        }
        if get("redaction") != Some(&kind.redaction_word()) {
            differs.push(match (&kind.redaction, get("redaction")) {
                (None, _) => {
                    "was written with --redact, and this run is not redacted (to add to it, pass --redact with the key it was made with: --redact-key KEY or WAREPORT_REDACT_KEY)"
                }
                (Some(_), Some("none")) => "was written without --redact",
                _ => {
                    "was redacted with another key or other --keep-country/--keep-network, so its pseudonyms would not join (to add to it, give the key it was made with, --redact-key KEY or WAREPORT_REDACT_KEY, and the same options)"
                }
            });
        }
        let counts_only = if kind.counts_only { "true" } else { "false" };
        if get("counts_only") != Some(counts_only) {
            differs.push(if kind.counts_only {
                "holds a full export, and this run is --counts-only"
            } else {
                "holds a --counts-only export"
            });
        }
        if !differs.is_empty() {
            anyhow::ensure!(
                force,
                "{} {}; adding to it would mix the two: write to a new file, or pass --force to replace it",
                out.display(),
                differs.join(" and ")
            );
            std::fs::remove_file(out)
                .map_err(|e| anyhow::anyhow!("{}: cannot remove: {e}", out.display()))?;
        }
    }
    let conn = Connection::open(out)
        .map_err(|e| anyhow::anyhow!("{}: cannot open a database: {e}", out.display()))?;
    let setup = format!(
        "PRAGMA foreign_keys = OFF;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = {CACHE_SIZE};
         PRAGMA synchronous = NORMAL;
         BEGIN;
         {META}
         {ddl}
         INSERT OR REPLACE INTO wareport_meta (name, value) VALUES
           ('format', 'wareport-export'),
           ('format_version', '{FORMAT_VERSION}'),
           ('written_by', 'wareport {version}'),
           ('redaction', '{redaction}'),
           ('counts_only', '{counts_only}');
         COMMIT;",
        ddl = schema::sqlite_ddl(),
        version = env!("CARGO_PKG_VERSION"),
        redaction = kind.redaction_word(),
        counts_only = kind.counts_only,
    );
    conn.execute_batch(&setup)
        .map_err(|e| anyhow::anyhow!("{}: cannot write the database: {e}", out.display()))?;
    Ok(conn)
}

/// Rows per multi-row INSERT: one statement inserting many rows keeps its cursor where the
/// last row went, so appending skips most of each B-tree search, and costs one statement's
/// overhead for many rows.
const BATCH: [usize; 7] = [64, 32, 16, 8, 4, 2, 1];

pub(super) struct Writer<'c> {
    conn: &'c Connection,
    /// Per table, in [`Table::ALL`] order, one INSERT per size in [`BATCH`].
    inserts: Vec<Vec<Statement<'c>>>,
    find_report: Statement<'c>,
    /// A report's rows, table by table (`reports` last).
    delete_report: Vec<Statement<'c>>,
    delete_failure: Statement<'c>,
    /// The secondary indexes were dropped for this run, and are built at its end: a run that
    /// at least doubles the database sorts each index once instead of keeping it in order row
    /// by row. On 10,000 real-weight reports keeping them took 2.2x the CPU.
    bulk: bool,
    next_id: i64,
    in_transaction: bool,
    chunk: usize,
    chunk_started: Instant,
}

impl<'c> Writer<'c> {
    /// A writer for a run of `inputs` inputs into the database at `out`. When they are at
    /// least as many as the reports the database holds, the run drops the secondary indexes
    /// and builds them again at its end: one sort of every row costs less than keeping each
    /// index in order row by row. A run that stops half-way leaves them dropped, and the
    /// next run that is not itself large builds them again here.
    ///
    /// The sort spills to SQLite's temporary files once it outgrows the page cache, which
    /// keeps memory bounded; they are made in the output's own folder (as the journal is),
    /// without a name (`O_TMPFILE`, or deleted as soon as opened), never in `/tmp`. Where
    /// that folder cannot be named to SQLite, the indexes are kept row by row instead.
    pub(super) fn new(
        conn: &'c Connection,
        inputs: usize,
        out: &Path,
    ) -> anyhow::Result<Writer<'c>> {
        let mut inserts = Vec::new();
        for t in Table::ALL {
            let d = t.def();
            let names: Vec<&str> = d.columns.iter().map(|c| c.name).collect();
            // OR FAIL: a failed statement keeps the rows it inserted before (the run then
            // fails, and its transaction is never committed), so SQLite keeps no
            // statement journal for a multi-row insert.
            let verb = if t == Table::Failures {
                "INSERT OR REPLACE"
            } else {
                "INSERT OR FAIL"
            };
            let sizes: &[usize] = if d.list || t == Table::Findings {
                &BATCH
            } else {
                &[1]
            };
            // `?` is numbered after the one before it: row by row, column by column.
            let row = format!("({})", vec!["?"; names.len()].join(", "));
            let into = format!("{verb} INTO {} ({}) VALUES", d.name, names.join(", "));
            let by_size = sizes
                .iter()
                .map(|&rows| {
                    conn.prepare(&format!("{into} {}", vec![row.as_str(); rows].join(", ")))
                })
                .collect::<rusqlite::Result<_>>()?;
            inserts.push(by_size);
        }
        let next_id = conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM reports", [], |r| {
            r.get(0)
        })?;
        let held: i64 = conn.query_row("SELECT count(*) FROM reports", [], |r| r.get(0))?;
        let spill = sort_files_beside(conn, out);
        let bulk = usize::try_from(held).unwrap_or(usize::MAX) <= inputs && spill;
        if bulk {
            let drops: String = schema::sqlite_indexes()
                .iter()
                .map(|i| format!("DROP INDEX IF EXISTS {};\n", i.name))
                .collect();
            conn.execute_batch(&format!("BEGIN;\n{drops}COMMIT;"))?;
        } else {
            // Those a run stopped half-way left dropped (none, usually).
            build_indexes(conn, spill)?;
        }
        Ok(Writer {
            conn,
            inserts,
            find_report: conn.prepare("SELECT id FROM reports WHERE key = ?1")?,
            delete_report: Table::ALL
                .iter()
                .rev()
                .filter(|t| **t != Table::Failures)
                .map(|t| {
                    let column = if *t == Table::Reports {
                        "id"
                    } else {
                        "report_id"
                    };
                    conn.prepare(&format!("DELETE FROM {} WHERE {column} = ?1", t.name()))
                })
                .collect::<rusqlite::Result<_>>()?,
            delete_failure: conn.prepare("DELETE FROM failures WHERE path = ?1")?,
            bulk,
            next_id,
            in_transaction: false,
            chunk: 0,
            chunk_started: Instant::now(),
        })
    }

    fn begin(&mut self) -> anyhow::Result<()> {
        if !self.in_transaction {
            self.conn.execute_batch("BEGIN")?;
            self.in_transaction = true;
            self.chunk = 0;
            self.chunk_started = Instant::now();
        }
        Ok(())
    }

    fn written(&mut self) -> anyhow::Result<()> {
        self.chunk += 1;
        if self.chunk >= CHUNK || self.chunk_started.elapsed() >= CHUNK_TIME {
            self.commit()?;
        }
        Ok(())
    }

    fn commit(&mut self) -> anyhow::Result<()> {
        if self.in_transaction {
            self.conn.execute_batch("COMMIT")?;
            self.in_transaction = false;
        }
        Ok(())
    }
}

/// Creates the secondary indexes that are missing. With `spill` (SQLite's temporary files
/// pointed beside the database), the sort spills to them once it outgrows the page cache;
/// without, it stays in memory rather than go to `/tmp`.
fn build_indexes(conn: &Connection, spill: bool) -> rusqlite::Result<()> {
    let creates: String = schema::sqlite_indexes()
        .iter()
        .map(|i| format!("{}\n", i.create))
        .collect();
    let store = if spill { "FILE" } else { "MEMORY" };
    conn.execute_batch(&format!(
        "PRAGMA temp_store = {store};
         BEGIN;
         {creates}COMMIT;
         PRAGMA temp_store = MEMORY;"
    ))
}

/// Points SQLite's temporary files at the folder of `out`; false when it cannot be.
fn sort_files_beside(conn: &Connection, out: &Path) -> bool {
    let folder = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Some(folder) = std::fs::canonicalize(folder)
        .ok()
        .and_then(|f| f.to_str().map(|s| s.replace('\'', "''")))
    else {
        return false;
    };
    conn.execute_batch(&format!("PRAGMA temp_store_directory = '{folder}';"))
        .is_ok()
}

/// Inserts a table's rows, given as their cells one after the other, as many rows per
/// statement as the statements of [`BATCH`] take (the last takes one row, so every row
/// is inserted).
fn insert_rows(statements: &mut [Statement<'_>], cells: &[Cell<'_>]) -> rusqlite::Result<()> {
    let mut rest = cells;
    for st in statements.iter_mut() {
        let n = st.parameter_count();
        while rest.len() >= n {
            let (now, later) = rest.split_at(n);
            for (i, cell) in now.iter().enumerate() {
                bind(st, i + 1, cell)?;
            }
            st.raw_execute()?;
            rest = later;
        }
    }
    debug_assert!(rest.is_empty(), "cells that make no whole row");
    Ok(())
}

fn bind(st: &mut Statement<'_>, at: usize, cell: &Cell<'_>) -> rusqlite::Result<()> {
    match cell {
        Cell::Null => st.raw_bind_parameter(at, rusqlite::types::Null),
        Cell::Int(n) => st.raw_bind_parameter(at, n),
        Cell::Bool(b) => st.raw_bind_parameter(at, i64::from(*b)),
        Cell::Text(t) => st.raw_bind_parameter(at, t.as_ref()),
        Cell::Json(j) => st.raw_bind_parameter(at, j.as_ref()),
    }
}

impl Sink for Writer<'_> {
    type Item = Prepared;

    fn item(l: &Loaded, counts_only: bool) -> anyhow::Result<Prepared> {
        Prepared::of(l, counts_only)
    }

    fn report(&mut self, p: Prepared) -> anyhow::Result<bool> {
        self.begin()?;
        // The same content again (from an earlier run): its rows are replaced, under the
        // number it had.
        let known: Option<i64> = self
            .find_report
            .query_row([&p.key], |r| r.get(0))
            .optional()?;
        let id = match known {
            Some(id) => {
                for st in &mut self.delete_report {
                    st.execute([id])?;
                }
                id
            }
            None => {
                self.next_id += 1;
                self.next_id - 1
            }
        };
        self.delete_failure.execute([&p.path])?;
        // `reports` first: the others refer to it.
        for t in Table::ALL {
            insert_rows(&mut self.inserts[t as usize], &p.cells(t, id))?;
        }
        self.written()?;
        Ok(known.is_none())
    }

    fn failure(&mut self, f: &Failure) -> anyhow::Result<()> {
        self.begin()?;
        insert_rows(
            &mut self.inserts[Table::Failures as usize],
            &rows::failure_row(f),
        )?;
        self.written()
    }

    fn finish(&mut self) -> anyhow::Result<()> {
        self.commit()?;
        if self.bulk {
            build_indexes(self.conn, true)?;
            self.bulk = false;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_creates_every_table_with_its_columns() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(&schema::sqlite_ddl()).unwrap();
        for t in Table::ALL {
            let d = t.def();
            let mut st = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{}')", d.name))
                .unwrap();
            let cols: Vec<String> = st
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let want: Vec<&str> = d.columns.iter().map(|c| c.name).collect();
            assert_eq!(cols, want, "{}", d.name);
        }
        // The view compiles against the tables.
        conn.query_row("SELECT count(*) FROM summary", [], |r| r.get::<_, i64>(0))
            .unwrap();
    }
}
