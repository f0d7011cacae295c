//! `wareport inspect` for people: what was read, how, what was not understood, and where
//! the JSON and the HTML disagree.

use super::{Style, size, val};
use crate::inspect::Shown;
use crate::model::Warning;
use crate::view::InspectView;

fn shown(s: &Shown, style: &Style) -> String {
    match s {
        Shown::Nothing => "—".into(),
        Shown::Device => "listed".into(),
        Shown::Value(v) => val(v, style),
        Shown::List(n) => format!("a list of {n}"),
    }
}

/// The view `inspect --json` serialises, for people.
pub fn text(i: &InspectView<'_>, style: &Style) -> String {
    let mut out = String::new();
    out.push_str(&style.heading(&format!("Generation {}", i.generation)));
    out.push('\n');
    out.push_str(&style.wrap(&format!("detected from {}", i.detected_by), "  ", "  "));
    out.push_str("\n\n");

    out.push_str(&style.heading(&format!("Entries ({})", i.entries.len())));
    out.push('\n');
    let mut table = style.table();
    table.set_header(["Entry", "Size", "Use"]);
    for e in &i.entries {
        table.add_row([
            style.cell(e.name.to_string()),
            size(e.size),
            e.detail.clone(),
        ]);
    }
    // Which entry and what was made of it stay; its size goes when the width is short.
    table.leave_out(&["Size"]);
    out.push_str(&table.to_string());
    out.push_str("\n\n");
    warnings(i, style, &mut out);
    placed(i, style, &mut out);
    cross_check(i, style, &mut out);
    out.push('\n');
    out.push_str(&if i.understood {
        style.heading("The report was fully understood.")
    } else {
        style.alert("The report was not fully understood: see above.")
    });
    out.push('\n');
    // Directly under the verdict, without the blank line `Style::push_cut_note` puts before
    // it: the verdict and the note close the output together.
    if let Some(note) = style.cut_note() {
        out.push_str(&note);
        out.push('\n');
    }
    out
}

/// The lines `inspect` ends with when it did not understand everything: what to attach to
/// a bug report, and, on a line of its own so that it can be copied whole, the `command`
/// that makes it.
pub fn twin_suggestion(command: &str, style: &Style) -> String {
    let prose = "To report what was not understood, attach a twin (the report's shape, nothing personal in it) to a bug report:";
    format!(
        "{}\n  {}\n",
        style.wrap(prose, "", ""),
        crate::term::escape(command)
    )
}

/// What was not understood, and the gaps and how they were filled.
fn warnings(i: &InspectView<'_>, style: &Style, out: &mut String) {
    let list = |warnings: &[Warning], out: &mut String| {
        for w in warnings {
            out.push_str(&style.wrap(&style.long_cell(w.to_string()), "  - ", "    "));
            out.push('\n');
        }
    };
    if i.unknown.is_empty() {
        out.push_str(&style.heading("Not understood: nothing"));
    } else {
        out.push_str(&style.alert(&format!("Not understood ({})", i.unknown.len())));
    }
    out.push('\n');
    list(i.unknown, out);
    if !i.notes.is_empty() {
        out.push_str(&style.heading(&format!(
            "\nGaps and how they were filled ({})",
            i.notes.len()
        )));
        out.push('\n');
        list(i.notes, out);
    }
}

/// The values read by structure, by file.
fn placed(i: &InspectView<'_>, style: &Style, out: &mut String) {
    if i.placed.is_empty() {
        return;
    }
    out.push('\n');
    out.push_str(&style.heading(&style.wrap(
        &format!(
            "Read by structure ({}): labels in no table, placed by position, value and the JSON",
            i.placed.len()
        ),
        "",
        "",
    )));
    out.push('\n');
    let mut file = None;
    for p in &i.placed {
        if file != Some(&p.file) {
            out.push_str(&style.wrap(&style.cell(p.file.to_string()), "  ", "  "));
            out.push('\n');
            file = Some(&p.file);
        }
        let line = format!(
            "`{}` → `{}`: {}",
            style.cell(p.label.to_string()),
            p.field,
            p.evidence
        );
        out.push_str(&style.wrap(&line, "    - ", "      "));
        out.push('\n');
    }
}

/// The JSON against the HTML: how many fields both carry, and those that disagree.
fn cross_check(i: &InspectView<'_>, style: &Style, out: &mut String) {
    out.push('\n');
    let verdict = match i.cross_check.compared {
        None => "JSON against HTML: not compared (the report lacks one of the two)".to_string(),
        Some(n) => format!(
            "JSON against HTML: {} carried by both, {} disagree",
            crate::text::count(n, "field", "fields"),
            i.cross_check.disagreements.len()
        ),
    };
    out.push_str(&style.heading(&style.wrap(&verdict, "", "  ")));
    out.push('\n');
    if !i.cross_check.disagreements.is_empty() {
        // No column can go: a disagreement needs all three (blocks when they cannot fit).
        let mut table = style.table();
        table.set_header(["Field", "JSON", "HTML"]);
        for d in i.cross_check.disagreements {
            table.add_row([
                d.field.key(),
                style.cell(shown(&d.json, style)),
                style.cell(shown(&d.html, style)),
            ]);
        }
        out.push_str(&table.to_string());
        out.push('\n');
    }
}
