//! The page's sentences as markup: the tool's own words carry bits of command line, written
//! in `backticks` (the `--help` and terminal convention) or as bare flags (`--redact`). On
//! the page a backticked span is code, with no backticks shown, and a flag is code that
//! never breaks inside (a browser would otherwise wrap `--redact` as `-` / `-redact`).

use maud::{Markup, html};

use crate::text::{Message, Part};

/// Runs of text, each plain or code.
#[derive(Default)]
struct Runs(Vec<(bool, String)>);

impl Runs {
    fn push(&mut self, code: bool, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.0.last_mut() {
            Some((c, t)) if *c == code => t.push_str(text),
            _ => self.0.push((code, text.to_string())),
        }
    }

    fn markup(&self) -> Markup {
        html! {
            @for (code, text) in &self.0 {
                @if *code { code.cmd { (flags(text, true)) } } @else { (flags(text, false)) }
            }
        }
    }
}

/// Our own sentence: backticked spans become code.
pub(super) fn prose(text: &str) -> Markup {
    let mut runs = Runs::default();
    let pieces: Vec<&str> = text.split('`').collect();
    // An unpaired backtick stays a backtick.
    let paired = pieces.len() % 2 == 1;
    for (i, piece) in pieces.iter().enumerate() {
        let last = i + 1 == pieces.len();
        if !paired && last && i > 0 {
            runs.push(false, "`");
            runs.push(false, piece);
        } else {
            runs.push(i % 2 == 1, piece);
        }
    }
    runs.markup()
}

/// A message of our words and quoted report values: the backticks are in our words (a
/// quoted value between them is code too); a value's own backticks stay text.
pub(super) fn message(m: &Message) -> Markup {
    let mut runs = Runs::default();
    let mut code = false;
    for part in &m.0 {
        match part {
            Part::Lit(text) => {
                for (i, piece) in text.split('`').enumerate() {
                    if i > 0 {
                        code = !code;
                    }
                    runs.push(code, piece);
                }
            }
            Part::Num(n) => runs.push(code, &n.to_string()),
            Part::Quote(q) => runs.push(code, &q.to_string()),
        }
    }
    runs.markup()
}

/// Text with each command-line flag (`--redact`, `--keep-country`) unbreakable: code of its
/// own in plain text, a span in code (which may break elsewhere, a long file name).
fn flags(text: &str, in_code: bool) -> Markup {
    let mut parts: Vec<(bool, &str)> = Vec::new();
    let mut start = 0;
    // A flag is `--` at a word's start, a lowercase letter, then letters, digits and dashes.
    for (i, _) in text.match_indices("--") {
        let rest = &text[i + 2..];
        if i < start
            || text[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '-')
            || !rest.starts_with(|c: char| c.is_ascii_lowercase())
        {
            continue;
        }
        let end = i
            + 2
            + rest
                .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
                .unwrap_or(rest.len());
        parts.push((false, &text[start..i]));
        parts.push((true, &text[i..end]));
        start = end;
    }
    parts.push((false, &text[start..]));
    html! {
        @for (flag, t) in parts {
            @if flag && in_code { span.flag { (t) } }
            @else if flag { code.flag { (t) } }
            @else { (slashed(t)) }
        }
    }
}

/// Text that may break after each `/` (a file's path) before it breaks anywhere else.
pub(super) fn slashed(text: &str) -> Markup {
    html! {
        @for (i, piece) in text.split('/').enumerate() {
            @if i > 0 { "/" wbr; }
            (piece)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg;
    use crate::text::EntryName;

    #[test]
    fn backticks_are_code_and_flags_are_unbreakable_code() {
        assert_eq!(
            prose("`wareport inspect` lists them; share it redacted (--redact).").into_string(),
            "<code class=\"cmd\">wareport inspect</code> lists them; share it redacted (<code class=\"flag\">--redact</code>)."
        );
        assert_eq!(
            prose("an e-mail -- a dash, x--y, --keep-country").into_string(),
            "an e-mail -- a dash, x--y, <code class=\"flag\">--keep-country</code>"
        );
        assert_eq!(
            prose("`wareport report --redact`").into_string(),
            "<code class=\"cmd\">wareport report <span class=\"flag\">--redact</span></code>"
        );
        assert_eq!(prose("one ` alone").into_string(), "one ` alone");
        assert_eq!(prose("<b>").into_string(), "&lt;b&gt;");
    }

    #[test]
    fn a_quoted_value_keeps_its_own_backticks_as_text() {
        let m = msg![
            "the `",
            EntryName::new("whatsapp_*"),
            "` folders, and ",
            EntryName::new("a`b<c>"),
        ];
        assert_eq!(
            message(&m).into_string(),
            "the <code class=\"cmd\">whatsapp_*</code> folders, and a`b&lt;c&gt;"
        );
    }

    #[test]
    fn a_file_name_breaks_after_its_slashes() {
        assert_eq!(
            prose("read from `a/b.json` or c/d").into_string(),
            "read from <code class=\"cmd\">a/<wbr>b.json</code> or c/<wbr>d"
        );
    }
}
