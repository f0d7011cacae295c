//! A report's layout as its ZIP holds it, for `wareport twin` (`crate::twin`): every entry in
//! the archive's own order (directories and the litter of unzip tools included), each with
//! its compression method, modification time, permissions and inflated bytes; and a ZIP
//! written back from such a list. Reading is capped like every other read here.

use std::io::{Cursor, Write};

use jiff::civil::DateTime;
use zip::CompressionMethod;
use zip::write::FullFileOptions;

use super::{Archive, ArchiveError, Source};

/// What an entry of the layout is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A directory entry (`files/`).
    Dir,
    /// A file of the report, or one beside it.
    File,
    /// Added by an unzip tool or operating system (`__MACOSX/`, `.DS_Store`).
    Junk,
}

/// One entry, as the archive holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawEntry {
    /// The name as the archive spells it (a directory's ends with `/`).
    pub name: String,
    pub kind: Kind,
    /// How its bytes are stored: any method the zip crate reads; only stored and deflated
    /// are written back.
    pub method: CompressionMethod,
    /// The MS-DOS time stamp: a local time without a zone.
    pub modified: Option<DateTime>,
    /// Unix permission bits (without the file type), when the archive was made on Unix.
    pub unix_mode: Option<u32>,
    /// The entry's own comment.
    pub comment: String,
    /// Inflated (empty for a directory).
    pub data: Vec<u8>,
}

impl Archive {
    /// Every entry in the archive's order, inflated: for a ZIP, as its central directory
    /// lists them; for a folder, its report's files in name order, each folder before its
    /// files (the litter of unzip tools is left out: it was never part of the folder's
    /// report). Every read counts against the caps.
    pub fn layout(&mut self) -> Result<Vec<RawEntry>, ArchiveError> {
        let Source::Zip(zip) = &mut self.source else {
            return self.tree_layout();
        };
        let input = self.input.clone();
        let mut heads = Vec::with_capacity(zip.len());
        let mut declared = Vec::with_capacity(zip.len());
        for index in 0..zip.len() {
            let file = zip
                .by_index_raw(index)
                .map_err(|e| ArchiveError::BadEntry {
                    input: input.clone(),
                    entry: format!("#{index}"),
                    reason: e.to_string(),
                })?;
            let name = match file.name() {
                Ok(name) => name.into_owned(),
                Err(_) => String::from_utf8_lossy(file.name_raw()).into_owned(),
            };
            let kind = if file.is_dir() {
                Kind::Dir
            } else if crate::spec::is_junk(&name) {
                Kind::Junk
            } else {
                Kind::File
            };
            let modified = file.last_modified().and_then(|t| {
                jiff::civil::DateTime::new(
                    t.year() as i16,
                    t.month() as i8,
                    t.day() as i8,
                    t.hour() as i8,
                    t.minute() as i8,
                    t.second().min(59) as i8,
                    0,
                )
                .ok()
            });
            declared.push(file.size());
            heads.push(RawEntry {
                name,
                kind,
                method: file.compression(),
                modified,
                unix_mode: file.unix_mode().map(|m| m & 0o7777),
                comment: file.comment().to_string(),
                data: Vec::new(),
            });
        }
        for (index, head) in heads.iter_mut().enumerate() {
            if head.kind == Kind::Dir {
                continue;
            }
            head.data = self.read_at(index, declared[index], &head.name)?;
        }
        Ok(heads)
    }

    fn tree_layout(&mut self) -> Result<Vec<RawEntry>, ArchiveError> {
        let names: Vec<String> = self.entries.keys().cloned().collect();
        let mut out: Vec<RawEntry> = Vec::new();
        let mut folders: Vec<String> = Vec::new();
        for name in names {
            // Each folder of the path, once, before its first file.
            for (slash, _) in name.match_indices('/') {
                let folder = name[..=slash].to_string();
                if !folders.contains(&folder) {
                    folders.push(folder.clone());
                    out.push(RawEntry {
                        name: folder,
                        kind: Kind::Dir,
                        method: CompressionMethod::Stored,
                        modified: None,
                        unix_mode: Some(0o755),
                        comment: String::new(),
                        data: Vec::new(),
                    });
                }
            }
            let data = self.read(&name)?;
            out.push(RawEntry {
                name,
                kind: Kind::File,
                method: CompressionMethod::Deflated,
                modified: None,
                unix_mode: Some(0o644),
                comment: String::new(),
                data,
            });
        }
        Ok(out)
    }
}

/// Why a layout cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(
        "entry `{entry}` is compressed with method {method}, which wareport can read but not write; only stored and deflated entries can be"
    )]
    Method { entry: String, method: u16 },
    #[error("entry `{entry}`: {reason}")]
    Zip { entry: String, reason: String },
}

/// A ZIP of `entries` in their order, each stored or deflated as listed, with the archive
/// comment `comment`. `fallback` is the time of an entry that has none.
pub fn write_zip(
    entries: &[RawEntry],
    comment: &str,
    fallback: DateTime,
) -> Result<Vec<u8>, WriteError> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let failed = |entry: &str, e: &dyn std::fmt::Display| WriteError::Zip {
        entry: entry.to_string(),
        reason: e.to_string(),
    };
    for e in entries {
        let method = match e.method {
            CompressionMethod::Stored | CompressionMethod::Deflated => e.method,
            // The number is for the message only; the zip crate has no other way to say it.
            #[allow(deprecated)]
            other => {
                return Err(WriteError::Method {
                    entry: e.name.clone(),
                    method: other.to_u16(),
                });
            }
        };
        let time = dos_time(e.modified.unwrap_or(fallback));
        let mut options = FullFileOptions::default()
            .compression_method(method)
            .last_modified_time(time)
            .large_file(e.data.len() as u64 >= u64::from(u32::MAX));
        if let Some(mode) = e.unix_mode {
            options = options.unix_permissions(mode & 0o7777);
        }
        if !e.comment.is_empty() {
            options = options.with_file_comment(e.comment.as_str());
        }
        match e.kind {
            Kind::Dir => w
                .add_directory(e.name.as_str(), options)
                .map_err(|x| failed(&e.name, &x))?,
            Kind::File | Kind::Junk => {
                w.start_file(e.name.as_str(), options.clone())
                    .map_err(|x| failed(&e.name, &x))?;
                w.write_all(&e.data).map_err(|x| failed(&e.name, &x))?;
            }
        }
    }
    if !comment.is_empty() {
        w.set_comment(comment).map_err(|x| failed("", &x))?;
    }
    w.finish()
        .map(Cursor::into_inner)
        .map_err(|x| failed("", &x))
}

/// A civil time as MS-DOS stores it: 1980 to 2107, in two-second steps.
fn dos_time(t: DateTime) -> zip::DateTime {
    let clamped = t.clamp(
        jiff::civil::date(1980, 1, 1).at(0, 0, 0, 0),
        jiff::civil::date(2107, 12, 31).at(23, 59, 58, 0),
    );
    zip::DateTime::from_date_and_time(
        clamped.year() as u16,
        clamped.month() as u8,
        clamped.day() as u8,
        clamped.hour() as u8,
        clamped.minute() as u8,
        clamped.second() as u8,
    )
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::Limits;

    #[test]
    fn a_layout_written_back_reads_as_the_same_layout() {
        let t = jiff::civil::date(2022, 8, 10).at(20, 11, 20, 0);
        let entries = vec![
            RawEntry {
                name: "files/".into(),
                kind: Kind::Dir,
                method: CompressionMethod::Stored,
                modified: Some(t),
                unix_mode: Some(0o755),
                comment: String::new(),
                data: Vec::new(),
            },
            RawEntry {
                name: "index.html".into(),
                kind: Kind::File,
                method: CompressionMethod::Deflated,
                modified: Some(t),
                unix_mode: Some(0o644),
                comment: "a comment".into(),
                data: b"<html></html>".to_vec(),
            },
            RawEntry {
                name: "__MACOSX/._index.html".into(),
                kind: Kind::Junk,
                method: CompressionMethod::Stored,
                modified: Some(t),
                unix_mode: Some(0o644),
                comment: String::new(),
                data: vec![0, 5, 22, 7],
            },
        ];
        let bytes = write_zip(&entries, "made here", t).unwrap();
        let mut archive = Archive::from_zip_bytes("t.zip", bytes, Limits::DEFAULT).unwrap();
        assert_eq!(archive.layout().unwrap(), entries);
    }

    #[test]
    fn a_method_that_cannot_be_written_names_the_entry() {
        let entry = RawEntry {
            name: "a.json".into(),
            kind: Kind::File,
            #[allow(deprecated)]
            method: CompressionMethod::from_u16(12),
            modified: None,
            unix_mode: None,
            comment: String::new(),
            data: Vec::new(),
        };
        let t = jiff::civil::date(2022, 1, 1).at(0, 0, 0, 0);
        let err = write_zip(&[entry], "", t).unwrap_err().to_string();
        assert!(
            err.contains("`a.json`") && err.contains("method 12"),
            "{err}"
        );
    }
}
