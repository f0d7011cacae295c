//! The manual page: clap's pages for the command and each subcommand, with the reference
//! (reports, output, redaction, export tables, JSON, exit status, …) from `manual.md` after
//! the command's own page. The export's tables are written from the same definitions that
//! create them ([`crate::tables::schema`]), so the page cannot describe another schema.
//!
//! `manual.md` uses a small part of Markdown: `## NAME` starts a section, a blank line a
//! paragraph, `- ` an item (its lines go on indented), `` `code` `` is set in bold, and the
//! line `{{tables}}` stands for the tables.

use clap::CommandFactory;
use roff::{Inline, Roff, bold, roman};

use crate::tables::schema::{SUMMARY_VIEW, Table};

const REFERENCE: &str = include_str!("manual.md");

/// The whole manual page, roff.
pub fn manual() -> String {
    let cmd = crate::cli::Cli::command();
    let mut out = Vec::new();
    // Rendering to a Vec cannot fail.
    let _ = clap_mangen::Man::new(cmd.clone()).render(&mut out);
    out.extend(reference().render().bytes());
    for sub in cmd.get_subcommands() {
        // A command's name is static text; the few subcommand pages leak a few bytes once.
        let name: &'static str = Box::leak(format!("wareport-{}", sub.get_name()).into_boxed_str());
        let _ = clap_mangen::Man::new(sub.clone().name(name)).render(&mut out);
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `manual.md` as roff.
fn reference() -> Roff {
    let mut roff = Roff::new();
    for block in REFERENCE
        .split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
    {
        if let Some(title) = block.strip_prefix("## ") {
            roff.control("SH", [title]);
        } else if block == "{{tables}}" {
            tables(&mut roff);
        } else if block.starts_with("- ") {
            for item in block.split("\n- ") {
                roff.control("IP", ["\\(bu", "2"]);
                roff.text(spans(item.trim_start_matches("- ")));
            }
        } else {
            roff.control("PP", [] as [&str; 0]);
            roff.text(spans(block));
        }
    }
    roff
}

/// A paragraph's text, its lines joined, `` `code` `` in bold.
fn spans(text: &str) -> Vec<Inline> {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    joined
        .split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { bold(part) } else { roman(part) })
        .collect()
}

/// Every export table: its name and meaning, then each column with its type.
fn tables(roff: &mut Roff) {
    for t in Table::ALL {
        let d = t.def();
        roff.control("SS", [d.name]);
        let list = if d.list {
            " Empty with `--counts-only`."
        } else {
            ""
        };
        roff.text(spans(&format!("{}{list}", d.doc)));
        for c in &d.columns {
            roff.control("TP", [] as [&str; 0]);
            roff.text([bold(c.name), roman(format!(" ({})", c.ty.word()))]);
            roff.text(spans(&c.doc));
        }
    }
    roff.control("SS", ["summary"]);
    roff.text([roman("(SQLite only) a view, one row per report:")]);
    roff.control("nf", [] as [&str; 0]);
    for line in SUMMARY_VIEW.lines() {
        roff.text([roman(line), roff::line_break()]);
    }
    roff.control("fi", [] as [&str; 0]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_column_and_finding_is_on_the_page() {
        let page = manual();
        for section in [
            "REDACTION",
            "EXPORT",
            "JSON OUTPUT",
            "EXIT STATUS",
            "LIMITATIONS",
        ] {
            let quoted = format!(".SH \"{section}\"");
            assert!(page.contains(&format!(".SH {section}\n")) || page.contains(&quoted));
        }
        for t in Table::ALL {
            let d = t.def();
            assert!(page.contains(&format!(".SS {}", d.name)), "{}", d.name);
            for c in &d.columns {
                assert!(page.contains(&format!("\\fB{}\\fR", c.name)), "{}", c.name);
            }
        }
        assert!(!page.contains("{{tables}}"));
        // Text is escaped: a line may not start with a control character by accident.
        assert!(!page.lines().any(|l| l.starts_with('\'')));
    }
}
