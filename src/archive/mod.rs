//! The only code that touches zip or a report's tree of files.
//!
//! A report arrives as a ZIP (a file, stdin, or bytes a browser read from a dropped file),
//! or as an extracted folder (on disk, or dropped on the page). [`Archive`] lists its
//! entries once, refusing anything unsafe (names escaping the root, symlinks, encrypted
//! entries, duplicate names, too many entries), and then decompresses single entries into
//! memory on demand. Nothing is ever extracted to disk. Declared sizes are checked up front
//! but never trusted: every read is capped.
//!
//! One job a file: [`zipped`] lists and reads a ZIP held in memory (with [`inflate`]'s
//! libdeflate path for small entries in the native build), [`tree`] finds a report in a
//! folder tree and lists it, whatever holds the tree, and `disk` (the command line's) opens
//! paths, stdin and folders on the file system. [`copy`] lists an archive's layout whole
//! and writes one back, for `wareport twin`.

pub mod copy;
#[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
mod inflate;
pub mod tree;
mod zipped;

#[cfg(feature = "cli")]
mod disk;

use std::collections::BTreeMap;
use std::io;
use std::sync::Arc;

#[cfg(feature = "cli")]
pub use disk::report_folder;
pub use tree::{FOLDER_SEARCH_DEPTH, Item, ItemKind, MemoryTree, Tree};

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
    #[error("{input}: not a report folder, but it holds one ZIP file: did you mean `{zip}`?")]
    ZipInFolder { input: String, zip: String },
    #[error(
        "{input}: not a report folder, but it holds {count} ZIP files ({zips}); name the report's ZIP itself"
    )]
    ZipsInFolder {
        input: String,
        count: usize,
        zips: String,
    },
    #[error("{}", tree::chat_export(input, entry))]
    ChatExport { input: String, entry: String },
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

/// An I/O error on `input`: missing, or what went wrong in words (the OS's description
/// without its code).
fn io_error(input: &str, e: &io::Error) -> ArchiveError {
    let input = input.into();
    let reason = match e.kind() {
        io::ErrorKind::NotFound => return ArchiveError::Missing { input },
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(at) => text[..at].to_lowercase(),
                None => text,
            }
        }
    };
    ArchiveError::Io { input, reason }
}

/// One file of the report, as listed before anything is decompressed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryInfo {
    /// The path inside the archive, `/`-separated, as the archive names it.
    pub name: String,
    /// The size the archive declares (not trusted for reading).
    pub declared_size: u64,
}

/// A ZIP's bytes, shared rather than copied: a browser keeps a dropped report to make its
/// page, its redacted page and its JSON from one copy.
#[derive(Clone, Debug)]
pub struct Bytes(Arc<Vec<u8>>);

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Bytes {
        Bytes(Arc::new(bytes))
    }
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

enum Source {
    Zip(Box<zip::ZipArchive<io::Cursor<Bytes>>>),
    /// A folder tree holding the report.
    Tree(Box<dyn Tree>),
}

/// An opened report: a listing plus a way to read single entries.
pub struct Archive {
    input: String,
    source: Source,
    /// Entry name → (index in the zip, unused for folders; declared size).
    entries: BTreeMap<String, (usize, u64)>,
    /// Entries unzip tools and operating systems add (`__MACOSX/`, `.DS_Store`): listed for
    /// `inspect`, never read.
    junk: Vec<EntryInfo>,
    total_read: u64,
    limits: Limits,
    /// With [`Archive::track_digests`]: the SHA-256 of every entry read so far.
    digests: Option<BTreeMap<String, [u8; 32]>>,
    /// One entry a caller read and handed back ([`Archive::put_back`]), so the next read of
    /// it does not inflate it again.
    returned: Option<(String, Vec<u8>)>,
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

/// An archive's entries by name (their index in a ZIP, and declared size), and its junk.
type Listing = (BTreeMap<String, (usize, u64)>, Vec<EntryInfo>);

impl Archive {
    /// An archive as listed, nothing read yet.
    fn listed(input: &str, (entries, junk): Listing, source: Source, limits: Limits) -> Archive {
        Archive {
            input: input.into(),
            source,
            entries,
            junk,
            total_read: 0,
            limits,
            digests: None,
            returned: None,
        }
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
        if let Some((kept, _)) = &self.returned
            && kept == name
        {
            // Counted and digested when it was first read.
            return Ok(self
                .returned
                .take()
                .map(|(_, bytes)| bytes)
                .unwrap_or_default());
        }
        let &(index, declared) = self
            .entries
            .get(name)
            .ok_or_else(|| ArchiveError::BadEntry {
                input: self.input.clone(),
                entry: name.into(),
                reason: "no such entry".into(),
            })?;
        let bytes = self.read_at(index, declared, name)?;
        if let Some(digests) = &mut self.digests
            && !digests.contains_key(name)
        {
            use sha2::{Digest, Sha256};
            digests.insert(name.to_string(), Sha256::digest(&bytes).into());
        }
        Ok(bytes)
    }

    /// Decompresses entry `index` (named `name` in messages; for a folder, read by name),
    /// whose header declares `declared` bytes, enforcing the per-entry and total caps on the
    /// bytes actually produced.
    fn read_at(
        &mut self,
        index: usize,
        declared: u64,
        name: &str,
    ) -> Result<Vec<u8>, ArchiveError> {
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
            Source::Zip(zip) => zipped::read_entry(zip, index, cap, &mut bytes).map_err(bad)?,
            Source::Tree(tree) => tree.read(name, cap, &mut bytes).map_err(bad)?,
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

    /// Hands back an entry's bytes from [`Archive::read`] so the next read of the same entry
    /// returns them instead of inflating it again: detection peeks at the largest JSON entry
    /// that the parser then reads in full. One entry is kept; a later hand-back replaces it.
    pub fn put_back(&mut self, name: &str, bytes: Vec<u8>) {
        self.returned = Some((name.to_string(), bytes));
    }

    /// Keeps a digest of every entry read from now on, for [`Archive::digest`].
    pub fn track_digests(&mut self) {
        self.digests.get_or_insert_with(BTreeMap::new);
    }

    /// The report's content key: a SHA-256 over the entries below `root` (the report's own
    /// folder, as detected), each by its name relative to `root` and its inflated bytes, in
    /// name order (junk left out, as it is from the report). A ZIP and the folder it was
    /// extracted to have the same key; so do two ZIPs of one report packed differently.
    /// Entries the parser did not read are read here (with [`Archive::track_digests`] on
    /// before parsing, each entry is inflated once).
    pub fn digest(&mut self, root: &str) -> Result<String, ArchiveError> {
        use sha2::{Digest, Sha256};
        self.track_digests();
        let names: Vec<String> = self
            .entries
            .keys()
            .filter(|n| n.starts_with(root))
            .cloned()
            .collect();
        let mut outer = Sha256::new();
        for name in names {
            if !self.digests.as_ref().is_some_and(|d| d.contains_key(&name)) {
                self.read(&name)?;
            }
            let inner = self.digests.as_ref().and_then(|d| d.get(&name)).copied();
            let rel = &name[root.len()..];
            // Length-prefixed name, then the content's own digest: no two reports give the
            // same sequence.
            outer.update((rel.len() as u64).to_le_bytes());
            outer.update(rel.as_bytes());
            outer.update(inner.unwrap_or_default());
        }
        Ok(outer
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect())
    }
}

/// Reads at most `cap` bytes into `out`; `Ok(false)` when the reader had more.
fn read_capped(reader: impl io::Read, cap: u64, out: &mut Vec<u8>) -> io::Result<bool> {
    use io::Read as _;
    let n = reader.take(cap.saturating_add(1)).read_to_end(out)?;
    Ok(n as u64 <= cap)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
