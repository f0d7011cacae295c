//! Where a command's output file goes, and what it may never go over.
//!
//! Every `-o` is checked here before anything is written: never over an input of the same
//! run (compared as files, by device and inode, so a relative name, an absolute one, `./`,
//! a symbolic link and a hard link are all the same input), never anywhere inside an
//! extracted report being read, and never over an existing file that is not the command's
//! own earlier output unless `--force`. `--force` does not make an input writable: writing
//! over the report being read is never what anyone wants.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::text::EntryName;

/// Where a command that makes one file puts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Standard output (not a terminal, or asked for).
    Stdout,
    /// `-o FILE`, overwritten only when it is the command's own earlier output or with
    /// `--force`, and never when it is an input.
    File { path: PathBuf, force: bool },
    /// A new file beside the first input: standard output is a terminal, where a page or
    /// an archive would only pour out as noise.
    Beside,
}

impl Destination {
    /// `-o` as given (`-` is standard output), or, without it, standard output unless that
    /// is a terminal.
    pub fn of(output: Option<PathBuf>, force: bool) -> Destination {
        use std::io::IsTerminal;
        match output {
            Some(path) if path == std::path::Path::new("-") => Destination::Stdout,
            Some(path) => Destination::File { path, force },
            None if std::io::stdout().is_terminal() => Destination::Beside,
            None => Destination::Stdout,
        }
    }
}

/// A path as messages quote it (escaped for the terminal by the one error printer).
fn shown(path: &Path) -> EntryName {
    EntryName::new(path.display().to_string())
}

/// What an output must not touch: the run's inputs as files, and the folders of the
/// extracted reports among them.
#[derive(Debug, Default)]
pub struct Inputs {
    /// (as given, the file or folder it names): `-` is left out.
    given: Vec<(PathBuf, PathBuf)>,
}

impl Inputs {
    /// The inputs of a run as given on its command line (or, for `export`, as found by
    /// its search). A folder stands for the report found in it, down to where the
    /// report's own folder is.
    pub fn new<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Inputs {
        let given = paths
            .into_iter()
            .filter(|p| *p != Path::new("-"))
            .map(|p| {
                let guarded = if p.is_dir() {
                    crate::archive::report_folder(p).unwrap_or_else(|| p.to_path_buf())
                } else {
                    p.to_path_buf()
                };
                (p.to_path_buf(), guarded)
            })
            .collect();
        Inputs { given }
    }

    /// Refuses `out` when it is an input, or lies inside an input's report folder (a file
    /// written there would become part of the report).
    pub fn refuse(&self, out: &Path) -> anyhow::Result<()> {
        if out == Path::new("-") {
            return Ok(());
        }
        // An output that does not exist yet is no input; one that does is opened once.
        let existing = same_file::Handle::from_path(out).ok();
        let inside = absolute(out);
        for (given, guarded) in &self.given {
            let same = existing.as_ref().is_some_and(|out| {
                [given, guarded]
                    .iter()
                    .any(|p| same_file::Handle::from_path(p).is_ok_and(|h| h == *out))
            });
            if same && out == given {
                anyhow::bail!(
                    "-o {} names a report this command reads: writing the output there would destroy it; name another file with -o",
                    shown(out)
                );
            }
            anyhow::ensure!(
                !same,
                "{} is the same file as {}, a report this command reads (a link or another name for it): writing the output there would destroy it; name another file with -o",
                shown(out),
                shown(given)
            );
            if guarded.is_dir()
                && let (Some(inside), Ok(folder)) = (&inside, guarded.canonicalize())
            {
                anyhow::ensure!(
                    !inside.starts_with(&folder),
                    "{} is inside the report folder {} that this command reads: a file written there would become part of the report; name a file outside it with -o",
                    shown(out),
                    shown(given)
                );
            }
        }
        Ok(())
    }
}

/// `path` made absolute through its nearest existing ancestor, symbolic links resolved, so
/// that a file not yet written can be placed against a folder.
fn absolute(path: &Path) -> Option<PathBuf> {
    let mut rest = Vec::new();
    let mut at = path;
    loop {
        let base = if at.as_os_str().is_empty() {
            Path::new(".")
        } else {
            at
        };
        if let Ok(real) = base.canonicalize() {
            return Some(rest.iter().rev().fold(real, |p, c| p.join(c)));
        }
        rest.push(at.file_name()?.to_os_string());
        at = at.parent()?;
    }
}

/// The first `n` bytes of a file (fewer when it is shorter or cannot be read).
pub fn head(path: &Path, n: usize) -> Vec<u8> {
    let mut buf = Vec::with_capacity(n);
    if let Ok(f) = fs::File::open(path) {
        let _ = f.take(n as u64).read_to_end(&mut buf);
    }
    buf
}

/// Checks that one output file may be written at `out`: not an input ([`Inputs::refuse`]),
/// not a folder, and, when a non-empty file is there already, one that `own` recognises
/// as this command's earlier output, or `force`. `what` names the output in the refusal
/// (`an HTML page`).
pub fn file(
    out: &Path,
    inputs: &Inputs,
    force: bool,
    what: &str,
    own: impl FnOnce(&Path) -> bool,
) -> anyhow::Result<()> {
    inputs.refuse(out)?;
    let Ok(meta) = fs::metadata(out) else {
        return Ok(());
    };
    anyhow::ensure!(
        !meta.is_dir(),
        "{} is a folder; -o names the file to write {what} to",
        shown(out)
    );
    anyhow::ensure!(
        meta.len() == 0 || own(out) || force,
        "{} exists and is not {what} wareport wrote; name a new file with -o, or pass --force to overwrite it",
        shown(out)
    );
    Ok(())
}

/// Writes `bytes` to `out` (checked with [`file`] first), and gives the line that says so.
pub fn write(out: &Path, bytes: &[u8]) -> anyhow::Result<String> {
    fs::write(out, bytes).map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", shown(out)))?;
    Ok(wrote(out, bytes.len() as u64))
}

/// The one line on stderr that names a file written.
pub fn wrote(out: &Path, bytes: u64) -> String {
    format!(
        "wareport: wrote {} ({})",
        crate::term::escape(&out.display().to_string()),
        size(bytes)
    )
}

/// A size as people read it: `812 bytes`, `39 KB`, `2.4 MB` (decimal units, as file
/// managers show them).
pub fn size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{} KB", (bytes + 500) / 1_000),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

/// A new file's name beside `first` (the first input), for a page written without `-o`:
/// `My Account Info.zip` gives `My Account Info.html` in the same folder, a folder gives
/// the file beside it, standard input `wareport-report.html` here. Never a name that is
/// taken: `My Account Info (2).html` and so on.
pub fn beside(first: &Path, extension: &str) -> PathBuf {
    let named = |stem: &std::ffi::OsStr| stem.to_string_lossy().into_owned();
    let (folder, stem) = match absolute(first) {
        // A folder's page goes beside the folder, named after it whole (`a.b/` gives
        // `a.b.html`), in its real parent even when it was named `.`.
        Some(real) if first.is_dir() => (
            real.parent().map(Path::to_path_buf).unwrap_or_default(),
            real.file_name().map(named),
        ),
        _ if first == Path::new("-") => (PathBuf::new(), None),
        _ => (
            first.parent().map(Path::to_path_buf).unwrap_or_default(),
            first.file_stem().map(named),
        ),
    };
    let stem = stem.unwrap_or_else(|| "wareport-report".into());
    (1..)
        .map(|n| {
            let name = if n == 1 {
                format!("{stem}.{extension}")
            } else {
                format!("{stem} ({n}).{extension}")
            };
            folder.join(name)
        })
        .find(|p| fs::symlink_metadata(p).is_err())
        .expect("some name is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_read_them() {
        assert_eq!(size(812), "812 bytes");
        assert_eq!(size(39_400), "39 KB");
        assert_eq!(size(2_400_000), "2.4 MB");
    }

    #[test]
    fn a_page_beside_its_report_never_takes_a_name_in_use() {
        let dir = tempfile::tempdir().unwrap();
        let zip = dir.path().join("My Account Info.zip");
        fs::write(&zip, b"PK").unwrap();
        let first = beside(&zip, "html");
        assert_eq!(first, dir.path().join("My Account Info.html"));
        fs::write(&first, b"x").unwrap();
        assert_eq!(
            beside(&zip, "html"),
            dir.path().join("My Account Info (2).html")
        );
        let folder = dir.path().join("extracted");
        fs::create_dir(&folder).unwrap();
        let real = dir.path().canonicalize().unwrap();
        assert_eq!(beside(&folder, "html"), real.join("extracted.html"));
        assert_eq!(
            beside(Path::new("-"), "html"),
            Path::new("wareport-report.html")
        );
    }

    #[test]
    fn a_file_not_yet_written_is_placed_by_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        assert_eq!(
            absolute(&dir.path().join("a/b.html")),
            Some(real.join("a").join("b.html"))
        );
    }
}
