//! The native build's inflater for a report's small entries: libdeflate (a small C library),
//! one decompressor per thread. The browser's build has no C code, and no such module: it
//! leaves every entry to the zip crate's reader.

use std::io::{self, Cursor, Read};

use zip::ZipArchive;

use super::{Bytes, MIB};

/// The largest entry [`whole`] inflates itself.
const SMALL_ENTRY: u64 = MIB;

thread_local! {
    /// [`whole`]'s decompressor, and its buffer for an entry's compressed bytes.
    pub(crate) static INFLATER: std::cell::RefCell<(libdeflater::Decompressor, Vec<u8>)> =
        std::cell::RefCell::new((libdeflater::Decompressor::new(), Vec::new()));
}

/// Reads entry `index`, at most `cap` bytes, into `out` when it is a small deflated entry
/// (most entries of a real report); `None` leaves it to the zip crate.
///
/// The entry is inflated whole, by this thread's one libdeflate decompressor, into `out`
/// grown to the entry's declared size (or `cap`) and never further: an entry that would
/// inflate past it is refused there, before any more of it is inflated. A report's
/// entries are a few KB, where building the Huffman tables is much of the work and
/// libdeflate does it in about half the time of a streaming inflater. The checks are the
/// zip crate's own: no more bytes than the entry declares, and its CRC.
pub(crate) fn whole(
    zip: &mut ZipArchive<Cursor<Bytes>>,
    index: usize,
    cap: u64,
    out: &mut Vec<u8>,
) -> Option<io::Result<bool>> {
    use libdeflater::DecompressionError;
    use zip::CompressionMethod;

    let zip_error = |e: zip::result::ZipError| io::Error::new(io::ErrorKind::InvalidData, e);
    let mut file = match zip.by_index_raw(index) {
        Ok(file) => file,
        Err(e) => return Some(Err(zip_error(e))),
    };
    // A large entry's inflater costs little beside inflating it, and through this path
    // the peak of a report with 3 MB entries was 10 MiB higher (why is not yet known).
    // Deflate makes 1 MiB at most a few bytes larger: an entry that says it takes more
    // than twice that to hold a small entry is left to the zip crate's streaming reader,
    // so this thread's buffer of compressed bytes never holds more than 2 MiB.
    if file.compression() != CompressionMethod::Deflated
        || file.size() > SMALL_ENTRY
        || file.compressed_size() > 2 * SMALL_ENTRY
    {
        return None;
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
    });
    let inflated = match inflated {
        Ok(inflated) => inflated,
        Err(e) => return Some(Err(e)),
    };
    let invalid = |what: &str| Some(Err(io::Error::new(io::ErrorKind::InvalidData, what)));
    match inflated {
        Ok(len) => out.truncate(start + len),
        // More than `limit` bytes: the zip crate's words for it.
        Err(DecompressionError::InsufficientSpace) if declared <= cap => {
            return invalid("File is larger than its declared uncompressed size");
        }
        Err(DecompressionError::InsufficientSpace) => return Some(Ok(false)),
        Err(DecompressionError::BadData) => {
            return invalid("the compressed data is damaged or ends before the entry does");
        }
    }
    if crc32fast::hash(&out[start..]) != crc {
        return invalid("Invalid checksum");
    }
    Some(Ok(true))
}
