//! The one escaping boundary for untrusted text on its way to a terminal (whether to colour
//! and how wide the terminal is are the shell's: `terminal`).
//!
//! Everything that came from a report or the file system (contact and group names, labels,
//! values, entry and folder names, error messages that quote them) is attacker-controlled.
//! Before it reaches a terminal, every Unicode control, format, line-separator and
//! paragraph-separator character (general categories Cc, Cf, Zl, Zp) is shown as a
//! `\u{..}` escape, so that no text can move the cursor, recolour the screen, hide itself
//! or reorder the line. The joiners emoji and Persian script need survive: U+200D (ZWJ),
//! U+200C (ZWNJ), and the tag characters of a flag sequence (🏴 followed by tags ending in
//! U+E007F). JSON keeps the exact text.
//!
//! The typed text of [`crate::text`] writes itself through [`write_escaped`] in its `Display`
//! impl, so formatting a report value for people escapes it by construction; error messages
//! go through [`escape`] in `main`.

use std::fmt;

use unicode_general_category::{GeneralCategory, get_general_category};

const ZWNJ: char = '\u{200c}';
const ZWJ: char = '\u{200d}';
const BLACK_FLAG: char = '\u{1f3f4}';
const CANCEL_TAG: char = '\u{e007f}';

fn is_tag(c: char) -> bool {
    ('\u{e0020}'..='\u{e007f}').contains(&c)
}

/// Whether a character, in general, may not be printed raw to a terminal.
fn is_unsafe(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    c != ZWJ
        && c != ZWNJ
        && matches!(
            get_general_category(c),
            GeneralCategory::Control
                | GeneralCategory::Format
                | GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
        )
}

/// Writes `text` with every unsafe character escaped; the result is one line.
pub fn write_escaped(out: &mut impl fmt::Write, text: &str) -> fmt::Result {
    // Whether any character needs escaping (tags of a flag sequence aside).
    if !text.chars().any(is_unsafe) {
        return out.write_str(text);
    }
    // Tag characters are allowed only as a flag sequence: after U+1F3F4, up to and including
    // the cancel tag.
    let mut in_flag = false;
    for c in text.chars() {
        let allowed_tag = in_flag && is_tag(c);
        if allowed_tag {
            if c == CANCEL_TAG {
                in_flag = false;
            }
            out.write_char(c)?;
            continue;
        }
        in_flag = c == BLACK_FLAG;
        if is_unsafe(c) {
            write!(out, "\\u{{{:x}}}", c as u32)?;
        } else {
            out.write_char(c)?;
        }
    }
    Ok(())
}

/// Escapes untrusted text for a terminal; the result is one line.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = write_escaped(&mut out, text);
    out
}

/// A path or word as a POSIX shell takes it back: escaped for the terminal, and single-quoted
/// unless it is made only of characters no shell reads specially (`'My Account Info.zip'`,
/// `fixtures/gen-b-android`).
pub fn shell_word(text: &str) -> String {
    let text = escape(text);
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-/+:@".contains(c))
    {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// A typed value escaped (its `Display` escapes), and quoted when its edges are white space
/// so that `"Football "` keeps its visible trailing space.
pub fn escape_name_display(value: &impl fmt::Display) -> String {
    let escaped = value.to_string();
    if escaped.is_empty() || escaped.trim() != escaped {
        format!("\"{escaped}\"")
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shell_word_is_quoted_only_when_a_shell_would_read_it_otherwise() {
        assert_eq!(
            shell_word("fixtures/gen-b-android"),
            "fixtures/gen-b-android"
        );
        assert_eq!(shell_word("My Account Info.zip"), "'My Account Info.zip'");
        assert_eq!(shell_word("Alex's report.zip"), r"'Alex'\''s report.zip'");
        assert_eq!(shell_word("$(rm -rf ~)"), "'$(rm -rf ~)'");
        assert_eq!(shell_word(""), "''");
        // A control character is escaped for the terminal first, then quoted.
        assert_eq!(shell_word("a\u{1b}[2Jb"), r"'a\u{1b}[2Jb'");
    }

    #[test]
    fn ansi_and_control_characters_are_escaped() {
        assert_eq!(escape("a\u{1b}[31mred"), "a\\u{1b}[31mred");
        assert_eq!(escape("two\nlines\r"), "two\\u{a}lines\\u{d}");
        assert_eq!(escape("nul\u{0}"), "nul\\u{0}");
        assert_eq!(escape("c1\u{9b}"), "c1\\u{9b}");
        assert_eq!(escape("bel\u{7}"), "bel\\u{7}");
    }

    #[test]
    fn bidi_overrides_are_escaped() {
        assert_eq!(escape("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(escape("\u{2067}x\u{2069}"), "\\u{2067}x\\u{2069}");
        assert_eq!(escape("\u{200e}"), "\\u{200e}");
        assert_eq!(escape("\u{61c}"), "\\u{61c}");
    }

    #[test]
    fn every_format_character_is_escaped() {
        for c in [
            '\u{ad}',
            '\u{200b}',
            '\u{2060}',
            '\u{2061}',
            '\u{2062}',
            '\u{2063}',
            '\u{2064}',
            '\u{fff9}',
            '\u{fffa}',
            '\u{fffb}',
            '\u{feff}',
            '\u{2028}',
            '\u{2029}',
            '\u{e0041}',
        ] {
            assert_eq!(
                escape(&c.to_string()),
                format!("\\u{{{:x}}}", c as u32),
                "{c:?}"
            );
        }
    }

    #[test]
    fn emoji_sequences_and_scripts_survive() {
        let family = "👨\u{200d}👩\u{200d}👧";
        assert_eq!(escape(family), family);
        assert_eq!(escape("می\u{200c}خواهم"), "می\u{200c}خواهم");
        assert_eq!(escape("Family🙂"), "Family🙂");
        assert_eq!(escape("\u{2764}\u{fe0f}"), "\u{2764}\u{fe0f}");
        // The flag of Scotland: black flag, tags g b s c t, cancel tag.
        let scotland = "\u{1f3f4}\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}";
        assert_eq!(escape(scotland), scotland);
        // Tags anywhere else are hidden text.
        assert_eq!(escape("a\u{e0067}"), "a\\u{e0067}");
        assert_eq!(
            escape(&format!("{scotland}\u{e0067}")),
            format!("{scotland}\\u{{e0067}}")
        );
    }

    #[test]
    fn names_with_edge_spaces_are_quoted() {
        let name = |text: &str| escape_name_display(&crate::text::GroupName::new(text));
        assert_eq!(name("Football "), "\"Football \"");
        assert_eq!(name("Book club"), "Book club");
        assert_eq!(name(""), "\"\"");
    }
}
