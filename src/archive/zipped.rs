//! A ZIP held in memory: listing it, refusing what is unsafe, and reading one entry, capped.

use std::collections::BTreeMap;
use std::io::{self, Cursor};

use zip::ZipArchive;

use super::{
    Archive, ArchiveError, Bytes, EntryInfo, Limits, Listing, Source, is_safe_name, read_capped,
};

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

impl Archive {
    /// Lists a ZIP held in memory. `input` names it in messages.
    pub fn from_zip_bytes(
        input: &str,
        bytes: impl Into<Bytes>,
        limits: Limits,
    ) -> Result<Archive, ArchiveError> {
        let bytes: Bytes = bytes.into();
        let too_many = || ArchiveError::TooManyEntries {
            input: input.into(),
            limit: limits.max_entries,
        };
        if bytes.as_ref().len() as u64 > limits.max_input_bytes {
            return Err(ArchiveError::InputTooLarge {
                input: input.into(),
                limit: limits.max_input_bytes,
            });
        }
        // Refuse an archive with too many entries before parsing all their headers.
        if declared_entries(bytes.as_ref()).is_some_and(|n| n > limits.max_entries) {
            return Err(too_many());
        }
        let reason = not_zip_reason(bytes.as_ref());
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| ArchiveError::NotZip {
            input: input.to_string(),
            reason,
        })?;
        if zip.len() > limits.max_entries {
            return Err(too_many());
        }
        if zip.has_duplicate_names() {
            return Err(ArchiveError::DuplicateName {
                input: input.into(),
                entry: first_duplicate(&zip).unwrap_or_default(),
            });
        }
        let listing = list(&zip, input)?;
        Ok(Archive::listed(
            input,
            listing,
            Source::Zip(Box::new(zip)),
            limits,
        ))
    }
}

/// A ZIP's entries by name (with their index and size) and its junk, refusing any entry
/// that is unsafe, a link, encrypted or named twice.
fn list(zip: &ZipArchive<Cursor<Bytes>>, input: &str) -> Result<Listing, ArchiveError> {
    let mut entries = BTreeMap::new();
    let mut junk = Vec::new();
    for index in 0..zip.len() {
        let entry = zip.by_index_data(index).map_err(|e| ArchiveError::NotZip {
            input: input.to_string(),
            reason: format!("the ZIP is damaged ({e}); download the report again"),
        })?;
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
        if crate::spec::is_junk(&name) {
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
    Ok((entries, junk))
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

/// Reads entry `index`, at most `cap` bytes, into `out`; `Ok(false)` when it has more. A
/// small deflated entry goes to [`super::inflate`] where the build has it; the rest through
/// the zip crate's streaming reader, which checks the declared size and the CRC and says
/// which methods it does not support.
pub(super) fn read_entry(
    zip: &mut ZipArchive<Cursor<Bytes>>,
    index: usize,
    cap: u64,
    out: &mut Vec<u8>,
) -> io::Result<bool> {
    let zip_error = |e: zip::result::ZipError| io::Error::new(io::ErrorKind::InvalidData, e);
    #[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
    if let Some(read) = super::inflate::whole(zip, index, cap, out) {
        return read;
    }
    let file = zip.by_index(index).map_err(zip_error)?;
    read_capped(file, cap, out)
}

fn first_duplicate(zip: &ZipArchive<Cursor<Bytes>>) -> Option<String> {
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
    fn an_entry_handed_back_is_not_read_or_counted_again() {
        // 80 + 80 > the 150-byte total cap: a second inflation of `a` would be refused.
        let bytes = zip_of(&[("a", &[b'x'; 80]), ("b", &[b'y'; 60])]);
        let mut archive = Archive::from_zip_bytes("t.zip", bytes, small_limits()).unwrap();
        archive.track_digests();
        let first = archive.read("a").unwrap();
        archive.put_back("a", first.clone());
        assert_eq!(archive.read("a").unwrap(), first);
        assert_eq!(archive.read("b").unwrap(), vec![b'y'; 60]);
        // Handed back once, taken once: a third read inflates (and is counted) again.
        assert!(matches!(
            archive.read("a").unwrap_err(),
            ArchiveError::TotalTooLarge { .. }
        ));
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
            #[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
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
        #[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
        {
            let held = super::super::inflate::INFLATER
                .with_borrow(|(_, compressed)| compressed.capacity());
            assert!(held <= 2 << 20, "{held}");
        }
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
