//! CSV: a folder with one file per table, RFC 4180, UTF-8, a header row; NULL is an empty
//! field, booleans are `true`/`false`.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use super::rows::{self, Cell};
use super::schema::Table;
use super::{Failure, Kind, Prepared, Sink};

pub(super) struct Tables {
    files: Vec<::csv::Writer<BufWriter<File>>>,
    next_id: i64,
}

impl Tables {
    pub(super) fn create(out: &Path, force: bool, kind: &Kind) -> anyhow::Result<Tables> {
        let names: Vec<String> = Table::ALL
            .iter()
            .map(|t| format!("{}.csv", t.name()))
            .collect();
        super::folder::prepare_folder(out, force, "csv", &names, kind)?;
        let mut files = Vec::new();
        for (t, name) in Table::ALL.iter().zip(&names) {
            let path = out.join(name);
            let file =
                File::create(&path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            let mut w = ::csv::WriterBuilder::new()
                .terminator(::csv::Terminator::CRLF)
                .from_writer(BufWriter::with_capacity(64 * 1024, file));
            w.write_record(t.def().columns.iter().map(|c| c.name))?;
            files.push(w);
        }
        Ok(Tables { files, next_id: 1 })
    }

    fn row(&mut self, t: Table, cells: &[Cell<'_>]) -> anyhow::Result<()> {
        let w = &mut self.files[t as usize];
        for cell in cells {
            w.write_field(cell.as_text().as_bytes())?;
        }
        w.write_record(None::<&[u8]>)?;
        Ok(())
    }
}

impl Sink for Tables {
    fn report(&mut self, mut p: Prepared) -> anyhow::Result<()> {
        p.number(self.next_id);
        self.next_id += 1;
        for t in Table::ALL {
            for row in p.rows(t) {
                self.row(t, row)?;
            }
        }
        Ok(())
    }

    fn line(&mut self, _: &str) -> anyhow::Result<()> {
        anyhow::bail!("internal: a line for CSV")
    }

    fn failure(&mut self, f: &Failure) -> anyhow::Result<()> {
        self.row(Table::Failures, &rows::failure_row(f))
    }

    fn finish(&mut self) -> anyhow::Result<()> {
        for w in &mut self.files {
            w.flush()?;
        }
        Ok(())
    }
}
