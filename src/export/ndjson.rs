//! NDJSON: one file with one line per report (`show --json`'s document with its key and
//! path), or with `--split` a folder with one file per table and one line per row.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use super::folder::{PerTable, TableFile};
use super::{Kind, Sink};
use crate::tables::rows::Cell;
use crate::tables::schema::Table;
use crate::tables::{Failure, Loaded};

pub(super) struct Lines {
    out: BufWriter<Box<dyn Write>>,
}

/// Whether a file is wareport's own NDJSON: its first line opens with the key, and the
/// document follows.
fn is_own(path: &Path) -> bool {
    let head = crate::output::head(path, 16 * 1024);
    head.starts_with(b"{\"key\":\"")
        && head
            .windows(b"\"schema_version\":".len())
            .any(|w| w == b"\"schema_version\":")
}

impl Lines {
    /// The file `out`, or standard output for `-`.
    pub(super) fn create(out: &Path, force: bool) -> anyhow::Result<Lines> {
        let sink: Box<dyn Write> = if out == Path::new("-") {
            Box::new(std::io::stdout())
        } else {
            super::folder::prepare_file(out, force, "ndjson", is_own)?;
            Box::new(File::create(out).map_err(|e| anyhow::anyhow!("{}: {e}", out.display()))?)
        };
        Ok(Lines {
            out: BufWriter::with_capacity(256 * 1024, sink),
        })
    }
}

impl Sink for Lines {
    /// The report's line: `show --json`'s document (or, counts only, its counts) with its
    /// key and path.
    type Item = String;

    fn item(l: &Loaded, counts_only: bool) -> anyhow::Result<String> {
        Ok(if counts_only {
            serde_json::to_string(&crate::view::CountsLine::new(
                &l.key,
                &l.report,
                &l.findings,
            ))?
        } else {
            serde_json::to_string(&crate::view::ExportLine {
                key: &l.key,
                path: &l.path,
                show: crate::view::Show::new(&l.report, &[]),
                findings: crate::view::ExportFindings(&l.findings, true),
            })?
        })
    }

    fn report(&mut self, line: String) -> anyhow::Result<bool> {
        self.out.write_all(line.as_bytes())?;
        self.out.write_all(b"\n")?;
        Ok(true)
    }

    /// The NDJSON file holds reports only; failures are on stderr.
    fn failure(&mut self, _: &Failure) -> anyhow::Result<()> {
        Ok(())
    }

    fn finish(&mut self) -> anyhow::Result<()> {
        self.out.flush()?;
        Ok(())
    }
}

/// The folder `out` with an NDJSON file per table (`--split`).
pub(super) fn split(
    out: &Path,
    force: bool,
    kind: &Kind,
) -> anyhow::Result<PerTable<BufWriter<File>>> {
    PerTable::create(out, force, "ndjson", kind, |_, file| Ok(file))
}

impl TableFile for BufWriter<File> {
    /// One row as a JSON object on one line.
    fn row(&mut self, t: Table, cells: &[Cell<'_>]) -> anyhow::Result<()> {
        self.write_all(b"{")?;
        for (i, (column, cell)) in t.def().columns.iter().zip(cells).enumerate() {
            if i > 0 {
                self.write_all(b",")?;
            }
            serde_json::to_writer(&mut *self, column.name)?;
            self.write_all(b":")?;
            match cell {
                Cell::Null => self.write_all(b"null")?,
                Cell::Int(n) => write!(self, "{n}")?,
                Cell::Bool(b) => self.write_all(if *b { b"true" } else { b"false" })?,
                Cell::Text(s) => serde_json::to_writer(&mut *self, s.as_ref())?,
                Cell::Json(j) => self.write_all(j.as_bytes())?,
            }
        }
        self.write_all(b"}\n")?;
        Ok(())
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        Ok(Write::flush(self)?)
    }
}
