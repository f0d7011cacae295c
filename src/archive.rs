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

impl Limits {
    /// Generous for real reports: they are typically well under 1 MB, and a report with a few
    /// hundred thousand contacts stays under 20 MB even with its HTML twins. The command
    /// line's defaults are these (a test in `cli` holds them equal).
    pub const DEFAULT: Limits = Limits {
        max_entries: 10_000,
        max_entry_bytes: 64 * MIB,
        max_total_bytes: 256 * MIB,
        max_input_bytes: 512 * MIB,
    };
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}

const MIB: u64 = 1024 * 1024;

/// What the archive layer refuses. Every variant names the input and, where there is one,
/// the entry.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{input}: cannot be read: {reason}")]
    Io { input: String, reason: String },
    #[error("{input}: no such file or folder; check the path")]
    Missing { input: String },
    #[error("{input}: the file is empty (0 bytes); was the download or the copy interrupted?")]
    Empty { input: String },
    #[error("<stdin>: nothing came on standard input; pipe the report's ZIP in, or give its path")]
    EmptyStdin,
    #[error("{input}: not a ZIP archive: {reason}")]
    NotZip { input: String, reason: String },
    #[error(
        "{input}: not a WhatsApp report folder: looked for `access.html` and `portability.json`, or the folders `whatsapp_account_information/`, `whatsapp_connections/` and `whatsapp_settings/`, in it and up to {depth} folders down (symbolic links not followed); found {found}"
    )]
    NotAReportFolder {
        input: String,
        depth: usize,
        found: String,
    },
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
    #[error(
        "{input}: holds more than one report, in `{first}` and `{second}`; point wareport at one of them"
    )]
    SeveralReports {
        input: String,
        first: String,
        second: String,
    },
    #[error("{input}: entry `{entry}` cannot be read: {reason}")]
    BadEntry {
        input: String,
        entry: String,
        reason: String,
    },
}

/// An I/O error in words: the OS's description without its code.
fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::NotFound => "no such file or folder".into(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(at) => text[..at].to_lowercase(),
                None => text,
            }
        }
    }
}

fn io_error(input: &str, e: &io::Error) -> ArchiveError {
    if e.kind() == io::ErrorKind::NotFound {
        ArchiveError::Missing {
            input: input.into(),
        }
    } else {
        ArchiveError::Io {
            input: input.into(),
            reason: io_reason(e),
        }
    }
}

/// Why bytes are not a ZIP archive, in words a person can act on.
fn not_zip_reason(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(512)];
    let text = std::str::from_utf8(head).is_ok_and(|t| {
        t.chars()
            .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
    });
    if bytes.starts_with(b"PK") {
        "it starts like one but its directory is missing or damaged: a truncated download? Download the report again".into()
    } else if text && head.trim_ascii_start().starts_with(b"<") {
        "it is an HTML or XML page, not the ZIP WhatsApp delivers".into()
    } else if text {
        "it is a text file, not the ZIP WhatsApp delivers".into()
    } else {
        "no ZIP directory found: a truncated download, or a different kind of file?".into()
    }
}

/// How deep below a given folder the report may sit.
pub const FOLDER_SEARCH_DEPTH: usize = 3;

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
            let input = "<stdin>";
            let mut bytes = Vec::new();
            let fits = read_capped(io::stdin().lock(), limits.max_input_bytes, &mut bytes)
                .map_err(|e| io_error(input, &e))?;
            if !fits {
                return Err(ArchiveError::InputTooLarge {
                    input: input.into(),
                    limit: limits.max_input_bytes,
                });
            }
            if bytes.is_empty() {
                return Err(ArchiveError::EmptyStdin);
            }
            return Ok(Input::Zip(input.into(), bytes));
        }
        let input = path.display().to_string();
        let meta = fs::metadata(path).map_err(|e| io_error(&input, &e))?;
        if meta.is_dir() {
            return Ok(Input::Dir);
        }
        if meta.len() > limits.max_input_bytes {
            return Err(ArchiveError::InputTooLarge {
                input,
                limit: limits.max_input_bytes,
            });
        }
        let bytes = fs::read(path).map_err(|e| io_error(&input, &e))?;
        if bytes.is_empty() {
            return Err(ArchiveError::Empty { input });
        }
        Ok(Input::Zip(input, bytes))
    }

    /// Lists a ZIP held in memory. `input` names it in messages.
    pub fn from_zip_bytes(
        input: &str,
        bytes: Vec<u8>,
        limits: Limits,
    ) -> Result<Archive, ArchiveError> {
        let damaged = |e: zip::result::ZipError| ArchiveError::NotZip {
            input: input.to_string(),
            reason: format!("the ZIP is damaged ({e}); download the report again"),
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
        let reason = not_zip_reason(&bytes);
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| ArchiveError::NotZip {
            input: input.to_string(),
            reason,
        })?;
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
            let entry = zip.by_index_data(index).map_err(damaged)?;
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

    /// Lists an extracted report folder without reading any file yet. The report may sit in
    /// the folder or up to [`FOLDER_SEARCH_DEPTH`] folders down; it is found without
    /// descending into any other tree or following symbolic links, and only its own folder is
    /// listed (a folder that holds no report is an error saying what was looked for).
    pub fn from_dir(given: &Path, limits: Limits) -> Result<Archive, ArchiveError> {
        let input = given.display().to_string();
        let root = find_report_folder(given, &input)?;
        let mut entries = BTreeMap::new();
        let mut junk = Vec::new();
        let mut seen = 0usize;
        let mut stack = vec![(given.join(&root), root.clone())];
        while let Some((dir, prefix)) = stack.pop() {
            let io_err = |e: io::Error| io_error(&dir.display().to_string(), &e);
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
                    // No depth limit inside the report's folder: symlinks are refused, so
                    // the walk cannot loop, and the entry cap bounds it.
                    stack.push((item.path(), format!("{name}/")));
                    continue;
                }
                let size = item.metadata().map_err(io_err)?.len();
                entries.insert(name, (0, size));
            }
        }
        Ok(Archive {
            input,
            source: Source::Dir(given.to_path_buf()),
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
            Source::Zip(zip) => read_zip_entry(zip, index, cap, &mut bytes).map_err(bad)?,
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

/// Whether a folder's entries mark a report: a section folder of gens B–C, or gen A's files.
fn marks_report(dir: &Path) -> io::Result<bool> {
    for item in fs::read_dir(dir)? {
        let item = item?;
        let name = item.file_name();
        let name = name.to_string_lossy();
        let kind = item.file_type()?;
        // Real folders and files only: a symbolic link marks nothing.
        if (kind.is_dir() || kind.is_file())
            && crate::detect::marks_report_root(&name, kind.is_dir())
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The folder of the report found in `given` (itself, or up to [`FOLDER_SEARCH_DEPTH`]
/// folders down), as [`Archive::open`] would read it; `None` when it holds none or several.
pub fn report_folder(given: &Path) -> Option<PathBuf> {
    let rel = find_report_folder(given, "").ok()?;
    Some(given.join(rel))
}

/// The report's folder below `given` (`""` for `given` itself, else a `/`-terminated
/// relative path), breadth first, at most [`FOLDER_SEARCH_DEPTH`] down, never following a
/// symbolic link or entering a hidden or junk folder.
fn find_report_folder(given: &Path, input: &str) -> Result<String, ArchiveError> {
    let io_err = |e: io::Error| io_error(input, &e);
    let mut level = vec![String::new()];
    let (mut files, mut folders, mut shown) = (0usize, 0usize, Vec::new());
    for depth in 0..=FOLDER_SEARCH_DEPTH {
        let mut found: Vec<String> = Vec::new();
        let mut next = Vec::new();
        for rel in &level {
            let dir = given.join(rel);
            if marks_report(&dir).map_err(io_err)? {
                found.push(rel.clone());
                continue;
            }
            if depth == FOLDER_SEARCH_DEPTH {
                continue;
            }
            let Ok(items) = fs::read_dir(&dir) else {
                continue;
            };
            for item in items.flatten() {
                let name = item.file_name().to_string_lossy().into_owned();
                let Ok(kind) = item.file_type() else { continue };
                if depth == 0 {
                    if kind.is_dir() {
                        folders += 1;
                    } else {
                        files += 1;
                    }
                    if shown.len() < 6 {
                        shown.push(if kind.is_dir() {
                            format!("{name}/")
                        } else {
                            name.clone()
                        });
                    }
                }
                if kind.is_dir() && !name.starts_with('.') && !is_ignored(&name) {
                    next.push(format!("{rel}{name}/"));
                }
            }
        }
        match found.as_slice() {
            [] => {}
            [one] => return Ok(one.clone()),
            [first, second, ..] => {
                return Err(ArchiveError::SeveralReports {
                    input: input.into(),
                    first: first.clone(),
                    second: second.clone(),
                });
            }
        }
        next.sort();
        level = next;
    }
    shown.sort();
    let found = if files + folders == 0 {
        "nothing (the folder is empty)".to_string()
    } else {
        let more = (files + folders).saturating_sub(shown.len());
        format!(
            "{files} files and {folders} folders ({}{})",
            shown.join(", "),
            if more > 0 {
                format!(", and {more} more")
            } else {
                String::new()
            }
        )
    };
    Err(ArchiveError::NotAReportFolder {
        input: input.into(),
        depth: FOLDER_SEARCH_DEPTH,
        found,
    })
}

/// The largest entry [`read_zip_entry`] inflates itself.
const SMALL_ENTRY: u64 = MIB;

thread_local! {
    /// [`read_zip_entry`]'s decompressor, and its buffer for an entry's compressed bytes.
    static INFLATER: std::cell::RefCell<(libdeflater::Decompressor, Vec<u8>)> =
        std::cell::RefCell::new((libdeflater::Decompressor::new(), Vec::new()));
}

/// Reads entry `index` of a ZIP held in memory, at most `cap` bytes, into `out`; `Ok(false)`
/// when it has more.
///
/// A small deflated entry (most entries of a real report) is inflated whole, by this
/// thread's one libdeflate decompressor, into `out` grown to the entry's declared size
/// (or `cap`) and never further: an entry that would inflate past it is refused there,
/// before any more of it is inflated. A report's entries are a few KB, where building
/// the Huffman tables is much of the work and libdeflate does it in about half the time
/// of a streaming inflater (a batch reads 0.92x the CPU). The checks are the zip crate's
/// own: no more bytes than the entry declares, and its CRC. Larger entries, and other
/// methods, go through the zip crate, which says which methods it does not support.
fn read_zip_entry(
    zip: &mut ZipArchive<Cursor<Vec<u8>>>,
    index: usize,
    cap: u64,
    out: &mut Vec<u8>,
) -> io::Result<bool> {
    use libdeflater::DecompressionError;
    use zip::CompressionMethod;

    let zip_error = |e: zip::result::ZipError| io::Error::new(io::ErrorKind::InvalidData, e);
    let mut file = zip.by_index_raw(index).map_err(zip_error)?;
    // A large entry's inflater costs little beside inflating it, and through this path
    // the peak of a report with 3 MB entries was 10 MiB higher (why is not yet known).
    // Deflate makes 1 MiB at most a few bytes larger: an entry that says it takes more
    // than twice that to hold a small entry is left to the zip crate's streaming reader,
    // so this thread's buffer of compressed bytes never holds more than 2 MiB.
    if file.compression() != CompressionMethod::Deflated
        || file.size() > SMALL_ENTRY
        || file.compressed_size() > 2 * SMALL_ENTRY
    {
        drop(file);
        let file = zip.by_index(index).map_err(zip_error)?;
        return read_capped(file, cap, out);
    }
    let (declared, crc) = (file.size(), file.crc32());
    // At most SMALL_ENTRY.
    let limit = declared.min(cap) as usize;
    let start = out.len();
    let inflated = INFLATER.with_borrow_mut(|(inflater, compressed)| {
        compressed.clear();
        file.read_to_end(compressed)?;
        out.resize(start + limit, 0);
        io::Result::Ok(inflater.deflate_decompress(compressed, &mut out[start..]))
    })?;
    match inflated {
        Ok(len) => out.truncate(start + len),
        // More than `limit` bytes.
        Err(DecompressionError::InsufficientSpace) if declared <= cap => {
            // The zip crate's words for it.
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "File is larger than its declared uncompressed size",
            ));
        }
        Err(DecompressionError::InsufficientSpace) => return Ok(false),
        Err(DecompressionError::BadData) => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "the compressed data is damaged or ends before the entry does",
            ));
        }
    }
    if crc32fast::hash(&out[start..]) != crc {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "Invalid checksum",
        ));
    }
    Ok(true)
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

    /// Where the deflated data of the one entry of `zip_of` starts, and how long it is.
    fn data_of_only_entry(bytes: &[u8]) -> (usize, usize) {
        let name_len = u16::from_le_bytes([bytes[26], bytes[27]]) as usize;
        let extra_len = u16::from_le_bytes([bytes[28], bytes[29]]) as usize;
        let size = u32::from_le_bytes(bytes[18..22].try_into().unwrap()) as usize;
        (30 + name_len + extra_len, size)
    }

    #[test]
    fn deflated_entries_read_back_exactly_one_after_another() {
        // Entries of several sizes one after another: all but `big.html` through this
        // thread's one decompressor (small ones, one near the 1 MiB bound, an empty one),
        // `big.html` through the zip crate's.
        let big: Vec<u8> = (0..3_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let files: [(&str, &[u8]); 5] = [
            ("a.json", b"{\"a\": 1}"),
            ("under_a_mib.html", &big[..1_000_000]),
            ("big.html", &big),
            ("empty.json", b""),
            ("b.json", b"[1, 2, 3]"),
        ];
        let bytes = zip_of(&files);
        assert_eq!(bytes[8..10], [8, 0], "the first entry is deflated");
        let mut archive = Archive::from_zip_bytes("t.zip", bytes, Limits::default()).unwrap();
        for (name, data) in files {
            let read = archive.read(name).unwrap();
            assert_eq!(read, data, "{name}");
            // Inflated into the buffer made its declared size, never outgrowing it.
            assert_eq!(read.capacity(), data.len(), "{name}");
        }
    }

    #[test]
    fn a_wrong_checksum_is_an_error_naming_the_entry() {
        let mut bytes = zip_of(&[("a.json", b"{\"contacts\": []}")]);
        // The CRC of the local header (at 14) and of the central directory's (16 past it).
        let central = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
        for at in [14, central + 16] {
            bytes[at] ^= 0xff;
        }
        let mut archive = Archive::from_zip_bytes("t.zip", bytes, Limits::default()).unwrap();
        let err = archive.read("a.json").unwrap_err().to_string();
        assert!(
            err.contains("`a.json`") && err.contains("Invalid checksum"),
            "{err}"
        );
    }

    #[test]
    fn a_small_entry_claiming_a_large_compressed_size_is_read_by_the_zip_crate() {
        // A small entry, then 3 MiB of another (stored, so it stays 3 MiB); the small
        // one's compressed size in the central directory (20 past its signature) then
        // claims those 3 MiB too.
        let text = b"{\"contacts\": [\"+15555550123\"]}";
        let filler = vec![b'x'; 3 << 20];
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let deflated = SimpleFileOptions::default();
        zip.start_file("a.json", deflated).unwrap();
        zip.write_all(text).unwrap();
        let stored = deflated.compression_method(zip::CompressionMethod::Stored);
        zip.start_file("filler", stored).unwrap();
        zip.write_all(&filler).unwrap();
        let mut bytes = zip.finish().unwrap().into_inner();
        let central = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
        bytes[central + 20..central + 24].copy_from_slice(&(3u32 << 20).to_le_bytes());
        let mut archive = Archive::from_zip_bytes("t.zip", bytes, Limits::default()).unwrap();
        match archive.read("a.json") {
            Ok(read) => assert_eq!(read, text),
            Err(e) => assert!(e.to_string().contains("`a.json`"), "{e}"),
        }
        // This thread's buffer of compressed bytes never took those 3 MiB.
        let held = INFLATER.with_borrow(|(_, compressed)| compressed.capacity());
        assert!(held <= 2 << 20, "{held}");
    }

    #[test]
    fn damaged_deflate_data_is_an_error_not_a_panic_or_a_hang() {
        let text: Vec<u8> = (0..20_000u32)
            .flat_map(|i| i.to_string().into_bytes())
            .collect();
        let clean = zip_of(&[("a.json", &text)]);
        let (data, size) = data_of_only_entry(&clean);
        for at in (data..data + size).step_by(97) {
            let mut bytes = clean.clone();
            bytes[at] ^= 0x5a;
            let mut archive = Archive::from_zip_bytes("t.zip", bytes, Limits::default()).unwrap();
            // Either the inflater or the checksum notices; the text never comes back altered.
            match archive.read("a.json") {
                Ok(read) => assert_eq!(read, text, "byte {at}"),
                Err(e) => assert!(e.to_string().contains("`a.json`"), "{e}"),
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn any_bytes_deflated_read_back_the_same(
            data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..5_000),
            repeat in 1usize..40,
        ) {
            // Repeated, so that some inputs compress well and some not at all.
            let data: Vec<u8> = data.iter().copied().cycle().take(data.len() * repeat).collect();
            let bytes = zip_of(&[("a", &data), ("b", &data[..data.len() / 2])]);
            let mut archive = Archive::from_zip_bytes("t.zip", bytes, Limits::default()).unwrap();
            proptest::prop_assert_eq!(archive.read("a").unwrap(), data.clone());
            proptest::prop_assert_eq!(archive.read("b").unwrap(), data[..data.len() / 2].to_vec());
        }
    }
}
