//! CSV: a folder with one file per table, RFC 4180, UTF-8, a header row; NULL is an empty
//! field, booleans are `true`/`false`.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use super::Kind;
use super::folder::{PerTable, TableFile};
use crate::tables::rows::Cell;
use crate::tables::schema::Table;

type Writer = ::csv::Writer<BufWriter<File>>;

/// The folder `out` with a CSV file per table, each with its header row.
pub(super) fn create(out: &Path, force: bool, kind: &Kind) -> anyhow::Result<PerTable<Writer>> {
    PerTable::create(out, force, "csv", kind, |t, file| {
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(file);
        w.write_record(t.def().columns.iter().map(|c| c.name))?;
        Ok(w)
    })
}

impl TableFile for Writer {
    fn row(&mut self, _: Table, cells: &[Cell<'_>]) -> anyhow::Result<()> {
        for cell in cells {
            self.write_field(cell.as_text().as_bytes())?;
        }
        self.write_record(None::<&[u8]>)?;
        Ok(())
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        Ok(Writer::flush(self)?)
    }
}
