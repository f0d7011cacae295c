//! CSV: a folder with one file per table, RFC 4180, UTF-8, a header row; NULL is an empty
//! field, booleans are `true`/`false`.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use super::Kind;
use super::folder::{PerTable, TableFiles, create_table_files};
use crate::tables::rows::Cell;
use crate::tables::schema::Table;

pub(super) struct Tables {
    files: Vec<::csv::Writer<BufWriter<File>>>,
}

impl Tables {
    pub(super) fn create(out: &Path, force: bool, kind: &Kind) -> anyhow::Result<PerTable<Tables>> {
        let files = create_table_files(out, force, "csv", kind, |t, file| {
            let mut w = ::csv::WriterBuilder::new()
                .terminator(::csv::Terminator::CRLF)
                .from_writer(file);
            w.write_record(t.def().columns.iter().map(|c| c.name))?;
            Ok(w)
        })?;
        Ok(PerTable::new(Tables { files }))
    }
}

impl TableFiles for Tables {
    fn row(&mut self, t: Table, cells: &[Cell<'_>]) -> anyhow::Result<()> {
        let w = &mut self.files[t as usize];
        for cell in cells {
            w.write_field(cell.as_text().as_bytes())?;
        }
        w.write_record(None::<&[u8]>)?;
        Ok(())
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        for w in &mut self.files {
            w.flush()?;
        }
        Ok(())
    }
}
