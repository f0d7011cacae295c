//! Bytes that are not text (the litter of unzip tools, a file of no known kind): the text in
//! them by shape, every other byte kept. Text is a run of four or more characters, read
//! three ways: one byte each, as UTF-8 (a Latin-1 letter beside an ASCII one counts), and as
//! UTF-16 of either byte order (as `.DS_Store` writes names). A run in UTF-16 must hold a
//! character of ASCII, so that binary data that happens to read as CJK letters stays.

use super::draw::Draw;
use super::plan::Plan;
use super::shape::{is_content, shape};

/// The shortest run of characters taken for text.
const RUN: usize = 4;

pub(super) fn litter(plan: &Plan, data: &[u8]) -> Vec<u8> {
    shaped(data, &mut plan.seed.draw("litter", data))
}

fn shaped(data: &[u8], d: &mut Draw) -> Vec<u8> {
    let mut out = data.to_vec();
    bytes(&mut out, d);
    for big_endian in [true, false] {
        utf16(&mut out, d, big_endian);
    }
    out
}

/// A character as one byte-oriented run reads it: ASCII, UTF-8, or a Latin-1 letter.
fn char_at(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    let b = *bytes.get(at)?;
    if (0x20..0x7f).contains(&b) {
        return Some((char::from(b), 1));
    }
    let width = match b {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => 0,
    };
    if let Some(c) = bytes
        .get(at..at + width)
        .and_then(|s| std::str::from_utf8(s).ok())
        .and_then(|s| s.chars().next())
        .filter(|c| is_content(*c))
    {
        return Some((c, width));
    }
    // Latin-1: À to ÿ but × and ÷, next to an ASCII letter (binary data is full of 0xff).
    let beside_letter = |i: Option<usize>| {
        i.and_then(|i| bytes.get(i))
            .is_some_and(u8::is_ascii_alphabetic)
    };
    (b >= 0xc0
        && b != 0xd7
        && b != 0xf7
        && (beside_letter(at.checked_sub(1)) || beside_letter(Some(at + 1))))
    .then_some(('\u{0}', 1))
}

/// Runs of ASCII, UTF-8 and Latin-1 letters.
fn bytes(out: &mut [u8], d: &mut Draw) {
    let mut at = 0;
    while at < out.len() {
        let mut run = Vec::new();
        let mut end = at;
        while let Some((c, width)) = char_at(out, end) {
            run.push((end, c, width));
            end += width;
        }
        if run.len() >= RUN {
            for (place, c, width) in run {
                replace_bytes(&mut out[place..place + width], c, d);
            }
        }
        at = end.max(at + 1);
    }
}

fn replace_bytes(place: &mut [u8], c: char, d: &mut Draw) {
    match place {
        [b] if b.is_ascii() => *b = shaped_char(c, d) as u8,
        // A Latin-1 letter: another in its half (upper or lower case).
        [b] => loop {
            let base = if *b < 0xe0 { 0xc0 } else { 0xe0 };
            let new = base + d.below(32) as u8;
            if new != 0xd7 && new != 0xf7 {
                *b = new;
                break;
            }
        },
        _ => {
            let new = shaped_char(c, d).to_string();
            if new.len() == place.len() {
                place.copy_from_slice(new.as_bytes());
            }
        }
    }
}

/// A character by [`shape`]: another of its kind and block, of the same UTF-8 length.
fn shaped_char(c: char, d: &mut Draw) -> char {
    shape(&c.to_string(), d).chars().next().unwrap_or(c)
}

/// Runs of UTF-16 code units that are text: ASCII, or letters and digits of the BMP.
fn utf16(out: &mut [u8], d: &mut Draw, big_endian: bool) {
    let unit = |out: &[u8], at: usize| -> Option<char> {
        let pair = [*out.get(at)?, *out.get(at + 1)?];
        let u = if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        };
        char::from_u32(u32::from(u)).filter(|c| (' '..='~').contains(c) || is_content(*c))
    };
    let mut at = 0;
    while at + 1 < out.len() {
        let mut end = at;
        let mut run = Vec::new();
        while let Some(c) = unit(out, end) {
            run.push((end, c));
            end += 2;
        }
        if run.len() >= RUN && run.iter().any(|(_, c)| c.is_ascii()) {
            for (place, c) in run {
                let new = shaped_char(c, d);
                let new = u16::try_from(u32::from(new)).unwrap_or(c as u16);
                let pair = if big_endian {
                    new.to_be_bytes()
                } else {
                    new.to_le_bytes()
                };
                out[place..place + 2].copy_from_slice(&pair);
            }
            at = end;
        } else {
            at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::draw::Seed;
    use super::*;

    #[test]
    fn text_goes_by_shape_in_every_encoding_and_binary_stays() {
        let mut data = b"\x00\x00\x00\x01Bud1\xff\xff\xff\xff\xff\x00".to_vec();
        data.extend("Иван".as_bytes());
        data.extend(b"\x00Jos\xe9\x00");
        data.extend("Ivan Петров".encode_utf16().flat_map(u16::to_be_bytes));
        data.extend("Ivan Петров".encode_utf16().flat_map(u16::to_le_bytes));
        let out = shaped(&data, &mut Seed::new(1).draw("litter", &data));
        assert_eq!(out.len(), data.len());
        // The binary bytes around the text stay, 0xff among them.
        assert_eq!(out[..4], data[..4]);
        assert_eq!(out[8..14], data[8..14]);
        let has = |needle: &[u8]| out.windows(needle.len()).any(|w| w == needle);
        assert!(!has(b"Bud1") && !has("Иван".as_bytes()) && !has(b"Jos\xe9"));
        for encoded in [
            "Петров"
                .encode_utf16()
                .flat_map(u16::to_be_bytes)
                .collect::<Vec<u8>>(),
            "Петров".encode_utf16().flat_map(u16::to_le_bytes).collect(),
        ] {
            assert!(!has(&encoded));
        }
        // Cyrillic stays Cyrillic: the UTF-8 run is still two-byte letters.
        let at = 14;
        assert!(
            std::str::from_utf8(&out[at..at + 8])
                .is_ok_and(|s| s.chars().all(|c| ('\u{400}'..='\u{4ff}').contains(&c)))
        );
    }
}
