//! The only code that touches zip or the file system's report tree.
//!
//! A report arrives as a ZIP file, a ZIP on stdin, or an extracted folder. [`Archive`] lists
//! its entries once, refusing anything unsafe (names escaping the root, symlinks, encrypted
//! entries, duplicate names, too many entries), and then decompresses single entries into
//! memory on demand. Nothing is ever extracted to disk. Declared sizes are checked up front
//! but never trusted: every read is capped with `take(cap + 1)`.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Cursor, Read};
use std::path::{Path, PathBuf};

use zip::ZipArchive;

/// Caps on what one report may make the tool read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Entries in the archive (or files in the folder), counting ignored ones.
    pub max_entries: usize,
    /// Decompressed bytes of one entry.
    pub max_entry_bytes: u64,
    /// Decompressed bytes of all entries read during one run.
    pub max_total_bytes: u64,
    /// Bytes of the ZIP file itself (or of stdin).
    pub max_input_bytes: u64,
}

impl Default for Limits {
    /// Generous for real reports: they are typically well under 1 MB, and a report with a few
    /// hundred thousand contacts stays under 20 MB even with its HTML twins.
    fn default() -> Limits {
        Limits {
            max_entries: 10_000,
            max_entry_bytes: 64 * MIB,
            max_total_bytes: 256 * MIB,
            max_input_bytes: 512 * MIB,
        }
    }
}

const MIB: u64 = 1024 * 1024;

/// What the archive layer refuses. Every variant names the input and, where there is one,
/// the entry.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{input}: cannot read: {source}")]
    Io {
        input: String,
        #[source]
        source: io::Error,
    },
    #[error("{input}: not a ZIP archive or a report folder ({reason})")]
    NotZip { input: String, reason: String },
    #[error(
        "{input}: has more than {limit} entries; a WhatsApp report has about twenty (raise the cap with --max-entries if this is genuine)"
    )]
    TooManyEntries { input: String, limit: usize },
    #[error(
        "{input}: entry `{entry}` has an unsafe name (absolute, or climbing out with `..`); refusing the archive"
    )]
    UnsafeName { input: String, entry: String },
    #[error("{input}: entry `{entry}` is a symbolic link; reports never hold links, refusing it")]
    Symlink { input: String, entry: String },
    #[error(
        "{input}: entry `{entry}` is encrypted; WhatsApp reports are never encrypted, so this is not one as delivered"
    )]
    Encrypted { input: String, entry: String },
    #[error("{input}: entry `{entry}` appears more than once; refusing the ambiguous archive")]
    DuplicateName { input: String, entry: String },
    #[error(
        "{input}: entry `{entry}` is larger than the {limit}-byte limit for one entry (raise it with --max-entry-size if the report is genuine)"
    )]
    EntryTooLarge {
        input: String,
        entry: String,
        limit: u64,
    },
    #[error(
        "{input}: entry `{entry}` takes the total read past the {limit}-byte limit (raise it with --max-total-size if the report is genuine)"
    )]
    TotalTooLarge {
        input: String,
        entry: String,
        limit: u64,
    },
    #[error(
        "{input}: the input is larger than the {limit}-byte limit (raise it with --max-input-size if the report is genuine)"
    )]
    InputTooLarge { input: String, limit: u64 },
    #[error("{input}: entry `{entry}` cannot be read: {reason}")]
    BadEntry {
        input: String,
        entry: String,
        reason: String,
    },
}

/// One file of the report, as listed before anything is decompressed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryInfo {
    /// The path inside the archive, `/`-separated, as the archive names it.
    pub name: String,
    /// The size the archive declares (not trusted for reading).
    pub declared_size: u64,
}

/// What a path holds: a ZIP read into memory (named for messages), or a folder.
enum Input {
    Zip(String, Vec<u8>),
    Dir,
}

enum Source {
    Zip(Box<ZipArchive<Cursor<Vec<u8>>>>),
    Dir(PathBuf),
}

/// An opened report: a listing plus a way to read single entries.
pub struct Archive {
    input: String,
    source: Source,
    /// Entry name → index in the zip (unused for folders).
    entries: BTreeMap<String, (usize, u64)>,
    /// Entries unzip tools and operating systems add (`__MACOSX/`, `.DS_Store`): listed for
    /// `inspect`, never read.
    junk: Vec<EntryInfo>,
    total_read: u64,
    limits: Limits,
}

impl std::fmt::Debug for Archive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Archive")
            .field("input", &self.input)
            .field("entries", &self.entries.len())
            .finish()
    }
}

/// A relative, `/`-separated path that stays inside the archive: no leading `/`, no `..`
/// component, no drive letter, no backslash, no NUL. Checked here as well as by zip's
/// `enclosed_name`, so the rule does not depend on one crate version's notion of safety.
fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains(['\\', '\0'])
        && !name.split('/').any(|part| part == "..")
        && !name
            .split('/')
            .next()
            .is_some_and(|first| first.len() == 2 && first.ends_with(':'))
}

/// Entries that unzip tools and operating systems add and that never belong to a report.
fn is_ignored(name: &str) -> bool {
    crate::spec::is_junk(name)
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

    /// [`Archive::open`], with a SHA-256 digest of what was opened, for telling reports
    /// apart by content (`export` keys its rows with it): of the ZIP's bytes, or, for a
    /// folder, of every entry's name and bytes in name order (junk left out, as it is from
    /// the report). Hashing a folder reads each file once more, streamed, and counts it
    /// against the input cap.
    pub fn open_hashed(path: &Path, limits: Limits) -> Result<(Archive, [u8; 32]), ArchiveError> {
        use sha2::{Digest, Sha256};
        match Archive::read_input(path, limits)? {
            Input::Zip(input, bytes) => {
                let digest: [u8; 32] = Sha256::digest(&bytes).into();
                Ok((Archive::from_zip_bytes(&input, bytes, limits)?, digest))
            }
            Input::Dir => {
                let archive = Archive::from_dir(path, limits)?;
                let mut outer = Sha256::new();
                let mut buf = vec![0u8; 64 * 1024];
                let mut total = 0u64;
                for name in archive.entries.keys() {
                    let bad = |e: io::Error| ArchiveError::BadEntry {
                        input: archive.input.clone(),
                        entry: name.clone(),
                        reason: e.to_string(),
                    };
                    let mut file = fs::File::open(path.join(name)).map_err(bad)?;
                    let mut inner = Sha256::new();
                    loop {
                        let n = file.read(&mut buf).map_err(bad)?;
                        if n == 0 {
                            break;
                        }
                        total += n as u64;
                        if total > limits.max_input_bytes {
                            return Err(ArchiveError::InputTooLarge {
                                input: archive.input.clone(),
                                limit: limits.max_input_bytes,
                            });
                        }
                        inner.update(&buf[..n]);
                    }
                    // Length-prefixed name, then the content's own digest: no two folders
                    // give the same sequence.
                    outer.update((name.len() as u64).to_le_bytes());
                    outer.update(name.as_bytes());
                    outer.update(inner.finalize());
                }
                let digest: [u8; 32] = outer.finalize().into();
                Ok((archive, digest))
            }
        }
    }

    /// Reads a ZIP (a file, or stdin for `-`) into memory, or says the path is a folder.
    fn read_input(path: &Path, limits: Limits) -> Result<Input, ArchiveError> {
        if path == Path::new("-") {
            let mut bytes = Vec::new();
            read_capped(io::stdin().lock(), limits.max_input_bytes, &mut bytes)
                .map_err(|source| ArchiveError::Io {
                    input: "<stdin>".into(),
                    source,
                })?
                .then_some(())
                .ok_or(ArchiveError::InputTooLarge {
                    input: "<stdin>".into(),
                    limit: limits.max_input_bytes,
                })?;
            return Ok(Input::Zip("<stdin>".into(), bytes));
        }
        let input = path.display().to_string();
        let meta = fs::metadata(path).map_err(|source| ArchiveError::Io {
            input: input.clone(),
            source,
        })?;
        if meta.is_dir() {
            return Ok(Input::Dir);
        }
        if meta.len() > limits.max_input_bytes {
            return Err(ArchiveError::InputTooLarge {
                input,
                limit: limits.max_input_bytes,
            });
        }
        let bytes = fs::read(path).map_err(|source| ArchiveError::Io {
            input: input.clone(),
            source,
        })?;
        Ok(Input::Zip(input, bytes))
    }

    /// Lists a ZIP held in memory. `input` names it in messages.
    pub fn from_zip_bytes(
        input: &str,
        bytes: Vec<u8>,
        limits: Limits,
    ) -> Result<Archive, ArchiveError> {
        let not_zip = |reason: String| ArchiveError::NotZip {
            input: input.to_string(),
            reason,
        };
        if bytes.len() as u64 > limits.max_input_bytes {
            return Err(ArchiveError::InputTooLarge {
                input: input.into(),
                limit: limits.max_input_bytes,
            });
        }
        // Refuse an archive with too many entries before parsing all their headers.
        if declared_entries(&bytes).is_some_and(|n| n > limits.max_entries) {
            return Err(ArchiveError::TooManyEntries {
                input: input.into(),
                limit: limits.max_entries,
            });
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| not_zip(e.to_string()))?;
        if zip.len() > limits.max_entries {
            return Err(ArchiveError::TooManyEntries {
                input: input.into(),
                limit: limits.max_entries,
            });
        }
        if zip.has_duplicate_names() {
            return Err(ArchiveError::DuplicateName {
                input: input.into(),
                entry: first_duplicate(&zip).unwrap_or_default(),
            });
        }
        let mut entries = BTreeMap::new();
        let mut junk = Vec::new();
        for index in 0..zip.len() {
            let entry = zip
                .by_index_data(index)
                .map_err(|e| not_zip(e.to_string()))?;
            let raw_name = String::from_utf8_lossy(entry.name_raw()).into_owned();
            let name = entry
                .name()
                .map_err(|e| ArchiveError::BadEntry {
                    input: input.into(),
                    entry: raw_name.clone(),
                    reason: e.to_string(),
                })?
                .into_owned();
            if entry.enclosed_name().is_none() || !is_safe_name(&name) {
                return Err(ArchiveError::UnsafeName {
                    input: input.into(),
                    entry: raw_name,
                });
            }
            if entry.is_symlink() {
                return Err(ArchiveError::Symlink {
                    input: input.into(),
                    entry: name,
                });
            }
            if entry.is_dir() {
                continue;
            }
            if is_ignored(&name) {
                junk.push(EntryInfo {
                    name,
                    declared_size: entry.size(),
                });
                continue;
            }
            if entry.encrypted() {
                return Err(ArchiveError::Encrypted {
                    input: input.into(),
                    entry: name,
                });
            }
            let name = name.trim_start_matches("./").to_string();
            let size = entry.size();
            if entries.insert(name.clone(), (index, size)).is_some() {
                return Err(ArchiveError::DuplicateName {
                    input: input.into(),
                    entry: name,
                });
            }
        }
        Ok(Archive {
            input: input.into(),
            source: Source::Zip(Box::new(zip)),
            entries,
            junk,
            total_read: 0,
            limits,
        })
    }

    /// Lists an extracted report folder, recursively, without reading any file yet.
    pub fn from_dir(root: &Path, limits: Limits) -> Result<Archive, ArchiveError> {
        let input = root.display().to_string();
        let mut entries = BTreeMap::new();
        let mut junk = Vec::new();
        let mut seen = 0usize;
        let mut stack = vec![(root.to_path_buf(), String::new())];
        while let Some((dir, prefix)) = stack.pop() {
            let io_err = |source| ArchiveError::Io {
                input: dir.display().to_string(),
                source,
            };
            for item in fs::read_dir(&dir).map_err(io_err)? {
                let item = item.map_err(io_err)?;
                seen += 1;
                if seen > limits.max_entries {
                    return Err(ArchiveError::TooManyEntries {
                        input,
                        limit: limits.max_entries,
                    });
                }
                let file_name = item.file_name().to_string_lossy().into_owned();
                let name = format!("{prefix}{file_name}");
                if is_ignored(&name) {
                    // Not descended into: a `__MACOSX` folder is listed as one entry.
                    let size = item.metadata().map(|m| m.len()).unwrap_or(0);
                    junk.push(EntryInfo {
                        name,
                        declared_size: size,
                    });
                    continue;
                }
                let kind = item.file_type().map_err(io_err)?;
                if kind.is_symlink() {
                    return Err(ArchiveError::Symlink { input, entry: name });
                }
                if kind.is_dir() {
                    // No depth limit: symlinks are refused, so the walk cannot loop, and
                    // the entry cap bounds it.
                    stack.push((item.path(), format!("{name}/")));
                    continue;
                }
                let size = item.metadata().map_err(io_err)?.len();
                entries.insert(name, (0, size));
            }
        }
        Ok(Archive {
            input,
            source: Source::Dir(root.to_path_buf()),
            entries,
            junk,
            total_read: 0,
            limits,
        })
    }

    /// How the input is named in messages.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// Every entry, sorted by name.
    pub fn entries(&self) -> Vec<EntryInfo> {
        self.entries
            .iter()
            .map(|(name, &(_, declared_size))| EntryInfo {
                name: name.clone(),
                declared_size,
            })
            .collect()
    }

    /// The entries unzip tools and operating systems add, never read.
    pub fn junk(&self) -> &[EntryInfo] {
        &self.junk
    }

    /// The declared size of an entry.
    pub fn size_of(&self, name: &str) -> Option<u64> {
        self.entries.get(name).map(|&(_, size)| size)
    }

    /// Whether the archive holds an entry of exactly this name.
    pub fn contains(&self, name: &str) -> bool {
        self.entries.contains_key(name)
    }

    /// Decompresses one entry into memory, enforcing the per-entry and total caps on the
    /// bytes actually produced.
    pub fn read(&mut self, name: &str) -> Result<Vec<u8>, ArchiveError> {
        let &(index, declared) = self
            .entries
            .get(name)
            .ok_or_else(|| ArchiveError::BadEntry {
                input: self.input.clone(),
                entry: name.into(),
                reason: "no such entry".into(),
            })?;
        let cap = self.limits.max_entry_bytes;
        let too_large = || ArchiveError::EntryTooLarge {
            input: self.input.clone(),
            entry: name.into(),
            limit: cap,
        };
        if declared > cap {
            return Err(too_large());
        }
        let bad = |e: io::Error| ArchiveError::BadEntry {
            input: self.input.clone(),
            entry: name.into(),
            reason: e.to_string(),
        };
        // The declared size only guides the first allocation, and not far: it may lie.
        let mut bytes = Vec::with_capacity(declared.min(cap).min(8 * MIB) as usize);
        let fits = match &mut self.source {
            Source::Zip(zip) => {
                let file = zip.by_index(index).map_err(|e| ArchiveError::BadEntry {
                    input: self.input.clone(),
                    entry: name.into(),
                    reason: e.to_string(),
                })?;
                read_capped(file, cap, &mut bytes).map_err(bad)?
            }
            Source::Dir(root) => {
                let file = fs::File::open(root.join(name)).map_err(bad)?;
                read_capped(file, cap, &mut bytes).map_err(bad)?
            }
        };
        if !fits {
            return Err(too_large());
        }
        self.total_read += bytes.len() as u64;
        if self.total_read > self.limits.max_total_bytes {
            return Err(ArchiveError::TotalTooLarge {
                input: self.input.clone(),
                entry: name.into(),
                limit: self.limits.max_total_bytes,
            });
        }
        Ok(bytes)
    }
}

/// The entry count an archive's end-of-central-directory record declares, if it has one and
/// does not defer to zip64.
fn declared_entries(bytes: &[u8]) -> Option<usize> {
    const EOCD: &[u8] = b"PK\x05\x06";
    // The record is 22 bytes plus a comment of at most 65,535.
    let tail = &bytes[bytes.len().saturating_sub(22 + 65_535)..];
    let at = tail.windows(4).rposition(|w| w == EOCD)?;
    let field = tail.get(at + 10..at + 12)?;
    let n = u16::from_le_bytes([field[0], field[1]]);
    (n != u16::MAX).then_some(usize::from(n))
}

/// Reads at most `cap` bytes into `out`; `Ok(false)` when the reader had more.
fn read_capped(reader: impl Read, cap: u64, out: &mut Vec<u8>) -> io::Result<bool> {
    let n = reader.take(cap.saturating_add(1)).read_to_end(out)?;
    Ok(n as u64 <= cap)
}

fn first_duplicate(zip: &ZipArchive<Cursor<Vec<u8>>>) -> Option<String> {
    let mut seen = std::collections::HashSet::new();
    zip.file_names_raw()
        .find(|name| !seen.insert(name.to_vec()))
        .map(|name| String::from_utf8_lossy(name).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in files {
            w.start_file(*name, SimpleFileOptions::default()).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn small_limits() -> Limits {
        Limits {
            max_entries: 4,
            max_entry_bytes: 100,
            max_total_bytes: 150,
            max_input_bytes: 10_000,
        }
    }

    #[test]
    fn entry_over_the_size_cap_is_refused_by_bytes_read() {
        let bytes = zip_of(&[("a.json", &[b'x'; 101])]);
        let mut archive = Archive::from_zip_bytes("t.zip", bytes, small_limits()).unwrap();
        let err = archive.read("a.json").unwrap_err();
        assert!(matches!(err, ArchiveError::EntryTooLarge { .. }), "{err}");
        assert!(err.to_string().contains("`a.json`"));
    }

    #[test]
    fn entry_exactly_at_the_cap_is_read() {
        let bytes = zip_of(&[("a.json", &[b'x'; 100])]);
        let mut archive = Archive::from_zip_bytes("t.zip", bytes, small_limits()).unwrap();
        assert_eq!(archive.read("a.json").unwrap().len(), 100);
    }

    #[test]
    fn total_cap_counts_every_read() {
        let bytes = zip_of(&[("a", &[b'x'; 80]), ("b", &[b'y'; 80])]);
        let mut archive = Archive::from_zip_bytes("t.zip", bytes, small_limits()).unwrap();
        archive.read("a").unwrap();
        let err = archive.read("b").unwrap_err();
        assert!(matches!(err, ArchiveError::TotalTooLarge { .. }), "{err}");
    }

    #[test]
    fn too_many_entries_is_refused() {
        let files: Vec<(String, &[u8])> = (0..5).map(|i| (format!("f{i}"), &b""[..])).collect();
        let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, d)| (n.as_str(), *d)).collect();
        let err = Archive::from_zip_bytes("t.zip", zip_of(&refs), small_limits()).unwrap_err();
        assert!(matches!(err, ArchiveError::TooManyEntries { .. }), "{err}");
    }

    #[test]
    fn the_entry_count_is_read_from_the_end_record() {
        let files: Vec<(String, &[u8])> = (0..3).map(|i| (format!("f{i}"), &b""[..])).collect();
        let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, d)| (n.as_str(), *d)).collect();
        assert_eq!(declared_entries(&zip_of(&refs)), Some(3));
        assert_eq!(declared_entries(b"not a zip"), None);
        assert_eq!(declared_entries(b"PK\x05\x06"), None, "truncated record");
    }

    #[test]
    fn macos_litter_and_directories_are_ignored() {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        w.add_directory("d/", SimpleFileOptions::default()).unwrap();
        for name in ["d/a", "__MACOSX/d/._a", "d/.DS_Store"] {
            w.start_file(name, SimpleFileOptions::default()).unwrap();
        }
        let bytes = w.finish().unwrap().into_inner();
        let archive = Archive::from_zip_bytes("t.zip", bytes, Limits::default()).unwrap();
        let names: Vec<_> = archive.entries().into_iter().map(|e| e.name).collect();
        assert_eq!(names, ["d/a"]);
        let junk: Vec<_> = archive.junk().iter().map(|e| e.name.as_str()).collect();
        assert_eq!(junk, ["__MACOSX/d/._a", "d/.DS_Store"]);
    }

    #[test]
    fn unsafe_names() {
        for bad in ["/etc/passwd", "a/../../b", "..", "C:/x", "a\\b", "a\0b", ""] {
            assert!(!is_safe_name(bad), "{bad:?}");
        }
        for good in [
            "a",
            "whatsapp_connections/contacts.json",
            "My Account Info/index.html",
            "a..b/c",
        ] {
            assert!(is_safe_name(good), "{good:?}");
        }
    }

    #[test]
    fn garbage_is_not_a_zip() {
        let err =
            Archive::from_zip_bytes("t.zip", b"hello".to_vec(), Limits::default()).unwrap_err();
        assert!(matches!(err, ArchiveError::NotZip { .. }), "{err}");
        assert!(err.to_string().starts_with("t.zip: not a ZIP archive"));
    }
}
