//! Where text for people may break, and how wide it is on a terminal: the measure that
//! tables and wrapped prose share.
//!
//! A line breaks only at a space, and never inside a value a person reads as one. A word
//! (an IP address with its port, a phone number, a pseudonym like `tel:abcdefghij`, a file
//! name, a version) has no space in it; a time (`2022-08-11 03:11:20 UTC`) and a size
//! (`2.9 KiB`) have, so their spaces are kept here as if they were letters. Only a word wider
//! than the whole line is cut, because nothing else can show it.

use textwrap::WordSeparator;
use textwrap::core::Word;
use unicode_width::UnicodeWidthStr;

/// Columns `text` takes on a terminal: wide characters two, colour sequences (`ESC [ … m`)
/// none. For text without colour it is the measure comfy-table draws with, so a table's
/// lines are as wide as the layout says.
pub fn width(text: &str) -> usize {
    if !text.contains('\u{1b}') {
        return text.width();
    }
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // A CSI sequence ends at its first byte in `@`..=`~`.
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain.width()
}

/// Whether `word` starts with the shape of `pattern` ([`shape`]).
fn starts_like(word: &str, pattern: &[u8]) -> bool {
    word.as_bytes()
        .get(..pattern.len())
        .is_some_and(|b| shape(b, pattern))
}

/// Whether `word` ends with the shape of `pattern` ([`shape`]).
fn ends_like(word: &str, pattern: &[u8]) -> bool {
    let b = word.as_bytes();
    b.len() >= pattern.len() && shape(&b[b.len() - pattern.len()..], pattern)
}

/// A time zone as a time shows it (`UTC`, `CEST`, `+07`, `-0330`), maybe with punctuation
/// after it.
fn starts_with_zone(word: &str) -> bool {
    let head: &str = word
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '-'))
        .next()
        .unwrap_or("");
    let letters = (1..=6).contains(&head.len()) && head.bytes().all(|b| b.is_ascii_uppercase());
    let offset = head.len() >= 3
        && head.starts_with(['+', '-'])
        && head[1..].bytes().all(|b| b.is_ascii_digit());
    letters || offset
}

/// `812`, `2.9`, perhaps after an opening bracket.
fn is_number(word: &str) -> bool {
    let word = word.trim_start_matches(['(', '[']);
    let mut parts = word.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && parts.next().is_none_or(digits)
}

/// A unit of [`crate::format::size`], maybe with punctuation after it.
fn starts_with_unit(word: &str) -> bool {
    ["B", "KiB", "MiB", "GiB"].iter().any(|unit| {
        word.strip_prefix(unit)
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
    })
}

/// Whether `bytes` has the shape of `pattern`, where `0` stands for any digit.
fn shape(bytes: &[u8], pattern: &[u8]) -> bool {
    bytes.len() == pattern.len()
        && bytes.iter().zip(pattern).all(|(b, p)| match p {
            b'0' => b.is_ascii_digit(),
            p => b == p,
        })
}

/// Whether the space between `before` and `after` is part of one value.
fn glued(before: &str, after: &str) -> bool {
    (ends_like(before, b"0000-00-00") && starts_like(after, b"00:00:00"))
        || (ends_like(before, b"00:00:00") && starts_with_zone(after))
        || (is_number(before) && starts_with_unit(after))
}

/// The words of one line, each with the spaces after it; a time or a size is one word.
/// A [`WordSeparator`] for textwrap.
pub fn find_words(line: &str) -> Box<dyn Iterator<Item = Word<'_>> + '_> {
    // Words as ASCII spaces separate them: (start, end of the word, end of its spaces).
    let mut pieces: Vec<(usize, usize, usize)> = Vec::new();
    let mut start = 0;
    let bytes = line.as_bytes();
    while start < bytes.len() || pieces.is_empty() {
        let word_end = line[start..].find(' ').map_or(line.len(), |i| start + i);
        let end = line[word_end..]
            .find(|c| c != ' ')
            .map_or(line.len(), |i| word_end + i);
        pieces.push((start, word_end, end));
        if end == start {
            break;
        }
        start = end;
    }
    let mut words: Vec<(usize, usize, usize)> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        if let Some(last) = words.last_mut() {
            // The piece the current word ends with.
            let before_start = line[..last.1].rfind(' ').map_or(last.0, |i| i + 1);
            let before = &line[before_start.max(last.0)..last.1];
            let single_space = last.2 - last.1 == 1;
            if single_space && glued(before, &line[piece.0..piece.1]) {
                last.1 = piece.1;
                last.2 = piece.2;
                continue;
            }
        }
        words.push(piece);
    }
    Box::new(words.into_iter().map(move |(start, word_end, end)| {
        let word = &line[start..word_end];
        Word {
            word,
            whitespace: &line[word_end..end],
            penalty: "",
            width: width(word),
        }
    }))
}

/// The widest word of `text` (of any of its lines): the narrowest it can be wrapped to
/// without cutting a value.
pub fn widest_word(text: &str) -> usize {
    text.split('\n')
        .flat_map(find_words)
        .map(|w| w.width)
        .max()
        .unwrap_or(0)
}

/// The widest line of `text`.
pub fn widest_line(text: &str) -> usize {
    text.split('\n').map(width).max().unwrap_or(0)
}

/// `text` wrapped to `columns`, its first line after `first`, the others after `rest`; a line
/// break in `text` is kept. A word too wide to follow `rest` starts its line (and every
/// other line goes without `rest` too), so a word is cut only when it is wider than a whole
/// line. The lines are joined.
pub fn fill(text: &str, columns: usize, first: &str, rest: &str) -> String {
    let rest = if widest_word(text) + width(rest) > columns {
        ""
    } else {
        rest
    };
    let options = textwrap::Options::new(columns)
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_separator(WordSeparator::Custom(find_words))
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(true);
    textwrap::fill(text, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<&str> {
        find_words(line).map(|w| w.word).collect()
    }

    #[test]
    fn a_time_and_a_size_are_one_word() {
        assert_eq!(
            words("set 2021-12-19 13:20:00 UTC, 2.9 KiB (812 B) at 10:00:00 CEST."),
            [
                "set",
                "2021-12-19 13:20:00 UTC,",
                "2.9 KiB",
                "(812 B)",
                "at",
                "10:00:00 CEST."
            ]
        );
        assert_eq!(
            words("2022-07-09 20:53:20 UTC → 2022-08-05 11:46:40 +07"),
            ["2022-07-09 20:53:20 UTC", "→", "2022-08-05 11:46:40 +07"]
        );
    }

    #[test]
    fn other_spaces_are_break_points() {
        assert_eq!(words("my contacts  except…"), ["my", "contacts", "except…"]);
        assert_eq!(
            words("2022-08-11 is a date"),
            ["2022-08-11", "is", "a", "date"]
        );
        assert_eq!(words("2 linked devices"), ["2", "linked", "devices"]);
        assert_eq!(words(""), [""]);
    }

    #[test]
    fn a_value_is_never_cut_when_it_fits_a_line() {
        let text =
            "~ devices.0.settings_last_fetch_at: 2022-07-09 20:53:20 UTC → 2022-08-05 11:46:40 UTC";
        let lines = fill(text, 62, "  ", "      ");
        assert_eq!(
            lines,
            [
                "  ~ devices.0.settings_last_fetch_at: 2022-07-09 20:53:20 UTC",
                "      → 2022-08-05 11:46:40 UTC"
            ]
            .join("\n")
        );
        assert_eq!(
            fill("172.21.88.14:51337 and more", 10, "", ""),
            ["172.21.88.", "14:51337", "and more"].join("\n"),
            "only a word wider than the line is cut"
        );
    }

    #[test]
    fn colour_takes_no_columns() {
        assert_eq!(width("\u{1b}[33meveryone\u{1b}[0m"), 8);
        assert_eq!(width("Family🙂"), 8);
    }
}
