//! The command line's reports on the file system: a ZIP file, a ZIP on stdin, or an
//! extracted folder ([`Disk`], a [`Tree`] read in place).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::tree::{Item, ItemKind, Tree, find_report};
use super::{Archive, ArchiveError, Limits, io_error, read_capped};

/// What a path holds: a ZIP read into memory (named for messages), or a folder.
enum Input {
    Zip(String, Vec<u8>),
    Dir,
}

/// A folder on disk, read in place; symbolic links are reported, never followed.
struct Disk(PathBuf);

impl Tree for Disk {
    fn items(&self, folder: &str) -> io::Result<Vec<Item>> {
        let mut items = Vec::new();
        for entry in fs::read_dir(self.0.join(folder))? {
            let entry = entry?;
            let kind = entry.file_type()?;
            items.push(Item {
                name: entry.file_name().to_string_lossy().into_owned(),
                kind: if kind.is_dir() {
                    ItemKind::Folder
                } else if kind.is_file() {
                    ItemKind::File
                } else {
                    ItemKind::Other
                },
            });
        }
        Ok(items)
    }

    fn size(&self, file: &str) -> io::Result<u64> {
        Ok(fs::symlink_metadata(self.0.join(file))?.len())
    }

    fn read(&self, file: &str, cap: u64, out: &mut Vec<u8>) -> io::Result<bool> {
        read_capped(fs::File::open(self.0.join(file))?, cap, out)
    }
}

/// The folder of the report found in `given` (itself, or up to
/// [`super::FOLDER_SEARCH_DEPTH`] folders down), as [`Archive::open`] would read it; `None`
/// when it holds none or several.
pub fn report_folder(given: &Path) -> Option<PathBuf> {
    let rel = find_report(&Disk(given.to_path_buf()), "").ok()?;
    Some(given.join(rel))
}

impl Archive {
    /// Opens `path`: `-` reads a ZIP from stdin, a folder is read in place, anything else
    /// must be a ZIP file.
    pub fn open(path: &Path, limits: Limits) -> Result<Archive, ArchiveError> {
        match Archive::read_input(path, limits)? {
            Input::Zip(input, bytes) => Archive::from_zip_bytes(&input, bytes, limits),
            Input::Dir => Archive::from_dir(path, limits),
        }
    }

    /// Opens `path` as [`Archive::open`] does, twice from one reading (standard input can
    /// be read once): for `wareport twin`, one to parse and one to list whole.
    pub fn open_twice(path: &Path, limits: Limits) -> Result<(Archive, Archive), ArchiveError> {
        match Archive::read_input(path, limits)? {
            Input::Zip(input, bytes) => {
                let bytes: super::Bytes = bytes.into();
                Ok((
                    Archive::from_zip_bytes(&input, bytes.clone(), limits)?,
                    Archive::from_zip_bytes(&input, bytes, limits)?,
                ))
            }
            Input::Dir => Ok((
                Archive::from_dir(path, limits)?,
                Archive::from_dir(path, limits)?,
            )),
        }
    }

    /// Reads a ZIP (a file, or stdin for `-`) into memory, or says the path is a folder.
    fn read_input(path: &Path, limits: Limits) -> Result<Input, ArchiveError> {
        let stdin = path == Path::new("-");
        let input = if stdin {
            "<stdin>".to_string()
        } else {
            path.display().to_string()
        };
        let too_large = || ArchiveError::InputTooLarge {
            input: input.clone(),
            limit: limits.max_input_bytes,
        };
        let io = |e: io::Error| io_error(&input, &e);
        let bytes = if stdin {
            let mut bytes = Vec::new();
            if !read_capped(io::stdin().lock(), limits.max_input_bytes, &mut bytes).map_err(io)? {
                return Err(too_large());
            }
            bytes
        } else {
            let meta = fs::metadata(path).map_err(io)?;
            if meta.is_dir() {
                return Ok(Input::Dir);
            }
            if meta.len() > limits.max_input_bytes {
                return Err(too_large());
            }
            fs::read(path).map_err(io)?
        };
        if !bytes.is_empty() {
            Ok(Input::Zip(input, bytes))
        } else if stdin {
            Err(ArchiveError::EmptyStdin)
        } else {
            Err(ArchiveError::Empty { input })
        }
    }

    /// Lists an extracted report folder on disk ([`Archive::from_tree`]).
    pub fn from_dir(given: &Path, limits: Limits) -> Result<Archive, ArchiveError> {
        let input = given.display().to_string();
        Archive::from_tree(&input, Box::new(Disk(given.to_path_buf())), limits)
    }
}
