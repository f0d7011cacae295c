//! `wareport twin`: a synthetic copy of a report that any parser reads as it reads the
//! original — the same generation, entries in the same order with the same names, folders,
//! compression and litter, the same markup, labels and language, the same JSON keys, nulls,
//! list lengths and kinds of value — with every personal value replaced. (Not to be confused
//! with `parse::twin`, the JSON a page's HTML is compared with inside the parser.)
//!
//! Bytes in, bytes out, in the core: the report is parsed (with every HTML twin, for the
//! values the pages alone carry), the plan ([`plan`]) gives every identifier its one
//! replacement and every time one offset, and each entry is rewritten in place by its kind
//! ([`entries`]): JSON ([`json`]) and HTML ([`html`]) token by token, the picture made anew
//! ([`photo`]), files no generation documents by shape, the litter of unzip tools by shape
//! in its text.
//! Replacements: phone numbers ([`phone`]), addresses ([`ip`]), text ([`shape`]), all drawn
//! from the seed ([`draw`]) and written as the original was ([`written`], [`scan`]). The
//! command line's side (files, the terminal) is `shell`.

mod draw;
mod entries;
mod html;
mod ip;
mod json;
mod litter;
mod phone;
mod photo;
mod plan;
mod scan;
mod shape;
mod written;

#[cfg(feature = "cli")]
pub mod shell;

use anyhow::Context;

use crate::archive::copy;
use crate::archive::{Archive, Limits};
pub use plan::Options;
use plan::Plan;

/// The comment of a twin's ZIP: how a twin (and so a file `twin -o` may write over) is told
/// from a report.
pub const MARK: &str =
    "wareport twin: a synthetic report, the same shape as the original, nothing in it personal";

/// The twin of a report held in memory as a ZIP; `input` names it in messages.
pub fn twin_zip(
    input: &str,
    bytes: Vec<u8>,
    limits: Limits,
    options: &Options,
) -> anyhow::Result<Vec<u8>> {
    let bytes: crate::archive::Bytes = bytes.into();
    let mut parsed = Archive::from_zip_bytes(input, bytes.clone(), limits)?;
    let mut layout = Archive::from_zip_bytes(input, bytes, limits)?;
    twin(&mut parsed, &mut layout, options)
}

/// The twin of a report opened twice: once to parse, once to list its layout whole.
pub fn twin(
    archive: &mut Archive,
    source: &mut Archive,
    options: &Options,
) -> anyhow::Result<Vec<u8>> {
    let input = archive.input().to_string();
    let parsed = crate::parse::parse(
        archive,
        crate::parse::Options {
            cross_check: true,
            ..Default::default()
        },
    )?;
    let layout = source.layout()?;
    let mut plan = Plan::new(&parsed, options);
    let mut stuck = Vec::new();
    for attempt in 0..6 {
        plan.choose_offset(attempt).ok_or_else(|| {
            anyhow::anyhow!(
                "{input}: no shift of the report's times can be written back as its pages write dates; its times cannot be replaced"
            )
        })?;
        let entries = entries::rewrite(&parsed, &plan, &layout)?;
        stuck = plan.stuck.take();
        if stuck.is_empty() {
            let generated = parsed
                .report
                .generated_at
                .and_then(|t| {
                    t.checked_add(jiff::SignedDuration::from_secs(plan.offset))
                        .ok()
                })
                .map(|t| {
                    t.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(-7)))
                        .datetime()
                })
                .unwrap_or_else(|| jiff::civil::date(2022, 1, 1).at(0, 0, 0, 0));
            return copy::write_zip(&entries, MARK, generated).with_context(|| input.clone());
        }
    }
    anyhow::bail!(
        "{input}: the date `{}` cannot be moved and written back as the report writes dates; its times cannot be replaced",
        crate::term::escape(stuck.first().map_or("", String::as_str))
    )
}

/// The command `inspect` suggests when it found anything it did not understand: the twin
/// of `path` (quoted for a POSIX shell when it needs to be), for a bug report.
pub fn suggestion(path: &str) -> String {
    format!(
        "wareport twin -o twin.zip {}",
        crate::term::shell_word(path)
    )
}
