//! A report extracted into a folder: finding it in a tree of folders, and listing it.
//!
//! The tree is whatever holds it: the file system on the command line, or the listing of a
//! folder dropped on the browser's page ([`MemoryTree`]). Both go through the same search,
//! so both say the same thing about a folder that holds no report.

use std::collections::BTreeMap;
use std::io;

use super::{Archive, ArchiveError, Bytes, EntryInfo, Limits, Source, io_error, read_capped};

/// How deep below a given folder the report may sit.
pub const FOLDER_SEARCH_DEPTH: usize = 3;

/// What a folder holds, one item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub name: String,
    pub kind: ItemKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    File,
    Folder,
    /// A symbolic link (never followed) or anything else that is neither.
    Other,
}

/// A tree of folders and files, named by `/`-separated paths relative to its top: a folder
/// is `""` (the top) or ends with `/`.
pub trait Tree: Send {
    /// The items of a folder.
    fn items(&self, folder: &str) -> io::Result<Vec<Item>>;
    /// A file's size, for the listing.
    fn size(&self, file: &str) -> io::Result<u64>;
    /// Reads at most `cap` bytes of a file into `out`; `Ok(false)` when it has more.
    fn read(&self, file: &str, cap: u64, out: &mut Vec<u8>) -> io::Result<bool>;
}

impl Archive {
    /// Lists the report in a folder tree without reading any file yet; entries are named by
    /// their paths from the tree's top. The report may sit
    /// at the top or up to [`FOLDER_SEARCH_DEPTH`] folders down; it is found without
    /// descending into any other tree or following symbolic links, and only its own folder
    /// is listed (a tree that holds no report is an error saying what was looked for, and
    /// what was found instead). `input` names the tree in messages.
    pub fn from_tree(
        input: &str,
        tree: Box<dyn Tree>,
        limits: Limits,
    ) -> Result<Archive, ArchiveError> {
        let root = find_report(tree.as_ref(), input)?;
        let mut entries = BTreeMap::new();
        let mut junk = Vec::new();
        let mut seen = 0usize;
        let mut stack = vec![root];
        while let Some(folder) = stack.pop() {
            let io_err = |e: io::Error| io_error(&format!("{input}/{folder}"), &e);
            for item in tree.items(&folder).map_err(io_err)? {
                seen += 1;
                if seen > limits.max_entries {
                    return Err(ArchiveError::TooManyEntries {
                        input: input.into(),
                        limit: limits.max_entries,
                    });
                }
                let name = format!("{folder}{}", item.name);
                if crate::spec::is_junk(&name) {
                    // Not descended into: a `__MACOSX` folder is listed as one entry.
                    let declared_size = match item.kind {
                        ItemKind::File => tree.size(&name).unwrap_or(0),
                        _ => 0,
                    };
                    junk.push(EntryInfo {
                        name,
                        declared_size,
                    });
                    continue;
                }
                match item.kind {
                    ItemKind::Other => {
                        return Err(ArchiveError::Symlink {
                            input: input.into(),
                            entry: name,
                        });
                    }
                    // No depth limit inside the report's folder: links are never followed,
                    // so the walk cannot loop, and the entry cap bounds it.
                    ItemKind::Folder => stack.push(format!("{name}/")),
                    ItemKind::File => {
                        let size = tree.size(&name).map_err(io_err)?;
                        entries.insert(name, (0, size));
                    }
                }
            }
        }
        Ok(Archive::listed(
            input,
            (entries, junk),
            Source::Tree(tree),
            limits,
        ))
    }
}

/// Whether a folder's items mark a report: a section folder of gens B–C, or gen A's files.
fn marks_report(items: &[Item]) -> bool {
    items.iter().any(|item| match item.kind {
        ItemKind::Folder => crate::spec::marks_report_root(&item.name, true),
        ItemKind::File => crate::spec::marks_report_root(&item.name, false),
        // A symbolic link marks nothing.
        ItemKind::Other => false,
    })
}

/// What to say of a chat export given for the report (a ZIP or a folder holding `entry`).
pub fn chat_export(input: &str, entry: &str) -> String {
    format!(
        "{input}: this is a WhatsApp chat export (`{entry}`), not the account report; request the report in WhatsApp under Settings → Account → Request account info, and read the ZIP it sends"
    )
}

/// Whether a name is WhatsApp's for a chat export: `WhatsApp Chat with Alex.zip`, its
/// folder, or the `_chat.txt` inside.
pub fn is_chat_export(name: &str) -> bool {
    name == "_chat.txt"
        || name.starts_with("WhatsApp Chat with ")
        || name.starts_with("WhatsApp Chat - ")
}

/// What a search saw on its way: what the top holds, and the ZIPs and chat exports below.
#[derive(Default)]
struct Seen {
    files: usize,
    folders: usize,
    /// The first few items of the top, folders with their `/`.
    shown: Vec<String>,
    zips: Vec<String>,
    chat: Option<String>,
}

impl Seen {
    /// Notes one item of folder `rel`, `depth` folders down.
    fn item(&mut self, rel: &str, depth: usize, item: &Item) {
        let name = &item.name;
        if depth == 0 {
            if item.kind == ItemKind::Folder {
                self.folders += 1;
            } else {
                self.files += 1;
            }
            if self.shown.len() < 6 {
                self.shown.push(match item.kind {
                    ItemKind::Folder => format!("{name}/"),
                    _ => name.clone(),
                });
            }
        }
        if self.chat.is_none() && is_chat_export(name) {
            self.chat = Some(format!("{rel}{name}"));
        }
        let zip = item.kind == ItemKind::File
            && name.to_ascii_lowercase().ends_with(".zip")
            && !name.starts_with('.');
        if zip && !is_chat_export(name) {
            self.zips.push(format!("{rel}{name}"));
        }
    }

    /// The error for a tree without a report: the report's ZIP (named, to try), a chat
    /// export, or the first few items.
    fn error(mut self, input: &str) -> ArchiveError {
        self.zips.sort();
        match self.zips.as_slice() {
            [one] => {
                return ArchiveError::ZipInFolder {
                    input: input.into(),
                    zip: format!("{}/{one}", input.trim_end_matches('/')),
                };
            }
            [_, _, ..] => {
                let named: Vec<String> =
                    self.zips.iter().take(4).map(|z| format!("`{z}`")).collect();
                return ArchiveError::ZipsInFolder {
                    input: input.into(),
                    count: self.zips.len(),
                    zips: named.join(", ") + &more(" and", self.zips.len() - named.len()),
                };
            }
            [] => {}
        }
        if let Some(chat) = self.chat {
            return ArchiveError::ChatExport {
                input: input.into(),
                entry: chat,
            };
        }
        self.shown.sort();
        let found = if self.files + self.folders == 0 {
            "nothing (the folder is empty)".to_string()
        } else {
            format!(
                "{} and {} ({}{})",
                crate::text::count(self.files, "file", "files"),
                crate::text::count(self.folders, "folder", "folders"),
                self.shown.join(", "),
                more(", and", self.files + self.folders - self.shown.len())
            )
        };
        ArchiveError::NotAReportFolder {
            input: input.into(),
            depth: FOLDER_SEARCH_DEPTH,
            found,
        }
    }
}

/// ` and 2 more` after a list that names not all it could; nothing when it names all.
fn more(and: &str, n: usize) -> String {
    if n > 0 {
        format!("{and} {n} more")
    } else {
        String::new()
    }
}

/// The report's folder in `tree` (`""` for the top, else `/`-terminated), breadth first, at
/// most [`FOLDER_SEARCH_DEPTH`] down, never following a symbolic link or entering a hidden
/// or junk folder. Without one, the error says what the tree holds instead ([`Seen::error`]).
pub fn find_report(tree: &dyn Tree, input: &str) -> Result<String, ArchiveError> {
    let mut level = vec![String::new()];
    let mut seen = Seen::default();
    for depth in 0..=FOLDER_SEARCH_DEPTH {
        let mut found: Vec<String> = Vec::new();
        let mut next = Vec::new();
        for rel in &level {
            let items = match tree.items(rel) {
                Ok(items) => items,
                // The top must be readable; a folder further down that is not is passed over.
                Err(e) if rel.is_empty() => return Err(io_error(input, &e)),
                Err(_) => continue,
            };
            if marks_report(&items) {
                found.push(rel.clone());
                continue;
            }
            for item in &items {
                seen.item(rel, depth, item);
                let name = &item.name;
                if depth < FOLDER_SEARCH_DEPTH
                    && item.kind == ItemKind::Folder
                    && !name.starts_with('.')
                    && !crate::spec::is_junk(name)
                {
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
    Err(seen.error(input))
}

/// A folder tree held in memory: the listing of a folder dropped on the browser's page,
/// with the bytes of the files read so far (the report's own, once [`find_report`] has
/// found where it is).
#[derive(Clone, Debug, Default)]
pub struct MemoryTree {
    /// Every file by path, with its size and what is known of its content.
    files: BTreeMap<String, (u64, Content)>,
}

#[derive(Clone, Debug)]
enum Content {
    /// Listed, not read.
    Unread,
    Read(Bytes),
    /// Too large to be read at all.
    TooLarge,
}

impl MemoryTree {
    /// A file of the listing, not read (yet).
    pub fn list(&mut self, path: &str, size: u64) {
        self.files.insert(path.to_string(), (size, Content::Unread));
    }

    /// A file's bytes.
    pub fn fill(&mut self, path: &str, bytes: Bytes) {
        let size = bytes.as_ref().len() as u64;
        self.files
            .insert(path.to_string(), (size, Content::Read(bytes)));
    }

    /// A file too large for the page to read: reading it is refused as too large.
    pub fn refuse(&mut self, path: &str, size: u64) {
        self.files
            .insert(path.to_string(), (size, Content::TooLarge));
    }
}

impl Tree for MemoryTree {
    fn items(&self, folder: &str) -> io::Result<Vec<Item>> {
        let mut items: Vec<Item> = Vec::new();
        for path in self.files.range(folder.to_string()..).map(|(p, _)| p) {
            let Some(rest) = path.strip_prefix(folder) else {
                break;
            };
            let item = match rest.split_once('/') {
                Some((name, _)) => Item {
                    name: name.to_string(),
                    kind: ItemKind::Folder,
                },
                None => Item {
                    name: rest.to_string(),
                    kind: ItemKind::File,
                },
            };
            if !item.name.is_empty() && items.last() != Some(&item) {
                items.push(item);
            }
        }
        if items.is_empty() && !folder.is_empty() {
            return Err(io::Error::from(io::ErrorKind::NotFound));
        }
        Ok(items)
    }

    fn size(&self, file: &str) -> io::Result<u64> {
        self.files
            .get(file)
            .map(|(size, _)| *size)
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
    }

    fn read(&self, file: &str, cap: u64, out: &mut Vec<u8>) -> io::Result<bool> {
        match self.files.get(file) {
            Some((_, Content::Read(bytes))) => read_capped(bytes.as_ref(), cap, out),
            Some((_, Content::TooLarge)) => Ok(false),
            Some((_, Content::Unread)) => Err(io::Error::other("the page did not read this file")),
            None => Err(io::Error::from(io::ErrorKind::NotFound)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(paths: &[&str]) -> MemoryTree {
        let mut t = MemoryTree::default();
        for p in paths {
            t.fill(p, Bytes::from(p.as_bytes().to_vec()));
        }
        t
    }

    #[test]
    fn a_report_is_found_below_the_folder_dropped() {
        let t = tree(&[
            "Downloads/notes.txt",
            "Downloads/My Account Info/index.html",
            "Downloads/My Account Info/whatsapp_connections/contacts.json",
        ]);
        assert_eq!(
            find_report(&t, "dropped").unwrap(),
            "Downloads/My Account Info/"
        );
        let archive = Archive::from_tree("dropped", Box::new(t), Limits::DEFAULT).unwrap();
        let names: Vec<String> = archive.entries().into_iter().map(|e| e.name).collect();
        assert_eq!(
            names,
            [
                "Downloads/My Account Info/index.html",
                "Downloads/My Account Info/whatsapp_connections/contacts.json"
            ]
        );
    }

    #[test]
    fn a_folder_holding_the_report_zip_offers_it() {
        let t = tree(&["Downloads/My Account Info.zip", "Downloads/photo.jpg"]);
        let err = find_report(&t, "home").unwrap_err().to_string();
        assert!(
            err.contains("did you mean `home/Downloads/My Account Info.zip`"),
            "{err}"
        );
        let t = tree(&["a.zip", "b.zip"]);
        let err = find_report(&t, "home").unwrap_err().to_string();
        assert!(err.contains("2 ZIP files (`a.zip`, `b.zip`)"), "{err}");
    }

    #[test]
    fn a_chat_export_is_named_as_one() {
        let t = tree(&["WhatsApp Chat with Alex/_chat.txt"]);
        let err = find_report(&t, "chat").unwrap_err().to_string();
        assert!(err.contains("chat export"), "{err}");
        assert!(err.contains("Request account info"), "{err}");
    }

    #[test]
    fn a_folder_of_unrelated_files_says_what_it_holds() {
        let t = tree(&["a.txt", "pictures/b.jpg"]);
        let err = find_report(&t, "stuff").unwrap_err().to_string();
        assert!(
            err.contains("found 1 file and 1 folder (a.txt, pictures/)"),
            "{err}"
        );
    }
}
