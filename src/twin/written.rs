//! Text as a report writes it. A text node or attribute of HTML (entities decoded), or a
//! JSON string (escapes decoded, and gen B's Latin-1 mojibake repaired), is decoded with the
//! place in the file each character came from and how it was written there. A twin's edits
//! are made on the decoded text; everything they do not touch is copied from the file byte
//! for byte, and what they write is written as the original wrote it: a character the
//! original had, as the original wrote it (`&#064;` for `@`, `\u00c3\u00bc` for `ü`); a
//! character HTML must escape, as the text wrote it elsewhere or by its name; any other, as
//! the original wrote characters of its kind (ASCII letters and digits, other ASCII, the
//! rest).

use std::ops::Range;

/// How one character was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum How {
    Raw,
    /// An HTML entity by name (`&amp;`).
    Named(&'static str),
    /// An HTML character reference, decimal (`&#064;`) or hex (`&#x40;`), with its digits'
    /// count (zero-padded as the original).
    Decimal(usize),
    Hex(usize, bool),
    /// A JSON `\uXXXX` escape (a surrogate pair for a character beyond the BMP), in upper
    /// case hex or not.
    Unicode(bool),
    /// A JSON short escape (`\n`, `\"`, `\/`).
    Short,
    /// Gen B's mojibake: each UTF-8 byte a `\u00XX` escape.
    Mojibake(bool),
}

/// The syntax a text is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// HTML text, or an attribute value in these quotes.
    Html(Option<char>),
    /// A JSON string; `mojibake`: the generation writes non-ASCII as mojibake.
    Json { mojibake: bool },
}

/// One change to a decoded text: its bytes `range` replaced by `with`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Edit {
    pub range: Range<usize>,
    pub with: String,
}

/// `text` with `edits` made in their order, nothing escaped; an edit that starts inside one
/// made before it is left out.
pub(crate) fn splice(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        if e.range.start < at {
            continue;
        }
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.with);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A text decoded, each character with where it came from.
#[derive(Debug, Default)]
pub(crate) struct Decoded {
    pub text: String,
    /// Per character: its byte offset in `text`, its bytes in the source, how written.
    chars: Vec<(usize, Range<usize>, How)>,
}

/// The names a character HTML must escape is written by, when the text did not write it.
const NAMED: [(&str, char); 5] = [
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
];

impl Decoded {
    fn push(&mut self, c: char, src: Range<usize>, how: How) {
        self.chars.push((self.text.len(), src, how));
        self.text.push(c);
    }

    /// HTML text or an attribute's value: character references decoded.
    pub fn html(raw: &str) -> Decoded {
        let mut out = Decoded::default();
        let mut at = 0;
        while let Some(c) = raw[at..].chars().next() {
            let (c, len, how) = if c == '&'
                && let Some(reference) = reference(&raw[at..])
            {
                reference
            } else {
                (c, c.len_utf8(), How::Raw)
            };
            out.push(c, at..at + len, how);
            at += len;
        }
        out
    }

    /// A JSON string's content (between its quotes); `None` when it is not valid JSON.
    /// With `mojibake`, a string whose characters are all Latin-1 and whose bytes then are
    /// UTF-8 is read as that UTF-8 (the parser's repair, FORMAT.md 6.1).
    pub fn json(raw: &str, mojibake: bool) -> Option<Decoded> {
        let mut out = Decoded::default();
        let bytes = raw.as_bytes();
        let mut at = 0;
        let hex = |from: usize| -> Option<(u32, bool)> {
            let digits = raw.get(from..from + 4)?;
            let upper = digits.chars().any(|c| c.is_ascii_uppercase());
            Some((u32::from_str_radix(digits, 16).ok()?, upper))
        };
        while at < raw.len() {
            let (c, len, how) = if bytes[at] != b'\\' {
                let c = raw[at..].chars().next()?;
                (c, c.len_utf8(), How::Raw)
            } else if *bytes.get(at + 1)? != b'u' {
                let c = match bytes[at + 1] {
                    b'"' => '"',
                    b'\\' => '\\',
                    b'/' => '/',
                    b'b' => '\u{8}',
                    b'f' => '\u{c}',
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    _ => return None,
                };
                (c, 2, How::Short)
            } else {
                let (unit, upper) = hex(at + 2)?;
                if (0xd800..0xdc00).contains(&unit)
                    && raw.get(at + 6..at + 8) == Some("\\u")
                    && let Some((low, _)) = hex(at + 8)
                    && (0xdc00..0xe000).contains(&low)
                {
                    let c = char::from_u32(0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00))?;
                    (c, 12, How::Unicode(upper))
                } else {
                    // A lone surrogate is valid JSON but no character: the text is left alone.
                    (char::from_u32(unit)?, 6, How::Unicode(upper))
                }
            };
            out.push(c, at..at + len, how);
            at += len;
        }
        if mojibake {
            out.repair();
        }
        Some(out)
    }

    /// Groups mojibake: when every character is Latin-1 and their bytes are UTF-8.
    fn repair(&mut self) {
        // The parser's own rule, so that the twin repairs exactly what the parser read.
        let std::borrow::Cow::Owned(fixed) = crate::parse::normalize::repair_mojibake(&self.text)
        else {
            return;
        };
        let old = std::mem::take(&mut self.chars);
        self.text = String::with_capacity(fixed.len());
        let mut i = 0;
        for c in fixed.chars() {
            let n = c.len_utf8();
            let group = &old[i..i + n];
            let src = group[0].1.start..group[n - 1].1.end;
            let how = match (n, group[0].2) {
                (1, how) => how,
                (_, How::Unicode(upper)) => How::Mojibake(upper),
                (_, _) => How::Mojibake(false),
            };
            self.push(c, src, how);
            i += n;
        }
    }

    /// The source written again with `edits` (sorted, not overlapping) made.
    pub fn rewrite(&self, raw: &str, edits: &[Edit], syntax: Syntax) -> String {
        let mut out = String::with_capacity(raw.len() + 16);
        let mut src_at = 0;
        for edit in edits {
            let first = self
                .chars
                .partition_point(|(at, ..)| *at < edit.range.start);
            let last = self.chars.partition_point(|(at, ..)| *at < edit.range.end);
            let span = &self.chars[first..last];
            let start = self.chars.get(first).map_or(raw.len(), |c| c.1.start);
            out.push_str(&raw[src_at..start]);
            for c in edit.with.chars() {
                self.write(&mut out, c, span, syntax);
            }
            src_at = span.last().map_or(start, |c| c.1.end);
        }
        out.push_str(&raw[src_at..]);
        out
    }

    /// Writes `c` as the characters of `span` (the text it replaces) were written.
    fn write(
        &self,
        out: &mut String,
        c: char,
        span: &[(usize, Range<usize>, How)],
        syntax: Syntax,
    ) {
        let char_at = |(at, ..): &(usize, Range<usize>, How)| self.text[*at..].chars().next();
        let kind = |x: char| {
            if x.is_ascii_alphanumeric() {
                0
            } else if x.is_ascii() {
                1
            } else {
                2
            }
        };
        // A character HTML must escape is written as the text wrote that very character, or
        // by its name: a page that writes `'` as `&#039;` may still write `&` as `&amp;`.
        let must_escape = matches!(syntax, Syntax::Html(q) if c == '&' || c == '<' || Some(c) == q);
        let found = span.iter().find(|e| char_at(e) == Some(c)).or_else(|| {
            if must_escape {
                self.chars.iter().find(|e| char_at(e) == Some(c))
            } else {
                span.iter()
                    .find(|e| char_at(e).is_some_and(|x| kind(x) == kind(c)))
            }
        });
        // Written as the very character it replaces (an entity's name stands for one).
        let same = found.is_some_and(|e| char_at(e) == Some(c));
        let how = match (found.map(|e| e.2), syntax) {
            (Some(how), _) => how,
            (None, Syntax::Json { mojibake: true }) if !c.is_ascii() => How::Mojibake(false),
            (None, _) => How::Raw,
        };
        match syntax {
            Syntax::Html(_) => match how {
                How::Named(name) if same => out.push_str(&format!("&{name};")),
                How::Decimal(width) => out.push_str(&format!("&#{:0width$};", c as u32)),
                How::Hex(width, true) => out.push_str(&format!("&#x{:0width$X};", c as u32)),
                How::Hex(width, false) => out.push_str(&format!("&#x{:0width$x};", c as u32)),
                _ if must_escape => match NAMED.iter().find(|(_, x)| *x == c) {
                    Some((name, _)) => out.push_str(&format!("&{name};")),
                    None => out.push_str(&format!("&#{};", c as u32)),
                },
                _ => out.push(c),
            },
            Syntax::Json { .. } => {
                let unicode = |out: &mut String, unit: u32, upper: bool| {
                    if upper {
                        out.push_str(&format!("\\u{unit:04X}"));
                    } else {
                        out.push_str(&format!("\\u{unit:04x}"));
                    }
                };
                match (how, c) {
                    (_, '"') => out.push_str("\\\""),
                    (_, '\\') => out.push_str("\\\\"),
                    (How::Mojibake(upper), c) if !c.is_ascii() => {
                        let mut buf = [0; 4];
                        for b in c.encode_utf8(&mut buf).bytes() {
                            unicode(out, u32::from(b), upper);
                        }
                    }
                    (How::Unicode(upper) | How::Mojibake(upper), c) => {
                        let mut buf = [0; 2];
                        for unit in c.encode_utf16(&mut buf) {
                            unicode(out, u32::from(*unit), upper);
                        }
                    }
                    (_, c) if (c as u32) < 0x20 => unicode(out, c as u32, false),
                    (How::Short, '/') => out.push_str("\\/"),
                    (_, c) => out.push(c),
                }
            }
        }
    }
}

/// An HTML character reference at the start of `text`: the character, the reference's
/// length, and how it was written. Unknown names and malformed references are text.
fn reference(text: &str) -> Option<(char, usize, How)> {
    let end = text.find(';').filter(|&e| e <= 40)?;
    let body = &text[1..end];
    let (c, how) = if let Some(hex) = body.strip_prefix("#x").or_else(|| body.strip_prefix("#X")) {
        let upper = hex.chars().any(|c| c.is_ascii_uppercase());
        (
            char::from_u32(u32::from_str_radix(hex, 16).ok()?)?,
            How::Hex(hex.len(), upper),
        )
    } else if let Some(dec) = body.strip_prefix('#') {
        (char::from_u32(dec.parse().ok()?)?, How::Decimal(dec.len()))
    } else {
        // Every name HTML defines, as the parser (html5ever) decodes them; the few that
        // stand for two characters are left as written.
        let (key, &(first, second)) = html5ever::data::NAMED_ENTITIES.get_entry(&text[1..=end])?;
        if second != 0 {
            return None;
        }
        (char::from_u32(first)?, How::Named(&key[..key.len() - 1]))
    };
    Some((c, end + 1, how))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(text: &str, from: &str, to: &str) -> Vec<Edit> {
        let start = text.find(from).unwrap();
        vec![Edit {
            range: start..start + from.len(),
            with: to.into(),
        }]
    }

    #[test]
    fn html_references_are_written_as_they_were() {
        let raw = "alex.example&#064;example.com &amp; Tom&#039;s";
        let d = Decoded::html(raw);
        assert_eq!(d.text, "alex.example@example.com & Tom's");
        let edits = edit(
            &d.text,
            "alex.example@example.com",
            "qwer.zxcvbnm@example.com",
        );
        assert_eq!(
            d.rewrite(raw, &edits, Syntax::Html(None)),
            "qwer.zxcvbnm&#064;example.com &amp; Tom&#039;s"
        );
        let edits = edit(&d.text, "Tom's", "A<B&C's");
        assert_eq!(
            d.rewrite(raw, &edits, Syntax::Html(None)),
            "alex.example&#064;example.com &amp; A&lt;B&amp;C&#039;s"
        );
        assert_eq!(Decoded::html("a &bogus; b").text, "a &bogus; b");
    }

    #[test]
    fn json_escapes_and_mojibake_are_written_as_they_were() {
        let raw = r"Alex M\u00c3\u00bcller";
        let d = Decoded::json(raw, true).unwrap();
        assert_eq!(d.text, "Alex Müller");
        let edits = edit(&d.text, "Alex Müller", "Qwer Zäxcvb");
        assert_eq!(
            d.rewrite(raw, &edits, Syntax::Json { mojibake: true }),
            r"Qwer Z\u00c3\u00a4xcvb"
        );
        let raw = r"Family\ud83d\ude42";
        let d = Decoded::json(raw, false).unwrap();
        assert_eq!(d.text, "Family🙂");
        let edits = edit(&d.text, "Family🙂", "Qwerty😀");
        assert_eq!(
            d.rewrite(raw, &edits, Syntax::Json { mojibake: false }),
            r"Qwerty\ud83d\ude00"
        );
        // Escaped digits stay escaped; a quote is escaped whatever.
        let raw = r"\u0031\u0035 x";
        let d = Decoded::json(raw, false).unwrap();
        let edits = edit(&d.text, "15", "7\"");
        assert_eq!(
            d.rewrite(raw, &edits, Syntax::Json { mojibake: false }),
            r#"\u0037\" x"#
        );
        assert!(Decoded::json(r"\x", false).is_none());
    }
}
