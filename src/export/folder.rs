//! Making room for the output: refusing to overwrite what wareport did not write, and the
//! manifest that marks a folder as its own.

use std::fs::{self, File};
use std::io::BufWriter;
use std::path::Path;

use super::{Kind, MANIFEST, Prepared, Sink};
use crate::tables::rows::{self, Cell};
use crate::tables::schema::Table;
use crate::tables::{Failure, Loaded};

/// Refuses, unless `force`, a file at `out` that is not empty and that `own` does not
/// recognise; a folder is always refused (a file is not written over one). `own` is asked
/// at most once.
pub(super) fn prepare_file(
    out: &Path,
    force: bool,
    what: &str,
    own: impl FnOnce(&Path) -> bool,
) -> anyhow::Result<()> {
    let Ok(meta) = fs::metadata(out) else {
        return Ok(());
    };
    anyhow::ensure!(
        !meta.is_dir(),
        "{} is a folder; --format {what} writes one file",
        out.display()
    );
    if meta.len() == 0 || own(out) {
        return Ok(());
    }
    anyhow::ensure!(
        force,
        "{} exists and is not a wareport export; pass --force to overwrite it",
        out.display()
    );
    fs::remove_file(out).map_err(|e| anyhow::anyhow!("{}: cannot remove: {e}", out.display()))
}

/// Makes `out` a folder for an export of `format` whose files are `files`: creates it, or
/// empties one of wareport's own (only the files its manifest lists), or, with `force`,
/// writes into a foreign one (overwriting only files of these names). Then writes the
/// manifest.
pub(super) fn prepare_folder(
    out: &Path,
    force: bool,
    format: &str,
    files: &[String],
    kind: &Kind,
) -> anyhow::Result<()> {
    let cannot = |e: std::io::Error| anyhow::anyhow!("{}: {e}", out.display());
    match fs::symlink_metadata(out) {
        Err(_) => fs::create_dir_all(out).map_err(cannot)?,
        Ok(meta) if meta.is_dir() => {
            if let Some(listed) = manifest_files(out) {
                for name in listed {
                    // Only plain names of table files: a manifest is not trusted to name
                    // anything else.
                    let plain = !name.contains(['/', '\\']) && !name.starts_with('.');
                    let ours = name.ends_with(".csv") || name.ends_with(".ndjson");
                    if plain && ours {
                        match fs::remove_file(out.join(&name)) {
                            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                                return Err(cannot(e));
                            }
                            _ => {}
                        }
                    }
                }
            } else {
                let empty = fs::read_dir(out).map_err(cannot)?.next().is_none();
                anyhow::ensure!(
                    empty || force,
                    "{} is a folder that is not a wareport export; pass --force to write into it (files of the tables' names are overwritten)",
                    out.display()
                );
            }
        }
        Ok(_) => {
            anyhow::ensure!(
                force,
                "{} exists and is not a wareport export; --format {format} writes a folder; pass --force to replace the file",
                out.display()
            );
            fs::remove_file(out).map_err(cannot)?;
            fs::create_dir_all(out).map_err(cannot)?;
        }
    }
    let manifest = serde_json::json!({
        "wareport_export": 1,
        "written_by": concat!("wareport ", env!("CARGO_PKG_VERSION")),
        "format": format,
        "files": files,
        "counts_only": kind.counts_only,
        "redacted": kind.redaction.is_some(),
    });
    let text = serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n";
    fs::write(out.join(MANIFEST), text).map_err(cannot)
}

/// The files a folder's manifest lists, when the folder has wareport's manifest.
fn manifest_files(dir: &Path) -> Option<Vec<String>> {
    let bytes = crate::output::head(&dir.join(MANIFEST), 64 * 1024);
    let v: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    v.get("wareport_export")?;
    Some(
        v.get("files")?
            .as_array()?
            .iter()
            .filter_map(|f| f.as_str().map(String::from))
            .collect(),
    )
}

/// One table's file in a folder of them: how CSV and split NDJSON write a row, and flush.
pub(super) trait TableFile {
    fn row(&mut self, t: Table, cells: &[Cell<'_>]) -> anyhow::Result<()>;
    fn flush(&mut self) -> anyhow::Result<()>;
}

/// A folder of table files as an export's sink: reports numbered 1, 2, … in the order
/// written, every row to its table's file, failures to `failures`.
pub(super) struct PerTable<F> {
    /// Per table, in [`Table::ALL`] order.
    files: Vec<F>,
    next_id: i64,
}

impl<F: TableFile> PerTable<F> {
    /// Prepares the folder `out` for `format` ([`prepare_folder`]) and creates
    /// `{table}.{format}` for every table, each opened by `open`.
    pub(super) fn create(
        out: &Path,
        force: bool,
        format: &str,
        kind: &Kind,
        mut open: impl FnMut(Table, BufWriter<File>) -> anyhow::Result<F>,
    ) -> anyhow::Result<PerTable<F>> {
        let names: Vec<String> = Table::ALL
            .iter()
            .map(|t| format!("{}.{format}", t.name()))
            .collect();
        prepare_folder(out, force, format, &names, kind)?;
        let files = Table::ALL
            .iter()
            .zip(&names)
            .map(|(t, name)| {
                let path = out.join(name);
                let file =
                    File::create(&path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                open(*t, BufWriter::with_capacity(64 * 1024, file))
            })
            .collect::<anyhow::Result<_>>()?;
        Ok(PerTable { files, next_id: 1 })
    }
}

impl<F: TableFile> Sink for PerTable<F> {
    type Item = Prepared;

    fn item(l: &Loaded, counts_only: bool) -> anyhow::Result<Prepared> {
        Prepared::of(l, counts_only)
    }

    fn report(&mut self, p: Prepared) -> anyhow::Result<bool> {
        for t in Table::ALL {
            for row in p.cells(t, self.next_id).chunks(t.def().columns.len()) {
                self.files[t as usize].row(t, row)?;
            }
        }
        self.next_id += 1;
        Ok(true)
    }

    fn failure(&mut self, f: &Failure) -> anyhow::Result<()> {
        let t = Table::Failures;
        self.files[t as usize].row(t, &rows::failure_row(f))
    }

    fn finish(&mut self) -> anyhow::Result<()> {
        self.files.iter_mut().try_for_each(F::flush)
    }
}
