//! The terminal: whether to colour, and escaping of untrusted text.
//!
//! Contact and group names are chosen by other people. Before they reach a terminal, control
//! characters, escape sequences and bidi overrides are shown as `\u{..}` escapes so that a
//! group name cannot move the cursor, recolour the screen or reorder the line. Emoji
//! sequences survive: U+200D (zero-width joiner) and U+200C pass through.

use std::io::IsTerminal;

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Colour only where asked, or on a terminal when `NO_COLOR` is unset and `TERM` is not
    /// `dumb`.
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
            }
        }
    }
}

/// Whether a character may not be printed raw to a terminal.
fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // Bidi embeddings, overrides, isolates and marks.
        | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{61c}'
        // Line and paragraph separators, and the BOM / zero-width no-break space.
        | '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// Escapes untrusted text for a terminal; the result is one line.
pub fn escape(text: &str) -> String {
    if !text.chars().any(is_unsafe) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Escapes, and quotes text whose edges are white space so that `"Football "` keeps its
/// visible trailing space.
pub fn escape_name(text: &str) -> String {
    let escaped = escape(text);
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
    fn ansi_and_control_characters_are_escaped() {
        assert_eq!(escape("a\u{1b}[31mred"), "a\\u{1b}[31mred");
        assert_eq!(escape("two\nlines\r"), "two\\u{a}lines\\u{d}");
        assert_eq!(escape("nul\u{0}"), "nul\\u{0}");
        assert_eq!(escape("c1\u{9b}"), "c1\\u{9b}");
    }

    #[test]
    fn bidi_overrides_are_escaped() {
        assert_eq!(escape("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(escape("\u{2067}x\u{2069}"), "\\u{2067}x\\u{2069}");
        assert_eq!(escape("\u{200e}"), "\\u{200e}");
    }

    #[test]
    fn emoji_sequences_and_scripts_survive() {
        let family = "👨\u{200d}👩\u{200d}👧";
        assert_eq!(escape(family), family);
        assert_eq!(escape("می\u{200c}خواهم"), "می\u{200c}خواهم");
        assert_eq!(escape("Family🙂"), "Family🙂");
    }

    #[test]
    fn names_with_edge_spaces_are_quoted() {
        assert_eq!(escape_name("Football "), "\"Football \"");
        assert_eq!(escape_name("Book club"), "Book club");
        assert_eq!(escape_name(""), "\"\"");
    }
}
